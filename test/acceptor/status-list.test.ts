/**
 * The desk's copy of the status list (R41): what it refuses to load, and that a replayed older
 * list cannot hide a revocation.
 */
import { describe, expect, it } from 'vitest';
import { createQrVerifier } from '../../src/acceptor/index.js';
import { createClient, isEsscError } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { createMemoryStorage, createOfflineCodes } from '../../src/offline/index.js';

const verification = { password: '258046' };

async function holder() {
  const clock = { now: Date.UTC(2026, 5, 1, 9) };
  const platform = MockPlatform.demo({ now: () => clock.now });
  const zhang = DEMO_PEOPLE[0]!;
  const client = createClient({ adapter: platform.adapter('wechat') });
  const { signNo } = await client.apply({
    channelUserId: 'u-status',
    name: zhang.name,
    idNumber: zhang.idNumber,
    realPerson: platform.realPersonProof(zhang.idNumber),
    password: verification.password,
  });
  const offline = createOfflineCodes({
    client,
    storage: createMemoryStorage(),
    now: () => clock.now,
  });
  await offline.provision({ signNo, verification });
  return { platform, client, signNo, offline, clock };
}

const codeOf = (error: unknown) => (isEsscError(error) ? error.code : String(error));

describe('createQrVerifier({ statusList })', () => {
  it('refuses a status list URL that is not https (plain http only to localhost)', async () => {
    const { platform } = await holder();
    let error: unknown;
    try {
      createQrVerifier({
        jwks: await platform.jwks(),
        statusList: 'http://status.example.cn/list',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ path: ['statusList'] }] },
    });
    expect(() =>
      createQrVerifier({ jwks: { keys: [] }, statusList: async () => '', maxStatusAgeSeconds: 0 }),
    ).toThrow(/maxStatusAgeSeconds/);
  });

  it('a list another key signed is no list: offline codes are refused (STATUS_STALE)', async () => {
    const { platform, signNo, offline, clock } = await holder();
    const other = new MockPlatform({ now: () => clock.now });
    const verifier = createQrVerifier({
      jwks: await platform.jwks(),
      statusList: () => other.statusList(),
      now: () => clock.now,
    });
    const qr = await offline.issueCode({ signNo });
    expect(await verifier.verify(qr.text).catch(codeOf)).toBe('STATUS_STALE');
  });

  it('an older list served again does not undo a revocation the desk has seen', async () => {
    const { platform, client, signNo, offline, clock } = await holder();
    const before = await platform.statusList(); // version 1: nothing revoked
    await client.revokeOfflineCredentials({ signNo, verification });
    let served = await platform.statusList(); // version 2: revoked
    const verifier = createQrVerifier({
      jwks: await platform.jwks(),
      statusList: async () => served,
      now: () => clock.now,
    });
    expect(await verifier.verify((await offline.issueCode({ signNo })).text).catch(codeOf)).toBe(
      'CREDENTIAL_REVOKED',
    );
    served = before; // a replayed, older list
    clock.now += 301_000; // past the ttl: the desk loads it
    expect(await verifier.verify((await offline.issueCode({ signNo })).text).catch(codeOf)).toBe(
      'CREDENTIAL_REVOKED',
    );
  });

  it('after the platform rotates its key, the desk reloads the keys once and sees the new list', async () => {
    const { platform, client, signNo, offline, clock } = await holder();
    let loads = 0;
    const verifier = createQrVerifier({
      jwks: () => {
        loads += 1;
        return platform.jwks();
      },
      statusList: () => platform.statusList(),
      now: () => clock.now,
    });
    expect((await verifier.verify((await offline.issueCode({ signNo })).text)).offline).toBe(true);
    expect(loads).toBe(1);
    await platform.rotateSigningKey(); // the next list is signed by a key the desk has not seen
    await client.revokeOfflineCredentials({ signNo, verification });
    clock.now += 301_000; // past the ttl: the desk reloads the list
    expect(await verifier.verify((await offline.issueCode({ signNo })).text).catch(codeOf)).toBe(
      'CREDENTIAL_REVOKED',
    );
    expect(loads).toBe(2);
  });
});
