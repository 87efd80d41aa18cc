/**
 * The whole e-card journey on the embedded mock platform, step by step:
 *
 *   npm run demo
 *
 * Two channel apps (WeChat, Alipay) share one e-card and its password; a wrong password five
 * times locks it; a face check resets it; a hospital verifies the dynamic QR once, then
 * charges a visit with the payment code (medical insurance pays its share, a test is refunded);
 * a government portal logs the citizen in by scan-and-confirm; he adds his father, a pensioner
 * without a phone, shows the father's code at the hospital and certifies the father's pension
 * by the father's face (亲情服务, 待遇资格认证), and the platform pays his pension, suspended while
 * his certification is overdue (待遇发放); 张三 reports his card lost at night and withdraws it
 * by his face (挂失/解挂); the office reports it lost, then
 * replaced, and the e-card is applied for again; another citizen queries his insurance records
 * and claims the unemployment benefit, which the back office approves.
 *
 * Money is integers of fen everywhere; `formatFen` only formats it for display.
 */
import { createClient, type EsscClient, type EsscClientEvents, isEsscError } from 'essc-sdk';
import {
  createLoginPortal,
  createPaymentTerminal,
  createQrVerifier,
  formatFen,
  type Payment,
} from 'essc-sdk/acceptor';
import { serviceName } from 'essc-sdk/i18n';
import { DEMO_PEOPLE, MockPlatform } from 'essc-sdk/mock';
import { createMemoryStorage, createOfflineCodes } from 'essc-sdk/offline';
import { regionName } from 'essc-sdk/regions';
import { renderQrTerminal } from 'essc-sdk/render';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: string) => (s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
const bold = paint('1');
const dim = paint('2');
const green = paint('32');
const red = paint('31');
const cyan = paint('36');

let stepNo = 0;
const step = (title: string) => console.log(`\n${bold(cyan(`${++stepNo}.`))} ${bold(title)}`);
const ok = (line: string) => console.log(`   ${green('✔')} ${line}`);
const refused = (line: string) => console.log(`   ${red('✘')} ${line}`);
const note = (line: string) => console.log(`   ${dim(line)}`);

/** Runs a call that must fail, and prints the code the SDK gave. */
async function expectRefusal(what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
    throw new Error(`${what} should have been refused`);
  } catch (error) {
    if (!isEsscError(error)) throw error;
    refused(`${what}: ${bold(error.code)} — ${error.message}`);
  }
}

