/**
 * R24 as amended (DESIGN §6.0): a lookup never says "not charged" while the charge of that
 * order is still being made. A merchant whose charge timed out follows the guide: it asks
 * (`getPayment`), and on PAYMENT_NOT_FOUND charges anew. Were that answer given while the first
 * charge was still at work, the holder would pay twice.
 *
 * The charge is held in flight deterministically: the holder's lock (which every charge takes
 * after it has consumed the code) is held by a gate until the test opens it. Over the wire the
 * test waits for the event (the lookup answering PAYMENT_PENDING), never for a time.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPaymentTerminal } from '../../src/acceptor/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import type { EngineContext } from '../../src/engine/context.js';
import { createHttpMerchantAdapter, generateCallerKeyPair } from '../../src/http/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { levelTwoPayer } from './payer.js';

let sandbox: RunningSandbox | undefined;

afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** Holds the holder's lock until `open()`: charges of their codes stay in flight meanwhile. */
function holdHolder(platform: MockPlatform, idNumber: string) {
  const ctx = (engineOf(platform) as unknown as { ctx: EngineContext }).ctx;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const held = ctx.exclusive(idNumber, () => gate);
  return { open, held };
}

async function world(suite: 'jose' | 'sm', paymentLookupWaitMs?: number) {
  const platform = new MockPlatform({
    suite,
    ...(paymentLookupWaitMs === undefined ? {} : { paymentLookupWaitMs }),
  });
  const { idNumber, code } = await levelTwoPayer(platform);
  return { platform, idNumber, code };
}

const codeOf = (call: Promise<unknown>) =>
  call.then(
    () => 'answered',
    (e: unknown) => (isEsscError(e) ? e.code : e),
  );

for (const suite of ['jose', 'sm'] as const) {
  describe(`a lookup during a charge (R24, ${suite} suite)`, () => {
    it('waits for the charge in flight and answers its payment, never PAYMENT_NOT_FOUND; the merchant then charges nothing twice', async () => {
      const { platform, idNumber, code } = await world(suite);
      platform.registerMerchant({ id: 'GZ-HOSP-1', name: '第一人民医院', kind: 'hospital' });
      const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
      const before = platform.balances(idNumber).bank;
      const qrText = await code();
      const hold = holdHolder(platform, idNumber);
      const charging = terminal.charge({ qrText, orderId: 'HIS-1', amount: 3_650 });
      const lookup = terminal.getPayment({ orderId: 'HIS-1' });
      hold.open();
      const [charged, looked] = await Promise.all([charging, lookup]);
      expect(looked.paymentId).toBe(charged.paymentId);
      expect(platform.balances(idNumber).bank).toBe(before - 3_650);
    });

    it('answers a retryable PAYMENT_PENDING when the charge outlasts the wait; once it commits, the lookup answers it', async () => {
      const { platform, idNumber, code } = await world(suite, 0);
      platform.registerMerchant({ id: 'GZ-HOSP-1', name: '第一人民医院', kind: 'hospital' });
      const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
      const [qrText, fresh] = [await code(), await code()];
      const hold = holdHolder(platform, idNumber);
      const charging = terminal.charge({ qrText, orderId: 'HIS-2', amount: 3_650 });
      const pending = await terminal.getPayment({ orderId: 'HIS-2' }).catch((e: unknown) => e);
      expect(isEsscError(pending, 'PAYMENT_PENDING') && pending.retryable).toBe(true);
      // A fresh code under the same order id while it is pending is not a second charge.
      const again = terminal.charge({ qrText: fresh, orderId: 'HIS-2', amount: 3_650 });
      hold.open();
      const charged = await charging;
      expect(await codeOf(again)).toBe('ORDER_CONFLICT');
      expect((await terminal.getPayment({ orderId: 'HIS-2' })).paymentId).toBe(charged.paymentId);
      await expect(terminal.getPayment({ orderId: 'HIS-NONE' })).rejects.toMatchObject({
        code: 'PAYMENT_NOT_FOUND',
      });
    });

    it('over http → sandbox: a lookup while the charge is held answers PAYMENT_PENDING (retryable), then the payment', async () => {
      const { platform, idNumber, code } = await world(suite, 0);
      const key = await generateCallerKeyPair(suite === 'sm' ? 'SM2' : 'EdDSA');
      platform.registerMerchant({
        id: 'GZ-HOSP-1',
        name: '第一人民医院',
        kind: 'hospital',
        publicKey: key.publicJwk,
      });
      sandbox = await startSandbox({ platform, port: 0 });
      const terminal = createPaymentTerminal({
        adapter: createHttpMerchantAdapter({
          baseUrl: sandbox.url,
          merchantId: 'GZ-HOSP-1',
          merchantKey: key.privateJwk,
        }),
      });
      const qrText = await code();
      const hold = holdHolder(platform, idNumber);
      const charging = terminal.charge({ qrText, orderId: 'HIS-3', amount: 3_650 });
      // Until the charge reaches the platform the order is truly unknown (PAYMENT_NOT_FOUND);
      // from then on the lookup must say it is pending.
      await vi.waitFor(
        async () => {
          const error = await terminal.getPayment({ orderId: 'HIS-3' }).catch((e: unknown) => e);
          expect(isEsscError(error) ? [error.code, error.retryable] : error).toEqual([
            'PAYMENT_PENDING',
            true,
          ]);
        },
        { timeout: 10_000, interval: 5 },
      );
      hold.open();
      const charged = await charging;
      expect((await terminal.getPayment({ orderId: 'HIS-3' })).paymentId).toBe(charged.paymentId);
    });
  });
}
