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
  /** The channel's own id for its user. */
  channelUserId: channelUserIdSchema,
  /** Full name as on the ID card. */
  name: nameSchema,
  /** 18-character resident ID number. */
  idNumber: idNumberSchema,
  /** A real-person proof from a passed face check. */
  realPerson: realPersonProofSchema,
  /**
   * The e-card password: set at the first application, verified at later ones (R8). The
   * platform knows which, so only its form is checked here; the platform applies the rules.
   */
  password: currentPasswordSchema,
});
export const signNoInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
});
export const billPaymentInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The bill to pay. */
  billId: billIdSchema,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
});
export const verifiedInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
});
export const passwordChangeInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The current password. */
  oldPassword: currentPasswordSchema,
  /** The new password: 6 digits (R9). */
  newPassword: passwordSchema,
});
export const passwordResetInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** A real-person proof from a passed face check. */
  realPerson: realPersonProofSchema,
  /** The new password: 6 digits (R9). */
  newPassword: passwordSchema,
});
export const qrInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** `identity` (default) or `payment` (R15). */
  purpose: z._default(qrPurposeSchema, 'identity'),
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: z.optional(userVerificationSchema),
  /** A member's code (R32): whether the holder may show it is the platform's to say. */
  memberId: z.optional(memberIdSchema),
});
export const loginScanInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The portal's login code as scanned. */
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
/**
 * The holder confirms a request they scanned, with verification: a portal's login request
 * (`confirmLogin`) or a merchant's order (`payOrder`, R45). One shape for both.
 */
export const scannedRequestConfirmation = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The request answered (from `scanLogin` or `scanOrder`). */
  requestId: requestIdSchema,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
});
/** The holder refuses a request they scanned: `rejectLogin`, or `declineOrder` (R45). */
export const scannedRequestRefusal = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The request answered (from `scanLogin` or `scanOrder`). */
  requestId: requestIdSchema,
});
// The topic, service and form are checked by the platform, which owns the catalogue: the
// core does not ship the record and form schemas (its size budget), and a new topic or
// service needs no client release. Only their shape is checked here.
// One check for the ids and names the platform owns (topic, service, application); a member
// id has its own, the wire's limit (memberIdSchema).
export const platformName = platformIdSchema(128);
export const recordsQueryInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** What to look up (R28). */
  topic: platformName,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
  /** A family member of the holder (R32); absent: the holder. */
  memberId: z.optional(memberIdSchema),
});
export const applicationInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The service applied for (R29). */
  service: platformName,
  /**
   * The service's form: any object, its fields checked by the platform. Only the shape is
   * checked here; every field goes on as given (a loose object keeps them all).
   */
  form: z.looseObject({}),
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
});
export const applicationRefInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The application. */
  applicationId: platformName,
});
export const applicationWithdrawalInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The application. */
  applicationId: platformName,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
});

// Family service and certification (R31–R33). The relation, name and ID number are checked
// here like the holder's own; what the holder may do for a member is the platform's rule.
export const memberAdditionInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The member is the holder's parent, child, spouse or other (R31). */
  relation: familyRelationSchema,
  /** Full name as on the ID card. */
  name: nameSchema,
  /** 18-character resident ID number. */
  idNumber: idNumberSchema,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
  /** The member's own real-person proof, from age 16 (R31). */
  memberProof: z.optional(realPersonProofSchema),
});
export const memberRemovalInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** A family member of the holder (R32); absent: the holder. */
  memberId: memberIdSchema,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
});
export const certificationStatusInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** A family member of the holder (R32); absent: the holder. */
  memberId: z.optional(memberIdSchema),
});
export const certificationInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** A real-person proof from a passed face check. */
  realPerson: realPersonProofSchema,
  /** A family member of the holder (R32); absent: the holder. */
  memberId: z.optional(memberIdSchema),
});
// Reporting a loss (挂失 / 解挂, R43) and the benefit history (待遇发放记录, R44).
export const lossReportInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
});
export const lossWithdrawalInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /**
   * A real-person proof from a passed face check: the only verification a withdrawal takes,
   * since the phone may be what was lost with the card (R43).
   */
  realPerson: realPersonProofSchema,
});
export const benefitHistoryInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** A family member of the holder (R32); absent: the holder. */
  memberId: z.optional(memberIdSchema),
});
