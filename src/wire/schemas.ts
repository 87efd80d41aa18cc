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
import {
  E_CARD_STATUSES,
  LOGIN_STATES,
  NOTIFICATION_TYPES,
  PHYSICAL_CARD_STATUSES,
} from '../domain/enums.js';
import { ERROR_CODES, type ErrorCode } from '../domain/errors.js';
import {
  cardNoSchema,
  channelIdSchema,
  channelUserIdSchema,
  idNumberSchema,
  nameSchema,
  qrPurposeSchema,
  regionCodeSchema,
  signNoSchema,
} from '../domain/schemas.js';
import { SERVICE_IDS } from '../domain/services.js';
import { PLATFORM_OPERATIONS } from '../platform/operations.js';
import { addPersonAccountFields, billSchema, paymentSchema } from './payment-schemas.js';

/**
 * A copy of a domain schema with a description for the OpenAPI document. The domain schemas
 * are `zod/mini` schemas (the core's size budget), which have no `.meta()` method; this does
 * what classic `.meta()` does — clone, then register the clone — so the original stays bare.
 */
function described<T extends z.core.$ZodType>(schema: T, description: string): T {
  const copy = z.clone(schema);
  z.globalRegistry.add(copy, { description });
  return copy;
}

/**
 * A secret (password, real-person proof) sealed to the platform's encryption key: a compact
 * JWE (five base64url parts). A plain 6-digit password does not have this form, so a client
 * that forgets to seal is refused before anything else happens (R18).
 *
 * @example
 * ```ts
 * sealedSecretSchema.parse(await sealSecret(platformEncKey, '258046'));
 * ```
 */
export const sealedSecretSchema = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, {
    error: 'Must be a secret sealed to the platform key (compact JWE), never the plain value.',
  })
  .meta({
    description:
      "A secret sealed to the platform's encryption key (GET /v1/platform/encryption-key): compact JWE, ECDH-ES+A256KW / A256GCM.",
  });

/**
 * User verification with its secret sealed (R18): `{ password }` or `{ realPerson }`.
 *
 * @example
 * ```ts
 * sealedVerificationSchema.parse({ password: sealedPassword });
 * ```
 */
export const sealedVerificationSchema = z
  .union([
    z.strictObject({ password: sealedSecretSchema }),
    z.strictObject({ realPerson: sealedSecretSchema }),
  ])
  .meta({
    description:
      'User verification (R18): the sealed e-card password or the sealed real-person proof.',
  });

/** The e-card statuses (R3). */
const eCardStatusSchema = z.enum(E_CARD_STATUSES);
/** The physical card statuses (R2). */
const physicalCardStatusSchema = z.enum(PHYSICAL_CARD_STATUSES);
const isoDateTime = z.iso.datetime();

/**
 * An e-card as one channel sees it (masked).
 *
 * @example
 * ```ts
 * const card = eCardSchema.parse(await response.json());
 * ```
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
});

/**
 * A dynamic QR code (R15).
 *
 * @example
 * ```ts
 * const qr = dynamicQrSchema.parse(await response.json());
 * ```
 */
export const dynamicQrSchema = z.object({
  text: z.string(),
  purpose: qrPurposeSchema,
  issuedAt: isoDateTime,
  expiresAt: isoDateTime,
});

/**
 * A claim a portal may receive from a confirmed login (R30).
 *
 * @example
 * ```ts
 * loginScopeSchema.parse('regionCode');
 * ```
 */
export const loginScopeSchema = z.enum(['name', 'idNumber', 'regionCode', 'level']);

/**
 * What a user sees after scanning a portal's login code (R17).
 *
 * @example
 * ```ts
 * const request = loginRequestSchema.parse(await response.json());
 * ```
 */
export const loginRequestSchema = z.object({
  requestId: z.string(),
  portal: z.object({ id: z.string(), name: z.string() }),
  scopes: z.array(loginScopeSchema).meta({
    description: 'R30: the claims the portal asks to receive; show them before confirming.',
  }),
  expiresAt: isoDateTime,
});

/**
 * A login session as the portal creates it (R17).
 *
 * @example
 * ```ts
 * const session = loginSessionSchema.parse(await response.json());
 * ```
 */
export const loginSessionSchema = z.object({
  sessionId: z.string(),
  qrText: z.string(),
  expiresAt: isoDateTime,
});

