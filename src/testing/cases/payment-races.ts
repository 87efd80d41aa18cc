/**
 * Payments under attack (DESIGN §6.0): what a hostile merchant or an unlucky interleaving
 * must not get. A refund id names one refund however two refunds interleave (R25), and a
 * payment code stops paying once the binding that showed it is gone (R12, R21).
 */
import { expect } from 'vitest';
import { isEsscError } from '../../domain/errors.js';
import { PASSWORD } from '../people.js';
import { type CaseGroup, conformanceCase } from './case.js';
import { items, payer, requireMerchants } from './settlement.js';

let orders = 0;
/** An order id no other case uses (targets may outlive one case). */
const orderId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-r${++orders}`;

export const paymentRaces: CaseGroup = {
  title: 'payments under attack (R12, R21, R25 as amended)',
  cases: [
    conformanceCase(
      'R25',
      'refund-id-across-orders',
      'one refund id on two orders of one merchant, sent at once while the holder has a call in flight: one refund is made, the other is ORDER_CONFLICT, and retrying the one made answers it',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo, code } = await payer(w, { bankBalance: 100_000 });
        const t = w.terminal();
        const a = orderId('RA');
        const b = orderId('RB');
        await t.charge({ qrText: await code(), orderId: a, amount: 3_000 });
        await t.charge({ qrText: await code(), orderId: b, amount: 5_000 });
        const refundId = orderId('RF');
        // Queries hold the holder while their passwords are checked. Once the first is
        // answered the next holds the holder already, so both refunds queue behind it.
        const queries = [1, 2, 3, 4].map(() =>
          w.client(w.b).query({ signNo, topic: 'insurance', verification: { password: PASSWORD } }),
        );
        await queries[0];
        const outcomes = await Promise.allSettled([
          t.refund({ orderId: a, refundId, amount: 1_000 }),
          t.refund({ orderId: b, refundId, amount: 1_000 }),
        ]);
        await Promise.all(queries);
        const made = outcomes.filter((o) => o.status === 'fulfilled');
        const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
        expect(made).toHaveLength(1);
        expect(refused).toHaveLength(1);
        expect(isEsscError(refused[0], 'ORDER_CONFLICT')).toBe(true);
        // Money went back once.
        expect((await balances(person.idNumber)).bank).toBe(100_000 - 8_000 + 1_000);
        // The refund that was made is still the one the id names: its retry answers it.
        const winner = outcomes[0]!.status === 'fulfilled' ? a : b;
        const retried = await t.refund({ orderId: winner, refundId, amount: 1_000 });
        expect(retried).toMatchObject({ orderId: winner, refunded: 1_000 });
        expect((await balances(person.idNumber)).bank).toBe(100_000 - 8_000 + 1_000);
      },
    ),
    conformanceCase(
      'R21',
      'code-outlives-binding',
      'a payment code shown just before the holder unbinds that channel is refused with NOT_BOUND and takes nothing; a code shown in a channel still bound pays',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const { person, signNo, code } = await payer(w, {
          bankBalance: 50_000,
          medical: { personalAccount: 1_000 },
        });
        const before = await balances(person.idNumber);
        const shown = await code();
        await w.client(w.a).unbind({ signNo, verification: { password: PASSWORD } });
        await w.refused(
          w.terminal().charge({
            qrText: shown,
            orderId: orderId('UB'),
            amount: 2_000,
            items: items(0, 2_000),
          }),
          'NOT_BOUND',
        );
        expect(await balances(person.idNumber)).toEqual(before);
        // The binding in channel B is untouched (R12): its code pays.
        const fromB = await w.client(w.b).issueQr({
          signNo,
          purpose: 'payment',
          verification: { password: PASSWORD },
        });
        const paid = await w
          .terminal()
          .charge({ qrText: fromB.text, orderId: orderId('UB'), amount: 2_000 });
        expect(paid.amount).toBe(2_000);
      },
    ),
  ],
};
