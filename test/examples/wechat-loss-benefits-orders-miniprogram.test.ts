/**
 * The WeChat mini-program example's loss report, benefit history and scan-to-pay (R43–R45),
 * rendered by miniprogram-simulate against the channel backend example and a sandbox, in one
 * citizen's order: 张三 applies and enables payment, pays a pharmacy's order code and declines
 * another, follows his father's pension (suspended while the certification is overdue, paid
 * with its arrears after the father certifies), reports his card lost at night and withdraws it
 * by face; a loss the service centre reported is not offered. Then the father applies on the
 * same phone and sees his own history.
 */
import { createPaymentTerminal, type PaymentTerminal } from 'essc-sdk/acceptor';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PEOPLE, type RunningDemo, startDemo } from '../../examples/channel-backend/demo.js';
import {
  buildMiniProgram,
  createFakeWx,
  type FakeWx,
  openWxPage,
  removeBuild,
  type WxPage,
} from './miniprogram-harness.js';

const zhang = DEMO_PEOPLE[0]!;
const PASSWORD = '258046';
/** 张三's father: a Guangzhou pensioner who has never certified (overdue, R33). */
const FATHER = { name: '张建国', idNumber: '440106195803120021', regionCode: '440100' };
const MONTHLY = 286_050;

let demo: RunningDemo;
let build: string;
let wx: FakeWx;
let pharmacy: PaymentTerminal;
const opened: WxPage[] = [];

function open(name: string, query?: Record<string, string>): WxPage {
  const page = openWxPage(build, name, query);
  opened.push(page);
  return page;
}

const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 20 });
const bank = (idNumber: string) => demo.platform.balances(idNumber).bank;

/** Applies in the mini-program as `person`, with the (stub) face check, and lands on the card. */
async function applyAs(person: { name: string; idNumber: string }) {
  const apply = open('apply');
  apply.input('#name', person.name);
  apply.input('#id-number', person.idNumber);
  apply.tap('#face-check');
  await until(() => expect(apply.text('#face-status')).toBe('已通过'));
  apply.input('#password', PASSWORD);
  apply.input('#password-again', PASSWORD);
  apply.tap('#submit');
  await until(() => expect(wx.navigations.at(-1)).toBe('/pages/card/index'));
}

beforeAll(async () => {
  demo = await startDemo();
  demo.platform.registerMerchant({ id: 'GZ-PHARM-9', name: '广州市大参林药店', kind: 'pharmacy' });
  demo.platform.addPerson({ ...FATHER, benefit: { kind: 'pension', monthlyAmount: MONTHLY } });
  pharmacy = createPaymentTerminal({ adapter: demo.platform.merchantAdapter('GZ-PHARM-9') });
  build = buildMiniProgram('wechat-miniprogram', { backendUrl: demo.backend.url });
  wx = createFakeWx({ backendUrl: demo.backend.url });
  (globalThis as { wx?: unknown }).wx = wx;
});

afterAll(async () => {
  for (const page of opened) page.unload();
  await demo?.close();
  removeBuild(build);
});