/**
 * A login session's state, with the platform-signed assertion once confirmed (R17).
 *
 * @example
 * ```ts
 * const { state, assertion } = loginSessionStateSchema.parse(await response.json());
 * ```
 */
export const loginSessionStateSchema = z.object({
  state: z.enum(LOGIN_STATES),
  assertion: z
    .string()
    .optional()
    .meta({ description: 'EdDSA (or SM2, sm suite) JWT, audience = the portal id.' }),
});

/**
 * A public JWK (Ed25519 or P-256; SM2 `{ kty: 'EC', crv: 'SM2', x, y }` under the national
 * suite, R34). Parsing strips every member it does not name — `d`
 * included — so a private key can never be published through it.
 *
 * @example
 * ```ts
 * const jwk = publicJwkSchema.parse(channelKeyPair.publicJwk);
 * ```
 */
export const publicJwkSchema = z.object({
  kty: z.enum(['OKP', 'EC']),
  crv: z.enum(['Ed25519', 'P-256', 'SM2']),
  x: z.string(),
  y: z.string().optional(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
});

/**
 * A JWK Set of public keys.
 *
 * @example
 * ```ts
 * const jwks = jwksSchema.parse(await response.json());
 * ```
 */
export const jwksSchema = z.object({ keys: z.array(publicJwkSchema) });

/**
 * The platform's encryption key, which channels seal secrets to.
 *
 * @example
 * ```ts
 * const { key } = encryptionKeySchema.parse(await response.json());
 * ```
 */
export const encryptionKeySchema = z.object({ key: publicJwkSchema });

/**
 * A request without fields (`{}`), and an answer without content.
 *
 * @example
 * ```ts
 * const body = emptyRequestSchema.parse(await request.json());
 * ```
 */
export const emptyRequestSchema = z.strictObject({});
/**
 * An answer without content (`{}`).
 *
 * @example
 * ```ts
 * const answer = emptyResponseSchema.parse(await response.json());
 * ```
 */
export const emptyResponseSchema = z.object({});

/**
 * The body of every wire error: the stable code, a message for developers, the platform's
 * request id and the code's typed details. Never a stack or an internal detail.
 *
 * @example
 * ```ts
 * const { error } = wireErrorSchema.parse(await response.json());
 * ```
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
 *
 * @example
 * ```ts
 * const body: WireErrorBody = { error: { code: 'NOT_BOUND', message: '…', requestId } };
 * ```
 */
export type WireErrorBody = z.infer<typeof wireErrorSchema>;

// ─── request bodies ───────────────────────────────────────────────────────────

/**
 * The body of `POST /v1/cards/apply`.
 *
 * @example
 * ```ts
 * applyRequestSchema.parse({ channelUserId, name, idNumber, realPerson: sealedProof, password: sealedPassword });
 * ```
 */
export const applyRequestSchema = z.strictObject({
  channelUserId: described(
    channelUserIdSchema,
    "The channel's own id for its user (1–128 printable characters).",
  ),
  name: described(
    nameSchema,
    'R1: the name as on the ID card, 2–30 characters, the middle dot · allowed.',
  ),
  idNumber: described(
    idNumberSchema,
    'R1: the 18-character resident ID number (GB 11643), X upper case.',
  ),
  realPerson: sealedSecretSchema,
  password: sealedSecretSchema,
});

/**
 * `{ verification }`: unbind and enable payment.
 *
 * @example
 * ```ts
 * const body = verificationRequestSchema.parse(await request.json());
 * ```
 */
export const verificationRequestSchema = z.strictObject({ verification: sealedVerificationSchema });

/**
 * The body of `POST /v1/cards/{signNo}/password/change`.
 *
 * @example
 * ```ts
 * const body = changePasswordRequestSchema.parse(await request.json());
 * ```
 */
export const changePasswordRequestSchema = z.strictObject({
  oldPassword: sealedSecretSchema,
  newPassword: sealedSecretSchema,
});

/**
 * The body of `POST /v1/cards/{signNo}/password/reset`.
 *
 * @example
 * ```ts
 * const body = resetPasswordRequestSchema.parse(await request.json());
 * ```
 */
export const resetPasswordRequestSchema = z.strictObject({
  realPerson: sealedSecretSchema,
  newPassword: sealedSecretSchema,
});

/**
 * The body of `POST /v1/cards/{signNo}/qr`.
 *
 * @example
 * ```ts
 * const body = issueQrRequestSchema.parse(await request.json());
 * ```
 */
export const issueQrRequestSchema = z.strictObject({
  purpose: qrPurposeSchema,
  verification: sealedVerificationSchema.optional(),
});

const qrTextSchema = z.string().min(1).max(2048);

/**
 * The body of `POST /v1/login/scan`.
 *
 * @example
 * ```ts
 * const body = scanLoginRequestSchema.parse(await request.json());
 * ```
 */
export const scanLoginRequestSchema = z.strictObject({
  signNo: signNoSchema,
  qrText: qrTextSchema,
});

/**
 * The body of `POST /v1/login/{requestId}/confirm`.
 *
 * @example
 * ```ts
 * const body = confirmLoginRequestSchema.parse(await request.json());
 * ```
 */
export const confirmLoginRequestSchema = z.strictObject({
  signNo: signNoSchema,
  verification: sealedVerificationSchema,
});

/**
 * The body of `POST /v1/login/{requestId}/reject`.
 *
 * @example
 * ```ts
 * const body = rejectLoginRequestSchema.parse(await request.json());
 * ```
 */
export const rejectLoginRequestSchema = z.strictObject({ signNo: signNoSchema });

/**
 * The longest a notification poll may wait for news, ms.
 *
 * @example
 * ```ts
 * const waitMs = Math.min(requested, MAX_POLL_WAIT_MS);
 * ```
 */
export const MAX_POLL_WAIT_MS = 25_000;

/**
 * The body of `POST /v1/notifications/poll`.
 *
 * @example
 * ```ts
 * const body = pollNotificationsRequestSchema.parse(await request.json());
 * ```
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
 *
 * @example
 * ```ts
 * const notification = platformNotificationSchema.parse(item);
 * ```
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
 *
 * @example
 * ```ts
 * const answer = pollNotificationsResponseSchema.parse(await response.json());
 * ```
 */
export const pollNotificationsResponseSchema = z.object({
  notifications: z.array(platformNotificationSchema),
  cursor: z.number().int().min(0).meta({ description: 'Send it as `after` in the next poll.' }),
});

/**
 * The body of `POST /v1/acceptor/card-status`: the card reference of a code the acceptor
 * verified (base64url of the code's 12 bytes), as `createQrVerifier({ statusCheck })` passes it.
 *
 * @example
 * ```ts
 * const body = cardStatusRequestSchema.parse(await request.json());
 * ```
 */
export const cardStatusRequestSchema = z.strictObject({
  cardRef: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16}$/, { error: 'The card reference must be 16 base64url characters.' })
    .meta({ description: 'base64url of the 12-byte card reference in a verified QR code.' }),
});

