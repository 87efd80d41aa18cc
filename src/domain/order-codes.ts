/**
 * Paying by scanning the merchant's code (主扫, R45): the channel's inputs (strict zod/mini
 * schemas: the core's client parses with them) and what the operations answer; paying and
 * declining take the shapes of every scanned request (`scannedRequestConfirmation`,
 * `scannedRequestRefusal` in `./operation-inputs.ts`). The merchant's
 * input, `createOrderCodeInputSchema`, is with the charge's in `./payment-schemas.ts`: one
 * definition per field form.
 */
import * as z from 'zod/mini';
import { signNoSchema } from './schemas.js';
import type { MerchantKind, PaymentItem } from './types.js';

export const orderScanInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** The merchant's order code as scanned (`EO1:…`). */
  qrText: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, { error: 'The scanned text is empty.' }),
      z.maxLength(512, { error: "The scanned text is too long to be a merchant's order code." }),
    ),
});

/**
 * A merchant's order code (R45): the text to show as a QR code until `expiresAt`.
 *
 * @example
 * ```ts
 * const { qrText, expiresAt }: OrderCode = await terminal.createOrderCode({ orderId, amount: 2_850 });
 * ```
 */
export interface OrderCode {
  /** The text of the QR code to show: platform-signed, fits QR version 7 at level M. */
  qrText: string;
  /** ISO 8601: 5 minutes after the code was made. */
  expiresAt: string;
}

/**
 * What the citizen sees after scanning a merchant's order code (R45), before paying it.
 *
 * @example
 * ```ts
 * const order: OrderPreview = await client.scanOrder({ signNo, qrText: scanned });
 * const ok = await confirmDialog(`向 ${order.merchant.name} 支付 ${formatFen(order.amount)}？`);
 * ```
 */
export interface OrderPreview {
  /** Pass it to `payOrder` or `declineOrder`. */
  requestId: string;
  /** The merchant that asks, as the platform registered it: show its name to the user. */
  merchant: {
    /** The merchant's id. */
    id: string;
    /** Its registered name, e.g. `广州市大参林药店`. */
    name: string;
    /** Its kind: at a hospital, pharmacy or clinic covered items settle insurance (R23). */
    kind: MerchantKind;
  };
  /** The merchant's order id. */
  orderId: string;
  /** Fen. */
  amount: number;
  /** The lines of the bill, as the merchant gave them (empty when it gave none). */
  items: PaymentItem[];
  /** The merchant's description, when given. */
  description?: string;
  /** ISO 8601: the code's expiry; pay before it. */
  expiresAt: string;
}
