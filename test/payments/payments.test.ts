/**
 * Paying with the e-card over the mock (R21–R27): a hospital charges the payment code, the
 * split follows R23 to the fen, an order id names one charge, refunds go back in order, bills
 * are paid once, and the bound channels are told.
 */
import { describe, expect, it } from 'vitest';
import { createPaymentTerminal, formatFen } from '../../src/acceptor/index.js';
import { createClient } from '../../src/client/client.js';
import { isEsscError } from '../../src/domain/errors.js';
import type { PaymentItem } from '../../src/domain/types.js';
import { MockPlatform } from '../../src/mock/index.js';
import { freshIdNumber, freshName, PASSWORD } from '../../src/testing/people.js';

const REGION = '440100';

async function refused(promise: Promise<unknown>, code: string) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isEsscError(error) ? error.code : error).toBe(code);
  return error;
}

interface Setup {
  bankBalance?: number;
  medical?: { personalAccount?: number; coverage?: number; deductible?: number };
  level?: 1 | 2;
  now?: () => number;
}

async function hospital(setup: Setup = {}) {
  const platform = new MockPlatform(setup.now ? { now: setup.now } : {});
  platform.enableRegion(REGION);
  platform.registerChannel({ id: 'wechat', name: '微信' });
  platform.registerChannel({ id: 'alipay', name: '支付宝' });
  platform.registerMerchant({ id: 'GZ-HOSP-1', name: '第一人民医院', kind: 'hospital' });
  platform.registerMerchant({ id: 'GZ-METRO', name: '地铁', kind: 'transit' });
  const idNumber = freshIdNumber({ district: '440106' });
  const name = freshName();
  platform.addPerson({
    name,
    idNumber,
    regionCode: REGION,
    bankAccountActive: true,
    ...(setup.bankBalance !== undefined ? { bankBalance: setup.bankBalance } : {}),
    ...(setup.medical ? { medical: setup.medical } : {}),
  });
  const wechat = createClient({ adapter: platform.adapter('wechat') });
  const alipay = createClient({ adapter: platform.adapter('alipay') });
  const apply = (client: typeof wechat, channelUserId: string) =>
    client.apply({
      channelUserId,
      name,
      idNumber,
      realPerson: platform.realPersonProof(idNumber),
      password: PASSWORD,
    });
  const { signNo } = await apply(wechat, 'u1');
  await apply(alipay, 'u2');
  if ((setup.level ?? 2) === 2) {
    await wechat.enablePayment({ signNo, verification: { password: PASSWORD } });
  }
  const code = async (purpose: 'payment' | 'identity' = 'payment') =>
    (
      await wechat.issueQr({
        signNo,
        purpose,
        ...(purpose === 'payment' ? { verification: { password: PASSWORD } } : {}),
      })
    ).text;
  const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
  const metro = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-METRO') });
  return { platform, idNumber, signNo, wechat, alipay, code, terminal, metro };
}

const items = (covered: number, self: number): PaymentItem[] => [
  ...(covered
    ? [{ code: 'D-1', name: '药品', amount: covered, coverage: 'covered' as const }]
    : []),
  ...(self ? [{ code: 'F-1', name: '挂号费', amount: self, coverage: 'self' as const }] : []),
];