/**
 * The answer of `POST /v1/acceptor/card-status`.
 *
 * @example
 * ```ts
 * const answer = cardStatusResponseSchema.parse(await response.json());
 * ```
 */
export const cardStatusResponseSchema = z.object({ status: eCardStatusSchema });

// ─── path parameters ──────────────────────────────────────────────────────────

/**
 * No path parameters.
 *
 * @example
 * ```ts
 * const params = noParamsSchema.parse(match.params);
 * ```
 */
export const noParamsSchema = z.strictObject({});
/**
 * `{signNo}`.
 *
 * @example
 * ```ts
 * const params = signNoParamsSchema.parse(match.params);
 * ```
 */
export const signNoParamsSchema = z.strictObject({ signNo: signNoSchema });
/**
 * `{requestId}` of a scanned login.
 *
 * @example
 * ```ts
 * const params = requestIdParamsSchema.parse(match.params);
 * ```
 */
export const requestIdParamsSchema = z.strictObject({ requestId: z.string().min(1).max(128) });
/**
 * `{sessionId}` of a portal's login session.
 *
 * @example
 * ```ts
 * const params = sessionIdParamsSchema.parse(match.params);
 * ```
 */
export const sessionIdParamsSchema = z.strictObject({ sessionId: z.string().min(1).max(128) });
/**
 * `{cardNo}` (sandbox admin).
 *
 * @example
 * ```ts
 * const params = cardNoParamsSchema.parse(match.params);
 * ```
 */
export const cardNoParamsSchema = z.strictObject({ cardNo: cardNoSchema });
/**
 * `{idNumber}` (sandbox admin).
 *
 * @example
 * ```ts
 * const params = idNumberParamsSchema.parse(match.params);
 * ```
 */
