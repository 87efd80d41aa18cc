/**
 * The answers of the sandbox's read-only back-office routes (what the sandbox console at
 * `/console` lists) and of its balance and test-clock controls; not part of a real platform.
 * A file of its own beside `./admin-schemas.ts` because they are built on the payment and
 * application shapes, whose files import that one (a cycle otherwise).
 *
 * Lists carry masked ID numbers; no answer here carries a private key, a password, its hash or
 * a real-person proof.
 *
 * @internal
 */

import * as z from 'zod';
import { NOTIFICATION_TYPES, PHYSICAL_CARD_STATUSES } from '../domain/enums.js';
import { ERROR_CODES, type ErrorCode } from '../domain/errors.js';
import { QUERY_TOPICS } from '../domain/records.js';
import { benefitPaymentSchema, certificationSchema, familyMemberSchema } from './family-schemas.js';
import { loginScopeSchema } from './login-schemas.js';
import {
  balancesResponseSchema,
  billSchema,
  merchantKindSchema,
  paymentSchema,
} from './payment-schemas.js';
import { platformNotificationSchema } from './schemas.js';
import { applicationSchema } from './service-schemas.js';

const isoDateTime = z.iso.datetime();
const fen = (description: string) =>
  z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).meta({ description });
const cardStatusSchema = z.enum(PHYSICAL_CARD_STATUSES);
const eCardStatusSchema = z.enum(['active', 'sealed', 'lost', 'locked', 'cancelled']);
const levelSchema = z.union([z.literal(1), z.literal(2)]);
const errorCodeSchema = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]);

/**
 * Admin: one person in the back office's list (ID number masked).
 */
export const personSummarySchema = z.object({
  name: z.string(),
  idNumberMasked: z.string().meta({ description: 'The ID number, masked: 440106********1231.' }),
  regionCode: z.string(),
  cardNo: z.string().meta({
    description: 'The card the person holds now; GET /admin/cards/{cardNo}/holder opens them.',
  }),
  cardStatus: cardStatusSchema,
  lossReportedBy: z.enum(['holder', 'back-office']).optional().meta({
    description:
      'While the card is lost: who reported it, the holder in an app or the back office (R43).',
  }),
  eCard: z
    .object({ signNo: z.string(), level: levelSchema, channels: z.array(z.string()) })
    .nullable(),
});

/**
 * Admin: every person the platform holds.
 */
export const personListSchema = z.object({ persons: z.array(personSummarySchema) });

/**
 * Admin: one person as the back office works on them: card, e-card and its bindings, money,
 * bills, applications, payments, records per topic. The full ID number is here (the controls
 * take it); no password, hash or proof is.
 */
export const personDetailSchema = personSummarySchema.extend({
  idNumber: z.string(),
  regionName: z.string().nullable(),
  regionEnabled: z.boolean(),
  bankAccountActive: z.boolean(),
  eCard: z
    .object({
      signNo: z.string(),
      status: eCardStatusSchema,
      level: levelSchema,
      passwordLocked: z.boolean().meta({ description: 'R11: five wrong passwords in a row.' }),
      passwordFailures: z.number().int().min(0),
      bindings: z.array(
        z.object({
          channelId: z.string(),
          channelName: z.string().nullable(),
          boundAt: isoDateTime,
        }),
      ),
    })
    .nullable(),
  balances: balancesResponseSchema,
  medical: z.object({
    coverage: z.number().min(0).max(1),
    deductible: fen('起付线 per year, fen.'),
  }),
  bills: z.array(billSchema),
  applications: z.array(applicationSchema.extend({ signNo: z.string() })),
  payments: z.array(paymentSchema),
  records: z.partialRecord(z.enum(QUERY_TOPICS), z.number().int().min(0)),
  family: z
    .array(familyMemberSchema)
    .meta({ description: '亲情服务: the members this person holds (R31), masked.' }),
  certification: certificationSchema.meta({
    description: '待遇资格认证: their own certification (R33).',
  }),
  benefit: z
    .object({ kind: z.enum(['pension']), monthlyAmount: fen('Paid each month, fen (R44).') })
    .nullable(),
  benefitPayments: z
    .array(benefitPaymentSchema)
    .meta({ description: '待遇发放记录: their benefit payments, newest first (R44).' }),
});

/**
 * Admin: regions, channels, portals and merchants, with the `kid` of their public keys.
 */
export const partiesSchema = z.object({
  regions: z.array(z.object({ regionCode: z.string(), name: z.string() })),
  channels: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      keyId: z.string().nullable(),
      webhookUrl: z.string().nullable(),
    }),
  ),
  portals: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      keyId: z.string().nullable(),
      scopes: z.array(loginScopeSchema),
    }),
  ),
  merchants: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: merchantKindSchema,
      keyId: z.string().nullable(),
    }),
  ),
});

/**
 * Admin: the latest payments of every merchant, newest first (refunds show as `refunded`).
 */
export const recentPaymentsSchema = z.object({ payments: z.array(paymentSchema) });

/**
 * Admin: one webhook delivery attempt, as the sandbox made it.
 */
export const webhookAttemptSchema = z.object({
  notificationId: z.string(),
  type: z.enum(NOTIFICATION_TYPES),
  channelId: z.string(),
  url: z.string(),
  attempt: z.number().int().min(1),
  status: z.number().int().optional(),
  error: z.enum(['network', 'timeout']).optional(),
  outcome: z.enum(['delivered', 'retrying', 'gave-up']),
  retryInMs: z.number().min(0).optional(),
  at: isoDateTime,
});

/**
 * Admin: what the sandbox did lately: notifications to channels, webhook attempts (newest
 * first), the faults in force, and a version that changes whenever any of them does.
 */
export const activitySchema = z.object({
  version: z.number().int().min(0),
  notifications: z.array(platformNotificationSchema),
  deliveries: z.array(webhookAttemptSchema),
  faults: z.object({
    latencyMs: z.union([z.number(), z.tuple([z.number(), z.number()])]).optional(),
    failureRate: z.number().optional(),
    failureCode: errorCodeSchema.optional(),
    next: z.array(
      z.object({
        operation: z.string(),
        code: errorCodeSchema,
        afterCommit: z.boolean(),
      }),
    ),
  }),
});

/**
 * Admin: set a person's balances, fen; a field left out stays.
 */
export const setBalancesRequestSchema = z.strictObject({
  bank: fen('Bank account, fen.').optional(),
  personalAccount: fen('个人账户, fen.').optional(),
  deductibleLeft: fen('起付线 left this year, fen (at most the yearly deductible).').optional(),
});

/**
 * Admin: the platform's clock, and whether it is a test clock the back office may move.
 */
export const clockSchema = z.object({
  now: isoDateTime,
  testClock: z.boolean().meta({
    description: 'True when the sandbox runs a test clock (essc-sandbox --test-clock).',
  }),
});

/**
 * Admin: move the test clock forward.
 */
export const advanceClockRequestSchema = z.strictObject({
  ms: z
    .number()
    .int()
    .min(1)
    .max(400 * 24 * 60 * 60 * 1000)
    .meta({ description: 'Milliseconds to move forward (at most 400 days).' }),
});