describe('the WeChat mini-program example: 扫码付款, 待遇发放记录, 挂失 / 解挂', () => {
  it('applies and enables payment (scanning to pay needs a level-2 e-card)', async () => {
    await applyAs(zhang);
    const pay = open('pay');
    await until(() => expect(pay.has('#enable')).toBe(true));
    pay.input('#password', PASSWORD);
    pay.tap('#enable');
    await until(() => expect(pay.has('#show-code')).toBe(true));
  });

  it('扫码付款: shows the merchant’s registered name, amount and items, and pays once with the password', async () => {
    const { qrText } = await pharmacy.createOrderCode({
      orderId: 'POS-0001',
      amount: 2_850,
      items: [
        { code: 'D-0456', name: '布洛芬缓释胶囊', amount: 2_200, coverage: 'covered' },
        { code: 'O-0010', name: '医用口罩', amount: 650, coverage: 'self' },
      ],
      description: '药店 · 柜台 2',
    });
    wx.scans.push(qrText);
    const page = open('scan-pay');
    page.tap('#scan');
    await until(() => expect(page.text('#merchant')).toBe('广州市大参林药店'));
    expect(page.text('#amount')).toBe('¥28.50');
    expect(page.text('#description')).toBe('药店 · 柜台 2');
    expect(page.text('#item-0')).toBe('布洛芬缓释胶囊医保¥22.00');
    expect(page.text('#item-1')).toBe('医用口罩自费¥6.50');

    // A wrong password takes nothing and leaves the order open.
    const before = bank(zhang.idNumber);
    page.input('#password', '000001');
    page.tap('#pay');
    await until(() => expect(page.text('#error')).toBe('电子社保卡密码错误，还可尝试4次'));
    expect(page.has('#pay')).toBe(true);

    page.input('#password', PASSWORD);
    page.tap('#pay');
    await until(() => expect(page.text('#result')).toBe('已向 广州市大参林药店 支付 ¥28.50'));
    expect(wx.toasts).toContain('支付成功');
    // The merchant sees it paid, settled as any pharmacy payment (70% of the covered ¥22.00).
    const payment = await pharmacy.getPayment({ orderId: 'POS-0001' });
    expect(payment).toMatchObject({ amount: 2_850, status: 'succeeded' });
    expect(payment.split).toEqual({ pooledFund: 1_540, personalAccount: 0, selfPay: 1_310 });
    expect(bank(zhang.idNumber)).toBe(before - 1_310);

    // The same code again: paid already, nothing taken twice.
    page.tap('#again');
    await until(() => expect(page.has('#scan')).toBe(true));
    wx.scans.push(qrText);
    page.tap('#scan');
    await until(() => expect(page.text('#error')).toBe('该订单已支付，未重复扣款'));
    expect(page.has('#pay')).toBe(false);
    expect(bank(zhang.idNumber)).toBe(before - 1_310);

    const history = open('payments');
    await until(() => expect(history.has('#payment-0')).toBe(true));
    expect(history.text('#payment-0')).toContain('药店 · 柜台 2');
    expect(history.text('#payment-0')).toContain('¥28.50');
  });

  it('扫码付款: declining takes nothing and leaves the merchant’s order unpaid', async () => {
    const { qrText } = await pharmacy.createOrderCode({ orderId: 'POS-0002', amount: 1_200 });
    const before = bank(zhang.idNumber);
    wx.scans.push(qrText);
    const page = open('scan-pay');
    page.tap('#scan');
    await until(() => expect(page.text('#amount')).toBe('¥12.00'));
    expect(page.has('#item-0')).toBe(false);
    page.tap('#decline');
    await until(() => expect(page.text('#result')).toBe('已取消向 广州市大参林药店 付款'));
    await expect(pharmacy.getPayment({ orderId: 'POS-0002' })).rejects.toMatchObject({
      code: 'PAYMENT_NOT_FOUND',
    });
    expect(bank(zhang.idNumber)).toBe(before);
  });

  it('待遇发放记录: the father’s pension is 已暂停 while he is overdue, and paid with its arrears after he certifies', async () => {
    // 亲情服务: 张三 adds his father, with the father's own face check (R31).
    const family = open('family');
    await until(() => expect(family.has('#no-members')).toBe(true));
    family.input('#member-name', FATHER.name);
    family.input('#member-id-number', FATHER.idNumber);
    family.tap('#member-face-check');
    await until(() => expect(family.text('#member-face-status')).toBe('已通过'));
    family.input('#password', PASSWORD);
    family.tap('#add');
    await until(() => expect(family.has('#benefit-payments-0')).toBe(true));
    family.tap('#benefit-payments-0');
    await until(() =>
      expect(wx.navigations.at(-1)).toMatch(/^\/pages\/benefit-payments\/index\?memberId=/),
    );
    const memberId = new URLSearchParams(wx.navigations.at(-1)!.split('?')[1]).get('memberId')!;

    expect(await demo.platform.runDisbursement({ month: '2026-05' })).toMatchObject({
      suspended: 1,
    });
    const fatherBank = bank(FATHER.idNumber);
    const page = open('benefit-payments', { memberId });
    await until(() => expect(page.has('#benefit-0')).toBe(true));
    expect(page.text('#benefit-0')).toMatch(/^2026 年 05 月\s*¥2860\.50\s*已暂停$/);
    expect(page.text('#suspended-hint')).toContain('待遇资格认证已逾期');
    page.tap('#go-certification');
    await until(() =>
      expect(wx.navigations.at(-1)).toBe(
        `/pages/certification/index?memberId=${encodeURIComponent(memberId)}`,
      ),
    );

    // He certifies with his own face on his son's phone; June's run pays June and May.
    const certification = open('certification', { memberId });
    await until(() => expect(certification.has('#certify')).toBe(true));
    certification.input('#id-number', FATHER.idNumber);
    certification.tap('#certify');
    await until(() => expect(certification.text('#done')).toBe('认证成功'));
    expect(await demo.platform.runDisbursement({ month: '2026-06' })).toMatchObject({ paid: 1 });
    // Run again (a retry): nobody is paid twice.
    expect(await demo.platform.runDisbursement({ month: '2026-06' })).toMatchObject({ paid: 0 });
    expect(bank(FATHER.idNumber)).toBe(fatherBank + 2 * MONTHLY);

    await page.show();
    await until(() => expect(page.has('#benefit-1')).toBe(true));
    expect(page.text('#benefit-0')).toMatch(
      /^2026 年 06 月\s*¥2860\.50\s*已发放\s*\d{4}-\d{2}-\d{2} 到账$/,
    );
    expect(page.text('#benefit-1')).toMatch(/^2026 年 05 月\s*¥2860\.50\s*已发放/);
    expect(page.has('#suspended-hint')).toBe(false);
    expect(page.has('#benefit-2')).toBe(false);

    // 张三 himself receives no benefit.
    const own = open('benefit-payments');
    await until(() => expect(own.has('#no-payments')).toBe(true));
  });

  it('挂失: reports the card lost with the password; the card shows 已挂失 and who reported it', async () => {
    const page = open('loss');
    await until(() => expect(page.text('#loss-status')).toBe('正常'));
    // Declined in the dialog: nothing is reported.
    page.input('#password', PASSWORD);
    wx.modalAnswers.push(false);
    page.tap('#report');
    await until(() => expect(wx.modals.at(-1)).toContain('确定挂失吗'));
    expect(demo.platform.currentCard(zhang.idNumber).status).toBe('normal');

    page.input('#password', PASSWORD);
    wx.modalAnswers.push(true);
    page.tap('#report');
    await until(() => expect(page.text('#done')).toBe('挂失成功'));
    expect(page.text('#loss-status')).toBe('已挂失');
    expect(page.text('#loss-reported-by')).toBe('持卡人在线挂失');
    expect(page.has('#withdraw')).toBe(true);
    expect(demo.platform.currentCard(zhang.idNumber).status).toBe('lost');

    const card = open('card');
    await until(() => expect(card.text('#card-status')).toBe('已挂失'));
    expect(card.text('#card-loss')).toBe('持卡人在线挂失');
    expect(card.has('#qr')).toBe(false);
    expect(card.has('#go-scan-pay')).toBe(false);
    expect(card.has('#go-loss')).toBe(true);
  });

  it('解挂: only the holder’s own face withdraws it; the card is 正常 again', async () => {
    const page = open('loss');
    await until(() => expect(page.has('#withdraw')).toBe(true));
    page.input('#id-number', FATHER.idNumber);
    page.tap('#withdraw');
    await until(() =>
      expect(page.text('#error')).toBe('人脸识别未通过或已失效，请重新进行人脸识别'),
    );
    expect(demo.platform.currentCard(zhang.idNumber).status).toBe('lost');

    page.input('#id-number', zhang.idNumber);
    page.tap('#withdraw');
    await until(() => expect(page.text('#done')).toBe('已解除挂失'));
    expect(page.text('#loss-status')).toBe('正常');
    expect(page.has('#loss-reported-by')).toBe(false);
    expect(demo.platform.currentCard(zhang.idNumber).status).toBe('normal');
    const card = open('card');
    await until(() => expect(card.has('#qr')).toBe(true));
    expect(card.has('#card-loss')).toBe(false);
    card.hide();
  });

  it('a loss the service centre reported is not offered for withdrawal in the app', async () => {
    await demo.platform.setCardStatus(demo.platform.currentCard(zhang.idNumber).cardNo, 'lost');
    const page = open('loss');
    await until(() => expect(page.text('#loss-reported-by')).toBe('经办机构挂失'));
    expect(page.text('#counter-only')).toContain('到经办机构办理解挂');
    expect(page.has('#withdraw')).toBe(false);
    expect(page.has('#report')).toBe(false);
  });

  it('the father applies on the same phone and sees his own history, newest first', async () => {
    wx.storage.clear();
    await applyAs(FATHER);
    const page = open('benefit-payments');
    await until(() => expect(page.has('#benefit-1')).toBe(true));
    expect(page.text('#benefit-0')).toContain('2026 年 06 月');
    expect(page.text('#benefit-1')).toContain('2026 年 05 月');
    expect(page.has('#suspended-hint')).toBe(false);
  });
});
