/**
 * Paying by scanning the merchant's code (主扫, R45): what an order code or its request refuses,
 * beside the flows in order-codes.ts — forgotten codes, cards and accounts that changed between
 * scan and pay, requests already ended, order ids shared with a payment code (R24) or with
 * another merchant.
 */
import { expect } from 'vitest';
import { PASSWORD } from '../people.js';
import { type CaseGroup, conformanceCase, requireClock } from './case.js';
import { orderId } from './order-codes.js';
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
  ],
};
