/**
 * The merchant's side of paying with the e-card (R21–R25): a hospital, pharmacy or shop
 * charges the payment code the holder shows, reads a payment back, and refunds it.
 */

import { EsscError } from '../domain/errors.js';
import type { OrderCode } from '../domain/order-codes.js';
import { parseInput } from '../domain/parse-input.js';
import {
  chargeInputSchema,
  createOrderCodeInputSchema,
  getPaymentInputSchema,
  refundInputSchema,
} from '../domain/payment-schemas.js';
import type { Payment } from '../domain/types.js';
import type {
  ChargeRequest,
  MerchantAdapter,
  OrderCodeRequest,
  RefundRequest,
  RequestContext,
} from '../platform/port.js';

/**
 * Options of {@link createPaymentTerminal}.
 */
export interface PaymentTerminalOptions {
  /** The merchant's adapter: `MockPlatform#merchantAdapter` or `createHttpMerchantAdapter`. */
  adapter: MerchantAdapter;
}

/**
 * Per-call options of a {@link PaymentTerminal}.
 *
 * @example
 * ```ts
 * await terminal.charge(input, { signal: AbortSignal.timeout(15_000) });
 * ```
 */
export interface TerminalCallOptions {
  /** Stop waiting (the platform may still have charged: ask with `getPayment`). */
  signal?: AbortSignal;
}

/**
 * A merchant's payment terminal. Every amount is an integer of fen; inputs are checked
 * before anything is sent (`VALIDATION_FAILED`, nothing charged).
 *
 * **The cashier's loop for an unknown outcome.** A charge that fails with a retryable error
 * (`TIMEOUT`, `NETWORK`, `PLATFORM_UNAVAILABLE` — including an answer that failed its
 * signature check after the request was sent) may or may not have been made. Never charge
 * under a new order id then. Either send the same charge again — same order id, amount, items
 * and code: the platform answers with the first outcome and takes the money once (R24), even
 * though the code is spent — or ask with `getPayment({ orderId })`: a payment means it was
 * charged; `PAYMENT_PENDING` (retryable) means the charge is still being made, so ask again;
 * `PAYMENT_NOT_FOUND` means nothing was (the platform never says so while a charge of the
 * order is in flight), so ask the holder for a fresh code and charge again under the same
 * order id. Any other error is a verdict: `PAYMENT_DECLINED` (nothing taken),
 * `QR_EXPIRED` / `QR_REPLAYED` (a fresh code), `CARD_INACTIVE`, `ORDER_CONFLICT` (this order
 * id was used for another charge).
 *
 * @example
 * ```ts
 * async function settle(input: ChargeRequest): Promise<Payment> {
 *   for (let attempt = 0; ; attempt++) {
 *     try {
 *       return await terminal.charge(input);
 *     } catch (e) {
 *       if (!isEsscError(e) || !e.retryable || attempt >= 3) throw e;
 *       try {
 *         return await terminal.getPayment({ orderId: input.orderId }); // it was charged
 *       } catch (lookup) {
 *         if (!isEsscError(lookup, 'PAYMENT_NOT_FOUND') && !(isEsscError(lookup) && lookup.retryable)) throw lookup;
 *       }
 *     }
 *   }
 * }
 * ```
 */
