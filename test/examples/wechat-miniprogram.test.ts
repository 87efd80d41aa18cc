/**
 * The WeChat mini-program example (examples/wechat-miniprogram): its pages rendered by
 * miniprogram-simulate, tapped and typed into as a user would, with `wx.request` going to the
 * channel backend example over loopback, in front of a sandbox platform. One citizen's
 * journey, in order: apply, show the card, pay at a hospital with the payment code and see it
 * in the payment history, pay a bill, look up the insurance records, be told the unemployment
 * benefit is not for him, log in to a portal by scanning, change and reset the password,
 * unbind. Then a second citizen, unemployed, claims the unemployment benefit and sees it
 * approved.
 */
import { createClient, isEsscError } from 'essc-sdk';
import {
  createLoginPortal,
  createPaymentTerminal,
  createQrVerifier,
  type PaymentTerminal,
} from 'essc-sdk/acceptor';
import { createHttpAdapter, createHttpPortalAdapter } from 'essc-sdk/http';
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
const maimaiti = DEMO_PEOPLE[1]!;
const PASSWORD = '258046';
const NEW_PASSWORD = '739164';
const RESET_PASSWORD = '914083';
/** 张三's father: a Guangzhou pensioner with a physical card and no phone. */
const FATHER = { name: '张建国', idNumber: '440106195803120021', regionCode: '440100' };
const DAY = 86_400_000;

let demo: RunningDemo;
let build: string;
let wx: FakeWx;
const opened: WxPage[] = [];

function open(name: string, query?: Record<string, string>): WxPage {
  const page = openWxPage(build, name, query);
  opened.push(page);
  return page;
}

/** Waits for what the page shows to meet `assertion` (the page's calls go over HTTP). */
const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 20 });

/** The signNo the mini-program remembered after applying. */
const signNo = () => wx.storage.get('essc:signNo') as string;

/** The QR texts the relay issued to the mini-program, in order. */
function issuedQrTexts(): string[] {
  return wx.exchanges
    .filter((e) => e.url.endsWith('/relay') && e.status === 200)
    .filter((e) => (JSON.parse(e.requestBody ?? '{}') as { op?: string }).op === 'issueQr')
    .map((e) => (JSON.parse(e.responseBody) as { result: { text: string } }).result.text);
}

/** The payment codes the relay issued to the mini-program, in order. */
function issuedPaymentCodes(): string[] {
  return wx.exchanges
    .filter((e) => e.url.endsWith('/relay') && e.status === 200)
    .filter((e) => {
      const body = JSON.parse(e.requestBody ?? '{}') as {
        op?: string;
        input?: { purpose?: string };
      };
      return body.op === 'issueQr' && body.input?.purpose === 'payment';
    })
    .map((e) => (JSON.parse(e.responseBody) as { result: { text: string } }).result.text);
}

/** Whether `password` is the e-card's password now, asked through another channel (Alipay). */
async function passwordWorksElsewhere(password: string): Promise<boolean> {
  const alipay = createClient({
    adapter: createHttpAdapter({
      baseUrl: demo.sandbox.url,
      channelId: 'alipay',
      channelKey: demo.credentials.channels.alipay!,
    }),
  });
  try {
    await alipay.apply({
      channelUserId: `alipay-${Math.random().toString(36).slice(2)}`,
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: demo.platform.realPersonProof(zhang.idNumber),
      password,
    });
    // Applied: undo it, so the next check starts from the same place.
    const card = await alipay.getCard({ signNo: signNo() });
    await alipay.unbind({ signNo: card.signNo, verification: { password } });
    return true;
  } catch (error) {
    if (isEsscError(error, 'PASSWORD_INCORRECT')) return false;
    throw error;
  }
}

/** The hospital's cashier, charging the codes the mini-program shows. */
let cashier: PaymentTerminal;

