/**
 * Order codes on one platform driven by hand (R45), beside the conformance cases: what the
 * suite cannot see through a generic target — the merchant's registered name as the holder
 * sees it, another platform's code, and the sandbox console's payments view listing an
 * order-code payment as any other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createPaymentTerminal } from '../../src/acceptor/index.js';
import { createClient } from '../../src/client/client.js';
import { isEsscError } from '../../src/domain/errors.js';
import { MAX_REQUESTS_PER_HOLDER } from '../../src/engine/order-codes.js';
import { MockPlatform } from '../../src/mock/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';
import { PASSWORD } from '../../src/testing/people.js';
import { levelTwoPayer } from './payer.js';

const PHARMACY = { id: 'GZ-PHARM-7', name: '大参林药房（北京路店）', kind: 'pharmacy' } as const;
let running: RunningSandbox | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function pharmacyAndPayer(platform: MockPlatform) {
  platform.registerMerchant(PHARMACY);
  const payer = await levelTwoPayer(platform);
  const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter(PHARMACY.id) });
  const wechat = createClient({ adapter: platform.adapter('wechat') });
  return { ...payer, terminal, wechat };
}

describe('order codes (R45) on the mock', () => {
  it("shows the merchant's registered name and kind, and the console's payments view lists the payment", async () => {
    const platform = new MockPlatform();
    const { signNo, terminal, wechat } = await pharmacyAndPayer(platform);
    const items = [
      { code: 'D-0456', name: '布洛芬缓释胶囊', amount: 2_850, coverage: 'covered' as const },
    ];
    const { qrText } = await terminal.createOrderCode({ orderId: 'POS-1', amount: 2_850, items });
    const order = await wechat.scanOrder({ signNo, qrText });
    expect(order.merchant).toEqual({ id: PHARMACY.id, name: PHARMACY.name, kind: 'pharmacy' });
    expect(order.items).toEqual(items);
    const paid = await wechat.payOrder({
      signNo,
      requestId: order.requestId,
      verification: { password: PASSWORD },
    });
    // A pharmacy settles covered items as any medical merchant: 0.7 of 2 850 by the pooled fund.
    expect(paid.split).toEqual({ pooledFund: 1_995, personalAccount: 0, selfPay: 855 });
    running = await startSandbox({ platform, port: 0 });
    const response = await fetch(`${running.url}/admin/payments`);
    const { payments } = (await response.json()) as { payments: { orderId: string }[] };
    expect(payments).toContainEqual(
      expect.objectContaining({ orderId: 'POS-1', merchantId: PHARMACY.id, amount: 2_850 }),
    );
  });

  it("refuses another platform's order code (QR_INVALID_SIGNATURE) and takes nothing", async () => {
    const platform = new MockPlatform();
    const { idNumber, signNo, wechat } = await pharmacyAndPayer(platform);
    const other = new MockPlatform();
    other.registerMerchant(PHARMACY);
    const foreign = await createPaymentTerminal({
      adapter: other.merchantAdapter(PHARMACY.id),
    }).createOrderCode({ orderId: 'POS-2', amount: 100 });
    const before = platform.balances(idNumber);
    const refused = await wechat.scanOrder({ signNo, qrText: foreign.qrText }).catch((e) => e);
    expect(isEsscError(refused, 'QR_INVALID_SIGNATURE')).toBe(true);
    expect(platform.balances(idNumber)).toEqual(before);
  });

  it('scanning is bounded: past MAX_REQUESTS_PER_HOLDER open requests of a holder the oldest is forgotten, and a scan forgets requests of swept codes', async () => {
    let now = Date.UTC(2026, 2, 1);
    const platform = new MockPlatform({ now: () => now });
    const { signNo, terminal, wechat } = await pharmacyAndPayer(platform);
    const { qrText } = await terminal.createOrderCode({ orderId: 'POS-3', amount: 100 });
    const requests: string[] = [];
    for (let n = 0; n <= MAX_REQUESTS_PER_HOLDER; n += 1) {
      requests.push((await wechat.scanOrder({ signNo, qrText })).requestId);
    }
    const verification = { password: PASSWORD };
    const oldest = await wechat
      .payOrder({ signNo, requestId: requests[0]!, verification })
      .catch((e) => e);
    expect(isEsscError(oldest, 'PAYMENT_NOT_FOUND')).toBe(true);
    // A scan, not only a new code, forgets what expired more than 10 minutes ago: here a scan
    // that is itself refused (the code expired).
    now += 16 * 60_000;
    const expired = await wechat.scanOrder({ signNo, qrText }).catch((e) => e);
    expect(isEsscError(expired, 'QR_EXPIRED')).toBe(true);
    const swept = await wechat
      .payOrder({ signNo, requestId: requests[1]!, verification })
      .catch((e) => e);
    expect(isEsscError(swept, 'PAYMENT_NOT_FOUND')).toBe(true);
  });
});
