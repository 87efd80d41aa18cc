/**
 * The input schemas of the client flows: each call is parsed with one of these
 * before it reaches the adapter. Only the form is checked here; the platform owns the rules.
 */
import * as z from 'zod/mini';

import {
  channelUserIdSchema,
  currentPasswordSchema,
  familyRelationSchema,
  idNumberSchema,
  memberIdSchema,
  nameSchema,
  passwordSchema,
  platformIdSchema,
  qrPurposeSchema,
  realPersonProofSchema,
  signNoSchema,
  userVerificationSchema,
} from '../domain/schemas.js';

export const apply = z.strictObject({
  channelUserId: channelUserIdSchema,
  name: nameSchema,
  idNumber: idNumberSchema,
  realPerson: realPersonProofSchema,
  // Set at the first application, verified at later ones (R8): the platform knows which,
  // so the client checks only the form here and the platform applies the password rules.
  password: currentPasswordSchema,
});
export const bySignNo = z.strictObject({ signNo: signNoSchema });
// The bill id's form is the platform's to check (BILL_NOT_FOUND); here only its shape, so the
// core does not bundle the payment schemas.
export const payBill = z.strictObject({
  signNo: signNoSchema,
  billId: z.string().check(z.minLength(1), z.maxLength(64)),
  verification: userVerificationSchema,
});
export const withVerification = z.strictObject({
  signNo: signNoSchema,
  verification: userVerificationSchema,
});
export const changePassword = z.strictObject({
  signNo: signNoSchema,
  oldPassword: currentPasswordSchema,
  newPassword: passwordSchema,
});
export const resetPassword = z.strictObject({
  signNo: signNoSchema,
  realPerson: realPersonProofSchema,
  newPassword: passwordSchema,
});
export const issueQr = z.strictObject({
  signNo: signNoSchema,
  purpose: z._default(qrPurposeSchema, 'identity'),
  verification: z.optional(userVerificationSchema),
  // A member's code (R32): whether the holder may show it is the platform's to say.
  memberId: z.optional(memberIdSchema),
});
export const scanLogin = z.strictObject({
  signNo: signNoSchema,
  qrText: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: 'The scanned text is empty.' }),
      z.maxLength(2048, { error: 'The scanned text is too long to be a login code.' }),
    ),
});
export const requestIdSchema = z
  .string()
  .check(
    z.minLength(1, { error: 'The request id is empty.' }),
    z.maxLength(128, { error: 'The request id is too long.' }),
  );
export const confirmLogin = z.strictObject({
  signNo: signNoSchema,
  requestId: requestIdSchema,
  verification: userVerificationSchema,
});
export const rejectLogin = z.strictObject({ signNo: signNoSchema, requestId: requestIdSchema });
// The topic, service and form are checked by the platform, which owns the catalogue: the
// core does not ship the record and form schemas (its size budget), and a new topic or
// service needs no client release. Only their shape is checked here.
// One check for the ids and names the platform owns (topic, service, application); a member
// id has its own, the wire's limit (memberIdSchema).
export const platformName = platformIdSchema(128);
export const query = z.strictObject({
  signNo: signNoSchema,
  topic: platformName,
  verification: userVerificationSchema,
  memberId: z.optional(memberIdSchema),
});
export const submitApplication = z.strictObject({
  signNo: signNoSchema,
  service: platformName,
  // Any object: its fields are the service's, checked by the platform. Only the shape is
  // checked (an object schema would strip the fields); the form goes on as given.
  form: z.object({}),
  verification: userVerificationSchema,
});
export const byApplication = z.strictObject({ signNo: signNoSchema, applicationId: platformName });
export const withdrawApplication = z.strictObject({
  signNo: signNoSchema,
  applicationId: platformName,
  verification: userVerificationSchema,
});

// Family service and certification (R31–R33). The relation, name and ID number are checked
// here like the holder's own; what the holder may do for a member is the platform's rule.
export const addFamilyMember = z.strictObject({
  signNo: signNoSchema,
  relation: familyRelationSchema,
  name: nameSchema,
  idNumber: idNumberSchema,
  verification: userVerificationSchema,
  memberProof: z.optional(realPersonProofSchema),
});
export const removeFamilyMember = z.strictObject({
  signNo: signNoSchema,
  memberId: memberIdSchema,
  verification: userVerificationSchema,
});
export const getCertification = z.strictObject({
  signNo: signNoSchema,
  memberId: z.optional(memberIdSchema),
});
export const certify = z.strictObject({
  signNo: signNoSchema,
  realPerson: realPersonProofSchema,
  memberId: z.optional(memberIdSchema),
});