describe('settlement (R23)', () => {
  it('splits a hospital bill between the pooled fund, the personal account and the bank, in fen', async () => {
    const w = await hospital({
      bankBalance: 100_000,
      medical: { personalAccount: 5_000, coverage: 0.7, deductible: 10_000 },
    });
    const payment = await w.terminal.charge({
      qrText: await w.code(),
      orderId: 'HIS-1',
      amount: 36_500,
      items: items(30_000, 6_500),
    });
    // d = 10 000; pooled = floor(20 000 × 7000 / 10 000) = 14 000; personal = 5 000; self 17 500
    expect(payment.split).toEqual({ pooledFund: 14_000, personalAccount: 5_000, selfPay: 17_500 });
    expect(payment).toMatchObject({
      orderId: 'HIS-1',
      amount: 36_500,
      refunded: 0,
      status: 'succeeded',
    });
    expect(w.platform.balances(w.idNumber)).toEqual({
      bank: 82_500,
      personalAccount: 0,
      deductibleLeft: 0,
    });
  });

  it('rounds the pooled fund down: covered 333 at coverage 0.7 is 233 fen, not 233.1', async () => {
    const w = await hospital({ medical: { coverage: 0.7 } });
    const payment = await w.terminal.charge({
      qrText: await w.code(),
      orderId: 'HIS-2',
      amount: 333,
      items: items(333, 0),
    });
    expect(payment.split).toEqual({ pooledFund: 233, personalAccount: 0, selfPay: 100 });
  });

  it('without items the whole amount is self-paid; a transit merchant never settles insurance', async () => {
    const w = await hospital({ medical: { personalAccount: 1_000, coverage: 0.9 } });
    const plain = await w.terminal.charge({
      qrText: await w.code(),
      orderId: 'HIS-3',
      amount: 800,
    });
    expect(plain.split).toEqual({ pooledFund: 0, personalAccount: 800, selfPay: 0 });
    const ride = await w.metro.charge({
      qrText: await w.code(),
      orderId: 'RIDE-1',
      amount: 400,
      items: items(400, 0),
    });
    expect(ride.split).toEqual({ pooledFund: 0, personalAccount: 0, selfPay: 400 });
  });

  it('declines when the bank holds less than the self-paid part, and takes nothing, deductible included', async () => {
    const w = await hospital({
      bankBalance: 1_000,
      medical: { personalAccount: 2_000, coverage: 0.5, deductible: 3_000 },
    });
    const before = w.platform.balances(w.idNumber);
    await refused(
      w.terminal.charge({
        qrText: await w.code(),
        orderId: 'HIS-4',
        amount: 20_000,
        items: items(10_000, 10_000),
      }),
      'PAYMENT_DECLINED',
    );
    expect(w.platform.balances(w.idNumber)).toEqual(before);
    // The declined attempt did not take the order id.
    await refused(w.terminal.getPayment({ orderId: 'HIS-4' }), 'PAYMENT_NOT_FOUND');
  });
});

describe('codes and order ids (R21, R24)', () => {
  it('a code pays once: the same code for another order is QR_REPLAYED', async () => {
    const w = await hospital();
    const qrText = await w.code();
    await w.terminal.charge({ qrText, orderId: 'A-1', amount: 100 });
    await refused(w.terminal.charge({ qrText, orderId: 'A-2', amount: 100 }), 'QR_REPLAYED');
  });

  it('the same order retried after its response was lost returns the first payment and takes the money once', async () => {
    const w = await hospital({ bankBalance: 10_000 });
    const input = { qrText: await w.code(), orderId: 'A-3', amount: 2_500 };
    w.platform.failNext('charge', { afterCommit: true });
    await refused(w.terminal.charge(input), 'TIMEOUT');
    const retried = await w.terminal.charge(input);
    const looked = await w.terminal.getPayment({ orderId: 'A-3' });
    expect(looked.paymentId).toBe(retried.paymentId);
    expect(w.platform.balances(w.idNumber).bank).toBe(7_500);
    expect(await w.wechat.listPayments({ signNo: w.signNo })).toHaveLength(1);
  });

  it('the same order id with another amount, other items or another code is ORDER_CONFLICT', async () => {
    const w = await hospital();
    const qrText = await w.code();
    await w.terminal.charge({ qrText, orderId: 'A-4', amount: 1_000, items: items(1_000, 0) });
    await refused(w.terminal.charge({ qrText, orderId: 'A-4', amount: 900 }), 'ORDER_CONFLICT');
    await refused(
      w.terminal.charge({ qrText, orderId: 'A-4', amount: 1_000, items: items(0, 1_000) }),
      'ORDER_CONFLICT',
    );
    await refused(
      w.terminal.charge({
        qrText: await w.code(),
        orderId: 'A-4',
        amount: 1_000,
        items: items(1_000, 0),
      }),
      'ORDER_CONFLICT',
    );
  });

  it('an identity code cannot pay, nor a level-1 card; a card reported lost after the code was issued is CARD_INACTIVE', async () => {
    const w = await hospital();
    await refused(
      w.terminal.charge({ qrText: await w.code('identity'), orderId: 'A-5', amount: 100 }),
      'PAYMENT_NOT_ENABLED',
    );
    const qrText = await w.code();
    await w.platform.setCardStatus(w.platform.currentCard(w.idNumber).cardNo, 'lost');
    await refused(w.terminal.charge({ qrText, orderId: 'A-6', amount: 100 }), 'CARD_INACTIVE');
    const level1 = await hospital({ level: 1 });
    await refused(
      level1.terminal.charge({
        qrText: await level1.code('identity'),
        orderId: 'A-7',
        amount: 100,
      }),
      'PAYMENT_NOT_ENABLED',
    );
  });

  it('an expired code is QR_EXPIRED (test clock)', async () => {
    let now = Date.UTC(2026, 5, 1);
    const w = await hospital({ now: () => now });
    const qrText = await w.code();
    now += 61_000;
    await refused(w.terminal.charge({ qrText, orderId: 'A-8', amount: 100 }), 'QR_EXPIRED');
  });

  it('refuses amounts that are not integer fen, and items that do not sum, before anything is sent', async () => {
    const w = await hospital();
    const qrText = await w.code();
    await refused(w.terminal.charge({ qrText, orderId: 'V-1', amount: 10.5 }), 'VALIDATION_FAILED');
    await refused(w.terminal.charge({ qrText, orderId: 'V-2', amount: 0 }), 'VALIDATION_FAILED');
    await refused(
      w.terminal.charge({ qrText, orderId: 'V-3', amount: 5_000_001 }),
      'VALIDATION_FAILED',
    );
    await refused(
      w.terminal.charge({ qrText, orderId: 'V-4', amount: 1_000, items: items(500, 400) }),
      'VALIDATION_FAILED',
    );
    // Nothing reached the platform: the code is still good.
    await w.terminal.charge({ qrText, orderId: 'V-5', amount: 1_000 });
  });

  it('an unknown merchant is MERCHANT_UNAUTHORIZED', async () => {
    const w = await hospital();
    const stranger = createPaymentTerminal({ adapter: w.platform.merchantAdapter('NOBODY') });
    await refused(
      stranger.charge({ qrText: await w.code(), orderId: 'X-1', amount: 1 }),
      'MERCHANT_UNAUTHORIZED',
    );
  });
});