export interface PaymentTerminal {
  /** The merchant this terminal charges for. */
  readonly merchantId: string;
  /**
   * Charges the scanned payment code (R21–R24) and answers the payment with its split
   * (统筹基金 / 个人账户 / 自付). Items, when given, sum to the amount; `covered` items are
   * settled by medical insurance at a hospital, pharmacy or clinic.
   *
   * @example
   * ```ts
   * const payment = await terminal.charge({
   *   qrText: scanned, orderId: 'HIS-0001', amount: 36500,
   *   items: [
   *     { code: 'D-001', name: '阿莫西林胶囊', amount: 30000, coverage: 'covered' },
   *     { code: 'F-001', name: '挂号费', amount: 6500, coverage: 'self' },
   *   ],
   * });
   * print(formatFen(payment.split.selfPay));
   * ```
   */
  charge(input: ChargeRequest, options?: TerminalCallOptions): Promise<Payment>;
  /**
   * The payment of an order id: to settle an unknown outcome, or to reconcile;
   * `PAYMENT_NOT_FOUND` when that order id never charged.
   *
   * @example
   * ```ts
   * const { status, refunded } = await terminal.getPayment({ orderId: 'HIS-0001' });
   * ```
   */
  getPayment(input: { orderId: string }, options?: TerminalCallOptions): Promise<Payment>;
  /**
   * Refunds part (`amount`) or all that is left of a payment (R25). The refund id names the
   * refund: retried, it changes nothing twice. Money goes back to the bank (自付) first, then
   * the personal account, then the pooled fund; the deductible is not given back. Works even
   * when the card has since become inactive. More than what is left: `REFUND_EXCEEDED`.
   *
   * @example
   * ```ts
   * const payment = await terminal.refund({ orderId: 'HIS-0001', refundId: 'HIS-0001-R1', amount: 6500 });
   * payment.status; // 'partially_refunded'
   * ```
   */
  refund(input: RefundRequest, options?: TerminalCallOptions): Promise<Payment>;
  /**
   * Makes an order code for the citizen to scan and pay in their channel app (主扫, R45): show
   * `qrText` as a QR code until `expiresAt` (5 minutes). The citizen sees this merchant's
   * registered name, the amount and the items, and pays with their password or face; the
   * payment is settled as a charge (R23) and named by the order id (R24), so learn the outcome
   * with `getPayment({ orderId })` (`PAYMENT_NOT_FOUND` until paid). The same order id and
   * content again answers the same code; other content is `ORDER_CONFLICT`, and an order id
   * already paid `ORDER_PAID`. After the code expired unpaid, call again for a fresh one.
   *
   * @example
   * ```ts
   * const { qrText, expiresAt } = await terminal.createOrderCode({
   *   orderId: 'POS-0001', amount: 2850,
   *   items: [{ code: 'D-001', name: '布洛芬缓释胶囊', amount: 2850, coverage: 'covered' }],
   * });
   * showQr(qrText); // then poll getPayment({ orderId: 'POS-0001' }) until paid or expiresAt
   * ```
   */
  createOrderCode(input: OrderCodeRequest, options?: TerminalCallOptions): Promise<OrderCode>;
}

const context = (options: TerminalCallOptions | undefined): RequestContext =>
  options?.signal ? { signal: options.signal } : {};

/**
 * Creates a merchant's payment terminal on its adapter.
 *
 * @example
 * ```ts
 * import { createPaymentTerminal, formatFen } from 'essc-sdk/acceptor';
 * import { createHttpMerchantAdapter } from 'essc-sdk/http';
 *
 * const terminal = createPaymentTerminal({
 *   adapter: createHttpMerchantAdapter({ baseUrl, merchantId: 'GZ-HOSP-1', merchantKey }),
 * });
 * const payment = await terminal.charge({ qrText, orderId: 'HIS-0001', amount: 36500 });
 * console.log(formatFen(payment.amount)); // ¥365.00
 * ```
 */
export function createPaymentTerminal(options: PaymentTerminalOptions): PaymentTerminal {
  const adapter = options?.adapter;
  if (
    typeof adapter?.charge !== 'function' ||
    typeof adapter.getPayment !== 'function' ||
    typeof adapter.refund !== 'function'
  ) {
    throw new EsscError(
      'VALIDATION_FAILED',
      'createPaymentTerminal: adapter must be a merchant adapter (charge, getPayment, refund).',
      { details: { issues: [{ path: ['adapter'], message: 'not a merchant adapter' }] } },
    );
  }
  return {
    merchantId: adapter.merchantId,
    charge: async (input, callOptions) => {
      const parsed = parseInput(chargeInputSchema, input);
      return adapter.charge(parsed, context(callOptions));
    },
    getPayment: async (input, callOptions) => {
      const parsed = parseInput(getPaymentInputSchema, input);
      return adapter.getPayment(parsed, context(callOptions));
    },
    refund: async (input, callOptions) => {
      const parsed = parseInput(refundInputSchema, input);
      return adapter.refund(parsed, context(callOptions));
    },
    createOrderCode: async (input, callOptions) => {
      const parsed = parseInput(createOrderCodeInputSchema, input);
      return adapter.createOrderCode(parsed, context(callOptions));
    },
  };
}
