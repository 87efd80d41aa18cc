/**
 * Paying with the e-card over the mock: what the conformance cases (R21–R27, in
 * src/testing/cases/settlement.ts and bills.ts, run over the mock, http → sandbox and the
 * relay) do not cover — an unregistered merchant's in-process adapter, and `formatFen`.
 */
import { describe, expect, it } from 'vitest';
import { createPaymentTerminal, formatFen } from '../../src/acceptor/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { MockPlatform } from '../../src/mock/index.js';
import { levelTwoPayer } from './payer.js';

async function refused(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isEsscError(error) ? error.code : error).toBe(code);
}

describe('merchants on the mock (R21)', () => {
  it('an unknown merchant is MERCHANT_UNAUTHORIZED, and the code stays good', async () => {
    const platform = new MockPlatform();
    platform.registerMerchant({ id: 'GZ-HOSP-1', name: '第一人民医院', kind: 'hospital' });
    const qrText = await (await levelTwoPayer(platform)).code();
    const stranger = createPaymentTerminal({ adapter: platform.merchantAdapter('NOBODY') });
    await refused(stranger.charge({ qrText, orderId: 'X-1', amount: 1 }), 'MERCHANT_UNAUTHORIZED');
    const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
    expect((await terminal.charge({ qrText, orderId: 'X-1', amount: 1 })).merchantId).toBe(
      'GZ-HOSP-1',
    );
  });
});

describe('formatFen', () => {
  it('shows yuan with two decimals using integers only', () => {
    expect(formatFen(36_500)).toBe('¥365.00');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(0)).toBe('¥0.00');
    expect(formatFen(-120)).toBe('-¥1.20');
    expect(formatFen(9_007_199_254_740_991)).toBe('¥90071992547409.91');
    expect(() => formatFen(1.5)).toThrow();
  });
});