describe('refunds (R25)', () => {
  it('go back self-pay first, then the personal account, then the pooled fund, capped at the amount', async () => {
    const w = await hospital({
      bankBalance: 100_000,
      medical: { personalAccount: 3_000, coverage: 0.8, deductible: 0 },
    });
    const paid = await w.terminal.charge({
      qrText: await w.code(),
      orderId: 'R-1',
      amount: 10_000,
      items: items(10_000, 0),
    });
    expect(paid.split).toEqual({ pooledFund: 8_000, personalAccount: 2_000, selfPay: 0 });
    const first = await w.terminal.refund({ orderId: 'R-1', refundId: 'R-1-a', amount: 1_500 });
    expect(first).toMatchObject({ refunded: 1_500, status: 'partially_refunded' });
    expect(w.platform.balances(w.idNumber).personalAccount).toBe(2_500);
    // The same refund id again changes nothing; with another amount it is a conflict.
    await w.terminal.refund({ orderId: 'R-1', refundId: 'R-1-a', amount: 1_500 });
    expect(w.platform.balances(w.idNumber).personalAccount).toBe(2_500);
    await refused(
      w.terminal.refund({ orderId: 'R-1', refundId: 'R-1-a', amount: 100 }),
      'ORDER_CONFLICT',
    );
    await refused(
      w.terminal.refund({ orderId: 'R-1', refundId: 'R-1-b', amount: 8_501 }),
      'REFUND_EXCEEDED',
    );
    // Refunds work on a card reported lost since.
    await w.platform.setCardStatus(w.platform.currentCard(w.idNumber).cardNo, 'lost');
    const rest = await w.terminal.refund({ orderId: 'R-1', refundId: 'R-1-c' });
    expect(rest).toMatchObject({ refunded: 10_000, status: 'refunded' });
    expect(w.platform.balances(w.idNumber)).toMatchObject({
      bank: 100_000,
      personalAccount: 3_000,
    });
    await refused(w.terminal.refund({ orderId: 'R-1', refundId: 'R-1-d' }), 'REFUND_EXCEEDED');
    await refused(w.terminal.refund({ orderId: 'NONE', refundId: 'R-x' }), 'PAYMENT_NOT_FOUND');
  });

  it('do not give the deductible back', async () => {
    const w = await hospital({ medical: { deductible: 5_000 } });
    await w.terminal.charge({
      qrText: await w.code(),
      orderId: 'R-2',
      amount: 4_000,
      items: items(4_000, 0),
    });
    await w.terminal.refund({ orderId: 'R-2', refundId: 'R-2-a' });
    expect(w.platform.balances(w.idNumber).deductibleLeft).toBe(1_000);
  });
});