beforeAll(async () => {
  demo = await startDemo();
  demo.platform.registerMerchant({ id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' });
  cashier = createPaymentTerminal({ adapter: demo.platform.merchantAdapter('GZ-HOSP-1') });
  build = buildMiniProgram('wechat-miniprogram', { backendUrl: demo.backend.url });
  wx = createFakeWx({ backendUrl: demo.backend.url });
  (globalThis as { wx?: unknown }).wx = wx;
});

afterAll(async () => {
  for (const page of opened) page.unload();
  await demo?.close();
  removeBuild(build);
});

describe('the WeChat mini-program example', () => {
  it('opens on the apply page when the user has no e-card yet', async () => {
    open('card');
    await until(() => expect(wx.navigations).toContain('/pages/apply/index'));
  });

  it('applies, and the card page shows the masked card and a QR code a hospital accepts', async () => {
    const apply = open('apply');
    apply.input('#name', zhang.name);
    apply.input('#id-number', zhang.idNumber);
    apply.tap('#face-check');
    await until(() => expect(apply.text('#face-status')).toBe('已通过'));
    apply.input('#password', PASSWORD);
    apply.input('#password-again', PASSWORD);
    apply.tap('#submit');
    await until(() => expect(wx.navigations.at(-1)).toBe('/pages/card/index'));
    expect(apply.text('#error')).toBe('');
    expect(signNo()).toMatch(/^[A-Z0-9]{8,64}$/);

    const card = open('card');
    await until(() => expect(card.has('#qr')).toBe(true));
    expect(card.text('#card-name')).toBe('张*');
    expect(card.text('#card-id-number')).toMatch(/^4\d{0,5}\*+\d*[\dX]$/);
    expect(card.text('#card-id-number')).not.toContain(zhang.idNumber.slice(6, 14));
    expect(card.text('#card-status')).toBe('正常');
    expect(card.text('#card-level')).toBe('一级（身份凭证）');
    const src = card.root.data.qrSrc as string;
    expect(src).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(src.split(',')[1]!, 'base64').toString()).toContain('<svg');

    // The code on screen is one the platform signed for this card.
    const hospital = createQrVerifier({ jwks: `${demo.sandbox.url}/.well-known/jwks.json` });
    const verified = await hospital.verify(issuedQrTexts().at(-1)!);
    expect(verified).toMatchObject({ purpose: 'identity', holderName: '张*' });

    // Hidden, the page stops showing (and issuing) codes; shown again, a fresh one.
    card.hide();
    expect(card.root.data.qrSrc).toBe('');
    const issued = issuedQrTexts().length;
    await card.show();
    await until(() => expect(card.root.data.qrSrc).not.toBe(''));
    expect(issuedQrTexts().length).toBe(issued + 1);
    expect(card.root.data.qrSrc).not.toBe(src);
    card.hide();
  });

  it('enables payment, shows a payment code the hospital charges, and lists the payment with its split', async () => {
    const pay = open('pay');
    await until(() => expect(pay.has('#not-enabled')).toBe(true));
    pay.input('#password', PASSWORD);
    pay.tap('#enable');
    await until(() => expect(pay.has('#show-code')).toBe(true));
    expect(wx.toasts).toContain('已开通支付');

    pay.input('#password', PASSWORD);
    pay.tap('#show-code');
    await until(() => expect(pay.has('#pay-qr')).toBe(true));
    expect(pay.text('#pay-expiry')).toMatch(/^\d{2}:\d{2} 前有效，仅可使用一次$/);
    expect(pay.root.data.password).toBe('');

    // The cashier scans what is on screen and charges the visit.
    const code = issuedPaymentCodes().at(-1)!;
    const before = demo.platform.balances(zhang.idNumber).bank;
    const payment = await cashier.charge({
      qrText: code,
      orderId: 'HIS-WX-0001',
      amount: 16_800,
      items: [
        { code: 'D-0123', name: '阿莫西林胶囊', amount: 15_300, coverage: 'covered' },
        { code: 'F-0001', name: '挂号费', amount: 1_500, coverage: 'self' },
      ],
      description: '门诊 · 内科',
    });
    // The demo people: coverage 70%, no deductible, no personal account.
    expect(payment.split).toEqual({ pooledFund: 10_710, personalAccount: 0, selfPay: 6_090 });
    expect(demo.platform.balances(zhang.idNumber).bank).toBe(before - 6_090);
    await cashier.refund({ orderId: 'HIS-WX-0001', refundId: 'HIS-WX-0001-R1', amount: 1_500 });
    // Hidden, the page forgets the code.
    pay.hide();
    expect(pay.root.data.qrSrc).toBe('');

    const history = open('payments');
    await until(() => expect(history.has('#payment-0')).toBe(true));
    const shown = history.text('#payment-0');
    expect(shown).toContain('门诊 · 内科');
    expect(shown).toContain('¥168.00');
    expect(shown).toContain('GZ-HOSP-1');
    expect(shown).toContain('部分退款 已退 ¥15.00');
    expect(shown).toContain('统筹基金 ¥107.10 · 个人账户 ¥0.00 · 自付 ¥60.90');
    expect(history.has('#payment-1')).toBe(false);
  });

  it('lists the bills and pays one from the bank account with the password', async () => {
    demo.platform.addBill({
      idNumber: zhang.idNumber,
      kind: 'insurance',
      title: '2026 年城乡居民养老保险',
      amount: 30_000,
    });
    demo.platform.addBill({
      idNumber: zhang.idNumber,
      kind: 'exam',
      title: '2026 年电工职业技能等级认定',
      amount: 5_600,
    });
    const bills = open('bills');
    await until(() => expect(bills.has('#bill-1')).toBe(true));
    const titles = [bills.text('#bill-0'), bills.text('#bill-1')];
    const exam = titles.findIndex((t) => t.includes('电工职业技能等级认定'));
    expect(titles[exam]).toContain('考试缴费');
    expect(titles[exam]).toContain('¥56.00');
    expect(titles[exam]).toContain('待缴费');

    const before = demo.platform.balances(zhang.idNumber).bank;
    bills.tap(`#pay-${exam}`);
    await until(() => expect(bills.text('#selected')).toBe('2026 年电工职业技能等级认定 ¥56.00'));
    bills.input('#password', PASSWORD);
    bills.tap('#confirm-pay');
    await until(() =>
      expect(bills.text('#done')).toBe('2026 年电工职业技能等级认定 ¥56.00 缴费成功'),
    );
    expect(bills.text(`#bill-${exam}`)).toContain('已缴');
    expect(bills.has(`#pay-${exam}`)).toBe(false);
    expect(bills.has(`#pay-${1 - exam}`)).toBe(true);
    expect(demo.platform.balances(zhang.idNumber).bank).toBe(before - 5_600);
  });

  it('我的社保: queries the insurance records with the password and shows them', async () => {
    const page = open('insurance');
    page.tap('#query');
    await until(() => expect(page.text('#error')).toBe('请输入 6 位电子社保卡密码'));
    page.input('#password', PASSWORD);
    page.tap('#query');
    await until(() => expect(page.has('#record-2')).toBe(true));
    const records = [0, 1, 2].map((i) => page.text(`#record-${i}`));
    const pension = records.find((r) => r.includes('养老保险'));
    expect(pension).toContain('正常缴费');
    expect(pension).toContain('参保地 广州市 · 2013 年 09 月起');
    expect(pension).toContain('累计缴费 160 个月');
    expect(records.some((r) => r.includes('医疗保险'))).toBe(true);
    expect(page.has('#skipped')).toBe(false);
    page.hide();
    expect(page.root.data.records).toEqual([]);
  });

  it('the unemployment-benefit form tells an employed person he is not eligible', async () => {
    const page = open('benefit');
    await until(() => expect(page.has('#submit')).toBe(true));
    page.input('#last-employer', '广州某科技有限公司');
    page.root.querySelector('#separated-on')!.dispatchEvent('change', {
      detail: { value: '2026-06-30' },
    });
    page.input('#password', PASSWORD);
    page.tap('#submit');
    await until(() => expect(page.text('#error')).toBe('暂不符合办理条件，可到社保经办机构咨询'));
    expect(page.has('#application-status')).toBe(false);
  });

  it('亲情服务: adds his father with the father’s own face check, and shows the father’s code on his behalf', async () => {
    // The father last certified his pension 350 days ago: due within the month (R33).
    demo.platform.addPerson({
      ...FATHER,
      benefit: { kind: 'pension', certifiedAt: new Date(Date.now() - 350 * DAY).toISOString() },
    });
    const page = open('family');
    await until(() => expect(page.has('#no-members')).toBe(true));
    page.input('#member-name', FATHER.name);
    page.input('#member-id-number', FATHER.idNumber);
    page.input('#password', PASSWORD);
    // He is over 16: without his own face check the platform refuses (R31).
    page.tap('#add');
    await until(() =>
      expect(page.text('#error')).toBe('人脸识别未通过或已失效，请重新进行人脸识别'),
    );
    expect(page.has('#member-0')).toBe(false);

    page.tap('#member-face-check');
    await until(() => expect(page.text('#member-face-status')).toBe('已通过'));
    page.input('#password', PASSWORD);
    page.tap('#add');
    await until(() => expect(page.has('#member-0')).toBe(true));
    expect(page.text('#error')).toBe('');
    expect(wx.toasts).toContain('已添加');
    // Shown masked, as the holder's own card is.
    expect(page.text('#member-0')).toContain('父母 张*国');
    expect(page.text('#member-0')).toContain('440106********0021');
    expect(page.text('#member-0')).not.toContain(FATHER.idNumber);

    // The father's identity code, issued for his card and marked as shown on behalf (R32).
    page.tap('#show-code-0');
    await until(() => expect(page.has('#member-qr')).toBe(true));
    expect(page.text('#member-qr-hint')).toMatch(/^代父母张\*国出示，\d{2}:\d{2} 前有效$/);
    const hospital = createQrVerifier({ jwks: `${demo.sandbox.url}/.well-known/jwks.json` });
    const verified = await hospital.verify(issuedQrTexts().at(-1)!);
    expect(verified).toMatchObject({
      purpose: 'identity',
      // A code shows the surname only, as the holder's own do.
      holderName: '张*',
      regionCode: '440100',
      onBehalf: { relation: 'parent' },
    });
    page.hide();
    expect(page.root.data.qrSrc).toBe('');

    // Added once: the same father again is ALREADY_MEMBER, in the citizen's words.
    page.input('#member-name', FATHER.name);
    page.input('#member-id-number', FATHER.idNumber);
    page.tap('#member-face-check');
    await until(() => expect(page.text('#member-face-status')).toBe('已通过'));
    page.input('#password', PASSWORD);
    page.tap('#add');
    await until(() => expect(page.text('#error')).toBe('该亲属已在您的亲情账户中'));
    expect(page.has('#member-1')).toBe(false);
  });

  it('待遇资格认证: the father’s certification is due; his own face certifies it, his son’s does not', async () => {
    const family = open('family');
    await until(() => expect(family.has('#certify-0')).toBe(true));
    family.tap('#certify-0');
    await until(() =>
      expect(wx.navigations.at(-1)).toMatch(/^\/pages\/certification\/index\?memberId=/),
    );
    const query = new URLSearchParams(wx.navigations.at(-1)!.split('?')[1]);
    family.hide();

    const page = open('certification', { memberId: query.get('memberId')! });
    await until(() => expect(page.has('#certification-status')).toBe(true));
    expect(page.text('#certification-status')).toBe('待认证');
    const dueBy = page.text('#due-by');
    expect(dueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page.text('#reminder')).toBe(`请在 ${dueBy} 前完成认证，以免影响养老金发放`);

    // The son's face is not the father's: refused (R33), nothing certified.
    page.input('#id-number', zhang.idNumber);
    page.tap('#certify');
    await until(() =>
      expect(page.text('#error')).toBe('人脸识别未通过或已失效，请重新进行人脸识别'),
    );
    expect(page.text('#certification-status')).toBe('待认证');

    page.input('#id-number', FATHER.idNumber);
    page.tap('#certify');
    await until(() => expect(page.text('#done')).toBe('认证成功'));
    expect(page.text('#certification-status')).toBe('已认证');
    expect(page.has('#reminder')).toBe(false);
    // The next one 12 calendar months from today: later than the one just met.
    expect(page.text('#due-by')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(page.text('#due-by') > dueBy).toBe(true);

    // The holder's own: 张三 receives no pension.
    const own = open('certification');
    await until(() => expect(own.has('#certification-status')).toBe(true));
    expect(own.text('#certification-status')).toBe('无需认证');
    expect(own.has('#certify')).toBe(false);
  });

  it('logs in to a government portal by scanning its code and confirming with the password', async () => {
    const portal = createLoginPortal({
      adapter: createHttpPortalAdapter({
        baseUrl: demo.sandbox.url,
        portalId: 'gov-portal',
        portalKey: demo.credentials.portals['gov-portal']!,
      }),
    });
    const session = await portal.createSession();
    wx.scans.push(session.qrText);
    wx.modalAnswers.push(true);

    const page = open('scan-login');
    page.tap('#scan');
    await until(() => expect(page.text('#portal')).toContain('国家政务服务平台'));
    expect((await portal.getSession(session.sessionId)).state).toBe('scanned');

    page.input('#password', PASSWORD);
    page.tap('#confirm');
    await until(() => expect(page.text('#result')).toBe('已登录 国家政务服务平台'));
    const confirmed = await portal.getSession(session.sessionId);
    expect(confirmed.state).toBe('confirmed');
    expect(confirmed.identity).toMatchObject({ name: zhang.name, idNumber: zhang.idNumber });
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
    wx.scans.push(session.qrText);
    wx.modalAnswers.push(true);

    const page = open('scan-login');
    page.tap('#scan');
    // The page and the dialog name exactly what would be released: name and region, no ID number.
    await until(() => expect(page.text('#scopes')).toBe('姓名、发卡地'));
    const asked = wx.modals.at(-1)!;
    expect(asked).toContain('姓名、发卡地');
    expect(asked).not.toContain('身份证号');
  });

  it('rejects a login when the user declines in the dialog', async () => {
    const portal = createLoginPortal({
      adapter: createHttpPortalAdapter({
        baseUrl: demo.sandbox.url,
        portalId: 'gov-portal',
        portalKey: demo.credentials.portals['gov-portal']!,
      }),
    });
    const session = await portal.createSession();
    wx.scans.push(session.qrText);
    wx.modalAnswers.push(false);

    const page = open('scan-login');
    page.tap('#scan');
    await until(() => expect(page.text('#result')).toContain('已拒绝'));
    expect((await portal.getSession(session.sessionId)).state).toBe('rejected');
  });

  it('changes the password, and the new one works in every channel', async () => {
    const page = open('password');
    page.input('#old-password', PASSWORD);
    page.input('#new-password', NEW_PASSWORD);
    page.input('#new-password-again', NEW_PASSWORD);
    page.tap('#submit');
    await until(() => expect(page.text('#done')).toBe('密码已修改'));
    expect(await passwordWorksElsewhere(NEW_PASSWORD)).toBe(true);
  });

  it('refuses a weak new password before sending it, and a wrong old one with the tries left', async () => {
    const page = open('password');
    page.input('#old-password', NEW_PASSWORD);
    page.input('#new-password', '123456');
    page.input('#new-password-again', '123456');
    page.tap('#submit');
    await until(() => expect(page.text('#error')).toBe('密码不能是连续数字'));

    page.input('#old-password', '000001');
    page.input('#new-password', '582931');
    page.input('#new-password-again', '582931');
    page.tap('#submit');
    await until(() => expect(page.text('#error')).toBe('电子社保卡密码错误，还可尝试4次'));
  });

  it('resets a forgotten password with a face check', async () => {
    const page = open('password', { mode: 'reset' });
    page.input('#id-number', zhang.idNumber);
    page.tap('#face-check');
    await until(() => expect(page.text('#face-status')).toBe('已通过'));
    page.input('#new-password', RESET_PASSWORD);
    page.input('#new-password-again', RESET_PASSWORD);
    page.tap('#submit');
    await until(() => expect(page.text('#done')).toBe('密码已重置'));
    expect(await passwordWorksElsewhere(RESET_PASSWORD)).toBe(true);
  });

  it('unbinds with the password, leaving the e-card to apply for again', async () => {
    const bound = signNo();
    const page = open('unbind');
    page.input('#password', RESET_PASSWORD);
    page.tap('#submit');
    await until(() => expect(wx.navigations.at(-1)).toBe('/pages/apply/index'));
    expect(page.text('#error')).toBe('');
    expect(wx.storage.has('essc:signNo')).toBe(false);
    expect(demo.backend.cardsOf(wx.storage.get('essc:demo-user') as string)).toEqual([
      expect.objectContaining({ signNo: bound, bound: false }),
    ]);
  });

  it('an unemployed citizen claims the unemployment benefit, and sees it move to approved', async () => {
    // Another user on this phone: a new session with the channel backend.
    wx.storage.clear();
    const apply = open('apply');
    apply.input('#name', maimaiti.name);
    apply.input('#id-number', maimaiti.idNumber);
    apply.tap('#face-check');
    await until(() => expect(apply.text('#face-status')).toBe('已通过'));
    apply.input('#password', PASSWORD);
    apply.input('#password-again', PASSWORD);
    apply.tap('#submit');
    await until(() => expect(wx.navigations.at(-1)).toBe('/pages/card/index'));

    const page = open('benefit');
    await until(() => expect(page.has('#submit')).toBe(true));
    // A form the schema refuses is not sent.
    page.input('#password', PASSWORD);
    page.tap('#submit');
    await until(() => expect(page.text('#error')).toBe('请填写原工作单位和离职日期'));

    page.root.querySelector('#reason')!.dispatchEvent('change', { detail: { value: '0' } });
    page.input('#last-employer', '乌鲁木齐某物流有限公司');
    page.root.querySelector('#separated-on')!.dispatchEvent('change', {
      detail: { value: '2026-06-30' },
    });
    page.input('#password', PASSWORD);
    page.tap('#submit');
    await until(() => expect(page.text('#application-status')).toBe('已提交，待受理'));
    expect(page.has('#withdraw')).toBe(true);
    const { applicationId } = page.root.data.application as { applicationId: string };

    // The back office accepts, then approves it.
    await demo.platform.reviewApplication(applicationId, { decision: 'accepted' });
    page.tap('#refresh');
    await until(() => expect(page.text('#application-status')).toBe('已受理，审核中'));
    expect(page.has('#withdraw')).toBe(false);
    await demo.platform.reviewApplication(applicationId, {
      decision: 'approved',
      note: '失业保险金已核定',
    });
    // Opened again later: the page finds the application and shows where it stands.
    const later = open('benefit');
    await until(() => expect(later.text('#application-status')).toBe('已批准'));
    expect(later.text('#application-note')).toBe('失业保险金已核定');
  });

  it('never calls anything but its channel backend, and never holds a key', () => {
    const origins = new Set(wx.exchanges.map((e) => new URL(e.url).origin));
    expect([...origins]).toEqual([new URL(demo.backend.url).origin]);
    for (const e of wx.exchanges) expect(e.requestBody ?? '').not.toMatch(/"d"\s*:/);
  });
});
