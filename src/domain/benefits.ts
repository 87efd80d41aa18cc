/**
 * Benefit payments (待遇发放, R44): what a channel app lists of a person's pension, month by
 * month, and the default monthly amount. Types and constants only: this module is in the
 * core's closure. The rules (once per month, suspension while the certification is overdue,
 * arrears) are the engine's (`src/engine/benefits.ts`).
 */

/**
 * The statuses of one month's benefit payment (R44), in the order a month walks them.
 *
 * @example
 * ```ts
 * BENEFIT_PAYMENT_STATUSES.includes('suspended'); // true
 * ```
 */
export const BENEFIT_PAYMENT_STATUSES = ['suspended', 'paid'] as const;

/**
 * One of {@link BENEFIT_PAYMENT_STATUSES}: `paid` into the card's bank account, or
 * `suspended` because the entitlement certification was overdue (R33) when the month was run;
 * a suspended month turns `paid` when its arrears are paid, after the person certifies.
 */
export type BenefitPaymentStatus = (typeof BENEFIT_PAYMENT_STATUSES)[number];

/**
 * The monthly amount of a benefit when the back office gives none, in fen (¥3 000.00).
 *
 * @example
 * ```ts
 * platform.addPerson({ ...person, benefit: { kind: 'pension', monthlyAmount: DEFAULT_MONTHLY_BENEFIT } });
 * ```
 */
export const DEFAULT_MONTHLY_BENEFIT = 300_000;

/**
 * One month of a person's benefit (待遇发放记录, R44): one record per month.
 *
 * @example
 * ```ts
 * const [latest]: BenefitPayment[] = await client.listBenefitPayments({ signNo });
 * if (latest?.status === 'suspended') remind('请完成待遇资格认证，恢复发放');
 * ```
 */
export interface BenefitPayment {
  /** The month paid for, `YYYY-MM`. */
  month: string;
  /** Fen. */
  amount: number;
  /** Paid, or suspended while the certification is overdue. */
  status: BenefitPaymentStatus;
  /** ISO 8601: when it was paid (a suspended month has none until its arrears are paid). */
  paidAt?: string;
}
