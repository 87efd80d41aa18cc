/**
 * R24 with order codes (R45), one interleaving forced rather than hoped for: the holder pays an
 * order code while the merchant, not knowing, charges a payment code under the same order id.
 * The conformance race (`R45/race-with-charge`) runs them at once and usually sees the charge
 * finish first; here the order code's payment is made to wait on the holder's lock, and the
 * charge arrives meanwhile. An order code pays under its order's lock as a charge does, so the
 * charge must wait for it and then find the order paid: one payment, the money taken once.
 * Were the order code to skip the order's lock, the charge would pass its own check of the
 * order, queue behind the order code on the holder, and pay the order a second time.
 *
 * No timers: the test waits for the events (the calls reaching the locks), read off the
 * engine's `exclusive`.
 */
import { describe, expect, it, vi } from 'vitest';
import { createPaymentTerminal } from '../../src/acceptor/index.js';
import { createClient } from '../../src/client/client.js';
import { isEsscError } from '../../src/domain/errors.js';
import type { EngineContext } from '../../src/engine/context.js';
import { MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { PASSWORD } from '../../src/testing/people.js';
import { levelTwoPayer } from './payer.js';

const PHARMACY = { id: 'GZ-PHARM-7', name: '大参林药房（北京路店）', kind: 'pharmacy' } as const;

/** Resolves when `test()` holds, checked after every call of the engine's `exclusive`. */
function watchLocks(ctx: EngineContext) {
  const calls: { key: string; settled: boolean }[] = [];
  const waiters: { test: () => boolean; resolve: () => void }[] = [];
  const original = ctx.exclusive.bind(ctx);
  vi.spyOn(ctx, 'exclusive').mockImplementation(<T>(key: string, work: () => Promise<T>) => {
    const call = { key, settled: false };
    calls.push(call);
    const running = original(key, work);
    void running.then(
      () => (call.settled = true),
      () => (call.settled = true),
    );
    for (const waiter of waiters.splice(0)) {
      if (waiter.test()) waiter.resolve();
      else waiters.push(waiter);
    }
    return running;
  });
  const until = (test: () => boolean) =>
    test()
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          waiters.push({ test, resolve });
        });
  return { calls, until, original };
}

for (const suite of ['jose', 'sm'] as const) {
  describe(`an order code paid while the same order id is charged (R24, R45, ${suite})`, () => {
    it('the charge waits for the order code and finds the order paid: one payment, the money taken once', async () => {
      const platform = new MockPlatform({ suite });
      platform.registerMerchant(PHARMACY);
      const { idNumber, signNo, code } = await levelTwoPayer(platform);
      const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter(PHARMACY.id) });
      const wechat = createClient({ adapter: platform.adapter('wechat') });
      const { qrText } = await terminal.createOrderCode({ orderId: 'POS-9', amount: 2_850 });
      const order = await wechat.scanOrder({ signNo, qrText });
      const paymentCode = await code();
      const before = platform.balances(idNumber).bank;

      const ctx = (engineOf(platform) as unknown as { ctx: EngineContext }).ctx;
      const locks = watchLocks(ctx);
      const onHolder = () => locks.calls.filter((c) => c.key === idNumber).length;
      // The holder's lock, held until the test opens it.
      let open!: () => void;
      const gate = new Promise<void>((resolve) => {
        open = resolve;
      });
      void locks.original(idNumber, () => gate);

      // 1. The order code's payment reaches the holder's lock and waits there.
      const paying = wechat
        .payOrder({ signNo, requestId: order.requestId, verification: { password: PASSWORD } })
        .then(
          (payment) => ({ payment }),
          (error: unknown) => ({ error }),
        );
      await locks.until(() => onHolder() === 1);

      // 2. The charge of the same order id arrives: it either waits on the order's lock (still
      //    held by the order code's payment) or, were that lock skipped, gets past it to the
      //    holder's. Either is the moment to open the gate.
      const orderCalls = () => locks.calls.filter((c) => c.key.startsWith('order:'));
      const charging = terminal
        .charge({ qrText: paymentCode, orderId: 'POS-9', amount: 2_850 })
        .then(
          (payment) => ({ payment }),
          (error: unknown) => ({ error }),
        );
      await locks.until(() => {
        const chargeOnOrder = orderCalls().length >= 2;
        const orderHeld = orderCalls().some((c, i) => i === 0 && !c.settled);
        return (chargeOnOrder && orderHeld) || onHolder() >= 2;
      });
      open();
      const [paid, charged] = await Promise.all([paying, charging]);

      expect('payment' in paid && paid.payment.orderId).toBe('POS-9');
      expect('error' in charged && isEsscError(charged.error)).toBe(true);
      expect(['ORDER_PAID', 'ORDER_CONFLICT']).toContain(
        'error' in charged && isEsscError(charged.error) ? charged.error.code : 'answered',
      );
      const payments = (await wechat.listPayments({ signNo })).filter((p) => p.orderId === 'POS-9');
      expect(payments).toHaveLength(1);
      expect(before - platform.balances(idNumber).bank).toBe(payments[0]!.split.selfPay);
    });
  });
}
