/**
 * A hospital cashier's side of paying with the e-card (收费窗口): the visit's items become one
 * charge, the charge is settled even when the network loses its answer, and the receipt shows
 * where the money came from (统筹基金 / 个人账户 / 自付). `visit.ts` runs it on the mock.
 *
 * Works with any merchant adapter: `platform.merchantAdapter(id)` in-process, or
 * `createHttpMerchantAdapter({ baseUrl, merchantId, merchantKey })` against a platform.
 */
import { ERROR_TABLE, isEsscError } from 'essc-sdk';
import {
  type ChargeRequest,
  formatFen,
  type Payment,
  type PaymentItem,
  type PaymentTerminal,
} from 'essc-sdk/acceptor';
import { errorAction } from 'essc-sdk/errors';

/** What the hospital's system (HIS) hands the cashier for one visit. */
export interface Visit {
  /** The HIS's order id: it names this one charge, for every retry. */
  orderId: string;
  /** What was prescribed and done; amounts in fen. */
  items: PaymentItem[];
  /** Printed on the holder's payment history, e.g. `门诊 · 内科`. */
  description?: string;
}

/** The charge of a visit for a scanned payment code: the amount is the sum of its items. */
export function visitCharge(qrText: string, visit: Visit): ChargeRequest {
  return {
    qrText,
    orderId: visit.orderId,
    amount: visit.items.reduce((sum, item) => sum + item.amount, 0),
    items: visit.items,
    ...(visit.description ? { description: visit.description } : {}),
  };
}

/** What {@link settle} tells the cashier while it works out an unknown outcome. */
export interface SettleEvent {
  /** 1 for the first try. */
  attempt: number;
  /** The failure that left the outcome unknown (`TIMEOUT`, `NETWORK`, `PLATFORM_UNAVAILABLE`). */
  code: string;
  /** What the loop does next. */
  next: 'ask' | 'charge-again';
}

/** Options of {@link settle}. */
export interface SettleOptions {
  /** Tries at most (default 4) before giving up; the order id is then left for reconciling. */
  attempts?: number;
  /** Told of every unknown outcome, for the cashier's screen and the log. */
  onUnknown?: (event: SettleEvent) => void;
}

/**
 * Charges `request`, and settles an unknown outcome the only safe way: under the SAME order id.
 *
 * A charge that fails with a retryable error (`TIMEOUT`, `NETWORK`, `PLATFORM_UNAVAILABLE`)
 * may have been made. The loop asks `getPayment({ orderId })`: a payment means it was charged,
 * done; `PAYMENT_NOT_FOUND` means nothing was, so it charges again with the same order id,
 * amount, items and code. A lookup that fails too is followed by the same charge again, which
 * the platform answers with the first outcome if there was one (R24) — money is taken once
 * either way. Never a new order id: that could charge the holder twice.
 *
 * Any other error is a verdict and is thrown at once: `PAYMENT_DECLINED` (nothing taken),
 * `QR_EXPIRED` / `QR_REPLAYED` (ask for a fresh code), `CARD_INACTIVE`, `ORDER_CONFLICT`.
 * After `attempts` unknown outcomes the last error is thrown: reconcile that order id with
 * `getPayment` later, before charging the visit any other way.
 */
export async function settle(
  terminal: PaymentTerminal,
  request: ChargeRequest,
  options: SettleOptions = {},
): Promise<Payment> {
  const attempts = options.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    try {
      return await terminal.charge(request);
    } catch (error) {
      if (!isEsscError(error) || !error.retryable || attempt >= attempts) throw error;
      options.onUnknown?.({ attempt, code: error.code, next: 'ask' });
    }
    try {
      return await terminal.getPayment({ orderId: request.orderId });
    } catch (lookup) {
      if (!isEsscError(lookup)) throw lookup;
      if (lookup.code !== 'PAYMENT_NOT_FOUND' && !lookup.retryable) throw lookup;
      options.onUnknown?.({ attempt, code: lookup.code, next: 'charge-again' });
    }
  }
}

/** The coverage of an item as the receipt prints it. */
const COVERAGE_ZH: Record<PaymentItem['coverage'], string> = { covered: '医保', self: '自费' };

/** The receipt of a payment: its items, the total, and the split, in yuan. */
export function receiptLines(payment: Payment, items: PaymentItem[]): string[] {
  const { pooledFund, personalAccount, selfPay } = payment.split;
  return [
    `收费单 ${payment.orderId}  ${payment.holderName}  ${payment.paidAt}`,
    ...items.map(
      (item) =>
        `  ${item.name} (${item.code}, ${COVERAGE_ZH[item.coverage]})  ${formatFen(item.amount)}`,
    ),
    `  合计 ${formatFen(payment.amount)}`,
    `  统筹基金 ${formatFen(pooledFund)}  个人账户 ${formatFen(personalAccount)}  自付 ${formatFen(selfPay)}`,
  ];
}

/** One line for a refusal: the code, its Chinese term and what to do. */
export function refusalLine(error: unknown): string {
  if (!isEsscError(error)) return `ERROR ${error instanceof Error ? error.message : String(error)}`;
  return `REFUSED ${error.code} ${ERROR_TABLE[error.code].zh} — ${errorAction(error)}`;
}
