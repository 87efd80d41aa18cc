/**
 * zod/mini schemas of payment and bill inputs (R22, R24–R26). The shapes are checked at every
 * edge (terminal, client, wire); the engine checks them again with the same schemas, and
 * decides the rules that need records (settlement, conflicts, caps).
 */
import * as z from 'zod/mini';
import { MAX_CHARGE_FEN } from './money.js';
import { billIdSchema, orderIdSchema, refundIdSchema } from './reference-ids.js';
import { CALLER_ID_PATTERN } from './schemas.js';

export { billIdSchema, orderIdSchema, refundIdSchema };

/**
 * A merchant id: the one caller-id form of channels and portals.
 */
export const merchantIdSchema = z.string().check(
  z.regex(CALLER_ID_PATTERN, {
    error:
      'The merchant id must be 1–16 ASCII letters, digits, ".", "_" or "-", starting with a letter or digit.',
  }),
);

// An integer of fen in a range: `z.int()` (safe integers only) and bounds, so the wire's JSON
// schema says integer, minimum and maximum; every failure says the same thing.
const fen = (min: number, max: number, what: string) => {
  const error = `The ${what} must be an integer of fen from ${min} to ${max}.`;
  return z.int({ error }).check(z.gte(min, { error }), z.lte(max, { error }));
};

/**
 * The amount of one charge (R22): an integer of fen, 1 to 5 000 000.
 */
export const chargeAmountSchema = fen(1, MAX_CHARGE_FEN, 'amount');

/**
 * One line of a charge (R22).
 */
export const paymentItemSchema = z.strictObject({
  /** The merchant's code for the line (a drug, a test, a service). */
  code: z.string().check(z.minLength(1), z.maxLength(64)),
  /** What the line is, as printed on the bill. */
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  /** Fen. */
  amount: fen(1, MAX_CHARGE_FEN, 'item amount'),
  /** `covered`: settled by medical insurance at a medical merchant (R23); `self`: paid by the holder. */
  coverage: z.enum(['covered', 'self'], { error: 'The coverage must be "covered" or "self".' }),
});

/**
 * The lines of a bill (R22): 1 to 200 items.
 */
export const paymentItemsSchema = z
  .array(paymentItemSchema)
  .check(z.minLength(1), z.maxLength(200));

/**
 * The merchant's description of an order, printed on the holder's payment history.
 */
export const paymentDescriptionSchema = z.string().check(z.maxLength(256));

/** R22: items, when given, sum to the amount (the check of a charge and of an order code). */
const itemsSumToAmount = <
  T extends { amount: number; items?: { amount: number }[] | undefined },
>() =>
  z.refine<T>(
    (input) =>
      input.items === undefined ||
      input.items.reduce((sum, item) => sum + item.amount, 0) === input.amount,
    { error: 'The items must sum to the amount.', path: ['items'] },
  );

/**
 * Input of a charge (R21, R22): items, when given, sum to the amount. Strict: a field a charge
 * does not take is refused, never dropped.
 */
export const chargeInputSchema = z
  .strictObject({
    /** The scanned payment code. */
    qrText: z.string().check(z.minLength(1), z.maxLength(512)),
    /** The merchant's order id: one charge per order id (R24). */
    orderId: orderIdSchema,
    /** Fen, 1 to 5 000 000. */
    amount: chargeAmountSchema,
    /** The lines of the bill; `covered` items are settled by medical insurance (R23). */
    items: z.optional(paymentItemsSchema),
    /** Printed on the holder's payment history. */
    description: z.optional(paymentDescriptionSchema),
  })
  .check(itemsSumToAmount());

/**
 * Input of an order code (R45): what a charge takes but the code, which the platform makes.
 * The same order id and content again answers the same code; other content: ORDER_CONFLICT.
 */
export const createOrderCodeInputSchema = z
  .strictObject({
    /** The merchant's order id: one payment per order id (R24), by order code or charge. */
    orderId: orderIdSchema,
    /** Fen, 1 to 5 000 000. */
    amount: chargeAmountSchema,
    /** The lines of the bill, shown to the citizen; `covered` items are settled by medical insurance (R23). */
    items: z.optional(paymentItemsSchema),
    /** Shown to the citizen and printed on the holder's payment history. */
    description: z.optional(paymentDescriptionSchema),
  })
  .check(itemsSumToAmount());

/**
 * Input of a payment lookup (R24).
 */
export const getPaymentInputSchema = z.strictObject({
  /** The order id the payment was charged under. */
  orderId: orderIdSchema,
});

/**
 * Input of a refund (R25); without `amount`, what is left of the payment.
 */
export const refundInputSchema = z.strictObject({
  /** The order id of the payment. */
  orderId: orderIdSchema,
  /** Names this refund: a retry with the same id changes nothing twice. */
  refundId: refundIdSchema,
  /** Fen; left out, what is left of the payment. */
  amount: z.optional(fen(1, MAX_CHARGE_FEN, 'refund amount')),
});

/**
 * Input of the admin's `addBill` (R26).
 */
export const addBillInputSchema = z.object({
  idNumber: z.string(),
  kind: z.enum(['insurance', 'exam', 'training'], {
    error: 'The bill kind must be "insurance", "exam" or "training".',
  }),
  title: z.string().check(z.minLength(1), z.maxLength(128)),
  amount: fen(1, MAX_CHARGE_FEN, 'amount'),
});

/** The input of a charge, as the schema reads it. */
export type ChargeInput = z.output<typeof chargeInputSchema>;
/** The input of an order code, as the schema reads it. */
export type CreateOrderCodeInput = z.output<typeof createOrderCodeInputSchema>;
/** The input of a refund, as the schema reads it. */
export type RefundInput = z.output<typeof refundInputSchema>;
