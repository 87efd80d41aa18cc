/**
 * A sealed secret is opened once per request: the idempotency fingerprint (R20) opens it and
 * the password check (R11, R18) reads the same opening, which is not kept once the request is
 * answered. Opening is an ECDH and an AES-GCM (docs/performance.md): twice per payment code
 * was measurable.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sealSecret } from '../../src/crypto/index.js';
import { PlatformKeyring } from '../../src/engine/platform-keys.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { sealedSecretContext } from '../../src/platform/protocol.js';

afterEach(() => {
  vi.restoreAllMocks();
});

async function payingHolder() {
  const platform = MockPlatform.demo({ passwordHashIterations: 1_000 });
  const zhang = DEMO_PEOPLE[0]!;
  const engine = engineOf(platform);
  const key = await engine.encryptionPublicKey();
  const seal = (secret: string) => sealSecret(key, secret, sealedSecretContext('wechat'));
  const card = await engine.call(
    'apply',
    'wechat',
    {
      channelUserId: 'u1',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: await seal(platform.realPersonProof(zhang.idNumber)),
      password: await seal('258046'),
    },
    'idk_apply',
  );
  await engine.call(
    'enablePayment',
    'wechat',
    { signNo: card.signNo, verification: { password: await seal('258046') } },
    'idk_enable',
  );
  return { engine, signNo: card.signNo, seal };
}

describe('a sealed secret is opened once per request', () => {
  it('a payment code by password opens the password once, and the next request opens it afresh', async () => {
    const { engine, signNo, seal } = await payingHolder();
    const decrypt = vi.spyOn(
      PlatformKeyring.prototype as unknown as { decrypt: () => Promise<string> },
      'decrypt',
    );
    const password = await seal('258046');
    const input = { signNo, purpose: 'payment', verification: { password } };
    const qr = await engine.call('issueQr', 'wechat', input, 'idk_qr_1');
    expect(qr.purpose).toBe('payment');
    expect(decrypt).toHaveBeenCalledTimes(1);

    // Answered: the opening is not kept; the same sealed text under another key is opened
    // again (and still checked: the password is right, so a code is issued).
    await engine.call('issueQr', 'wechat', input, 'idk_qr_2');
    expect(decrypt).toHaveBeenCalledTimes(2);
  });

  it('a wrong password opened once is still refused and counted once', async () => {
    const { engine, signNo, seal } = await payingHolder();
    const input = { signNo, purpose: 'payment', verification: { password: await seal('111111') } };
    const refused = await engine.call('issueQr', 'wechat', input, 'idk_wrong').catch((e) => e);
    expect(refused.code).toBe('PASSWORD_INCORRECT');
    expect(refused.details?.attemptsLeft).toBe(4);
  });
});
