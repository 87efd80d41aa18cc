/**
 * The Alipay mini-program example's scan-to-pay, benefit history and loss report (R43–R45),
 * against the channel backend example of the channel `alipay` and a sandbox; each page's
 * `Page()` options are called as the runtime calls them (see ./alipay-miniprogram.test.ts).
 * 买买提 pays an Urumqi pharmacy's order code and declines another, follows his father's
 * pension (suspended while overdue, paid with the arrears after he certifies), reports his card
 * lost and withdraws it by face; a loss the service centre reported cannot be withdrawn here.
 */
import { createPaymentTerminal, type PaymentTerminal } from 'essc-sdk/acceptor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE, type RunningDemo, startDemo } from '../../examples/channel-backend/demo.js';
import {
  buildMiniProgram,
  createFakeMy,
  type FakeMy,
  openMyPage,
  removeBuild,
} from './miniprogram-harness.js';

const buyer = DEMO_PEOPLE[1]!; // 买买提·艾力
const PASSWORD = '258046';
/** 买买提's father: an Urumqi pensioner who has never certified (overdue, R33). */
const FATHER = { name: '艾力·托乎提', idNumber: '650102195511200031', regionCode: '650100' };

let demo: RunningDemo;
let build: string;
let my: FakeMy;
let pharmacy: PaymentTerminal;

const input = (value: string) => ({ detail: { value } }) as never;
const bank = (idNumber: string) => demo.platform.balances(idNumber).bank;
const cardStatus = () => demo.platform.currentCard(buyer.idNumber).status;

beforeAll(async () => {
  demo = await startDemo({ channelId: 'alipay' });
  demo.platform.registerMerchant({ id: 'URC-PHARM-2', name: '乌鲁木齐某大药房', kind: 'pharmacy' });
  demo.platform.addPerson({ ...FATHER, benefit: { kind: 'pension' } });
  pharmacy = createPaymentTerminal({ adapter: demo.platform.merchantAdapter('URC-PHARM-2') });
  build = buildMiniProgram('alipay-miniprogram', { backendUrl: demo.backend.url });
  my = createFakeMy({ backendUrl: demo.backend.url });
  (globalThis as { my?: unknown }).my = my;

  // Applied, his bank account activated by the bank, payment enabled (level 2).
  const apply = openMyPage(build, 'apply');
  apply.onNameInput!(input(buyer.name));
  apply.onIdNumberInput!(input(buyer.idNumber));
  await apply.onFaceCheck!();
  apply.onPasswordInput!(input(PASSWORD));
  apply.onPasswordAgainInput!(input(PASSWORD));
  await apply.onSubmit!();
  await demo.platform.setBankAccountActive(demo.platform.currentCard(buyer.idNumber).cardNo, true);
  const pay = openMyPage(build, 'pay');
  await pay.loaded;
  pay.onPasswordInput!(input(PASSWORD));
  await pay.onEnable!();
  expect(pay.data).toMatchObject({ level: 2, error: '' });
});

afterAll(async () => {
  await demo?.close();
  removeBuild(build);
});