describe('bills, history and notifications (R26, R27)', () => {
  it('a bill is paid once from the bank; an unknown one is BILL_NOT_FOUND; too little is PAYMENT_DECLINED', async () => {
    const w = await hospital({ bankBalance: 10_000 });
    const { billId } = w.platform.addBill({
      idNumber: w.idNumber,
      kind: 'exam',
      title: '会计考试',
      amount: 5_600,
    });
    const { billId: big } = w.platform.addBill({
      idNumber: w.idNumber,
      kind: 'training',
      title: '培训',
      amount: 9_000,
    });
    expect((await w.alipay.listBills({ signNo: w.signNo })).map((b) => b.billId)).toEqual([
      big,
      billId,
    ]);
    const paid = await w.wechat.payBill({
      signNo: w.signNo,
      billId,
      verification: { password: PASSWORD },
    });
    expect(paid).toMatchObject({ billId, status: 'paid', amount: 5_600 });
    expect(w.platform.balances(w.idNumber).bank).toBe(4_400);
    await refused(
      w.alipay.payBill({ signNo: w.signNo, billId, verification: { password: PASSWORD } }),
      'BILL_ALREADY_PAID',
    );
    await refused(
      w.wechat.payBill({
        signNo: w.signNo,
        billId: 'bill_none',
        verification: { password: PASSWORD },
      }),
      'BILL_NOT_FOUND',
    );
    await refused(
      w.wechat.payBill({ signNo: w.signNo, billId: big, verification: { password: PASSWORD } }),
      'PAYMENT_DECLINED',
    );
    expect(w.platform.balances(w.idNumber).bank).toBe(4_400);
  });

  it('a level-1 e-card cannot pay a bill', async () => {
    const w = await hospital({ level: 1 });
    const { billId } = w.platform.addBill({
      idNumber: w.idNumber,
      kind: 'insurance',
      title: '参保',
      amount: 100,
    });
    await refused(
      w.wechat.payBill({ signNo: w.signNo, billId, verification: { password: PASSWORD } }),
      'PAYMENT_NOT_ENABLED',
    );
  });

  it('every bound channel lists the payments newest first and hears of payments, refunds and bills', async () => {
    const w = await hospital();
    const heard: string[] = [];
    const done = new Promise<void>((resolve) => {
      w.alipay.on('payment:succeeded', ({ payment }) => heard.push(`paid ${payment.orderId}`));
      w.alipay.on('payment:refunded', ({ payment }) => heard.push(`refunded ${payment.refunded}`));
      w.alipay.on('bill:paid', ({ bill }) => {
        heard.push(`bill ${bill.amount}`);
        resolve();
      });
    });
    await w.alipay.getCard({ signNo: w.signNo });
    await w.terminal.charge({ qrText: await w.code(), orderId: 'N-1', amount: 300 });
    await w.terminal.charge({ qrText: await w.code(), orderId: 'N-2', amount: 200 });
    await w.terminal.refund({ orderId: 'N-1', refundId: 'N-1-r', amount: 100 });
    const { billId } = w.platform.addBill({
      idNumber: w.idNumber,
      kind: 'exam',
      title: '考试',
      amount: 50,
    });
    await w.wechat.payBill({ signNo: w.signNo, billId, verification: { password: PASSWORD } });
    await done;
    expect(heard).toEqual(['paid N-1', 'paid N-2', 'refunded 100', 'bill 50']);
    const history = await w.alipay.listPayments({ signNo: w.signNo });
    expect(history.map((p) => [p.orderId, p.status])).toEqual([
      ['N-2', 'succeeded'],
      ['N-1', 'partially_refunded'],
    ]);
    expect(JSON.stringify(history)).not.toContain(w.idNumber);
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
