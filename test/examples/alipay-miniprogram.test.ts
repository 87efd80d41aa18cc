/**
 * The Alipay mini-program example (examples/alipay-miniprogram) against the channel backend
 * example of the channel `alipay` and a sandbox, with a fake `my` whose `request` goes to the
 * backend over loopback with Alipay's shapes (`headers`, `status`, HTTP errors through `fail`).
 *
 * First its SDK glue (utils/essc.ts: the relay adapter on `createMyTransport`), then its pages:
 * there is no Alipay simulator for Node, so each page's `Page()` options are called as the
 * runtime calls them, on a `this` whose `setData` merges into `data`.
 */
import {
  createLoginPortal,
  createPaymentTerminal,
  createQrVerifier,
  type PaymentTerminal,
} from 'essc-sdk/acceptor';
import { createHttpPortalAdapter } from 'essc-sdk/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE, type RunningDemo, startDemo } from '../../examples/channel-backend/demo.js';
import {
  buildMiniProgram,
  createFakeMy,
  type FakeMy,
  openMyPage,
  removeBuild,
  requireBuilt,
  templateHandlers,
} from './miniprogram-harness.js';

const buyer = DEMO_PEOPLE[1]!; // 买买提·艾力: a name with the middle dot
const PASSWORD = '258046';
const NEW_PASSWORD = '739164';
/** 买买提's father: an Urumqi pensioner with a physical card and no phone. */
const FATHER = { name: '艾力·托乎提', idNumber: '650102195511200031', regionCode: '650100' };

let demo: RunningDemo;
let build: string;
let my: FakeMy;
/** A pharmacy's cashier, charging the codes the mini-program shows. */
let cashier: PaymentTerminal;

/** The build's utils/essc.js, as the pages share it. */
function glue() {
  return requireBuilt<{
    essc(): { getCard(input: { signNo: string }): Promise<{ signNo: string; name: string }> };
    rememberedSignNo(): string | undefined;
  }>(build, 'utils/essc.js');
}

const signNo = () => my.storage.get('essc:signNo') as string;

beforeAll(async () => {
  demo = await startDemo({ channelId: 'alipay' });
  demo.platform.registerMerchant({ id: 'URC-PHARM-1', name: '乌鲁木齐某大药房', kind: 'pharmacy' });
  cashier = createPaymentTerminal({ adapter: demo.platform.merchantAdapter('URC-PHARM-1') });
  build = buildMiniProgram('alipay-miniprogram', { backendUrl: demo.backend.url });
  my = createFakeMy({ backendUrl: demo.backend.url });
  (globalThis as { my?: unknown }).my = my;
});

afterAll(async () => {
  await demo?.close();
  removeBuild(build);
});

describe('the Alipay mini-program example: its SDK glue', () => {
  it('makes one client, on my.request, and a refusal keeps its code through Alipay’s fail path', async () => {
    const { essc } = glue();
    expect(essc()).toBe(essc());
    // A card that is not this user's: the relay refuses with NOT_BOUND and an HTTP error
    // status, which my.request reports through `fail` (error 19) with the answer.
    await expect(essc().getCard({ signNo: 'SN3F9K2Q7B' })).rejects.toMatchObject({
      name: 'EsscError',
      code: 'NOT_BOUND',
    });
    const relayed = my.exchanges.filter((e) => e.url === demo.backend.relayUrl);
    expect(relayed.at(-1)?.status).toBeGreaterThanOrEqual(400);
    // It signed in on the way, with the demo's sign-in.
    expect(my.storage.get('essc:session')).toMatchObject({ token: expect.any(String) });
  });

  it('binds every handler its templates name', async () => {
    for (const name of [
      'apply',
      'card',
      'scan-login',
      'password',
      'unbind',
      'pay',
      'bills',
      'payments',
      'family',
      'certification',
      'loss',
      'benefit-payments',
      'scan-pay',
    ]) {
      const page = openMyPage(build, name);
      await page.loaded;
      for (const handler of templateHandlers(build, name, 'axml')) {
        expect(typeof page[handler], `${name}: ${handler}`).toBe('function');
      }
      (page.onUnload as (() => void) | undefined)?.call(page);
    }
  });
});

