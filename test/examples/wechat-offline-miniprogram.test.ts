/**
 * The WeChat mini-program example's offline codes (离线码, R39–R41), rendered by
 * miniprogram-simulate against the channel backend example and a sandbox: 张三 applies, enables
 * offline codes on the card page with his password, then the network is cut (every
 * `wx.request` fails, as in a hospital basement): the page shows an offline code, made on the
 * phone, and a desk with the platform's status list accepts a code the mini-program makes.
 */
import { createQrVerifier } from 'essc-sdk/acceptor';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_PEOPLE, type RunningDemo, startDemo } from '../../examples/channel-backend/demo.js';
import type { OfflineCodes } from '../../src/offline/index.js';
import {
  buildMiniProgram,
  createFakeWx,
  type FakeWx,
  openWxPage,
  removeBuild,
  requireBuilt,
  type WxPage,
} from './miniprogram-harness.js';

const zhang = DEMO_PEOPLE[0]!;
const PASSWORD = '258046';

let demo: RunningDemo;
let build: string;
let wx: FakeWx;
const opened: WxPage[] = [];

function open(name: string): WxPage {
  const page = openWxPage(build, name);
  opened.push(page);
  return page;
}

const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 20 });

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

describe('the WeChat mini-program example, offline codes', () => {
  it('shows an offline code when the network is cut, and a desk accepts its codes', async () => {
    const apply = open('apply');
    apply.input('#name', zhang.name);
    apply.input('#id-number', zhang.idNumber);
    apply.tap('#face-check');
    await until(() => expect(apply.text('#face-status')).toBe('已通过'));
    apply.input('#password', PASSWORD);
    apply.input('#password-again', PASSWORD);
    apply.tap('#submit');
    await until(() => expect(wx.navigations.at(-1)).toBe('/pages/card/index'));

    const card = open('card');
    await until(() => expect(card.has('#qr')).toBe(true));
    expect(card.has('#qr-offline')).toBe(false);
    card.input('#offline-password', PASSWORD);
    card.tap('#offline-enable');
    await until(() =>
      expect(card.text('#offline-until')).toMatch(/^离线码已开启，有效至 \d{4}-\d{2}-\d{2}$/),
    );
    const online = card.root.data.qrSrc as string;

    // The basement: no request reaches anything (the runtime's own wx, as the pages see it).
    const runtime = (globalThis as unknown as { wx: FakeWx }).wx;
    const request = runtime.request;
    const exchanges = wx.exchanges.length;
    let cut = 0;
    runtime.request = ((o: { fail?: (r: { errMsg: string }) => void }) => {
      cut += 1;
      queueMicrotask(() => o.fail?.({ errMsg: 'request:fail no network' }));
      return { abort: () => undefined };
    }) as typeof runtime.request;
    try {
      card.tap('#qr');
      await until(() => expect(card.has('#qr-offline')).toBe(true));
      expect(cut, 'the refresh tried the network first').toBeGreaterThan(0);
      expect(card.root.data.qrSrc).not.toBe(online);
      expect(card.text('#error')).toBe('');
      // The page's own offline codes (the module instance the page uses) make the next one.
      const { offlineCodes } = requireBuilt<{ offlineCodes(): OfflineCodes }>(
        build,
        'utils/essc.js',
      );
      const signNo = wx.storage.get('essc:signNo') as string;
      const qr = await offlineCodes().issueCode({ signNo });
      expect(wx.exchanges.length).toBe(exchanges);
      const desk = createQrVerifier({
        jwks: `${demo.sandbox.url}/.well-known/jwks.json`,
        statusList: `${demo.sandbox.url}/v1/status-lists/offline`,
      });
      expect(await desk.verify(qr.text)).toMatchObject({ offline: true, holderName: '张*' });
    } finally {
      runtime.request = request;
    }
  });
});