// The platform's clock, moved forward once: a year later, the father's certification is overdue.
let clock = Date.now();
const platform = MockPlatform.demo({ now: () => clock });
const zhang = DEMO_PEOPLE[0]!;
const wechat = createClient({ adapter: platform.adapter('wechat') });
const alipay = createClient({ adapter: platform.adapter('alipay') });
const hospital = createQrVerifier({ jwks: await platform.jwks() });
const portal = createLoginPortal({ adapter: platform.portalAdapter('gov-portal') });
// The hospital's cashier: a merchant of the platform, authenticated like a channel.
const HOSPITAL = { id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' } as const;
platform.registerMerchant(HOSPITAL);
const cashier = createPaymentTerminal({ adapter: platform.merchantAdapter(HOSPITAL.id) });

/** A merchant by its registered name, as the holder's app shows it. */
const merchantName = (merchantId: string) =>
  merchantId === HOSPITAL.id ? HOSPITAL.name : merchantId;
/** A region by its name (GB/T 2260), the code only when it has none. */
const region = (code: string) => regionName(code) ?? code;
const PAYMENT_STATUS: Record<Payment['status'], string> = {
  succeeded: 'paid',
  partially_refunded: 'partially refunded',
  refunded: 'refunded',
};

/** One line of a payment's split (统筹基金 / 个人账户 / 自付), in yuan. */
const splitLine = ({ split }: Payment) =>
  `统筹基金 ${formatFen(split.pooledFund)} · 个人账户 ${formatFen(split.personalAccount)} · 自付 ${formatFen(split.selfPay)}`;

type Told<E extends keyof EsscClientEvents> = (...args: EsscClientEvents[E]) => string | undefined;

/**
 * Listens for what the apps are told next of `event` (the first one `describe` has words
 * for) and returns the step that prints it. The platform tells them while the call that
 * caused it is still answering, so the story prints the call's own line first, then waits
 * for every app to have been told: in order, and without guessing how long it takes.
 */
function whenTold<E extends keyof EsscClientEvents>(
  event: E,
  describe: Told<E>,
  apps: [string, EsscClient][] = [
    ['WeChat', wechat],
    ['Alipay', alipay],
  ],
): () => Promise<void> {
  const lines = apps.map(
    ([name, client]) =>
      new Promise<string>((resolve) => {
        const listener = (...args: EsscClientEvents[E]) => {
          const what = describe(...args);
          if (what === undefined) return;
          client.off(event, listener as never);
          resolve(`[${name} is told] ${what}`);
        };
        client.on(event, listener as never);
      }),
  );
  return async () => {
    for (const line of await Promise.all(lines)) note(line);
  };
}
const cardStatusTold: Told<'card:status'> = ({ status, replaced }) =>
  `card status → ${status}${replaced ? ' (card replaced)' : ''}`;

console.log(bold('电子社保卡 · essc-sdk demo on the embedded mock platform'));
note(
  `Citizen: ${zhang.name}, ID ${zhang.idNumber.slice(0, 6)}…, card issued in ${region(zhang.regionCode)} (${zhang.regionCode})`,
);

step('Apply for the e-card in WeChat (real name + real person + real card), setting the password');
const card = await wechat.apply({
  channelUserId: 'wx-openid-zhang',
  name: zhang.name,
  idNumber: zhang.idNumber,
  realPerson: platform.realPersonProof(zhang.idNumber),
  password: '258046',
});
ok(
  `signNo ${card.signNo}, ${card.name} ${card.idNumber}, card ${card.cardNo}, level ${card.level}, ${card.status}`,
);

step('Apply in Alipay: same e-card, its own binding, the existing password verified');
const card2 = await alipay.apply({
  channelUserId: 'alipay-uid-zhang',
  name: zhang.name,
  idNumber: zhang.idNumber,
  realPerson: platform.realPersonProof(zhang.idNumber),
  password: '258046',
});
ok(
  `signNo ${card2.signNo} (${card2.signNo === card.signNo ? 'the same' : 'DIFFERENT'}), bound in ${card2.channelId}`,
);
await expectRefusal('Applying again in WeChat', () =>
  wechat.apply({
    channelUserId: 'wx-openid-zhang',
    name: zhang.name,
    idNumber: zhang.idNumber,
    realPerson: platform.realPersonProof(zhang.idNumber),
    password: '258046',
  }),
);

step('Change the password in WeChat; Alipay uses the new one at once');
await expectRefusal('A weak new password 123456', () =>
  wechat.changePassword({ signNo: card.signNo, oldPassword: '258046', newPassword: '123456' }),
);
const alipayToldOfChange = whenTold(
  'password:changed',
  ({ origin }) => (origin === 'other-channel' ? 'password changed in another channel' : undefined),
  [['Alipay', alipay]],
);
await wechat.changePassword({ signNo: card.signNo, oldPassword: '258046', newPassword: '739164' });
ok('WeChat changed the password');
await alipayToldOfChange();
await expectRefusal('Alipay with the old password', () =>
  alipay.enablePayment({ signNo: card.signNo, verification: { password: '258046' } }),
);
const paid = await alipay.enablePayment({
  signNo: card.signNo,
  verification: { password: '739164' },
});
ok(`Alipay verified the new password and enabled payment: level ${paid.level}`);

step('Five wrong passwords lock it in every channel; a face check resets it');
for (const [client, name] of [
  [wechat, 'WeChat'],
  [alipay, 'Alipay'],
  [wechat, 'WeChat'],
  [alipay, 'Alipay'],
  [wechat, 'WeChat'],
] as [EsscClient, string][]) {
  await expectRefusal(`${name}, wrong password`, () =>
    client.issueQr({
      signNo: card.signNo,
      purpose: 'payment',
      verification: { password: '000135' },
    }),
  );
}
await expectRefusal('Alipay with the right password', () =>
  alipay.issueQr({ signNo: card.signNo, purpose: 'payment', verification: { password: '739164' } }),
);
const wechatToldOfReset = whenTold(
  'password:changed',
  ({ origin }) => (origin === 'other-channel' ? 'password reset in another channel' : undefined),
  [['WeChat', wechat]],
);
await alipay.resetPassword({
  signNo: card.signNo,
  realPerson: platform.realPersonProof(zhang.idNumber),
  newPassword: '905172',
});
ok('Alipay reset the password with a face check; the lock is lifted');
await wechatToldOfReset();

step('Show the dynamic QR code at the hospital: signed, 60 s, single use');
const qr = await wechat.issueQr({ signNo: card.signNo });
console.log(
  renderQrTerminal(qr.text)
    .split('\n')
    .map((line) => `   ${line}`)
    .join('\n'),
);
note(`${qr.text.length} characters, expires ${qr.expiresAt}`);
const verified = await hospital.verify(qr.text);
ok(
  `Hospital verified it offline: ${verified.purpose}, holder ${verified.holderName}, region ${region(verified.regionCode)}`,
);
await expectRefusal('The same code scanned again', () => hospital.verify(qr.text));

step('No signal in the hospital basement: an offline code, made on the phone (离线码)');
const offline = createOfflineCodes({ client: wechat, storage: createMemoryStorage() });
await offline.provision({ signNo: card.signNo, verification: { password: '905172' } });
const basementCode = await offline.issueCode({ signNo: card.signNo });
note(`${basementCode.text.length} characters (QR 11-M), made without the platform`);
const desk = createQrVerifier({
  jwks: await platform.jwks(),
  statusList: () => platform.statusList(),
});
const atBasement = await desk.verify(basementCode.text);
ok(`The desk verified it offline: offline ${atBasement.offline}, holder ${atBasement.holderName}`);

step('Pay for a hospital visit with the payment code: insurance pays its share');
const code = await wechat.issueQr({
  signNo: card.signNo,
  purpose: 'payment',
  verification: { password: '905172' }, // a payment code needs the holder's verification
});
note(`WeChat shows a payment code, valid until ${code.expiresAt}`);
const before = platform.balances(zhang.idNumber);
// What the hospital's system sends; the order id names this one charge.
const visitCharge = {
  qrText: code.text,
  orderId: 'HIS-20260701-0001',
  amount: 16_800,
  items: [
    { code: 'D-0123', name: '阿莫西林胶囊', amount: 12_800, coverage: 'covered' as const },
    { code: 'L-0042', name: '血常规', amount: 2_500, coverage: 'covered' as const },
    { code: 'F-0001', name: '挂号费', amount: 1_500, coverage: 'self' as const },
  ],
  description: '门诊 · 内科',
};
// The network drops after the platform charged: the cashier cannot tell what happened…
const toldOfPayment = whenTold(
  'payment:succeeded',
  ({ payment }) => `paid ${formatFen(payment.amount)} at ${merchantName(payment.merchantId)}`,
);
platform.failNext('charge', { afterCommit: true });
await expectRefusal('Charging the visit (the answer is lost on the way back)', () =>
  cashier.charge(visitCharge),
);
// …so it sends the same charge again under the same order id, never a new one (R24).
const visit = await cashier.charge(visitCharge);
ok(
  `${merchantName(visit.merchantId)} charged ${formatFen(visit.amount)} for ${visit.holderName}: ${splitLine(visit)}`,
);
await toldOfPayment();
const afterVisit = platform.balances(zhang.idNumber);
note(
  `Bank account ${formatFen(before.bank)} → ${formatFen(afterVisit.bank)}: the 自付 share, taken once`,
);
const lookedUp = await cashier.getPayment({ orderId: visitCharge.orderId });
ok(`getPayment answers the same payment: ${lookedUp.paymentId === visit.paymentId}`);
await expectRefusal('The spent payment code under a new order id', () =>
  cashier.charge({ qrText: code.text, orderId: 'HIS-20260701-0002', amount: 1_500 }),
);
// A refund's notification carries the payment as it stands after it: refunded so far.
const toldOfRefund = whenTold(
  'payment:refunded',
  ({ payment }) =>
    `${formatFen(payment.refunded)} of ${formatFen(payment.amount)} refunded at ${merchantName(payment.merchantId)}`,
);
const bloodTest = visitCharge.items[1]!;
const refunded = await cashier.refund({
  orderId: visit.orderId,
  refundId: 'HIS-20260701-0001-R1',
  amount: bloodTest.amount,
});
ok(
  `The blood test ${bloodTest.name} was cancelled: ${formatFen(bloodTest.amount)} refunded, payment ${PAYMENT_STATUS[refunded.status]}, bank account ${formatFen(platform.balances(zhang.idNumber).bank)}`,
);
await toldOfRefund();
for (const p of await wechat.listPayments({ signNo: card.signNo })) {
  ok(
    `Payment history in WeChat: ${p.paidAt.slice(0, 10)} ${merchantName(p.merchantId)}, ${p.description ?? p.orderId}, ${formatFen(p.amount)} (${PAYMENT_STATUS[p.status]}, ${formatFen(p.refunded)} back)`,
  );
}

step("Pay a pharmacy's order code by scanning it in WeChat (主扫)");
const PHARMACY = { id: 'GZ-PHARM-7', name: '大参林药房（北京路店）', kind: 'pharmacy' } as const;
platform.registerMerchant(PHARMACY);
const counter = createPaymentTerminal({ adapter: platform.merchantAdapter(PHARMACY.id) });
// The counter shows the order as a code; the holder scans it, sees who asks and pays.
const orderCode = await counter.createOrderCode({
  orderId: 'POS-20260701-0007',
  amount: 2_850,
  items: [{ code: 'D-0456', name: '布洛芬缓释胶囊', amount: 2_850, coverage: 'covered' }],
});
note(`The pharmacy's counter shows an order code, valid until ${orderCode.expiresAt}`);
const order = await wechat.scanOrder({ signNo: card.signNo, qrText: orderCode.qrText });
ok(`WeChat asks: pay ${formatFen(order.amount)} to ${order.merchant.name}?`);
const paidOrder = await wechat.payOrder({
  signNo: card.signNo,
  requestId: order.requestId,
  verification: { password: '905172' },
});
const seen = await counter.getPayment({ orderId: order.orderId });
ok(`Paid by scanning: ${splitLine(paidOrder)}; the counter sees it ${PAYMENT_STATUS[seen.status]}`);

step('Log in to a government portal by scanning its QR code in Alipay');
const session = await portal.createSession();
note(`Portal shows ${session.qrText}`);
const request = await alipay.scanLogin({ signNo: card.signNo, qrText: session.qrText });
ok(`Alipay shows: "${request.portal.name}" asks you to log in`);
await alipay.confirmLogin({
  signNo: card.signNo,
  requestId: request.requestId,
  verification: { password: '905172' },
});
const outcome = await portal.getSession(session.sessionId);
ok(
  `Portal session ${outcome.state}: welcome ${outcome.identity?.name} (signed assertion verified)`,
);

step("Family service: add his father, show the father's code at the hospital, certify his pension");
// 张建国 has a physical card and a pension, but no phone; he last certified 350 days ago.
const father = { name: '张建国', idNumber: '440106195803120021', regionCode: '440100' };
platform.addPerson({
  ...father,
  benefit: { kind: 'pension', certifiedAt: new Date(Date.now() - 350 * 86_400_000).toISOString() },
});
const dad = await wechat.addFamilyMember({
  signNo: card.signNo,
  relation: 'parent',
  name: father.name,
  idNumber: father.idNumber,
  verification: { password: '905172' },
  memberProof: platform.realPersonProof(father.idNumber), // his consent: his own face check
});
ok(`Added his ${dad.relation} ${dad.name} ${dad.idNumber}`);
await expectRefusal('Adding him again', () =>
  wechat.addFamilyMember({
    signNo: card.signNo,
    relation: 'parent',
    name: father.name,
    idNumber: father.idNumber,
    verification: { password: '905172' },
    memberProof: platform.realPersonProof(father.idNumber),
  }),
);
const dadsCode = await wechat.issueQr({ signNo: card.signNo, memberId: dad.memberId });
const atDesk = await hospital.verify(dadsCode.text);
ok(
  `Hospital verified the father's code: ${atDesk.purpose}, holder ${atDesk.holderName} (a code carries the surname only), region ${region(atDesk.regionCode)}, shown on behalf (the holder is the shower's ${atDesk.onBehalf?.relation})`,
);
await expectRefusal('A payment code for the father', () =>
  wechat.issueQr({
    signNo: card.signNo,
    memberId: dad.memberId,
    purpose: 'payment',
    verification: { password: '905172' },
  }),
);
const due = await wechat.getCertification({ signNo: card.signNo, memberId: dad.memberId });
ok(`The father's pension certification: ${due.status}, due by ${due.dueBy?.slice(0, 10)}`);
await expectRefusal("Certifying him with the son's face", () =>
  wechat.certify({
    signNo: card.signNo,
    memberId: dad.memberId,
    realPerson: platform.realPersonProof(zhang.idNumber),
  }),
);
const toldOfCertification = whenTold(
  'certification:completed',
  ({ certification }) => `certification completed: ${certification.status}`,
  [['WeChat', wechat]],
);
const certified = await wechat.certify({
  signNo: card.signNo,
  memberId: dad.memberId,
  realPerson: platform.realPersonProof(father.idNumber), // his face, on his son's phone
});
ok(`Certified by his own face: ${certified.status}, next due by ${certified.dueBy?.slice(0, 10)}`);
await toldOfCertification();

step(
  "Benefit payments (待遇发放): the father's pension, suspended while his certification is overdue",
);
const month = () => new Date(clock + 8 * 3_600_000).toISOString().slice(0, 7); // China's month
const pension = (told: 'benefit:paid' | 'benefit:suspended') =>
  whenTold(
    told,
    ({ benefitPayment: b }) => `father's pension ${b.month}: ${formatFen(b.amount)} ${b.status}`,
    [['WeChat', wechat]],
  );
let toldOfPension = pension('benefit:paid');
const firstRun = await platform.runDisbursement({ month: month() });
ok(
  `The back office pays ${month()}: ${firstRun.paid} paid; run again, ${(await platform.runDisbursement({ month: month() })).paid} more (once a month)`,
);
await toldOfPension();
clock += 400 * 86_400_000; // a year without certifying
toldOfPension = pension('benefit:suspended');
const overdueRun = await platform.runDisbursement({ month: month() });
ok(`${month()}: his certification is overdue, ${overdueRun.suspended} suspended`);
await toldOfPension();
await wechat.certify({
  signNo: card.signNo,
  memberId: dad.memberId,
  realPerson: platform.realPersonProof(father.idNumber),
});
clock += 31 * 86_400_000;
const bankBefore = platform.balances(father.idNumber).bank;
await platform.runDisbursement({ month: month() });
const history = await wechat.listBenefitPayments({ signNo: card.signNo, memberId: dad.memberId });
ok(
  `Certified again; ${month()} pays the arrears too: ${formatFen(platform.balances(father.idNumber).bank - bankBefore)}, history ${history.map((b) => `${b.month} ${b.status}`).join(', ')}`,
);

step(
  'At night 张三 reports the card lost in WeChat, finds it, and withdraws the report by his face',
);
const toldOfReport = whenTold('card:status', cardStatusTold, [['Alipay', alipay]]);
const reported = await wechat.reportLoss({
  signNo: card.signNo,
  verification: { password: '905172' },
});
ok(`挂失 at 23:40: status ${reported.status}, reported by the ${reported.lossReportedBy}`);
await toldOfReport();
const toldOfWithdrawal = whenTold('card:status', cardStatusTold, [['Alipay', alipay]]);
const found = await wechat.withdrawLossReport({
  signNo: card.signNo,
  realPerson: platform.realPersonProof(zhang.idNumber),
});
ok(`解挂 by a face check (the phone may be what was lost, so no password): ${found.status}`);
await toldOfWithdrawal();

step('The physical card is reported lost: only unbinding is allowed');
const { cardNo } = platform.currentCard(zhang.idNumber);
const toldOfLoss = whenTold('card:status', cardStatusTold);
platform.setCardStatus(cardNo, 'lost');
ok('The social-security office reports the card lost (挂失)');
await toldOfLoss();
const lost = await wechat.getCard({ signNo: card.signNo });
ok(`getCard still answers: status ${lost.status}, reported by the ${lost.lossReportedBy}`);
await expectRefusal("Withdrawing the office's loss in the app", () =>
  wechat.withdrawLossReport({
    signNo: card.signNo,
    realPerson: platform.realPersonProof(zhang.idNumber),
  }),
);
await expectRefusal('A QR code', () => wechat.issueQr({ signNo: card.signNo }));
await expectRefusal('A password change', () =>
  wechat.changePassword({ signNo: card.signNo, oldPassword: '905172', newPassword: '316408' }),
);

step('The card is replaced: unbind the old e-card, apply again for the new one');
const toldOfReplacement = whenTold('card:status', cardStatusTold);
platform.replaceCard(zhang.idNumber);
ok('The office issues a new card (换补卡); the old e-card is cancelled');
await toldOfReplacement();
await expectRefusal('Applying in WeChat while it holds the old binding', () =>
  wechat.apply({
    channelUserId: 'wx-openid-zhang',
    name: zhang.name,
    idNumber: zhang.idNumber,
    realPerson: platform.realPersonProof(zhang.idNumber),
    password: '316408',
  }),
);
await wechat.unbind({ signNo: card.signNo, verification: { password: '905172' } });
ok('WeChat unbound the old e-card');
const renewed = await wechat.apply({
  channelUserId: 'wx-openid-zhang',
  name: zhang.name,
  idNumber: zhang.idNumber,
  realPerson: platform.realPersonProof(zhang.idNumber),
  password: '316408',
});
ok(
  `New e-card: signNo ${renewed.signNo} (was ${card.signNo}), card ${renewed.cardNo}, ${renewed.status}`,
);

step('Information query and an online application: 买买提·艾力 claims the unemployment benefit');
const maimaiti = DEMO_PEOPLE[1]!;
const hisCard = await wechat.apply({
  channelUserId: 'wx-openid-maimaiti',
  name: maimaiti.name,
  idNumber: maimaiti.idNumber,
  realPerson: platform.realPersonProof(maimaiti.idNumber),
  password: '836150',
});
const insured = await wechat.query({
  signNo: hisCard.signNo,
  topic: 'insurance',
  verification: { password: '836150' },
});
for (const r of insured.records) {
  ok(
    `Insured for ${r.type} in ${region(r.regionCode)} since ${r.since}, ${r.months} months, now ${r.status}`,
  );
}
const claim = await wechat.submitApplication({
  signNo: hisCard.signNo,
  service: 'unemployment-benefit',
  form: {
    reason: 'contract-ended',
    lastEmployer: '乌鲁木齐某物流有限公司',
    separatedOn: '2026-06-30',
  },
  verification: { password: '836150' },
});
ok(`Applied for ${serviceName(claim.service)}: ${claim.status}`);
const toldOfApproval = whenTold(
  'application:updated',
  ({ application }) =>
    application.status === 'approved'
      ? `${serviceName(application.service)}: ${application.status}`
      : undefined,
  [['WeChat', wechat]],
);
await platform.reviewApplication(claim.applicationId, { decision: 'accepted' });
const decided = await platform.reviewApplication(claim.applicationId, {
  decision: 'approved',
  note: '失业保险金已核定',
});
ok(`The back office moved it to ${decided.status} (${decided.note})`);
await toldOfApproval();

console.log(`\n${green(bold('Journey complete.'))}`);
wechat.close();
alipay.close();
