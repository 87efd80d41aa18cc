import type { JWK } from 'jose';
import { merchantIdSchema } from '../domain/payment-schemas.js';
import { validationError } from '../domain/validation.js';
import { MERCHANT_ROWS, type MerchantAdapter } from '../platform/acceptor-operations.js';
import { wireCall } from './operation-call.js';
import { checkCallerKey, type HttpTransportOptions, WireTransport } from './transport.js';

/**
 * Options of {@link createHttpMerchantAdapter}.
 */
export interface HttpMerchantAdapterOptions extends HttpTransportOptions {
  /** The id the platform registered the merchant under (`registerMerchant`). */
  merchantId: string;
  /**
   * The merchant's private JWK (Ed25519 → EdDSA, P-256 → ES256, SM2 under the national suite).
   * Keep it in the cashier's backend; the platform holds the public half. See
   * `generateCallerKeyPair`.
   */
  merchantKey: JWK;
}

/**
 * The adapter of a merchant's payment terminal over the wire protocol (v1), for
 * `createPaymentTerminal({ adapter })`. The same transport as the channel's
 * `createHttpAdapter`: every request signed by the merchant's key (R19; a request the platform
 * cannot tie to that key is `MERCHANT_UNAUTHORIZED`), every answer accepted only when the
 * platform signed it for this very request, a timeout per attempt and jittered retries after
 * network failures, timeouts and 502/503/504, with one idempotency key for all attempts (R20).
 *
 * Retrying a charge is safe beyond that: the platform names a charge by its order id (R24) and
 * a refund by its refund id (R25), so the same charge sent again — by these retries or by the
 * cashier after a `TIMEOUT` — answers the first payment and takes the money once.
 *
 * @example
 * ```ts
 * import { createPaymentTerminal, formatFen } from 'essc-sdk/acceptor';
 * import { createHttpMerchantAdapter } from 'essc-sdk/http';
 *
 * const terminal = createPaymentTerminal({
 *   adapter: createHttpMerchantAdapter({
 *     baseUrl: 'https://essc-gateway.example.cn',
 *     merchantId: 'GZ-HOSP-1',
 *     merchantKey: JSON.parse(process.env.ESSC_MERCHANT_KEY!),
 *   }),
 * });
 * const payment = await terminal.charge({ qrText: scanned, orderId: 'HIS-0001', amount: 36500 });
 * console.log(formatFen(payment.split.selfPay));
 * ```
 */
export function createHttpMerchantAdapter(options: HttpMerchantAdapterOptions): MerchantAdapter {
  if (!merchantIdSchema.safeParse(options?.merchantId).success) {
    throw validationError('merchantId must be a registered merchant id.', {
      path: ['merchantId'],
      message: 'not a merchant id',
    });
  }
  checkCallerKey(options.merchantKey, 'merchantKey');
  const { merchantId } = options;
  const transport = new WireTransport(options, {
    kind: 'merchant',
    id: merchantId,
    key: options.merchantKey,
  });
  const adapter: Record<string, unknown> = { merchantId };
  for (const operation of Object.keys(MERCHANT_ROWS) as (keyof typeof MERCHANT_ROWS)[]) {
    adapter[operation] = wireCall(transport, operation);
  }
  return adapter as unknown as MerchantAdapter;
}
