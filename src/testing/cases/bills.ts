/**
 * Bills, payment history and what the bound channels are told (R26, R27): a holder pays a
 * bill once from the bank account, every channel of the e-card lists its payments and bills,
 * and hears of payments, refunds and paid bills.
 */
import { expect, type TestContext, vi } from 'vitest';
import type { BillKind } from '../../domain/types.js';
import { PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase, requireNotifications } from './case.js';
import { payer, requireMerchants } from './settlement.js';

/** Skips the rest of a bill case when the target cannot add bills; answers the adder. */
export function requireBills(
  w: World,
  context: TestContext,
): (input: { idNumber: string; kind: BillKind; title: string; amount: number }) => Promise<string> {
  const { admin } = w.target;
  if (!admin.addBill) return context.skip('the target admin has no addBill(): no bill to pay');
  const addBill = admin.addBill.bind(admin);
  return async (input) => (await addBill(input)).billId;
}

const verification = { password: PASSWORD };

export const bills: CaseGroup = {
  title: 'bills, payment history and notifications (R26, R27)',
  cases: [
    conformanceCase(
      'R26',
      'paid-once',
      'a bill is paid once from the bank account (BILL_ALREADY_PAID after); an unknown one is BILL_NOT_FOUND; too little money is PAYMENT_DECLINED',
      async (w, context) => {
        const balances = requireMerchants(w, context);
        const addBill = requireBills(w, context);
        const { person, signNo } = await payer(w, { bankBalance: 10_000 });
        const { idNumber } = person;
        const billId = await addBill({ idNumber, kind: 'exam', title: '会计考试', amount: 5_600 });
        const big = await addBill({ idNumber, kind: 'training', title: '培训', amount: 9_000 });
        const listed = await w.client(w.b).listBills({ signNo });
        expect(listed.map((b) => [b.billId, b.status])).toEqual([
          [big, 'unpaid'],
          [billId, 'unpaid'],
        ]);
        const paid = await w.client(w.a).payBill({ signNo, billId, verification });
        expect(paid).toMatchObject({ billId, status: 'paid', amount: 5_600, kind: 'exam' });
        expect((await balances(idNumber)).bank).toBe(4_400);
        await w.refused(
          w.client(w.b).payBill({ signNo, billId, verification }),
          'BILL_ALREADY_PAID',
        );
        await w.refused(
          w.client(w.a).payBill({ signNo, billId: 'bill_none', verification }),
          'BILL_NOT_FOUND',
        );
        await w.refused(
          w.client(w.a).payBill({ signNo, billId: big, verification }),
          'PAYMENT_DECLINED',
        );
        expect((await balances(idNumber)).bank).toBe(4_400);
        expect(
          (await w.client(w.b).listBills({ signNo })).find((b) => b.billId === billId),
        ).toMatchObject({ status: 'paid' });
      },
    ),
    conformanceCase(
      'R26',
      'level-1',
      'a level-1 e-card cannot pay a bill: PAYMENT_NOT_ENABLED',
      async (w, context) => {
        requireMerchants(w, context);
        const addBill = requireBills(w, context);
        const { person, signNo } = await payer(w, { level: 1 });
        const billId = await addBill({
          idNumber: person.idNumber,
          kind: 'insurance',
          title: '参保缴费',
          amount: 100,
        });
        await w.refused(
          w.client(w.a).payBill({ signNo, billId, verification }),
          'PAYMENT_NOT_ENABLED',
        );
      },
    ),
    conformanceCase(
      'R27',
      'history',
      'every bound channel lists every payment of the e-card, newest first, whichever channel showed the code, without the ID number',
      async (w, context) => {
        requireMerchants(w, context);
        const { person, signNo, code } = await payer(w);
        const t = w.terminal();
        const first = `H1-${Date.now().toString(36)}`;
        const second = `H2-${Date.now().toString(36)}`;
        await t.charge({ qrText: await code(), orderId: first, amount: 300 });
        // The second code is shown in channel B.
        const fromB = await w.client(w.b).issueQr({ signNo, purpose: 'payment', verification });
        await t.charge({ qrText: fromB.text, orderId: second, amount: 200 });
        await t.refund({ orderId: first, refundId: `${first}-r`, amount: 100 });
        for (const channel of [w.a, w.b]) {
          const history = await w.client(channel).listPayments({ signNo });
          expect(history.map((p) => [p.orderId, p.status, p.refunded])).toEqual([
            [second, 'succeeded', 0],
            [first, 'partially_refunded', 100],
          ]);
          expect(JSON.stringify(history)).not.toContain(person.idNumber);
        }
      },
    ),
    conformanceCase(
      'R27',
      'channels-told',
      "the card's bound channels are told of payments, refunds and paid bills (payment:succeeded, payment:refunded, bill:paid)",
      async (w, context) => {
        requireMerchants(w, context);
        const addBill = requireBills(w, context);
        requireNotifications(w, context, w.b);
        const { person, signNo, code } = await payer(w);
        const id = `N-${Date.now().toString(36)}`;
        await w.terminal().charge({ qrText: await code(), orderId: id, amount: 300 });
        await w.terminal().refund({ orderId: id, refundId: `${id}-r`, amount: 100 });
        const billId = await addBill({
          idNumber: person.idNumber,
          kind: 'exam',
          title: '考试',
          amount: 50,
        });
        await w.client(w.a).payBill({ signNo, billId, verification });
        await vi.waitFor(
          () => {
            expect(w.eventsOf(w.b, 'payment:succeeded')).toContainEqual({
              signNo,
              payment: expect.objectContaining({ orderId: id, status: 'succeeded' }),
            });
            expect(w.eventsOf(w.b, 'payment:refunded')).toContainEqual({
              signNo,
              payment: expect.objectContaining({ orderId: id, refunded: 100 }),
            });
            expect(w.eventsOf(w.b, 'bill:paid')).toContainEqual({
              signNo,
              bill: expect.objectContaining({ billId, status: 'paid' }),
            });
          },
          { timeout: 5_000 },
        );
      },
    ),
  ],
};