describe('the Alipay mini-program example: its pages', () => {
  it('applies, then shows the masked card and a QR code', async () => {
    const apply = openMyPage(build, 'apply');
    apply.onNameInput!({ detail: { value: buyer.name } } as never);
    apply.onIdNumberInput!({ detail: { value: buyer.idNumber } } as never);
    await apply.onFaceCheck!();
    expect(apply.data.faceChecked).toBe(true);
    apply.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    apply.onPasswordAgainInput!({ detail: { value: PASSWORD } } as never);
    await apply.onSubmit!();
    expect(apply.data.error).toBe('');
    expect(my.navigations.at(-1)).toBe('/pages/card/index');

    const card = openMyPage(build, 'card');
    await card.loaded;
    expect(card.data.card).toMatchObject({ name: '买**·*力', statusText: '正常', active: true });
    expect(card.data.qrSrc).toMatch(/^data:image\/svg\+xml;base64,/);
    card.onHide!();
    expect(card.data.qrSrc).toBe('');
    card.onUnload!();
  });

  it('enables payment once the bank account is active, and shows a payment code a pharmacy charges', async () => {
    const pay = openMyPage(build, 'pay');
    await pay.loaded;
    expect(pay.data).toMatchObject({ loading: false, level: 1 });
    // 买买提's card has no active bank account: payment cannot be enabled yet (R7).
    pay.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    await pay.onEnable!();
    expect(pay.data.error).toBe('社保卡银行账户未激活，请先到发卡银行激活后再开通');
    expect(pay.data.level).toBe(1);

    // The bank activates it (the sandbox's admin control stands in for the bank).
    await demo.platform.setBankAccountActive(
      demo.platform.currentCard(buyer.idNumber).cardNo,
      true,
    );
    pay.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    await pay.onEnable!();
    expect(pay.data).toMatchObject({ level: 2, error: '', password: '' });
    expect(my.toasts).toContain('已开通支付');

    pay.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    await pay.onShowCode!();
    expect(pay.data.error).toBe('');
    expect(pay.data.qrSrc).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(pay.data.expiresText).toMatch(/^\d{2}:\d{2} 前有效，仅可使用一次$/);

    const issued = my.exchanges
      .filter((e) => e.url === demo.backend.relayUrl && e.status === 200)
      .filter((e) => JSON.parse(e.requestBody ?? '{}').op === 'issueQr')
      .map((e) => JSON.parse(e.responseBody).result as { text: string; purpose: string });
    const code = issued.at(-1)!;
    expect(code.purpose).toBe('payment');
    const payment = await cashier.charge({
      qrText: code.text,
      orderId: 'RX-0001',
      amount: 4_200,
      items: [
        { code: 'D-0456', name: '布洛芬缓释胶囊', amount: 2_600, coverage: 'covered' },
        { code: 'O-0010', name: '医用口罩', amount: 1_600, coverage: 'self' },
      ],
      description: '药房 · 处方药',
    });
    expect(payment.split).toEqual({ pooledFund: 1_820, personalAccount: 0, selfPay: 2_380 });
    pay.onHide!();
    expect(pay.data.qrSrc).toBe('');

    const history = openMyPage(build, 'payments');
    await history.loaded;
    expect(history.data.error).toBe('');
    expect(history.data.payments).toEqual([
      expect.objectContaining({
        title: '药房 · 处方药',
        merchantId: 'URC-PHARM-1',
        amountText: '¥42.00',
        statusText: '支付成功',
        refundedText: '',
        splitText: '统筹基金 ¥18.20 · 个人账户 ¥0.00 · 自付 ¥23.80',
      }),
    ]);
  });

  it('lists the bills and pays one from the bank account; a paid bill is not paid twice', async () => {
    const { billId } = demo.platform.addBill({
      idNumber: buyer.idNumber,
      kind: 'training',
      title: '2026 年叉车司机培训费',
      amount: 38_000,
    });
    const page = openMyPage(build, 'bills');
    await page.loaded;
    expect(page.data.bills).toEqual([
      expect.objectContaining({ billId, kindText: '培训缴费', amountText: '¥380.00', paid: false }),
    ]);
    const before = demo.platform.balances(buyer.idNumber).bank;
    page.onSelect!({ target: { dataset: { billId } } } as never);
    page.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    await page.onPay!();
    expect(page.data).toMatchObject({ error: '', done: '2026 年叉车司机培训费 ¥380.00 缴费成功' });
    expect(page.data.bills).toEqual([expect.objectContaining({ billId, paid: true })]);
    expect(demo.platform.balances(buyer.idNumber).bank).toBe(before - 38_000);

    // A second page still showing it unpaid (another phone, a stale list): refused, once paid.
    const stale = openMyPage(build, 'bills');
    await stale.loaded;
    stale.data.bills = [{ ...(page.data.bills as object[])[0], paid: false }] as never;
    stale.onSelect!({ target: { dataset: { billId } } } as never);
    stale.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    await stale.onPay!();
    expect(stale.data.error).toBe('该账单已缴费，无需重复缴纳');
    expect(demo.platform.balances(buyer.idNumber).bank).toBe(before - 38_000);
  });

  it('confirms a portal login scanned with my.scan', async () => {
    const portal = createLoginPortal({
      adapter: createHttpPortalAdapter({
        baseUrl: demo.sandbox.url,
        portalId: 'gov-portal',
        portalKey: demo.credentials.portals['gov-portal']!,
      }),
    });
    const session = await portal.createSession();
    my.scans.push(session.qrText);
    my.modalAnswers.push(true);
    const page = openMyPage(build, 'scan-login');
    await page.onScan!();
    expect(page.data).toMatchObject({ step: 'confirm', portalName: '国家政务服务平台' });
    page.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    await page.onConfirm!();
    expect(page.data.result).toBe('已登录 国家政务服务平台');
    expect((await portal.getSession(session.sessionId)).state).toBe('confirmed');
  });

  it('shows which claims the portal asks for (R30) before the user agrees', async () => {
    const portal = createLoginPortal({
      adapter: createHttpPortalAdapter({
        baseUrl: demo.sandbox.url,
        portalId: 'gov-portal',
        portalKey: demo.credentials.portals['gov-portal']!,
      }),
    });
    const session = await portal.createSession({ scopes: ['name', 'regionCode'] });
    my.scans.push(session.qrText);
    my.modalAnswers.push(false);
    const page = openMyPage(build, 'scan-login');
    await page.onScan!();
    // The dialog named exactly what would be released: name and region, no ID number.
    const asked = my.modals.at(-1)!;
    expect(asked).toContain('姓名、发卡地');
    expect(asked).not.toContain('身份证号');
    expect(page.data.result).toContain('已拒绝');
  });

  it('亲情服务: adds his father with the father’s face check and shows the father’s code on his behalf', async () => {
    // Never certified: overdue, the pension suspended until he certifies (R33).
    demo.platform.addPerson({ ...FATHER, benefit: { kind: 'pension' } });
    const family = openMyPage(build, 'family');
    await family.loaded;
    expect(family.data.members).toEqual([]);
    family.onNameInput!({ detail: { value: FATHER.name } } as never);
    family.onIdNumberInput!({ detail: { value: FATHER.idNumber } } as never);
    await family.onFaceCheck!();
    expect(family.data.faceChecked).toBe(true);
    family.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    await family.onAdd!();
    expect(family.data.error).toBe('');
    const members = family.data.members as {
      memberId: string;
      relationText: string;
      name: string;
    }[];
    expect(members).toMatchObject([
      { relationText: '父母', name: '艾*·**提', idNumber: '650102********0031' },
    ]);

    await family.onShowCode!({ target: { dataset: { memberId: members[0]!.memberId } } } as never);
    expect(family.data.error).toBe('');
    expect(family.data.shownFor).toBe(members[0]!.memberId);
    expect(family.data.qrSrc).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(family.data.qrHint).toMatch(/^代父母艾\*·\*\*提出示/);
    // The code names the father's card and says it is shown on behalf (R32).
    const verifier = createQrVerifier({ jwks: `${demo.sandbox.url}/.well-known/jwks.json` });
    const issued = my.exchanges
      .filter((e) => e.url.endsWith('/relay') && e.status === 200)
      .filter((e) => (JSON.parse(e.requestBody ?? '{}') as { op?: string }).op === 'issueQr')
      .map((e) => (JSON.parse(e.responseBody) as { result: { text: string } }).result.text);
    expect(await verifier.verify(issued.at(-1)!)).toMatchObject({
      holderName: '艾*',
      regionCode: '650100',
      onBehalf: { relation: 'parent' },
    });
    family.onHide!();
    expect(family.data.qrSrc).toBe('');

    // 待遇资格认证 for him, from the family page: overdue; his own face certifies it.
    family.goCertification!({ target: { dataset: { memberId: members[0]!.memberId } } } as never);
    const url = my.navigations.at(-1)!;
    expect(url).toMatch(/^\/pages\/certification\/index\?memberId=/);
    const memberId = new URLSearchParams(url.split('?')[1]).get('memberId')!;
    const page = openMyPage(build, 'certification', { memberId });
    await page.loaded;
    expect(page.data.certification).toMatchObject({
      statusText: '已逾期',
      reminder: '已超过认证期限，养老金暂停发放；完成认证后恢复',
      required: true,
    });
    page.onIdNumberInput!({ detail: { value: buyer.idNumber } } as never);
    await page.onCertify!();
    expect(page.data.error).toBe('人脸识别未通过或已失效，请重新进行人脸识别');
    page.onIdNumberInput!({ detail: { value: FATHER.idNumber } } as never);
    await page.onCertify!();
    expect(page.data).toMatchObject({ done: '认证成功', error: '' });
    expect(page.data.certification).toMatchObject({ statusText: '已认证', reminder: '' });
    expect((page.data.certification as { dueByText: string }).dueByText).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
  });

  it('changes the password, then unbinds with the new one', async () => {
    const password = openMyPage(build, 'password');
    password.onOldPasswordInput!({ detail: { value: PASSWORD } } as never);
    password.onNewPasswordInput!({ detail: { value: NEW_PASSWORD } } as never);
    password.onNewPasswordAgainInput!({ detail: { value: NEW_PASSWORD } } as never);
    await password.onSubmit!();
    expect(password.data).toMatchObject({ done: '密码已修改', error: '' });

    const bound = signNo();
    const unbind = openMyPage(build, 'unbind');
    unbind.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    await unbind.onSubmit!();
    expect(unbind.data.error).toBe('电子社保卡密码错误，还可尝试4次');
    unbind.onPasswordInput!({ detail: { value: NEW_PASSWORD } } as never);
    await unbind.onSubmit!();
    expect(unbind.data.error).toBe('');
    expect(my.navigations.at(-1)).toBe('/pages/apply/index');
    expect(glue().rememberedSignNo()).toBeUndefined();
    await expect(glue().essc().getCard({ signNo: bound })).rejects.toMatchObject({
      code: 'NOT_BOUND',
    });
  });
});
