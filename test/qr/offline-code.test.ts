/**
 * R40's size: an offline code fits QR version 11 at level M in alphanumeric mode (362
 * characters), whatever the channel id (up to 16 bytes), the holder's initial (up to 3 UTF-8
 * bytes) and the suite (an SM2 device key is carried compressed). The typical code — a WeChat
 * holder with a Chinese name — is 340 characters in the jose suite and 342 under sm (an SM2
 * key is one byte longer). uqr, an independent encoder, says which version holds it.
 */
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { generateSigningKeyPair, randomBytes, signBytes } from '../../src/crypto/index.js';
import { generateDeviceKey, signWithDeviceKey } from '../../src/offline/device-key.js';
import { shortKeyId } from '../../src/qr/key-id.js';
import {
  encodeOfflineCode,
  encodeOfflineCredential,
  OFFLINE_MAX_TEXT_LENGTH,
  offlineCodeText,
  parseOfflineCodeText,
} from '../../src/qr/offline-codec.js';
import { rawDeviceKey } from '../../src/qr/offline-keys.js';
import { verifyOfflineSignatures } from '../../src/qr/offline-verify.js';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

async function offlineCode(suite: 'jose' | 'sm', channelId: string, holderInitial: string) {
  const platform = await generateSigningKeyPair(undefined, suite);
  const device = await generateDeviceKey(suite === 'sm' ? 'SM2' : 'Ed25519', random);
  const raw = rawDeviceKey(device.publicJwk)!;
  const unsigned = encodeOfflineCredential({
    purposes: ['identity', 'payment'],
    keyId: await shortKeyId(platform.publicJwk),
    credentialId: randomBytes(8),
    cardRef: randomBytes(12),
    regionCode: '440100',
    channelId,
    notBefore: 1_775_000_000,
    notAfter: 1_775_000_000 + 7 * 86_400,
    statusIndex: 999_999,
    deviceKeyAlgorithm: raw.algorithm,
    devicePublicKey: raw.raw,
    holderInitial,
  });
  const credential = new Uint8Array([...unsigned, ...(await signBytes(platform, unsigned))]);
  const code = encodeOfflineCode(
    { purpose: 'payment', issuedAt: 1_775_000_100, expiresAt: 1_775_000_160, nonce: random(8) },
    credential,
  );
  const signature = await signWithDeviceKey(device.key, code, random);
  return { text: offlineCodeText(new Uint8Array([...code, ...signature])), platform };
}

describe.each(['jose', 'sm'] as const)('the offline code (%s suite)', (suite) => {
  it('is 340 characters for a WeChat holder (342 under sm), QR 11-M at most', async () => {
    const { text } = await offlineCode(suite, 'wechat', '张');
    expect(text.length).toBe(suite === 'sm' ? 342 : 340);
    expect(text).toMatch(/^[0-9A-Z $%*+\-./:]+$/);
    expect(encode(text, { ecc: 'M' }).version).toBeLessThanOrEqual(11);
  });

  it('fits QR 11-M with the longest channel id and a 3-byte initial', async () => {
    const { text, platform } = await offlineCode(suite, 'ABCDEFGHIJKLMNOP', '龘');
    expect(text.length).toBeLessThanOrEqual(OFFLINE_MAX_TEXT_LENGTH);
    expect(encode(text, { ecc: 'M' }).version).toBeLessThanOrEqual(11);
    // Still a well-formed, verifiable code: both signatures hold.
    const parsed = parseOfflineCodeText(text);
    expect(parsed.credential.fields.channelId).toBe('ABCDEFGHIJKLMNOP');
    expect(await verifyOfflineSignatures(parsed, { keys: [platform.publicJwk] })).toBeDefined();
  });

  it('makes a new device key each time (never a fixed one)', async () => {
    const algorithm = suite === 'sm' ? 'SM2' : 'Ed25519';
    const [a, b] = [
      await generateDeviceKey(algorithm, random),
      await generateDeviceKey(algorithm, random),
    ];
    expect(a.publicJwk.x).not.toBe(b.publicJwk.x);
    expect(a.key.d).not.toBe(b.key.d);
  });
});
