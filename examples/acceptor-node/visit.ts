/**
 * A hospital visit at the cashier (收费窗口), on the in-memory mock platform:
 *
 *   npx tsx examples/acceptor-node/visit.ts
 *
 * 张三 shows his e-card's payment code in WeChat; the cashier charges the visit's items with
 * `createPaymentTerminal`: medical insurance settles its share (统筹基金 past the 起付线, then
 * the 个人账户), the rest comes from the bank (自付). The first answer is lost on the way back
 * (the mock's fault injection), and the cashier settles it under the same order id. Then a
 * cancelled test is refunded in part, and the holder's payment history shows both.
 *
 * A sandbox of made-up people; amounts are integers of fen, `formatFen` only displays them.
 */
import { createClient } from 'essc-sdk';
import { createPaymentTerminal, formatFen } from 'essc-sdk/acceptor';
import { DEMO_PEOPLE, MockPlatform } from 'essc-sdk/mock';
import { receiptLines, refusalLine, settle, type Visit, visitCharge } from './cashier.js';

const zhang = DEMO_PEOPLE[0]!;
const PASSWORD = '258046';

// ── The platform's side (in production: the national platform and its onboarding) ──────────
const platform = new MockPlatform();
platform.enableRegion('440100', '广州市');
platform.registerChannel({ id: 'wechat', name: '微信' });
platform.addPerson({
  name: zhang.name,
  idNumber: zhang.idNumber,
  regionCode: zhang.regionCode,
  bankAccountActive: true,
  bankBalance: 100_000,
  // 个人账户 ¥50.00, insurance pays 80% past this year's 起付线 of ¥50.00.
  medical: { personalAccount: 5_000, coverage: 0.8, deductible: 5_000 },
});
platform.registerMerchant({ id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' });

// ── The holder's side: WeChat shows the payment code (level 2, verified each time) ─────────
const wechat = createClient({ adapter: platform.adapter('wechat') });
const card = await wechat.apply({
  channelUserId: 'wx-openid-zhang',
  name: zhang.name,
  idNumber: zhang.idNumber,
  realPerson: platform.realPersonProof(zhang.idNumber),
  password: PASSWORD,
});
await wechat.enablePayment({ signNo: card.signNo, verification: { password: PASSWORD } });
const code = await wechat.issueQr({
  signNo: card.signNo,
  purpose: 'payment',
  verification: { password: PASSWORD },
});

// ── The cashier ────────────────────────────────────────────────────────────────────────────
const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
const visit: Visit = {
  orderId: 'HIS-20260701-0001',
  description: '门诊 · 内科',
  items: [
    { code: 'D-0123', name: '阿莫西林胶囊', amount: 12_800, coverage: 'covered' },
    { code: 'L-0042', name: '血常规', amount: 2_500, coverage: 'covered' },
    { code: 'F-0001', name: '挂号费', amount: 1_500, coverage: 'self' },
  ],
};
const balances = () => {
  const b = platform.balances(zhang.idNumber);
  return `银行账户 ${formatFen(b.bank)}  个人账户 ${formatFen(b.personalAccount)}  起付线余额 ${formatFen(b.deductibleLeft)}`;
};

console.log(`广州市第一人民医院 收费窗口 · order ${visit.orderId}`);
console.log(`before:  ${balances()}`);

// The platform charges, then the answer is lost: the cashier cannot tell what happened.
platform.failNext('charge', { afterCommit: true });
const payment = await settle(terminal, visitCharge(code.text, visit), {
  onUnknown: ({ attempt, code: failure, next }) =>
    console.log(
      `attempt ${attempt}: ${failure}, outcome unknown → ${next === 'ask' ? 'getPayment under the same order id' : 'charge again under the same order id'}`,
    ),
});
for (const line of receiptLines(payment, visit.items)) console.log(line);
console.log(`after:   ${balances()}`);

// The same code at another order: it was spent by the charge (single use).
try {
  await terminal.charge({ qrText: code.text, orderId: 'HIS-20260701-0002', amount: 1_500 });
} catch (error) {
  console.log(`same code, new order: ${refusalLine(error)}`);
}

// The blood test was not done: refund its amount. The refund id makes a retry harmless.
const refunded = await terminal.refund({
  orderId: visit.orderId,
  refundId: `${visit.orderId}-R1`,
  amount: 2_500,
});
console.log(
  `refund 血常规 ${formatFen(2_500)}: refunded ${formatFen(refunded.refunded)} of ${formatFen(refunded.amount)}, ${refunded.status}`,
);
console.log(`after refund: ${balances()}`);
try {
  await terminal.refund({
    orderId: visit.orderId,
    refundId: `${visit.orderId}-R2`,
    amount: 20_000,
  });
} catch (error) {
  console.log(`refund more than is left: ${refusalLine(error)}`);
}

// What the holder sees in WeChat: 消费记录, newest first.
for (const p of await wechat.listPayments({ signNo: card.signNo })) {
  console.log(
    `消费记录 ${p.orderId} ${p.description ?? ''} ${formatFen(p.amount)} refunded ${formatFen(p.refunded)} ${p.status}`,
  );
}
wechat.close();
