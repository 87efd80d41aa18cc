/**
 * The JSON shapes of payments and bills on the wire (R21–R27): merchants' charge, lookup and
 * refund, channels' payment history and bills, and the admin's merchant, balance and bill
 * controls. Built on the domain's zod/mini shapes (src/domain/payment-schemas.ts), described
 * for the OpenAPI document.
 *
 * @internal
 */

import * as z from 'zod';
import { MAX_CHARGE_FEN } from '../domain/money.js';
import { idNumberSchema } from '../domain/schemas.js';

const fen = (min: number, description: string) =>
  z.number().int().min(min).max(Number.MAX_SAFE_INTEGER).meta({ description });

const chargeFen = (description: string) =>
  z.number().int().min(1).max(MAX_CHARGE_FEN).meta({ description });

/**
 * Where a payment's money came from, fen.
 */
export const paymentSplitSchema = z.object({
  pooledFund: fen(0, '统筹基金: paid by the pooled medical-insurance fund, fen.'),
  personalAccount: fen(0, '个人账户: paid from the medical personal account, fen.'),
  selfPay: fen(0, '自付: paid from the bank account, fen.'),
});

/**
 * A payment (R21–R25).
 */
export const paymentSchema = z.object({
  paymentId: z.string(),
  orderId: z.string(),
  merchantId: z.string(),
  amount: fen(1, 'Fen.'),
  refunded: fen(0, 'Fen refunded so far.'),
  status: z.enum(['succeeded', 'partially_refunded', 'refunded']),
  split: paymentSplitSchema,
  holderName: z.string().meta({ description: 'Masked, e.g. 张*.' }),
  cardRef: z.string(),
  paidAt: z.iso.datetime(),
  description: z.string().optional(),
});

/**
 * A bill (R26).
 */
export const billSchema = z.object({
  billId: z.string(),
  kind: z.enum(['insurance', 'exam', 'training']),
  title: z.string(),
  amount: fen(1, 'Fen.'),
  status: z.enum(['unpaid', 'paid']),
  paidAt: z.iso.datetime().optional(),
});

/**
 * The answer of `GET /v1/cards/{signNo}/payments` (R27): newest first.
 */
export const paymentListSchema = z.object({ payments: z.array(paymentSchema) });

/**
 * The answer of `GET /v1/cards/{signNo}/bills` (R27).
 */
export const billListSchema = z.object({ bills: z.array(billSchema) });

/**
 * The kinds of merchants (R21); the medical ones settle insurance (R23).
 */
export const merchantKindSchema = z.enum(['hospital', 'pharmacy', 'clinic', 'transit', 'shop']);

/**
 * Admin: a person's balances, fen.
 */
export const balancesResponseSchema = z.object({
  bank: fen(0, 'Bank account, fen.'),
  personalAccount: fen(0, '个人账户, fen.'),
  deductibleLeft: fen(0, '起付线 left this year, fen.'),
});

/**
 * Admin: add a bill for a person (R26).
 */
export const addBillRequestSchema = z.strictObject({
  idNumber: idNumberSchema,
  kind: z.enum(['insurance', 'exam', 'training']),
  title: z.string().min(1).max(128),
  amount: chargeFen('Fen.'),
});

/**
 * Admin: the new bill's id.
 */
export const addBillResponseSchema = z.object({ billId: z.string() });

/**
 * Admin: what `addPerson` may say of the person's money (R23), fen.
 */
export const addPersonAccountFields = {
  bankBalance: fen(0, 'Bank balance, fen (default 10 000 000).').optional(),
  medical: z
    .strictObject({
      personalAccount: fen(0, '个人账户 balance, fen (default 0).').optional(),
      coverage: z.number().min(0).max(1).optional().meta({
        description:
          'Share of covered amounts past the deductible paid by 统筹基金, 0–1 (default 0.7).',
      }),
      deductible: fen(0, '起付线 per year, fen (default 0).').optional(),
    })
    .optional(),
};
