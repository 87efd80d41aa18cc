/**
 * The request and answer shapes of the sandbox's back-office routes (`ADMIN_ROUTES`); not part
 * of a real platform. Part of the wire schemas; `./schemas.ts` re-exports every name.
 *
 * @internal
 */

import * as z from 'zod';
import { PHYSICAL_CARD_STATUSES } from '../domain/enums.js';
import { ERROR_CODES, type ErrorCode } from '../domain/errors.js';
import { BENEFIT_KINDS } from '../domain/family.js';
import { MAX_MONTHLY_BENEFIT } from '../domain/family-schemas.js';
import {
  channelIdSchema,
  idNumberSchema,
  nameSchema,
  regionCodeSchema,
} from '../domain/schemas.js';
import { ALL_OPERATIONS, type AnyOperation } from '../platform/acceptor-operations.js';
import { publicJwkSchema } from './key-schemas.js';
import { addPersonAccountFields } from './payment-schemas.js';

/** The physical card statuses (R2). */
const physicalCardStatusSchema = z.enum(PHYSICAL_CARD_STATUSES);
const adapterOperationSchema = z.enum(
  Object.keys(ALL_OPERATIONS) as [AnyOperation, ...AnyOperation[]],
);
const errorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

/**
 * Admin: enable a region (R4).
 */
export const enableRegionRequestSchema = z.strictObject({
  regionCode: regionCodeSchema,
  name: z.string().min(1).max(64).optional(),
});

/**
 * Admin: add a person holding a physical card.
 */
export const addPersonRequestSchema = z.strictObject({
  name: nameSchema,
  idNumber: idNumberSchema,
  regionCode: regionCodeSchema,
  cardStatus: physicalCardStatusSchema.optional(),
  bankAccountActive: z.boolean().optional(),
  ...addPersonAccountFields,
  benefit: z
    .strictObject({
      kind: z.enum(BENEFIT_KINDS),
      certifiedAt: z.iso.datetime().optional(),
      monthlyAmount: z
        .number()
        .int()
        .min(1)
        .max(MAX_MONTHLY_BENEFIT)
        .optional()
        .meta({ description: 'Fen paid each month (R44); default 300 000 (¥3 000.00).' }),
    })
    .optional()
    .meta({
      description:
        'A benefit whose payment needs the yearly certification (R33); certifiedAt absent = never certified.',
    }),
});

/**
 * Admin: run one month's benefit disbursement (R44).
 */
export const disbursementRequestSchema = z.strictObject({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'The month must be YYYY-MM.' })
    .optional()
    .meta({
      description:
        "The month to pay, YYYY-MM: the platform clock's month (China time) or one of the 12 before it; absent: the clock's month.",
    }),
});

/**
 * Admin: what one disbursement run did (R44).
 */
export const disbursementResponseSchema = z.object({
  paid: z.number().int().min(0).meta({
    description: 'Persons this run paid (the month, with arrears after a certification).',
  }),
  suspended: z.number().int().min(0).meta({
    description: 'Persons whose month this run suspended: their certification is overdue (R33).',
  }),
});

/**
 * Admin: the card number of a new person.
 */
export const addPersonResponseSchema = z.object({ cardNo: z.string() });

/**
 * Admin: set a physical card's status (R13).
 */
export const cardStatusChangeRequestSchema = z.strictObject({ status: physicalCardStatusSchema });

/**
 * Admin: activate or deactivate the card's bank account (R7).
 */
export const bankAccountRequestSchema = z.strictObject({ active: z.boolean() });

/**
 * Admin: the outcome of a card replacement (R14).
 */
export const replaceCardResponseSchema = z.object({ oldCardNo: z.string(), newCardNo: z.string() });

/**
 * Admin: a fresh real-person proof.
 */
export const realPersonProofResponseSchema = z.object({ realPerson: z.string() });

/**
 * Admin: register a channel app or a portal with its public key.
 */
export const registerPartyRequestSchema = z.strictObject({
  id: channelIdSchema,
  name: z.string().min(1).max(64),
  publicKey: publicJwkSchema.optional(),
});

/**
 * Admin: register a channel app with its public key and, optionally, its webhook URL.
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
 */
export const failNextRequestSchema = z.strictObject({
  operation: adapterOperationSchema,
  code: errorCodeSchema.optional(),
  afterCommit: z.boolean().optional(),
});

/**
 * Admin: the new signing key's id.
 */
export const rotateKeyResponseSchema = z.object({ kid: z.string() });
