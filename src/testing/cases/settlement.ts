/**
 * Paying with the e-card (R21–R25): a merchant's terminal charges the payment code a holder
 * shows, the platform settles it to the fen (R23), an order id names one charge (R24) and a
 * refund id one refund (R25). Driven through `createPaymentTerminal` on the target's merchant
 * adapter and the channel clients; balances read through the admin controls.
 */
import { expect, type TestContext } from 'vitest';
import { isEsscError } from '../../domain/errors.js';
import type { PaymentItem } from '../../domain/types.js';
import { PASSWORD } from '../people.js';
import type { PersonBalances } from '../target.js';
import type { PersonOptions, World } from '../world.js';
import { type CaseGroup, conformanceCase, requireClock } from './case.js';

/** A dynamic QR code lives 60 s by default (R15). */
const QR_TTL_MS = 60_000;

/**
 * Skips the rest of a payment case when the target has no merchants or cannot read balances,
 * and answers the balance reader.
 */
export function requireMerchants(
  w: World,
  context: TestContext,
): (idNumber: string) => Promise<PersonBalances> {
  const { admin } = w.target;
  if (!w.target.merchants) {
    return context.skip('the target has no merchants: the payment cases need one to charge');
  }
  if (!admin.balances) {
    return context.skip('the target admin has no balances(): settlement cannot be checked');
  }
  const balances = admin.balances.bind(admin);
  return async (idNumber) => balances(idNumber);
}

/** Lines of a bill: `covered` fen settled by insurance, `self` fen not. */
export const items = (covered: number, self: number): PaymentItem[] => [
  ...(covered
    ? [{ code: 'D-1', name: '药品', amount: covered, coverage: 'covered' as const }]
    : []),
  ...(self ? [{ code: 'F-1', name: '挂号费', amount: self, coverage: 'self' as const }] : []),
];

/**
 * A holder bound in channels A and B, at level 2 unless told (the bank account active), with
 * the given money; `code()` issues a fresh payment code in channel A.
 */
export async function payer(
  w: World,
  options: Pick<PersonOptions, 'bankBalance' | 'medical'> & { level?: 1 | 2 } = {},
) {
  const { level = 2, ...money } = options;
  const person = await w.person({ bankAccountActive: true, ...money });
  const { signNo } = await w.apply(person, w.a);
  await w.apply(person, w.b);
  const verification = { password: PASSWORD };
  if (level === 2) await w.client(w.a).enablePayment({ signNo, verification });
  const code = async (purpose: 'payment' | 'identity' = 'payment') =>
    (
      await w
        .client(w.a)
        .issueQr(purpose === 'payment' ? { signNo, purpose, verification } : { signNo, purpose })
    ).text;
  return { person, signNo, code };
}

