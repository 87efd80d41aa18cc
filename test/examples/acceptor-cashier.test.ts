/**
 * examples/acceptor-node's hospital cashier: `visit.ts` run as a script (what a reader runs),
 * and its `settle` loop against the mock with the faults a cashier meets — the answer lost
 * after the platform charged, the platform unreachable before it did, a decline.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  receiptLines,
  type SettleEvent,
  settle,
  type Visit,
  visitCharge,
} from '../../examples/acceptor-node/cashier.js';
import { createPaymentTerminal, type PaymentTerminal } from '../../src/acceptor/index.js';
import { createClient, type EsscClient, isEsscError } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';

const run = promisify(execFile);
const ZHANG = DEMO_PEOPLE[0]!;
const PASSWORD = '258046';

const VISIT: Visit = {
  orderId: 'HIS-T-0001',
  description: '门诊 · 内科',
  items: [
    { code: 'D-0123', name: '阿莫西林胶囊', amount: 12_800, coverage: 'covered' },
    { code: 'F-0001', name: '挂号费', amount: 1_500, coverage: 'self' },
  ],
};

describe('examples/acceptor-node/visit.ts', () => {
  it('charges the visit once despite the lost answer, shows the split, refunds the test', async () => {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'examples/acceptor-node/visit.ts'],
      { env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 },
    );
    const lines = stdout.split('\n');
    expect(lines).toContain('before:  银行账户 ¥1000.00  个人账户 ¥50.00  起付线余额 ¥50.00');
    expect(lines).toContain(
      'attempt 1: TIMEOUT, outcome unknown → getPayment under the same order id',
    );
    // R23 on the visit: covered 15 300, deductible 5 000 → pooled 80% of 10 300 = 8 240;
    // personal account min(16 800 − 8 240, 5 000) = 5 000; the rest, 3 560, from the bank.
    expect(lines).toContain('  合计 ¥168.00');
    expect(lines).toContain('  统筹基金 ¥82.40  个人账户 ¥50.00  自付 ¥35.60');
    // Taken once, although the cashier tried twice.
    expect(lines).toContain('after:   银行账户 ¥964.40  个人账户 ¥0.00  起付线余额 ¥0.00');
    expect(stdout).toMatch(/same code, new order: REFUSED QR_REPLAYED 二维码已使用/);
    // R25: the refund goes back to the bank first; the deductible stays used.
    expect(lines).toContain('refund 血常规 ¥25.00: refunded ¥25.00 of ¥168.00, partially_refunded');
    expect(lines).toContain('after refund: 银行账户 ¥989.40  个人账户 ¥0.00  起付线余额 ¥0.00');
    expect(stdout).toMatch(/refund more than is left: REFUSED REFUND_EXCEEDED /);
    expect(lines).toContain(
      '消费记录 HIS-20260701-0001 门诊 · 内科 ¥168.00 refunded ¥25.00 partially_refunded',
    );
    // The holder is masked on the receipt; no password or code text is printed.
    expect(stdout).toMatch(/收费单 HIS-20260701-0001 {2}张\* /);
    expect(stdout).not.toContain(ZHANG.idNumber);
    expect(stdout).not.toContain(PASSWORD);
    expect(stdout).not.toMatch(/EC1:/);
    expect(stderr).toBe('');
  }, 60_000);
});

describe('the cashier loop (settle)', () => {
  let platform: MockPlatform;
  let wechat: EsscClient;
  let terminal: PaymentTerminal;
  let signNo: string;

  const paymentCode = async () =>
    (await wechat.issueQr({ signNo, purpose: 'payment', verification: { password: PASSWORD } }))
      .text;

  beforeEach(async () => {
    platform = new MockPlatform({ passwordHashIterations: 1000 });
    platform.enableRegion('440100');
    platform.registerChannel({ id: 'wechat', name: '微信' });
    platform.addPerson({
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      regionCode: ZHANG.regionCode,
      bankAccountActive: true,
      bankBalance: 50_000,
      medical: { personalAccount: 1_000, coverage: 0.7 },
    });
    platform.registerMerchant({ id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' });
    wechat = createClient({ adapter: platform.adapter('wechat') });
    const card = await wechat.apply({
      channelUserId: 'wx-zhang',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: platform.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    signNo = card.signNo;
    await wechat.enablePayment({ signNo, verification: { password: PASSWORD } });
    terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
  });

  it('an answer lost after the charge: found by getPayment, money taken once', async () => {
    const events: SettleEvent[] = [];
    platform.failNext('charge', { afterCommit: true });
    const payment = await settle(terminal, visitCharge(await paymentCode(), VISIT), {
      onUnknown: (event) => events.push(event),
    });
    expect(events).toEqual([{ attempt: 1, code: 'TIMEOUT', next: 'ask' }]);
    // covered 12 800 × 70% = 8 960; personal account 1 000; the rest 4 340 from the bank.
    expect(payment.split).toEqual({ pooledFund: 8_960, personalAccount: 1_000, selfPay: 4_340 });
    expect(platform.balances(ZHANG.idNumber)).toMatchObject({ bank: 45_660, personalAccount: 0 });
    expect(await wechat.listPayments({ signNo })).toHaveLength(1);
    expect(receiptLines(payment, VISIT.items).at(-1)).toBe(
      '  统筹基金 ¥89.60  个人账户 ¥10.00  自付 ¥43.40',
    );
  });

  it('a platform unreachable before it charged: not found, charged again under the same order id', async () => {
    const events: SettleEvent[] = [];
    platform.failNext('charge', { code: 'PLATFORM_UNAVAILABLE' });
    const payment = await settle(terminal, visitCharge(await paymentCode(), VISIT), {
      onUnknown: (event) => events.push(event),
    });
    expect(events).toEqual([
      { attempt: 1, code: 'PLATFORM_UNAVAILABLE', next: 'ask' },
      { attempt: 1, code: 'PAYMENT_NOT_FOUND', next: 'charge-again' },
    ]);
    expect(payment.orderId).toBe(VISIT.orderId);
    expect(platform.balances(ZHANG.idNumber).bank).toBe(45_660);
    expect(await wechat.listPayments({ signNo })).toHaveLength(1);
  });

  it('a decline is a verdict: thrown at once, nothing taken, the order id still free', async () => {
    const before = platform.balances(ZHANG.idNumber);
    const events: SettleEvent[] = [];
    const big: Visit = {
      orderId: 'HIS-T-0002',
      items: [{ code: 'S-0001', name: '手术费', amount: 1_000_000, coverage: 'self' }],
    };
    const code = await paymentCode();
    const error = await settle(terminal, visitCharge(code, big), {
      onUnknown: (event) => events.push(event),
    }).catch((e: unknown) => e);
    expect(isEsscError(error, 'PAYMENT_DECLINED')).toBe(true);
    expect(events).toEqual([]);
    expect(platform.balances(ZHANG.idNumber)).toEqual(before);
    await expect(terminal.getPayment({ orderId: big.orderId })).rejects.toMatchObject({
      code: 'PAYMENT_NOT_FOUND',
    });
  });

  it('gives up after its attempts, and never under a new order id', async () => {
    const code = await paymentCode();
    platform.setFaults({ failureRate: 1, failureCode: 'NETWORK' });
    const events: SettleEvent[] = [];
    const error = await settle(terminal, visitCharge(code, VISIT), {
      attempts: 2,
      onUnknown: (event) => events.push(event),
    }).catch((e: unknown) => e);
    expect(isEsscError(error, 'NETWORK')).toBe(true);
    expect(events.map((e) => e.attempt)).toEqual([1, 1]);
    platform.clearFaults();
    expect(await wechat.listPayments({ signNo })).toEqual([]);
  });
});
