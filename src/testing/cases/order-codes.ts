/**
 * Paying by scanning the merchant's code (主扫, R45): a merchant's terminal makes an order
 * code, a holder scans it in a channel app and pays it with verification or declines. Paid
 * through the charge's own settlement (R23), once per order id (R24), refunded as any payment
 * (R25), told to the bound channels (R27). Driven through `createPaymentTerminal` on the
 * target's merchant adapter and the channel clients; balances read through the admin controls.
 */
import { expect, vi } from 'vitest';
import type { OrderCodeRequest } from '../../platform/port.js';
import { base45Decode, base45Encode } from '../../qr/base45.js';
import { ORDER_CODE_PREFIX } from '../../qr/order-code.js';
import { PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase, requireClock, requireNotifications } from './case.js';
import { items, payer, requireMerchants } from './settlement.js';

/** An order code lives 5 minutes (R45). */
const ORDER_CODE_TTL_MS = 5 * 60_000;
/** What a version-7 QR symbol at error correction M holds in alphanumeric mode. */
const QR_V7_M_ALPHANUMERIC = 178;
const verification = { password: PASSWORD };

let orders = 0;
/** An order id no other case uses (targets may outlive one case). */
export const orderId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-o${++orders}`;

/**
 * A holder at level 2 in channels A and B (see `payer`), and an order code of the hospital
 * (or `merchant`) for `order`, scanned in channel A.
 */
export async function scannedOrder(
  w: World,
  order: Omit<OrderCodeRequest, 'orderId'>,
  options: Parameters<typeof payer>[1] & { merchant?: string } = {},
) {
  const { merchant, ...money } = options;
  const holder = await payer(w, money);
  const terminal = w.terminal(merchant);
  const id = orderId('POS');
  const code = await terminal.createOrderCode({ orderId: id, ...order });
  const preview = await w.client(w.a).scanOrder({ signNo: holder.signNo, qrText: code.qrText });
  return { ...holder, terminal, orderId: id, orderCode: code, preview };
}

export const orderCodes: CaseGroup = {
  title: "paying by scanning the merchant's order code (R45)",
  cases: [
    conformanceCase(
      'R45',
      'scan-and-pay',
      "a merchant's order code fits QR 7-M and lives 5 minutes; the holder sees the merchant, amount and items, pays with verification, is settled as a charge (R23), and the merchant reads the payment by its order id",
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const lines = items(30_000, 6_500);
        const before = w.target.now();
        const {
          person,
          signNo,
          terminal,
          orderId,
          orderCode: code,
          preview,
        } = await scannedOrder(
          w,
          { amount: 36_500, items: lines, description: '门诊缴费' },
          {
            bankBalance: 100_000,
            medical: { personalAccount: 5_000, coverage: 0.7, deductible: 10_000 },
          },
        );
        expect(code.qrText.length).toBeLessThanOrEqual(QR_V7_M_ALPHANUMERIC);
        expect(code.qrText).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
        const lifetime = Date.parse(code.expiresAt) - before;
        expect(lifetime).toBeGreaterThan(ORDER_CODE_TTL_MS - 30_000);
        expect(lifetime).toBeLessThanOrEqual(ORDER_CODE_TTL_MS + 1_000);
        expect(preview).toMatchObject({
          merchant: { id: w.target.merchants?.hospital, kind: 'hospital' },
          orderId,
          amount: 36_500,
          items: lines,
          description: '门诊缴费',
          expiresAt: code.expiresAt,
        });
        expect(preview.merchant.name.length).toBeGreaterThan(0);
        // Scanning takes nothing, and the merchant sees no payment yet.
        expect((await balances(person.idNumber)).bank).toBe(100_000);
        await w.refused(terminal.getPayment({ orderId }), 'PAYMENT_NOT_FOUND');
        const payment = await w
          .client(w.a)
          .payOrder({ signNo, requestId: preview.requestId, verification });
        // d = 10 000; pooled = floor(20 000 × 7 000 / 10 000) = 14 000; personal = 5 000.
        expect(payment).toMatchObject({
          orderId,
          merchantId: w.target.merchants?.hospital,
          amount: 36_500,
          status: 'succeeded',
          split: { pooledFund: 14_000, personalAccount: 5_000, selfPay: 17_500 },
        });
        expect(payment.holderName).not.toBe(person.name);
        expect(await balances(person.idNumber)).toEqual({
          bank: 82_500,
          personalAccount: 0,
          deductibleLeft: 0,
        });
        expect(await terminal.getPayment({ orderId })).toEqual(payment);
        // R27: in the history of every channel of the card, and told to the other channel.
        expect(await w.client(w.b).listPayments({ signNo })).toEqual([payment]);
        requireNotifications(w, context, w.b);
        await vi.waitFor(
          () => {
            expect(w.eventsOf(w.b, 'payment:succeeded')).toContainEqual({ signNo, payment });
          },
          { timeout: 5_000 },
        );
      },
    ),
    conformanceCase(
      'R45',
      'named-by-order-id',
      'the same order id and content again answers the same code, even once paid; other content is ORDER_CONFLICT; an order id already paid by a payment code is ORDER_PAID',
      async (w, context) => {
        requireMerchants(w, context);
        const { signNo, code: paymentCode } = await payer(w);
        const terminal = w.terminal();
        const order = { orderId: orderId('NB'), amount: 1_200, description: '药品' };
        const first = await terminal.createOrderCode(order);
        expect(await terminal.createOrderCode(order)).toEqual(first);
        await w.refused(terminal.createOrderCode({ ...order, amount: 1_300 }), 'ORDER_CONFLICT');
        await w.refused(
          terminal.createOrderCode({ ...order, description: '另一张单' }),
          'ORDER_CONFLICT',
        );
        const { requestId } = await w.client(w.a).scanOrder({ signNo, qrText: first.qrText });
        await w.client(w.a).payOrder({ signNo, requestId, verification });
        expect(await terminal.createOrderCode(order)).toEqual(first);
        // Charged by payment code first: the order id cannot also get an order code.
        const charged = orderId('NB');
        await terminal.charge({ qrText: await paymentCode(), orderId: charged, amount: 500 });
        await w.refused(terminal.createOrderCode({ orderId: charged, amount: 500 }), 'ORDER_PAID');
      },
    ),
    conformanceCase(
      'R45',
      'pays-once',
      'a paid order code pays once: scanning it again or paying the same request again is ORDER_PAID, for anyone, and the money is taken once',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const {
          person,
          signNo,
          orderCode: code,
          preview,
        } = await scannedOrder(
          w,
          { amount: 2_000 },
          { bankBalance: 50_000, merchant: w.target.merchants?.shop },
        );
        await w.client(w.a).payOrder({ signNo, requestId: preview.requestId, verification });
        await w.refused(
          w.client(w.a).payOrder({ signNo, requestId: preview.requestId, verification }),
          'ORDER_PAID',
        );
        await w.refused(w.client(w.b).scanOrder({ signNo, qrText: code.qrText }), 'ORDER_PAID');
        const other = await payer(w);
        await w.refused(
          w.client(w.a).scanOrder({ signNo: other.signNo, qrText: code.qrText }),
          'ORDER_PAID',
        );
        expect((await balances(person.idNumber)).bank).toBe(48_000);
        expect(await w.client(w.a).listPayments({ signNo })).toHaveLength(1);
      },
    ),
    conformanceCase(
      'R45',
      'expired',
      'an order code expires after 5 minutes: scanning it, or paying a request scanned before, is QR_EXPIRED and takes nothing; a fresh code for the same order id then pays',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const advance = requireClock(w, context);
        const {
          person,
          signNo,
          terminal,
          orderId,
          orderCode: code,
          preview,
        } = await scannedOrder(w, { amount: 800 }, { bankBalance: 10_000 });
        await advance(ORDER_CODE_TTL_MS + 1_000);
        await w.refused(w.client(w.a).scanOrder({ signNo, qrText: code.qrText }), 'QR_EXPIRED');
        await w.refused(
          w.client(w.a).payOrder({ signNo, requestId: preview.requestId, verification }),
          'QR_EXPIRED',
        );
        expect((await balances(person.idNumber)).bank).toBe(10_000);
        await w.refused(terminal.getPayment({ orderId }), 'PAYMENT_NOT_FOUND');
        const fresh = await terminal.createOrderCode({ orderId, amount: 800 });
        expect(fresh.qrText).not.toBe(code.qrText);
        const again = await w.client(w.a).scanOrder({ signNo, qrText: fresh.qrText });
        await w.client(w.a).payOrder({ signNo, requestId: again.requestId, verification });
        expect((await balances(person.idNumber)).bank).toBe(9_200);
      },
    ),
    conformanceCase(
      'R45',
      'level-2-active-card',
      'only a level-2 e-card pays an order code (PAYMENT_NOT_ENABLED at scan), and not once its card is inactive (CARD_INACTIVE), taking nothing',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const terminal = w.terminal();
        const code = await terminal.createOrderCode({ orderId: orderId('L1'), amount: 300 });
        const levelOne = await payer(w, { level: 1 });
        await w.refused(
          w.client(w.a).scanOrder({ signNo: levelOne.signNo, qrText: code.qrText }),
          'PAYMENT_NOT_ENABLED',
        );
        const { person, signNo } = await payer(w, { bankBalance: 5_000 });
        const { requestId } = await w.client(w.a).scanOrder({ signNo, qrText: code.qrText });
        await w.admin.setCardStatus(person.cardNo, 'lost');
        await w.refused(
          w.client(w.a).payOrder({ signNo, requestId, verification }),
          'CARD_INACTIVE',
        );
        expect((await balances(person.idNumber)).bank).toBe(5_000);
      },
    ),
    conformanceCase(
      'R45',
      'verification',
      'paying needs user verification: a wrong password is PASSWORD_INCORRECT (counted, R11) and takes nothing; the request then pays with the right one',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo, preview } = await scannedOrder(
          w,
          { amount: 1_000 },
          { bankBalance: 5_000 },
        );
        const { requestId } = preview;
        await w.refused(
          w.client(w.a).payOrder({ signNo, requestId, verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        expect((await balances(person.idNumber)).bank).toBe(5_000);
        const paid = await w.client(w.a).payOrder({
          signNo,
          requestId,
          verification: { realPerson: await w.proof(person) },
        });
        expect(paid.amount).toBe(1_000);
        expect((await balances(person.idNumber)).bank).toBe(4_000);
      },
    ),
    conformanceCase(
      'R45',
      'request-of-another',
      'a request scanned in another channel, or by another holder, is PAYMENT_NOT_FOUND and takes nothing from anyone',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo, preview } = await scannedOrder(w, { amount: 700 });
        const { requestId } = preview;
        const other = await payer(w);
        const before = await balances(other.person.idNumber);
        await w.refused(
          w.client(w.b).payOrder({ signNo, requestId, verification }),
          'PAYMENT_NOT_FOUND',
        );
        await w.refused(
          w.client(w.a).payOrder({ signNo: other.signNo, requestId, verification }),
          'PAYMENT_NOT_FOUND',
        );
        await w.refused(
          w.client(w.a).declineOrder({ signNo: other.signNo, requestId }),
          'PAYMENT_NOT_FOUND',
        );
        expect(await balances(other.person.idNumber)).toEqual(before);
        expect((await balances(person.idNumber)).bank).toBe(10_000_000);
        // The holder's own request is untouched by all that.
        await w.client(w.a).payOrder({ signNo, requestId, verification });
      },
    ),
    conformanceCase(
      'R45',
      'not-an-order-code',
      'a tampered order code (one bit of its signature) is QR_INVALID_SIGNATURE, an e-card payment code is not an order code (QR_MALFORMED), and an order code is not a payment code to charge',
      async (w, context) => {
        requireMerchants(w, context);
        const { signNo, code: paymentCode } = await payer(w);
        const terminal = w.terminal();
        const id = orderId('TM');
        const { qrText } = await terminal.createOrderCode({ orderId: id, amount: 100 });
        // One bit of the signature flipped, still well-formed base45: the signature fails.
        const bytes = base45Decode(qrText.slice(ORDER_CODE_PREFIX.length));
        bytes[bytes.length - 1]! ^= 0x01;
        const tampered = base45Encode(bytes, ORDER_CODE_PREFIX);
        await w.refused(
          w.client(w.a).scanOrder({ signNo, qrText: tampered }),
          'QR_INVALID_SIGNATURE',
        );
        await w.refused(
          w.client(w.a).scanOrder({ signNo, qrText: await paymentCode() }),
          'QR_MALFORMED',
        );
        await w.refused(terminal.charge({ qrText, orderId: id, amount: 100 }), 'QR_MALFORMED');
      },
    ),
    conformanceCase(
      'R45',
      'decline',
      'declining takes nothing and ends that request (PAYMENT_NOT_FOUND after); the order stays unpaid and its code can be scanned and paid again',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const {
          person,
          signNo,
          terminal,
          orderId,
          orderCode: code,
          preview,
        } = await scannedOrder(w, { amount: 1_500 }, { bankBalance: 20_000 });
        const client = w.client(w.a);
        await client.declineOrder({ signNo, requestId: preview.requestId });
        await client.declineOrder({ signNo, requestId: preview.requestId });
        await w.refused(
          client.payOrder({ signNo, requestId: preview.requestId, verification }),
          'PAYMENT_NOT_FOUND',
        );
        expect((await balances(person.idNumber)).bank).toBe(20_000);
        await w.refused(terminal.getPayment({ orderId }), 'PAYMENT_NOT_FOUND');
        const again = await client.scanOrder({ signNo, qrText: code.qrText });
        await client.payOrder({ signNo, requestId: again.requestId, verification });
        expect((await terminal.getPayment({ orderId })).amount).toBe(1_500);
      },
    ),
    conformanceCase(
      'R45',
      'declined-and-refunded',
      'too little in the bank is PAYMENT_DECLINED and takes nothing, deductible included; a paid order code is refunded as any payment (R25)',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const poor = await scannedOrder(
          w,
          { amount: 5_000, items: items(5_000, 0) },
          { bankBalance: 100, medical: { coverage: 0.5, deductible: 1_000 } },
        );
        const before = await balances(poor.person.idNumber);
        await w.refused(
          w.client(w.a).payOrder({
            signNo: poor.signNo,
            requestId: poor.preview.requestId,
            verification,
          }),
          'PAYMENT_DECLINED',
        );
        expect(await balances(poor.person.idNumber)).toEqual(before);
        await w.refused(poor.terminal.getPayment({ orderId: poor.orderId }), 'PAYMENT_NOT_FOUND');
        const { person, signNo, terminal, orderId, preview } = await scannedOrder(
          w,
          { amount: 3_000 },
          { bankBalance: 10_000, merchant: w.target.merchants?.shop },
        );
        await w.client(w.a).payOrder({ signNo, requestId: preview.requestId, verification });
        const refunded = await terminal.refund({
          orderId,
          refundId: `${orderId}-R`,
          amount: 1_000,
        });
        expect(refunded).toMatchObject({ refunded: 1_000, status: 'partially_refunded' });
        expect((await balances(person.idNumber)).bank).toBe(8_000);
      },
    ),
  ],
};
