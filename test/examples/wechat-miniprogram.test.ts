/**
 * The WeChat mini-program example (examples/wechat-miniprogram): its pages rendered by
 * miniprogram-simulate, tapped and typed into as a user would, with `wx.request` going to the
 * channel backend example over loopback, in front of a sandbox platform. One citizen's
 * journey, in order: apply, show the card, log in to a portal by scanning, change and reset
 * the password, unbind.
 */
import { createClient, isEsscError } from 'essc-sdk';
import { createLoginPortal, createQrVerifier } from 'essc-sdk/acceptor';
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
const PASSWORD = '258046';
const NEW_PASSWORD = '739164';
const RESET_PASSWORD = '914083';

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

beforeAll(async () => {
  demo = await startDemo();
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
    await until(() => expect(page.text('#error')).toBe('密码错误，还可尝试 4 次'));
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

  it('never calls anything but its channel backend, and never holds a key', () => {
    const origins = new Set(wx.exchanges.map((e) => new URL(e.url).origin));
    expect([...origins]).toEqual([new URL(demo.backend.url).origin]);
    for (const e of wx.exchanges) expect(e.requestBody ?? '').not.toMatch(/"d"\s*:/);
  });
});
