/**
 * The Alipay mini-program example (examples/alipay-miniprogram) against the channel backend
 * example of the channel `alipay` and a sandbox, with a fake `my` whose `request` goes to the
 * backend over loopback with Alipay's shapes (`headers`, `status`, HTTP errors through `fail`).
 *
 * First its SDK glue (utils/essc.ts: the relay adapter on `createMyTransport`), then its pages:
 * there is no Alipay simulator for Node, so each page's `Page()` options are called as the
 * runtime calls them, on a `this` whose `setData` merges into `data`.
 */
import { createLoginPortal } from 'essc-sdk/acceptor';
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

let demo: RunningDemo;
let build: string;
let my: FakeMy;

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
    for (const name of ['apply', 'card', 'scan-login', 'password', 'unbind']) {
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
    expect(unbind.data.error).toBe('密码错误，还可尝试 4 次');
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
