/**
 * R40 in the app: the QR refresher falls back on an offline code when a refresh fails for lack
 * of network and a live credential exists, and goes back online at the next refresh.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createQrVerifier } from '../../src/acceptor/index.js';
import { createClient, createQrRefresher, type QrRefresher } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { createMemoryStorage, createOfflineCodes } from '../../src/offline/index.js';

const verification = { password: '258046' };
let refresher: QrRefresher | undefined;
afterEach(() => refresher?.stop());

async function holder() {
  let now = Date.UTC(2026, 3, 1, 8);
  const platform = MockPlatform.demo({ now: () => now });
  const zhang = DEMO_PEOPLE[0]!;
  const client = createClient({ adapter: platform.adapter('wechat') });
  const { signNo } = await client.apply({
    channelUserId: 'u-refresher',
    name: zhang.name,
    idNumber: zhang.idNumber,
    realPerson: platform.realPersonProof(zhang.idNumber),
    password: verification.password,
  });
  const offline = createOfflineCodes({
    client,
    storage: createMemoryStorage(),
    now: () => now,
  });
  return { platform, client, signNo, offline, clock: { advance: (ms: number) => (now += ms) } };
}

describe('createQrRefresher with an offline fallback (R40)', () => {
  it('shows an offline code the desk accepts when the platform cannot be reached', async () => {
    const { platform, client, signNo, offline } = await holder();
    await offline.provision({ signNo, verification });
    platform.failNext('issueQr', { code: 'NETWORK' });
    refresher = createQrRefresher(client, { signNo, offline });
    const events: { offline?: true }[] = [];
    refresher.on('qr:refreshed', (event) => events.push(event));
    const qr = await refresher.start();
    expect(events).toEqual([{ qr, offline: true }]);
    const desk = createQrVerifier({
      jwks: await platform.jwks(),
      statusList: () => platform.statusList(),
      now: () => Date.parse(qr.issuedAt),
    });
    expect((await desk.verify(qr.text)).offline).toBe(true);
  });

  it('without a live credential, the network failure is what the app sees', async () => {
    const { platform, client, signNo, offline } = await holder();
    platform.failNext('issueQr', { code: 'NETWORK' });
    refresher = createQrRefresher(client, { signNo, offline });
    await expect(refresher.start()).rejects.toMatchObject({ code: 'NETWORK' });
  });

  it('a refusal that is not about the network is not papered over by an offline code', async () => {
    const { platform, client, signNo, offline } = await holder();
    await offline.provision({ signNo, verification });
    platform.failNext('issueQr', { code: 'CARD_INACTIVE' });
    refresher = createQrRefresher(client, { signNo, offline });
    await expect(refresher.start()).rejects.toMatchObject({ code: 'CARD_INACTIVE' });
  });

  it('online again, the next code is the platform’s own', async () => {
    const { client, signNo, offline } = await holder();
    await offline.provision({ signNo, verification });
    refresher = createQrRefresher(client, { signNo, offline });
    const events: { offline?: true }[] = [];
    refresher.on('qr:refreshed', (event) => events.push(event));
    const qr = await refresher.start();
    expect(qr.text.startsWith('EC1:')).toBe(true);
    expect(events).toEqual([{ qr }]);
  });
});
