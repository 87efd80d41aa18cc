/**
 * The input schemas of the platform operations, named by their shape: the operation table
 * (`src/platform/operations.ts`) gives each row one of these. The client parses a call with it
 * before it reaches the adapter, and the platform parses it again, with the secrets sealed, in
 * the engine's pipeline. Only the form is checked here; the platform owns the rules.
 *
 * Every schema is strict: a field an operation does not take (a `memberId` where no member can
 * be acted for, R32) is VALIDATION_FAILED, never dropped.
 */
import * as z from 'zod/mini';
import { billIdSchema } from './reference-ids.js';
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
} from './schemas.js';

export const applyInput = z.strictObject({
  channelUserId: channelUserIdSchema,
  name: nameSchema,
  idNumber: idNumberSchema,
  realPerson: realPersonProofSchema,
  // Set at the first application, verified at later ones (R8): the platform knows which,
  // so the client checks only the form here and the platform applies the password rules.
  password: currentPasswordSchema,
});
export const signNoInput = z.strictObject({ signNo: signNoSchema });
export const billPaymentInput = z.strictObject({
  signNo: signNoSchema,
  billId: billIdSchema,
  verification: userVerificationSchema,
});
export const verifiedInput = z.strictObject({
  signNo: signNoSchema,
  verification: userVerificationSchema,
});
export const passwordChangeInput = z.strictObject({
  signNo: signNoSchema,
  oldPassword: currentPasswordSchema,
  newPassword: passwordSchema,
});
export const passwordResetInput = z.strictObject({
  signNo: signNoSchema,
  realPerson: realPersonProofSchema,
  newPassword: passwordSchema,
});
export const qrInput = z.strictObject({
  signNo: signNoSchema,
  purpose: z._default(qrPurposeSchema, 'identity'),
  verification: z.optional(userVerificationSchema),
  // A member's code (R32): whether the holder may show it is the platform's to say.
  memberId: z.optional(memberIdSchema),
});
export const loginScanInput = z.strictObject({
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
export const loginConfirmationInput = z.strictObject({
  signNo: signNoSchema,
  requestId: requestIdSchema,
  verification: userVerificationSchema,
});
export const loginRejectionInput = z.strictObject({
  signNo: signNoSchema,
  requestId: requestIdSchema,
});
// The topic, service and form are checked by the platform, which owns the catalogue: the
// core does not ship the record and form schemas (its size budget), and a new topic or
// service needs no client release. Only their shape is checked here.
// One check for the ids and names the platform owns (topic, service, application); a member
// id has its own, the wire's limit (memberIdSchema).
export const platformName = platformIdSchema(128);
export const recordsQueryInput = z.strictObject({
  signNo: signNoSchema,
  topic: platformName,
  verification: userVerificationSchema,
  memberId: z.optional(memberIdSchema),
});
export const applicationInput = z.strictObject({
  signNo: signNoSchema,
  service: platformName,
  // Any object: its fields are the service's, checked by the platform. Only the shape is
  // checked here; every field goes on as given (a loose object keeps them all).
  form: z.looseObject({}),
  verification: userVerificationSchema,
});
export const applicationRefInput = z.strictObject({
  signNo: signNoSchema,
  applicationId: platformName,
});
export const applicationWithdrawalInput = z.strictObject({
  signNo: signNoSchema,
  applicationId: platformName,
  verification: userVerificationSchema,
});

// Family service and certification (R31–R33). The relation, name and ID number are checked
// here like the holder's own; what the holder may do for a member is the platform's rule.
export const memberAdditionInput = z.strictObject({
  signNo: signNoSchema,
  relation: familyRelationSchema,
  name: nameSchema,
  idNumber: idNumberSchema,
  verification: userVerificationSchema,
  memberProof: z.optional(realPersonProofSchema),
});
export const memberRemovalInput = z.strictObject({
  signNo: signNoSchema,
  memberId: memberIdSchema,
  verification: userVerificationSchema,
});
export const certificationStatusInput = z.strictObject({
  signNo: signNoSchema,
  memberId: z.optional(memberIdSchema),
});
export const certificationInput = z.strictObject({
  signNo: signNoSchema,
  realPerson: realPersonProofSchema,
  memberId: z.optional(memberIdSchema),
});