describe('the Alipay mini-program example: 扫码付款, 待遇发放记录, 挂失 / 解挂', () => {
  it('扫码付款: scans with my.scan, shows the registered merchant and items, pays once', async () => {
    const { qrText } = await pharmacy.createOrderCode({
      orderId: 'URC-POS-1',
      amount: 4_200,
      items: [
        { code: 'D-0456', name: '布洛芬缓释胶囊', amount: 2_600, coverage: 'covered' },
        { code: 'O-0010', name: '医用口罩', amount: 1_600, coverage: 'self' },
      ],
    });
    const before = bank(buyer.idNumber);
    my.scans.push(qrText);
    const page = openMyPage(build, 'scan-pay');
    await page.onScan!();
    expect(page.data).toMatchObject({ step: 'confirm', error: '' });
    expect(page.data.order).toMatchObject({
      merchantName: '乌鲁木齐某大药房',
      orderId: 'URC-POS-1',
      amountText: '¥42.00',
      items: [
        { name: '布洛芬缓释胶囊', amountText: '¥26.00', coverageText: '医保' },
        { name: '医用口罩', amountText: '¥16.00', coverageText: '自费' },
      ],
    });
    page.onPasswordInput!(input(PASSWORD));
    await page.onPay!();
    expect(page.data).toMatchObject({ step: 'done', result: '已向 乌鲁木齐某大药房 支付 ¥42.00' });
    const payment = await pharmacy.getPayment({ orderId: 'URC-POS-1' });
    expect(payment.split).toEqual({ pooledFund: 1_820, personalAccount: 0, selfPay: 2_380 });
    expect(bank(buyer.idNumber)).toBe(before - 2_380);

    // Scanned again (a second phone, a photo of the code): paid already, nothing taken.
    page.onAgain!();
    my.scans.push(qrText);
    await page.onScan!();
    expect(page.data).toMatchObject({ step: 'idle', error: '该订单已支付，未重复扣款' });
    expect(bank(buyer.idNumber)).toBe(before - 2_380);
  });

  it('扫码付款: declining takes nothing; the order stays unpaid', async () => {
    const { qrText } = await pharmacy.createOrderCode({ orderId: 'URC-POS-2', amount: 900 });
    const before = bank(buyer.idNumber);
    my.scans.push(qrText);
    const page = openMyPage(build, 'scan-pay');
    await page.onScan!();
    expect(page.data.order).toMatchObject({ amountText: '¥9.00', items: [] });
    await page.onDecline!();
    expect(page.data).toMatchObject({ step: 'done', result: '已取消向 乌鲁木齐某大药房 付款' });
    await expect(pharmacy.getPayment({ orderId: 'URC-POS-2' })).rejects.toMatchObject({
      code: 'PAYMENT_NOT_FOUND',
    });
    expect(bank(buyer.idNumber)).toBe(before);
  });

  it('待遇发放记录: the father’s months, 已暂停 while overdue, then 已发放 with the arrears', async () => {
    const family = openMyPage(build, 'family');
    await family.loaded;
    family.onNameInput!(input(FATHER.name));
    family.onIdNumberInput!(input(FATHER.idNumber));
    await family.onFaceCheck!();
    family.onPasswordInput!(input(PASSWORD));
    await family.onAdd!();
    expect(family.data.error).toBe('');
    const [member] = family.data.members as { memberId: string }[];
    family.goBenefitPayments!({ target: { dataset: { memberId: member!.memberId } } } as never);
    expect(my.navigations.at(-1)).toBe(
      `/pages/benefit-payments/index?memberId=${encodeURIComponent(member!.memberId)}`,
    );

    await demo.platform.runDisbursement({ month: '2026-07' });
    const page = openMyPage(build, 'benefit-payments', { memberId: member!.memberId });
    await page.loaded;
    expect(page.data).toMatchObject({ error: '', suspended: true });
    expect(page.data.payments).toEqual([
      expect.objectContaining({
        monthText: '2026 年 07 月',
        amountText: '¥3000.00',
        statusText: '已暂停',
        paidAtText: '',
      }),
    ]);

    const certification = openMyPage(build, 'certification', { memberId: member!.memberId });
    await certification.loaded;
    certification.onIdNumberInput!(input(FATHER.idNumber));
    await certification.onCertify!();
    expect(certification.data.done).toBe('认证成功');
    const fatherBank = bank(FATHER.idNumber);
    await demo.platform.runDisbursement({ month: '2026-08' });
    expect(bank(FATHER.idNumber)).toBe(fatherBank + 600_000);

    await page.onShow!();
    expect(page.data.suspended).toBe(false);
    expect(page.data.payments).toEqual([
      expect.objectContaining({
        monthText: '2026 年 08 月',
        statusText: '已发放',
        paidAtText: expect.stringMatching(/^\d{4}-\d{2}-\d{2} 到账$/),
      }),
      expect.objectContaining({ monthText: '2026 年 07 月', statusText: '已发放' }),
    ]);
    // His own history: he receives no benefit.
    const own = openMyPage(build, 'benefit-payments');
    await own.loaded;
    expect(own.data).toMatchObject({ payments: [], suspended: false, error: '' });
  });

  it('挂失 with the password (after a confirmation), 解挂 by his own face only', async () => {
    const page = openMyPage(build, 'loss');
    await page.loaded;
    expect(page.data.card).toMatchObject({ statusText: '正常', reportable: true });
    page.onPasswordInput!(input(PASSWORD));
    my.modalAnswers.push(true);
    await page.onReport!();
    expect(page.data).toMatchObject({ done: '挂失成功', error: '' });
    expect(page.data.card).toMatchObject({
      statusText: '已挂失',
      reportedByText: '持卡人在线挂失',
      withdrawable: true,
    });
    expect(cardStatus()).toBe('lost');
    const card = openMyPage(build, 'card');
    await card.loaded;
    expect(card.data.card).toMatchObject({
      statusText: '已挂失',
      lossText: '持卡人在线挂失',
      active: false,
    });
    expect(card.data.qrSrc).toBe('');

    page.onIdNumberInput!(input(FATHER.idNumber));
    await page.onWithdraw!();
    expect(page.data.error).toBe('人脸识别未通过或已失效，请重新进行人脸识别');
    expect(cardStatus()).toBe('lost');
    page.onIdNumberInput!(input(buyer.idNumber));
    await page.onWithdraw!();
    expect(page.data).toMatchObject({ done: '已解除挂失', error: '' });
    expect(page.data.card).toMatchObject({ statusText: '正常', reportedByText: '' });
    expect(cardStatus()).toBe('normal');
  });

  it('a loss the service centre reported: not offered, and refused in the citizen’s words if tried', async () => {
    await demo.platform.setCardStatus(demo.platform.currentCard(buyer.idNumber).cardNo, 'lost');
    const page = openMyPage(build, 'loss');
    await page.loaded;
    expect(page.data.card).toMatchObject({
      statusText: '已挂失',
      reportedByText: '经办机构挂失',
      withdrawable: false,
      reportable: false,
    });
    // A page left open from before (or a tampered one) asks anyway: the platform refuses.
    page.onIdNumberInput!(input(buyer.idNumber));
    await page.onWithdraw!();
    expect(page.data.error).toBe('该挂失不能在线解除，请携带身份证到社保经办机构办理');
    expect(cardStatus()).toBe('lost');
  });
});
