/**
 * The JSON shapes of the wire protocol, defined once with zod. The http adapter parses the
 * platform's answers with them, the sandbox parses the channels' requests with them, and
 * `docs/openapi.json` is generated from them: the three cannot drift.
 *
 * Requests are strict (an unknown field is a caller's bug, refused with `VALIDATION_FAILED`);
 * responses strip what they do not name, so nothing internal can leak into an answer.
 *
 * @internal
 */

import * as z from 'zod';
import { E_CARD_STATUSES, NOTIFICATION_TYPES } from '../domain/enums.js';
import { ERROR_CODES, type ErrorCode } from '../domain/errors.js';
import { cardNoSchema, idNumberSchema, qrPurposeSchema } from '../domain/schemas.js';
import { SERVICE_IDS } from '../domain/services.js';
import { benefitPaymentSchema, certificationSchema } from './family-schemas.js';
import { billSchema, paymentSchema } from './payment-schemas.js';

// The groups of schemas that live in their own files, under the names they always had here.
export * from './admin-schemas.js';
export * from './key-schemas.js';
export * from './login-schemas.js';

/** The e-card statuses (R3). */
const eCardStatusSchema = z.enum(E_CARD_STATUSES);
const isoDateTime = z.iso.datetime();

/**
 * An e-card as one channel sees it (masked).
 */
export const eCardSchema = z.object({
  signNo: z.string(),
  channelId: z.string(),
  name: z.string().meta({ description: 'Masked name, e.g. 张*.' }),
  idNumber: z.string().meta({ description: 'Masked ID number.' }),
  cardNo: z.string().meta({ description: 'Masked physical card number.' }),
  regionCode: z.string(),
  status: eCardStatusSchema,
  level: z.union([z.literal(1), z.literal(2)]),
  boundAt: isoDateTime,
  lossReportedBy: z.enum(['holder', 'back-office']).optional().meta({
    description:
      'For a lost card: who reported it (R43). holder: withdrawable in the app with a face check; back-office: at a service centre.',
  }),
});

/**
 * A dynamic QR code (R15).
 */
export const dynamicQrSchema = z.object({
  text: z.string(),
  purpose: qrPurposeSchema,
  issuedAt: isoDateTime,
  expiresAt: isoDateTime,
});

/**
 * A request without fields (`{}`), and an answer without content.
 */
export const emptyRequestSchema = z.strictObject({});
/**
 * An answer without content (`{}`).
 */
export const emptyResponseSchema = z.object({});

/**
 * The body of every wire error: the stable code, a message for developers, the platform's
 * request id and the code's typed details. Never a stack or an internal detail.
 */
export const wireErrorSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    requestId: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/**
 * The body of a wire error.
 */
export type WireErrorBody = z.infer<typeof wireErrorSchema>;

// ─── request bodies ───────────────────────────────────────────────────────────

/**
 * The longest a notification poll may wait for news, ms.
 */
export const MAX_POLL_WAIT_MS = 25_000;

/**
 * The body of `POST /v1/notifications/poll`.
 */
export const pollNotificationsRequestSchema = z.strictObject({
  after: z.number().int().min(0).optional().meta({
    description: 'The cursor of the last answer; left out, every notification still kept is sent.',
  }),
  waitMs: z.number().int().min(0).max(MAX_POLL_WAIT_MS).optional().meta({
    description:
      'Wait up to this long for a notification before answering an empty list (long poll).',
  }),
});

/**
 * A notification to a channel (R13, R19), as the platform signs it into a poll answer.
 */
export const platformNotificationSchema = z.object({
  id: z.string().meta({ description: 'Stable across redeliveries: deduplicate by it.' }),
  type: z.enum(NOTIFICATION_TYPES),
  channelId: z.string(),
  signNo: z.string(),
  occurredAt: isoDateTime,
  status: eCardStatusSchema.optional(),
  payment: paymentSchema.optional(),
  bill: billSchema.optional(),
  memberId: z.string().optional().meta({
    description:
      'For member.status_changed, and certification.completed, benefit.paid and benefit.suspended of a member: the family member (R32, R33, R44).',
  }),
  receipt: z.string().optional().meta({
    description:
      "For hosted.completed: the hosted page's platform-signed receipt (R36), as the browser brings it back.",
  }),
  busiSeq: z
    .string()
    .optional()
    .meta({ description: "For hosted.completed: the launch's business serial number." }),
  certification: certificationSchema
    .optional()
    .meta({ description: 'For certification.completed: the certification after it (R33).' }),
  benefitPayment: benefitPaymentSchema.optional().meta({
    description:
      "For benefit.paid and benefit.suspended: the month's benefit payment as it stands (R44); with memberId when it is a family member's.",
  }),
  application: z
    .object({
      applicationId: z.string(),
      service: z.enum(SERVICE_IDS),
      status: z.enum(['submitted', 'accepted', 'approved', 'rejected', 'withdrawn']),
    })
    .optional()
    .meta({ description: 'For application.updated: the application and its status now (R29).' }),
});

/**
 * The answer of `POST /v1/notifications/poll`.
 */
export const pollNotificationsResponseSchema = z.object({
  notifications: z.array(platformNotificationSchema),
  cursor: z.number().int().min(0).meta({ description: 'Send it as `after` in the next poll.' }),
});

/**
 * The body of `POST /v1/acceptor/card-status`: the card reference of a code the acceptor
 * verified (base64url of the code's 12 bytes), as `createQrVerifier({ statusCheck })` passes it.
 */
export const cardStatusRequestSchema = z.strictObject({
  cardRef: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16}$/, { error: 'The card reference must be 16 base64url characters.' })
    .meta({ description: 'base64url of the 12-byte card reference in a verified QR code.' }),
});

/**
 * The answer of `POST /v1/acceptor/card-status`.
 */
export const cardStatusResponseSchema = z.object({ status: eCardStatusSchema });

// ─── path parameters ──────────────────────────────────────────────────────────

/**
 * No path parameters.
 */
export const noParamsSchema = z.strictObject({});

/**
 * `{sessionId}` of a portal's login session.
 */
export const sessionIdParamsSchema = z.strictObject({ sessionId: z.string().min(1).max(128) });
/**
 * `{cardNo}` (sandbox admin).
 */
export const cardNoParamsSchema = z.strictObject({ cardNo: cardNoSchema });
/**
 * `{idNumber}` (sandbox admin).
 */
export const idNumberParamsSchema = z.strictObject({ idNumber: idNumberSchema });