export const idNumberParamsSchema = z.strictObject({ idNumber: idNumberSchema });

// ─── sandbox admin ────────────────────────────────────────────────────────────

const adapterOperationSchema = z.enum(PLATFORM_OPERATIONS);
const errorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

/**
 * Admin: enable a region (R4).
 *
 * @example
 * ```ts
 * const body = enableRegionRequestSchema.parse(await request.json());
 * ```
 */
export const enableRegionRequestSchema = z.strictObject({
  regionCode: regionCodeSchema,
  name: z.string().min(1).max(64).optional(),
});

/**
 * Admin: add a person holding a physical card.
 *
 * @example
 * ```ts
 * const body = addPersonRequestSchema.parse(await request.json());
 * ```
 */
export const addPersonRequestSchema = z.strictObject({
  name: nameSchema,
  idNumber: idNumberSchema,
  regionCode: regionCodeSchema,
  cardStatus: physicalCardStatusSchema.optional(),
  bankAccountActive: z.boolean().optional(),
  ...addPersonAccountFields,
});

/**
 * Admin: the card number of a new person.
 *
 * @example
 * ```ts
 * const answer = addPersonResponseSchema.parse(await response.json());
 * ```
 */
export const addPersonResponseSchema = z.object({ cardNo: z.string() });

/**
 * Admin: set a physical card's status (R13).
 *
 * @example
 * ```ts
 * const body = cardStatusChangeRequestSchema.parse(await request.json());
 * ```
 */
export const cardStatusChangeRequestSchema = z.strictObject({ status: physicalCardStatusSchema });

/**
 * Admin: activate or deactivate the card's bank account (R7).
 *
 * @example
 * ```ts
 * const body = bankAccountRequestSchema.parse(await request.json());
 * ```
 */
export const bankAccountRequestSchema = z.strictObject({ active: z.boolean() });

/**
 * Admin: the outcome of a card replacement (R14).
 *
 * @example
 * ```ts
 * const answer = replaceCardResponseSchema.parse(await response.json());
 * ```
 */
export const replaceCardResponseSchema = z.object({ oldCardNo: z.string(), newCardNo: z.string() });

/**
 * Admin: a fresh real-person proof.
 *
 * @example
 * ```ts
 * const answer = realPersonProofResponseSchema.parse(await response.json());
 * ```
 */
export const realPersonProofResponseSchema = z.object({ realPerson: z.string() });

/**
 * Admin: register a channel app or a portal with its public key.
 *
 * @example
 * ```ts
 * const body = registerPartyRequestSchema.parse(await request.json());
 * ```
 */
export const registerPartyRequestSchema = z.strictObject({
  id: channelIdSchema,
  name: z.string().min(1).max(64),
  publicKey: publicJwkSchema.optional(),
});

/**
 * Admin: register a channel app with its public key and, optionally, its webhook URL.
 *
 * @example
 * ```ts
 * const body = registerChannelRequestSchema.parse(await request.json());
 * ```
 */
export const registerChannelRequestSchema = registerPartyRequestSchema.extend({
  webhookUrl: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional()
    .meta({
      description:
        "Where the sandbox POSTs this channel's notifications: a compact JWS (typ essc-notification+jwt) by the platform's signing key, retried with backoff under the same x-essc-notification-id until a 2xx.",
    }),
});

/**
 * Admin: standing faults.
 *
 * @example
 * ```ts
 * const body = faultSettingsRequestSchema.parse(await request.json());
 * ```
 */
export const faultSettingsRequestSchema = z.strictObject({
  latencyMs: z
    .union([z.number().min(0).max(60_000), z.tuple([z.number().min(0), z.number().max(60_000)])])
    .optional(),
  failureRate: z.number().min(0).max(1).optional(),
  failureCode: errorCodeSchema.optional(),
});

/**
 * Admin: fail the next call of an operation, before or after the platform commits it.
 *
 * @example
 * ```ts
 * const body = failNextRequestSchema.parse(await request.json());
 * ```
 */
export const failNextRequestSchema = z.strictObject({
  operation: adapterOperationSchema,
  code: errorCodeSchema.optional(),
  afterCommit: z.boolean().optional(),
});

/**
 * Admin: the new signing key's id.
 *
 * @example
 * ```ts
 * const answer = rotateKeyResponseSchema.parse(await response.json());
 * ```
 */
export const rotateKeyResponseSchema = z.object({ kid: z.string() });
