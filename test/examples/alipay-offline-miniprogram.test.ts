/**
 * The Alipay mini-program example's offline codes (离线码, R39–R41), its pages driven as the
 * Alipay runtime would against the channel backend example and a sandbox: 买买提 applies,
 * enables offline codes on the card page with his password, then the network is cut (every
 * `my.request` fails): the card page shows an offline code made on the phone, and a desk with
 * the platform's status list accepts a code the mini-program makes.
 */
import { createQrVerifier } from 'essc-sdk/acceptor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE, type RunningDemo, startDemo } from '../../examples/channel-backend/demo.js';
import type { OfflineCodes } from '../../src/offline/index.js';
import {
  buildMiniProgram,
  createFakeMy,
  type FakeMy,
  openMyPage,
  removeBuild,
  requireBuilt,
} from './miniprogram-harness.js';

const buyer = DEMO_PEOPLE[1]!;
const PASSWORD = '258046';

let demo: RunningDemo;
let build: string;
let my: FakeMy;

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

describe('the Alipay mini-program example, offline codes', () => {
  it('shows an offline code when the network is cut, and a desk accepts its codes', async () => {
    const apply = openMyPage(build, 'apply');
    apply.onNameInput!({ detail: { value: buyer.name } } as never);
    apply.onIdNumberInput!({ detail: { value: buyer.idNumber } } as never);
    await apply.onFaceCheck!();
    apply.onPasswordInput!({ detail: { value: PASSWORD } } as never);
    apply.onPasswordAgainInput!({ detail: { value: PASSWORD } } as never);
    await apply.onSubmit!();
    expect(my.navigations.at(-1)).toBe('/pages/card/index');

    const card = openMyPage(build, 'card');
    await card.loaded;
    expect(card.data.qrOffline).toBe(false);
    card.onOfflinePassword!({ detail: { value: PASSWORD } } as never);
    await card.onEnableOffline!();
    expect(card.data.error).toBe('');
    expect(card.data.offlineUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const online = card.data.qrSrc;

    // No network: every my.request fails, as Alipay reports it.
    const request = my.request;
    const exchanges = my.exchanges.length;
    let cut = 0;
    my.request = ((o: { fail?: (r: { error: number; errorMessage: string }) => void }) => {
      cut += 1;
      queueMicrotask(() => o.fail?.({ error: 12, errorMessage: '网络出错' }));
      return { abort: () => undefined };
    }) as typeof my.request;
    try {
      await card.onRefreshQr!();
      expect(cut, 'the refresh tried the network first').toBeGreaterThan(0);
      expect(card.data.qrOffline).toBe(true);
      expect(card.data.qrSrc).not.toBe(online);
      expect(card.data.error).toBe('');
      const { offlineCodes } = requireBuilt<{ offlineCodes(): OfflineCodes }>(
        build,
        'utils/essc.js',
      );
      const signNo = (my.storage.get('essc:signNo') as string | undefined) ?? '';
      const qr = await offlineCodes().issueCode({ signNo });
      expect(my.exchanges.length).toBe(exchanges);
      const desk = createQrVerifier({
        jwks: `${demo.sandbox.url}/.well-known/jwks.json`,
        statusList: `${demo.sandbox.url}/v1/status-lists/offline`,
      });
      expect(await desk.verify(qr.text)).toMatchObject({ offline: true, channelId: 'alipay' });
    } finally {
      my.request = request;
      card.onUnload!();
    }
  });
});
