/**
 * The two primitive providers must be interchangeable: a browser acceptor (WebCrypto) verifies
 * the codes a Node platform (node:crypto) issues, a browser channel seals passwords a Node
 * platform opens, and a hash stored by one is checked by the other.
 */
import * as fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createQrVerifier } from '../../src/acceptor/index.js';
import {
  generateEncryptionKeyPair,
  generateJwsKeyPair,
  generateSigningKeyPair,
  hashPassword,
  hmacSha256,
  openSecret,
  publicJwks,
  randomBytes,
  sealSecret,
  sha256,
  signBytes,
  signCompactJws,
  signJwt,
  verifyBytes,
  verifyCompactJws,
  verifyJwt,
  verifyPasswordHash,
} from '../../src/crypto/index.js';
import { _setBackend, type CryptoBackend, cryptoBackend } from '../../src/crypto/provider.js';
import { QR_CARD_REF_BYTES, signQr } from '../../src/qr/codec.js';
import { createQrPayload } from '../../src/qr/payload.js';

const pairs: [CryptoBackend, CryptoBackend][] = [
  ['node', 'web'],
  ['web', 'node'],
];
const enc = new TextEncoder();

afterEach(() => _setBackend(undefined));

/** Runs `fn` with the given provider forced, then restores auto-selection. */
async function on<T>(backend: CryptoBackend, fn: () => Promise<T>): Promise<T> {
  _setBackend(backend);
  try {
    expect(cryptoBackend()).toBe(backend);
    return await fn();
  } finally {
    _setBackend(undefined);
  }
}

describe.each(pairs)('made on %s, checked on %s', (maker, checker) => {
  it('a QR code issued there is accepted by an acceptor here, and a forged one is not', async () => {
    const key = await on(maker, () => generateSigningKeyPair());
    const now = Date.UTC(2025, 5, 1, 8, 0, 0);
    const text = await on(maker, async () =>
      signQr(
        await createQrPayload({
          key,
          purpose: 'identity',
          now,
          channelId: 'wechat',
          cardRef: randomBytes(QR_CARD_REF_BYTES),
          regionCode: '440100',
          holderName: '张三',
        }),
        key,
      ),
    );
    const stranger = await on(maker, () => generateSigningKeyPair());
    await on(checker, async () => {
      const verifier = createQrVerifier({ jwks: publicJwks([key]), now: () => now });
      expect((await verifier.verify(text)).holderName).toBe('张*');
      const other = createQrVerifier({ jwks: publicJwks([stranger]), now: () => now });
      await expect(other.verify(text)).rejects.toMatchObject({ code: 'QR_INVALID_SIGNATURE' });
    });
  });

  it('Ed25519 keys from either side sign identically and verify on the other', async () => {
    const key = await on(maker, () => generateSigningKeyPair());
    const data = randomBytes(120);
    const made = await on(maker, () => signBytes(key, data));
    const remade = await on(checker, () => signBytes(key, data));
    expect(remade).toEqual(made); // RFC 8032 signatures are deterministic
    expect(await on(checker, () => verifyBytes(key.publicJwk, data, made))).toBe(true);
    const altered = data.slice();
    altered[0]! ^= 1;
    expect(await on(checker, () => verifyBytes(key.publicJwk, altered, made))).toBe(false);
  });

  it.each(['EdDSA', 'ES256'] as const)(
    'a %s compact JWS verifies on the other side',
    async (alg) => {
      const { privateJwk, publicJwk } = await on(maker, () => generateJwsKeyPair(alg));
      expect(publicJwk).toMatchObject({ alg, use: 'sig' });
      expect(publicJwk.d).toBeUndefined();
      const payload = enc.encode('{"status":200}');
      const jws = await on(maker, () => signCompactJws(privateJwk, payload, { typ: 'x+jws' }));
      const verified = await on(checker, () => verifyCompactJws(publicJwk, jws, { typ: 'x+jws' }));
      expect(verified?.payload).toEqual(payload);
      expect(verified?.header).toEqual({ alg, typ: 'x+jws', kid: publicJwk.kid });
      const [h, , s] = jws.split('.');
      const forged = `${h}.${Buffer.from('{"status":500}').toString('base64url')}.${s}`;
      expect(await on(checker, () => verifyCompactJws(publicJwk, forged))).toBeUndefined();
    },
  );

  it('a platform JWT verifies on the other side', async () => {
    const key = await on(maker, () => generateSigningKeyPair('p1'));
    const token = await on(maker, () =>
      signJwt(key, { sub: 'card' }, { audience: 'portal-1', expiresInSeconds: 60 }),
    );
    const result = await on(checker, () =>
      verifyJwt(publicJwks([key]), token, { audience: 'portal-1' }),
    );
    expect(result.ok && result.payload.sub).toBe('card');
  });

  it('a secret sealed there opens here, only with its context', async () => {
    const key = await on(checker, () => generateEncryptionKeyPair('enc-1'));
    const sealed = await on(maker, () => sealSecret(key.publicJwk, '135790', 'apply:wechat'));
    expect(await on(checker, () => openSecret(key, sealed, { aad: 'apply:wechat' }))).toBe(
      '135790',
    );
    await expect(
      on(checker, () => openSecret(key, sealed, { aad: 'apply:alipay' })),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('a password hash stored there is checked here', async () => {
    const stored = await on(maker, () => hashPassword('135790', { iterations: 1000 }));
    expect(await on(checker, () => verifyPasswordHash('135790', stored))).toBe(true);
    expect(await on(checker, () => verifyPasswordHash('135791', stored))).toBe(false);
  });
});

describe('digests and MACs agree on both providers', () => {
  it('for any data and key, the empty key and keys longer than a block included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.uint8Array({ maxLength: 150 }),
        async (data, key) => {
          const byNode = await on('node', async () => [
            await sha256(data),
            await hmacSha256(key, data),
          ]);
          const byWeb = await on('web', async () => [
            await sha256(data),
            await hmacSha256(key, data),
          ]);
          expect(byWeb).toEqual(byNode);
        },
      ),
      { numRuns: 60 },
    );
  });
});
