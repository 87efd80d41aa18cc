/**
 * R40 in the app: the QR refresher falls back on an offline code when a refresh fails for lack
 * of network and a live credential exists, and goes back online at the next refresh.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
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
    confirmPayment: async () => true,
  });
  const clock = { now: () => now, advance: (ms: number) => (now += ms) };
  return { platform, client, signNo, offline, clock };
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
    const { platform, client, signNo, offline, clock } = await holder();
    await offline.provision({ signNo, verification });
    platform.failNext('issueQr', { code: 'NETWORK' });
    refresher = createQrRefresher(client, { signNo, offline, now: () => clock.now() });
    const events: { qr: { text: string }; offline?: true }[] = [];
    refresher.on('qr:refreshed', (event) => events.push(event));
    const first = await refresher.start();
    expect(first.text.startsWith('ED1:')).toBe(true);
    clock.advance(55_000);
    refresher.resume(); // due for refresh: the network is back
    await vi.waitFor(() => expect(events).toHaveLength(2));
    expect(events[0]).toEqual({ qr: first, offline: true });
    expect(events[1]!.qr.text.startsWith('EC1:')).toBe(true);
    expect(events[1]!.offline).toBeUndefined();
  });

  it('never falls back to an offline payment code: the typed password was never checked (R15, R18)', async () => {
    const { platform, client, signNo, offline } = await holder();
    await client.enablePayment({ signNo, verification });
    await offline.provision({ signNo, verification, purposes: ['identity', 'payment'] });
    platform.failNext('issueQr', { code: 'NETWORK' });
    let asked = 0;
    refresher = createQrRefresher(client, {
      signNo,
      purpose: 'payment',
      verification: () => {
        asked += 1;
        return { password: '000000' }; // wrong: only the platform could have said so
      },
      offline,
    });
    const events: unknown[] = [];
    refresher.on('qr:refreshed', (event) => events.push(event));
    await expect(refresher.start()).rejects.toMatchObject({ code: 'NETWORK' });
    expect(asked).toBe(1);
    expect(events).toEqual([]);
  });
});