let orders = 0;
/** An order id no other case uses (targets may outlive one case). */
const orderId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${++orders}`;

export const settlement: CaseGroup = {
  title: 'payments and medical settlement (R21–R25)',
  cases: [
    conformanceCase(
      'R23',
      'split',
      'a hospital charge is split between the pooled fund, the personal account and the bank, in fen, past the deductible',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, code } = await payer(w, {
          bankBalance: 100_000,
          medical: { personalAccount: 5_000, coverage: 0.7, deductible: 10_000 },
        });
        const id = orderId('HIS');
        const payment = await w.terminal().charge({
          qrText: await code(),
          orderId: id,
          amount: 36_500,
          items: items(30_000, 6_500),
        });
        // d = 10 000; pooled = floor(20 000 × 7 000 / 10 000) = 14 000; personal = 5 000; self = 17 500
        expect(payment.split).toEqual({
          pooledFund: 14_000,
          personalAccount: 5_000,
          selfPay: 17_500,
        });
        expect(payment).toMatchObject({
          orderId: id,
          merchantId: w.target.merchants?.hospital,
          amount: 36_500,
          refunded: 0,
          status: 'succeeded',
        });
        expect(payment.holderName).not.toBe(person.name);
        expect(await balances(person.idNumber)).toEqual({
          bank: 82_500,
          personalAccount: 0,
          deductibleLeft: 0,
        });
      },
    ),
    conformanceCase(
      'R23',
      'rounding',
      'the pooled fund is rounded down in integers: 333 covered fen at coverage 0.7 is 233, the rest self-paid',
      async (w, context) => {
        requireMerchants(w, context);
        const { code } = await payer(w, { medical: { coverage: 0.7 } });
        const payment = await w.terminal().charge({
          qrText: await code(),
          orderId: orderId('HIS'),
          amount: 333,
          items: items(333, 0),
        });
        expect(payment.split).toEqual({ pooledFund: 233, personalAccount: 0, selfPay: 100 });
      },
    ),
    conformanceCase(
      'R23',
      'self-items-and-other-merchants',
      'without items the whole amount is self items (personal account, then bank); a non-medical merchant never settles insurance',
      async (w, context) => {
        requireMerchants(w, context);
        const { code } = await payer(w, { medical: { personalAccount: 1_000, coverage: 0.9 } });
        const plain = await w.terminal().charge({
          qrText: await code(),
          orderId: orderId('HIS'),
          amount: 800,
        });
        expect(plain.split).toEqual({ pooledFund: 0, personalAccount: 800, selfPay: 0 });
        const shop = w.target.merchants?.shop;
        const bought = await w.terminal(shop).charge({
          qrText: await code(),
          orderId: orderId('SHOP'),
          amount: 400,
          items: items(400, 0),
        });
        expect(bought.split).toEqual({ pooledFund: 0, personalAccount: 0, selfPay: 400 });
      },
    ),
    conformanceCase(
      'R23',
      'decline-takes-nothing',
      'a bank balance below the self-paid part is PAYMENT_DECLINED: no source is touched, the deductible included, and the order id stays free',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, code } = await payer(w, {
          bankBalance: 1_000,
          medical: { personalAccount: 2_000, coverage: 0.5, deductible: 3_000 },
        });
        const before = await balances(person.idNumber);
        const id = orderId('HIS');
        await w.refused(
          w.terminal().charge({
            qrText: await code(),
            orderId: id,
            amount: 20_000,
            items: items(10_000, 10_000),
          }),
          'PAYMENT_DECLINED',
        );
        expect(await balances(person.idNumber)).toEqual(before);
        await w.refused(w.terminal().getPayment({ orderId: id }), 'PAYMENT_NOT_FOUND');
        // The order id is still free: a charge the holder can afford takes it.
        const paid = await w.terminal().charge({ qrText: await code(), orderId: id, amount: 900 });
        expect(paid).toMatchObject({ orderId: id, amount: 900 });
      },
    ),
    conformanceCase(
      'R21',
      'single-use',
      'a payment code pays once: the same code for another order is QR_REPLAYED, and nothing more is taken',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, code } = await payer(w, { bankBalance: 10_000 });
        const qrText = await code();
        await w.terminal().charge({ qrText, orderId: orderId('A'), amount: 100 });
        await w.refused(
          w.terminal().charge({ qrText, orderId: orderId('A'), amount: 100 }),
          'QR_REPLAYED',
        );
        expect((await balances(person.idNumber)).bank).toBe(9_900);
      },
    ),
    conformanceCase(
      'R21',
      'identity-code-and-level-1',
      'an identity code cannot pay, nor the code of a level-1 e-card: PAYMENT_NOT_ENABLED',
      async (w, context) => {
        requireMerchants(w, context);
        const level2 = await payer(w);
        await w.refused(
          w.terminal().charge({
            qrText: await level2.code('identity'),
            orderId: orderId('A'),
            amount: 100,
          }),
          'PAYMENT_NOT_ENABLED',
        );
        const level1 = await payer(w, { level: 1 });
        await w.refused(
          w.terminal().charge({
            qrText: await level1.code('identity'),
            orderId: orderId('A'),
            amount: 100,
          }),
          'PAYMENT_NOT_ENABLED',
        );
      },
    ),
    conformanceCase(
      'R21',
      'card-lost-after-issue',
      'a card reported lost between the code being issued and charged is CARD_INACTIVE, and nothing is taken',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, code } = await payer(w);
        const qrText = await code();
        const before = await balances(person.idNumber);
        await w.admin.setCardStatus(person.cardNo, 'lost');
        await w.refused(
          w.terminal().charge({ qrText, orderId: orderId('A'), amount: 100 }),
          'CARD_INACTIVE',
        );
        expect(await balances(person.idNumber)).toEqual(before);
      },
    ),
    conformanceCase(
      'R21',
      'expired-code',
      'a payment code charged after it expired is QR_EXPIRED',
      async (w, context) => {
        requireMerchants(w, context);
        const advance = requireClock(w, context);
        const { code } = await payer(w);
        const qrText = await code();
        await advance(QR_TTL_MS + 1_000);
        await w.refused(
          w.terminal().charge({ qrText, orderId: orderId('A'), amount: 100 }),
          'QR_EXPIRED',
        );
      },
    ),
    conformanceCase(
      'R24',
      'lost-answer',
      'the same charge retried after its answer was lost (committed) returns the first payment: one charge, money taken once',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { failNext } = w.admin;
        if (!failNext) {
          return context.skip('the target admin has no failNext(): an answer cannot be lost');
        }
        const { person, signNo, code } = await payer(w, { bankBalance: 10_000 });
        const input = { qrText: await code(), orderId: orderId('A'), amount: 2_500 };
        await failNext.call(w.admin, 'charge', { afterCommit: true });
        // An adapter with retries of its own may settle it by itself; otherwise the cashier
        // sees a retryable failure: the outcome is unknown, never a verdict.
        const outcome = await w
          .terminal()
          .charge(input)
          .then(
            (payment) => ({ payment }),
            (error: unknown) => ({ error }),
          );
        if ('error' in outcome) {
          expect(isEsscError(outcome.error) && outcome.error.retryable).toBe(true);
        }
        const retried = await w.terminal().charge(input);
        if ('payment' in outcome) expect(outcome.payment.paymentId).toBe(retried.paymentId);
        const looked = await w.terminal().getPayment({ orderId: input.orderId });
        expect(looked.paymentId).toBe(retried.paymentId);
        expect((await balances(person.idNumber)).bank).toBe(7_500);
        expect(await w.client(w.b).listPayments({ signNo })).toHaveLength(1);
      },
    ),
    conformanceCase(
      'R24',
      'order-conflict',
      'the same order id with another amount, other items or another code is ORDER_CONFLICT',
      async (w, context) => {
        requireMerchants(w, context);
        const { code } = await payer(w);
        const qrText = await code();
        const id = orderId('A');
        await w.terminal().charge({ qrText, orderId: id, amount: 1_000, items: items(1_000, 0) });
        await w.refused(
          w.terminal().charge({ qrText, orderId: id, amount: 900 }),
          'ORDER_CONFLICT',
        );
        await w.refused(
          w.terminal().charge({ qrText, orderId: id, amount: 1_000, items: items(0, 1_000) }),
          'ORDER_CONFLICT',
        );
        await w.refused(
          w.terminal().charge({
            qrText: await code(),
            orderId: id,
            amount: 1_000,
            items: items(1_000, 0),
          }),
          'ORDER_CONFLICT',
        );
      },
    ),
    conformanceCase(
      'R22',
      'checked-before-sent',
      'amounts that are not integer fen in 1–5 000 000, and items that do not sum, are VALIDATION_FAILED before anything is sent',
      async (w, context) => {
        requireMerchants(w, context);
        const { code } = await payer(w);
        const qrText = await code();
        const t = w.terminal();
        await w.refused(
          t.charge({ qrText, orderId: orderId('V'), amount: 10.5 }),
          'VALIDATION_FAILED',
        );
        await w.refused(
          t.charge({ qrText, orderId: orderId('V'), amount: 0 }),
          'VALIDATION_FAILED',
        );
        await w.refused(
          t.charge({ qrText, orderId: orderId('V'), amount: 5_000_001 }),
          'VALIDATION_FAILED',
        );
        await w.refused(
          t.charge({ qrText, orderId: orderId('V'), amount: 1_000, items: items(500, 400) }),
          'VALIDATION_FAILED',
        );
        // Nothing reached the platform: the code is still good.
        await t.charge({ qrText, orderId: orderId('V'), amount: 1_000 });
      },
    ),
    conformanceCase(
      'R25',
      'refunds-in-order-capped',
      'refunds go back self-pay first, then the personal account, then the pooled fund; a refund id applies once; all of them at most the amount, also on a card lost since',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, code } = await payer(w, {
          bankBalance: 100_000,
          medical: { personalAccount: 3_000, coverage: 0.8, deductible: 0 },
        });
        const id = orderId('R');
        const t = w.terminal();
        const paid = await t.charge({
          qrText: await code(),
          orderId: id,
          amount: 10_000,
          items: items(10_000, 0),
        });
        expect(paid.split).toEqual({ pooledFund: 8_000, personalAccount: 2_000, selfPay: 0 });
        const first = await t.refund({ orderId: id, refundId: `${id}-a`, amount: 1_500 });
        expect(first).toMatchObject({ refunded: 1_500, status: 'partially_refunded' });
        expect((await balances(person.idNumber)).personalAccount).toBe(2_500);
        // The same refund id again changes nothing; with another amount it is a conflict.
        await t.refund({ orderId: id, refundId: `${id}-a`, amount: 1_500 });
        expect((await balances(person.idNumber)).personalAccount).toBe(2_500);
        await w.refused(
          t.refund({ orderId: id, refundId: `${id}-a`, amount: 100 }),
          'ORDER_CONFLICT',
        );
        await w.refused(
          t.refund({ orderId: id, refundId: `${id}-b`, amount: 8_501 }),
          'REFUND_EXCEEDED',
        );
        await w.admin.setCardStatus(person.cardNo, 'lost');
        const rest = await t.refund({ orderId: id, refundId: `${id}-c` });
        expect(rest).toMatchObject({ refunded: 10_000, status: 'refunded' });
        expect(await balances(person.idNumber)).toMatchObject({
          bank: 100_000,
          personalAccount: 3_000,
        });
        await w.refused(t.refund({ orderId: id, refundId: `${id}-d` }), 'REFUND_EXCEEDED');
        await w.refused(
          t.refund({ orderId: orderId('NONE'), refundId: `${id}-x` }),
          'PAYMENT_NOT_FOUND',
        );
      },
    ),
    conformanceCase(
      'R25',
      'deductible-kept',
      'a refund does not give the deductible back',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, code } = await payer(w, { medical: { deductible: 5_000 } });
        const id = orderId('R');
        await w.terminal().charge({
          qrText: await code(),
          orderId: id,
          amount: 4_000,
          items: items(4_000, 0),
        });
        await w.terminal().refund({ orderId: id, refundId: `${id}-a` });
        expect((await balances(person.idNumber)).deductibleLeft).toBe(1_000);
      },
    ),
  ],
};
