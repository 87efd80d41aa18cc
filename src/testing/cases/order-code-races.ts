/**
 * Order codes under races (R45 with R24): an order id names one payment however its ways of
 * being paid interleave. Paying the same scanned order twice at once, or paying it while the
 * merchant charges the same order id by payment code, makes one payment and takes the money
 * once; the loser is refused and changes nothing.
 */
import { expect } from 'vitest';
import { isEsscError } from '../../domain/errors.js';
import { PASSWORD } from '../people.js';
import { type CaseGroup, conformanceCase } from './case.js';
import { scannedOrder } from './order-codes.js';
import { requireMerchants } from './settlement.js';

const verification = { password: PASSWORD };

/** The one fulfilled outcome and the one refusal of two racing calls. */
function oneWinner(outcomes: PromiseSettledResult<unknown>[]) {
  const made = outcomes.filter((o) => o.status === 'fulfilled');
  const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
  expect(made).toHaveLength(1);
  expect(refused).toHaveLength(1);
  return { winner: outcomes.findIndex((o) => o.status === 'fulfilled'), refusal: refused[0] };
}

export const orderCodeRaces: CaseGroup = {
  title: 'order codes under races (R45 with R24)',
  cases: [
    conformanceCase(
      'R45',
      'race-pay-twice',
      'the same scanned order paid twice at once (two taps, two idempotency keys) makes one payment: the other is ORDER_PAID, and the money is taken once',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo, terminal, orderId, preview } = await scannedOrder(
          w,
          { amount: 2_500 },
          { bankBalance: 10_000, merchant: w.target.merchants?.shop },
        );
        const pay = () =>
          w.client(w.a).payOrder({ signNo, requestId: preview.requestId, verification });
        const { refusal } = oneWinner(await Promise.allSettled([pay(), pay()]));
        expect(isEsscError(refusal, 'ORDER_PAID')).toBe(true);
        expect((await balances(person.idNumber)).bank).toBe(7_500);
        expect(await w.client(w.a).listPayments({ signNo })).toHaveLength(1);
        expect((await terminal.getPayment({ orderId })).amount).toBe(2_500);
      },
    ),
    conformanceCase(
      'R45',
      'race-with-charge',
      'an order code paid while the merchant charges the same order id by payment code (R24): one of the two succeeds, the other is refused (ORDER_PAID or ORDER_CONFLICT), and the money is taken once',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo, code, terminal, orderId, preview } = await scannedOrder(
          w,
          { amount: 4_000 },
          { bankBalance: 10_000, merchant: w.target.merchants?.shop },
        );
        const paymentCode = await code();
        const { winner, refusal } = oneWinner(
          await Promise.allSettled([
            w.client(w.a).payOrder({ signNo, requestId: preview.requestId, verification }),
            terminal.charge({ qrText: paymentCode, orderId, amount: 4_000 }),
          ]),
        );
        expect(isEsscError(refusal, winner === 0 ? 'ORDER_CONFLICT' : 'ORDER_PAID')).toBe(true);
        expect((await balances(person.idNumber)).bank).toBe(6_000);
        expect(await w.client(w.b).listPayments({ signNo })).toHaveLength(1);
        expect(await terminal.getPayment({ orderId })).toMatchObject({ orderId, amount: 4_000 });
      },
    ),
  ],
};
