/**
 * Paying by scanning the merchant's code (主扫, R45): what an order code or its request refuses,
 * beside the flows in order-codes.ts — forgotten codes, cards and accounts that changed between
 * scan and pay, requests already ended, order ids shared with a payment code (R24) or with
 * another merchant.
 */
import { expect } from 'vitest';
import { PASSWORD } from '../people.js';
import { type CaseGroup, conformanceCase, requireClock } from './case.js';
import { orderId, scannedOrder } from './order-codes.js';
import { payer, requireMerchants } from './settlement.js';

const MINUTE_MS = 60_000;
const verification = { password: PASSWORD };

export const orderCodeRefusals: CaseGroup = {
  title: "refusals of the merchant's order code (R45)",
  cases: [
    conformanceCase(
      'R45',
      'forgotten-code',
      'a request of a code the platform has since forgotten (expired, then more codes made) is refused and takes nothing: a request outliving a younger one is PAYMENT_NOT_FOUND, the younger still QR_EXPIRED',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const advance = requireClock(w, context);
        const { person, signNo } = await payer(w, { bankBalance: 10_000 });
        const terminal = w.terminal();
        const client = w.client(w.a);
        const older = await terminal.createOrderCode({ orderId: orderId('FG'), amount: 100 });
        await advance(4 * MINUTE_MS);
        const younger = await terminal.createOrderCode({ orderId: orderId('FG'), amount: 100 });
        // Scanned younger first: requests are not kept in the order their codes expire.
        const ofYounger = await client.scanOrder({ signNo, qrText: younger.qrText });
        await advance(MINUTE_MS / 2);
        const ofOlder = await client.scanOrder({ signNo, qrText: older.qrText });
        // Past the older code's expiry + 10 minutes, not the younger's; a new code sweeps.
        await advance(11 * MINUTE_MS);
        await terminal.createOrderCode({ orderId: orderId('FG'), amount: 100 });
        await w.refused(
          client.payOrder({ signNo, requestId: ofOlder.requestId, verification }),
          'PAYMENT_NOT_FOUND',
        );
        await w.refused(
          client.payOrder({ signNo, requestId: ofYounger.requestId, verification }),
          'QR_EXPIRED',
        );
        await w.refused(
          client.declineOrder({ signNo, requestId: ofOlder.requestId }),
          'PAYMENT_NOT_FOUND',
        );
        expect((await balances(person.idNumber)).bank).toBe(10_000);
      },
    ),
    conformanceCase(
      'R45',
      'changed-between-scan-and-pay',
      'between scan and pay: a bank account deactivated is PAYMENT_NOT_ENABLED, the channel unbound is NOT_BOUND; each takes nothing and pays nothing to the merchant',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const setBankAccountActive = w.admin.setBankAccountActive?.bind(w.admin);
        if (!setBankAccountActive) {
          return context.skip("the target's admin has no setBankAccountActive");
        }
        const inactive = await scannedOrder(w, { amount: 600 }, { bankBalance: 5_000 });
        await setBankAccountActive(inactive.person.cardNo, false);
        await w.refused(
          w.client(w.a).payOrder({
            signNo: inactive.signNo,
            requestId: inactive.preview.requestId,
            verification,
          }),
          'PAYMENT_NOT_ENABLED',
        );
        expect((await balances(inactive.person.idNumber)).bank).toBe(5_000);
        await w.refused(
          inactive.terminal.getPayment({ orderId: inactive.orderId }),
          'PAYMENT_NOT_FOUND',
        );
        const unbound = await scannedOrder(w, { amount: 600 }, { bankBalance: 5_000 });
        await w.client(w.a).unbind({ signNo: unbound.signNo, verification });
        await w.refused(
          w.client(w.a).payOrder({
            signNo: unbound.signNo,
            requestId: unbound.preview.requestId,
            verification,
          }),
          'NOT_BOUND',
        );
        expect((await balances(unbound.person.idNumber)).bank).toBe(5_000);
        await w.refused(
          unbound.terminal.getPayment({ orderId: unbound.orderId }),
          'PAYMENT_NOT_FOUND',
        );
      },
    ),
    conformanceCase(
      'R45',
      'inactive-card-at-scan',
      'a card not normal cannot scan an order code: CARD_INACTIVE, and no request is made',
      async (w, context) => {
        requireMerchants(w, context);
        const { person, signNo } = await payer(w);
        const { qrText } = await w
          .terminal()
          .createOrderCode({ orderId: orderId('IN'), amount: 100 });
        await w.admin.setCardStatus(person.cardNo, 'sealed');
        await w.refused(w.client(w.a).scanOrder({ signNo, qrText }), 'CARD_INACTIVE');
      },
    ),
    conformanceCase(
      'R45',
      'decline-paid',
      'declining a request that paid is ORDER_PAID and changes nothing: the payment stands',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const {
          person,
          signNo,
          terminal,
          orderId: id,
          preview,
        } = await scannedOrder(w, { amount: 900 }, { bankBalance: 5_000 });
        const payment = await w
          .client(w.a)
          .payOrder({ signNo, requestId: preview.requestId, verification });
        await w.refused(
          w.client(w.a).declineOrder({ signNo, requestId: preview.requestId }),
          'ORDER_PAID',
        );
        expect(await terminal.getPayment({ orderId: id })).toEqual(payment);
        expect((await balances(person.idNumber)).bank).toBe(4_100);
      },
    ),
    conformanceCase(
      'R24',
      'order-code-then-charge',
      'an order id paid by order code, then charged by payment code (not racing), is ORDER_CONFLICT (another code): nothing more is taken and the payment stands',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const {
          person,
          signNo,
          terminal,
          orderId: id,
          preview,
        } = await scannedOrder(w, { amount: 700 }, { bankBalance: 5_000 });
        const payment = await w
          .client(w.a)
          .payOrder({ signNo, requestId: preview.requestId, verification });
        const code = (await w.client(w.a).issueQr({ signNo, purpose: 'payment', verification }))
          .text;
        await w.refused(
          terminal.charge({ qrText: code, orderId: id, amount: 700 }),
          'ORDER_CONFLICT',
        );
        expect(await terminal.getPayment({ orderId: id })).toEqual(payment);
        expect((await balances(person.idNumber)).bank).toBe(4_300);
      },
    ),
    conformanceCase(
      'R45',
      'order-id-per-merchant',
      'an order id names an order of one merchant: the same id at another merchant is another order, paid on its own',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo } = await payer(w, { bankBalance: 5_000 });
        const id = orderId('TWO');
        const hospital = w.terminal(w.target.merchants?.hospital);
        const shop = w.terminal(w.target.merchants?.shop);
        const client = w.client(w.a);
        const atHospital = await hospital.createOrderCode({ orderId: id, amount: 400 });
        const atShop = await shop.createOrderCode({ orderId: id, amount: 250 });
        const first = await client.scanOrder({ signNo, qrText: atHospital.qrText });
        await client.payOrder({ signNo, requestId: first.requestId, verification });
        const second = await client.scanOrder({ signNo, qrText: atShop.qrText });
        expect(second.merchant.id).toBe(w.target.merchants?.shop);
        await client.payOrder({ signNo, requestId: second.requestId, verification });
        expect((await hospital.getPayment({ orderId: id })).amount).toBe(400);
        expect((await shop.getPayment({ orderId: id })).amount).toBe(250);
        expect((await balances(person.idNumber)).bank).toBe(4_350);
      },
    ),
  ],
};
