import { createPrivateKey, sign as nodeSign } from 'node:crypto';
import * as fc from 'fast-check';
import { importJWK, jwtVerify } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  constantTimeEqual,
  cryptoBackend,
  generateEncryptionKeyPair,
  generateJwsKeyPair,
  generateSigningKeyPair,
  hashPassword,
  jwkThumbprint,
  openSecret,
  publicJwks,
  randomBytes,
  randomId,
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
import { _setBackend, type CryptoBackend } from '../../src/crypto/provider.js';
import { EsscError, isEsscError } from '../../src/domain/errors.js';

const enc = new TextEncoder();
const backends: CryptoBackend[] = ['node', 'web'];

afterEach(() => _setBackend(undefined));

describe('backend selection', () => {
  it('uses node:crypto on Node by default and can be forced to WebCrypto', () => {
    expect(cryptoBackend()).toBe('node');
    _setBackend('web');
    expect(cryptoBackend()).toBe('web');
  });
});

describe.each(backends)('Ed25519 signatures (%s backend)', (backend) => {
  it('round-trips, and the JWKs have the documented shape', async () => {
    _setBackend(backend);
    const key = await generateSigningKeyPair('k1');
    expect(key.kid).toBe('k1');
    expect(key.alg).toBe('EdDSA');
    expect(key.publicJwk).toMatchObject({
      kty: 'OKP',
      crv: 'Ed25519',
      kid: 'k1',
      alg: 'EdDSA',
      use: 'sig',
    });
    expect(key.publicJwk.d).toBeUndefined();
    expect(typeof key.privateJwk.d).toBe('string');
    const data = enc.encode('hello e-card');
    const sig = await signBytes(key, data);
    expect(sig).toBeInstanceOf(Uint8Array);
    expect(sig.length).toBe(64);
    expect(await verifyBytes(key.publicJwk, data, sig)).toBe(true);
    // The private JWK also carries the public part, so it verifies too.
    expect(await verifyBytes(key.privateJwk, data, sig)).toBe(true);
  });

  it('fails on a flipped bit in data or signature', async () => {
    _setBackend(backend);
    const key = await generateSigningKeyPair();
    const data = randomBytes(100);
    const sig = await signBytes(key, data);
    const badData = data.slice();
    badData[7]! ^= 0x01;
    expect(await verifyBytes(key.publicJwk, badData, sig)).toBe(false);
    const badSig = sig.slice();
    badSig[40]! ^= 0x80;
    expect(await verifyBytes(key.publicJwk, data, badSig)).toBe(false);
  });

  it('fails for a signature made by another key', async () => {
    _setBackend(backend);
    const a = await generateSigningKeyPair();
    const b = await generateSigningKeyPair();
    const data = enc.encode('x');
    expect(await verifyBytes(b.publicJwk, data, await signBytes(a, data))).toBe(false);
  });

  it('never throws on garbage keys, data or signatures', async () => {
    _setBackend(backend);
    const key = await generateSigningKeyPair();
    const data = enc.encode('x');
    const sig = await signBytes(key, data);
    const garbageKeys: unknown[] = [
      null,
      undefined,
      42,
      'jwk',
      {},
      { kty: 'OKP' },
      { kty: 'OKP', crv: 'Ed25519', x: 'not base64url!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' },
      { kty: 'OKP', crv: 'Ed25519', x: base64urlEncode(new Uint8Array(31)) },
      { kty: 'OKP', crv: 'Ed448', x: key.publicJwk.x },
      { kty: 'EC', crv: 'P-256', x: key.publicJwk.x, y: key.publicJwk.x },
      // All-zero 32 bytes: a small-order point, must not verify or throw.
      { kty: 'OKP', crv: 'Ed25519', x: base64urlEncode(new Uint8Array(32)) },
    ];
    for (const k of garbageKeys) {
      expect(await verifyBytes(k as never, data, sig)).toBe(false);
    }
    for (const s of [
      new Uint8Array(0),
      new Uint8Array(63),
      new Uint8Array(65),
      new Uint8Array(64),
      'sig',
      null,
    ]) {
      expect(await verifyBytes(key.publicJwk, data, s as never)).toBe(false);
    }
    expect(await verifyBytes(key.publicJwk, 'x' as never, sig)).toBe(false);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 80 }),
        fc.uint8Array({ maxLength: 80 }),
        async (d, s) => {
          expect(await verifyBytes(key.publicJwk, d, s)).toBe(false);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('node and WebCrypto paths interoperate', () => {
  it('WebCrypto signatures verify on node and vice versa, and are identical (deterministic)', async () => {
    for (const genBackend of backends) {
      _setBackend(genBackend);
      const key = await generateSigningKeyPair();
      const data = randomBytes(150);
      _setBackend('web');
      const webSig = await signBytes(key, data);
      _setBackend('node');
      const nodeSig = await signBytes(key, data);
      expect(webSig).toEqual(nodeSig);
      expect(await verifyBytes(key.publicJwk, data, webSig)).toBe(true);
      _setBackend('web');
      expect(await verifyBytes(key.publicJwk, data, nodeSig)).toBe(true);
    }
  });

  it('digests and password hashes agree across backends', async () => {
    _setBackend('node');
    const nodeDigest = await sha256('abc');
    const stored = await hashPassword('135790', { iterations: 1000 });
    _setBackend('web');
    expect(await sha256('abc')).toEqual(nodeDigest);
    expect(await verifyPasswordHash('135790', stored)).toBe(true);
    expect(base64urlEncode(nodeDigest)).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });
});

describe('keys and JWKS', () => {
  it('defaults the kid to the RFC 7638 thumbprint', async () => {
    const key = await generateSigningKeyPair();
    expect(key.kid).toBe(await jwkThumbprint(key.publicJwk));
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches the RFC 8037 appendix A.3 thumbprint', async () => {
    expect(
      await jwkThumbprint({
        kty: 'OKP',
        crv: 'Ed25519',
        x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo',
      }),
    ).toBe('kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k');
  });

  it('publicJwks never leaks d', async () => {
    const a = await generateSigningKeyPair('a');
    // Even a caller that mixed the private JWK into publicJwk gets no d out.
    const b = { ...(await generateSigningKeyPair('b')) };
    b.publicJwk = b.privateJwk;
    const jwks = publicJwks([a, b]);
    expect(jwks.keys.map((k) => k.kid)).toEqual(['a', 'b']);
    for (const k of jwks.keys) {
      expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
    }
    expect(JSON.stringify(jwks)).not.toContain(b.privateJwk.d);
  });

  it('a mutated private JWK object is re-imported, not served from the cache', async () => {
    const a = await generateSigningKeyPair();
    const b = await generateSigningKeyPair();
    const data = enc.encode('m');
    await signBytes(a, data);
    const mutated = { ...a, privateJwk: a.privateJwk };
    Object.assign(mutated.privateJwk, { x: b.privateJwk.x, d: b.privateJwk.d });
    expect(await verifyBytes(b.publicJwk, data, await signBytes(mutated, data))).toBe(true);
  });

  it('signBytes refuses a key without d', async () => {
    const a = await generateSigningKeyPair();
    await expect(
      signBytes({ ...a, privateJwk: a.publicJwk }, enc.encode('x')),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('JWT', () => {
  it('signJwt output verifies with jose jwtVerify and with verifyJwt', async () => {
    const key = await generateSigningKeyPair('p1');
    const token = await signJwt(
      key,
      { sub: 'card-1', name: '张*' },
      {
        audience: 'portal-1',
        issuer: 'essc',
        expiresInSeconds: 120,
        typ: 'essc-assertion+jwt',
      },
    );
    const jose = await jwtVerify(token, await importJWK(key.publicJwk, 'EdDSA'), {
      audience: 'portal-1',
      issuer: 'essc',
      typ: 'essc-assertion+jwt',
    });
    expect(jose.payload).toMatchObject({ sub: 'card-1', name: '张*' });
    expect(jose.payload.exp! - jose.payload.iat!).toBe(120);
    expect(jose.protectedHeader).toMatchObject({ alg: 'EdDSA', kid: 'p1' });

    const r = await verifyJwt(publicJwks([key]), token, { audience: 'portal-1', issuer: 'essc' });
    expect(r.ok && r.payload.sub).toBe('card-1');
  });

  it('verifyJwt reports why a token fails, without throwing', async () => {
    const key = await generateSigningKeyPair('p1');
    const other = await generateSigningKeyPair('p1');
    const now = 1_700_000_000_000;
    const token = await signJwt(key, {}, { audience: 'a', expiresInSeconds: 60, now });
    const jwks = publicJwks([key]);
    expect((await verifyJwt(jwks, token, { now })).ok).toBe(true);
    expect(await verifyJwt(jwks, token, { now: now + 91_000 })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect((await verifyJwt(jwks, token, { now: now + 89_000 })).ok).toBe(true);
    expect(await verifyJwt(jwks, token, { now, audience: 'b' })).toEqual({
      ok: false,
      reason: 'claims',
    });
    expect(await verifyJwt(publicJwks([other]), token, { now })).toEqual({
      ok: false,
      reason: 'signature',
    });
    for (const bad of ['', 'a.b', 'a.b.c', `${token}x`, 'x'.repeat(20_000), 42]) {
      const r = await verifyJwt(jwks, bad as never, { now });
      expect(r.ok).toBe(false);
    }
  });
});

describe('sealed secrets', () => {
  it('round-trips, with kid in the header and the right algorithms', async () => {
    const key = await generateEncryptionKeyPair('enc-1');
    expect(key.publicJwk).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      use: 'enc',
      alg: 'ECDH-ES+A256KW',
      kid: 'enc-1',
    });
    expect(key.publicJwk.d).toBeUndefined();
    const jwe = await sealSecret(key.publicJwk, '135790');
    expect(jwe.split('.')).toHaveLength(5);
    const header = JSON.parse(new TextDecoder().decode(base64urlDecode(jwe.split('.')[0]!)));
    expect(header).toMatchObject({ alg: 'ECDH-ES+A256KW', enc: 'A256GCM', kid: 'enc-1' });
    expect(jwe).not.toContain('135790');
    expect(await openSecret(key, jwe)).toBe('135790');
    // Unicode secrets survive too; two seals of one secret differ (ephemeral key, IV).
    expect(await openSecret(key, await sealSecret(key.publicJwk, '密码·1'))).toBe('密码·1');
    expect(await sealSecret(key.publicJwk, 'x')).not.toBe(await sealSecret(key.publicJwk, 'x'));
  });

  it('binds the aad context', async () => {
    const key = await generateEncryptionKeyPair();
    const jwe = await sealSecret(key.publicJwk, '135790', 'apply:ch1');
    expect(await openSecret(key, jwe, { aad: 'apply:ch1' })).toBe('135790');
    await expect(openSecret(key, jwe, { aad: 'apply:ch2' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(openSecret(key, jwe)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const plain = await sealSecret(key.publicJwk, '135790');
    await expect(openSecret(key, plain, { aad: 'apply:ch1' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('opening with another key fails with VALIDATION_FAILED and never echoes the secret or the JWE', async () => {
    const a = await generateEncryptionKeyPair('a');
    const b = await generateEncryptionKeyPair('b');
    const secret = '246813';
    const jwe = await sealSecret(a.publicJwk, secret);
    const noKid = await sealSecret({ ...a.publicJwk, kid: undefined }, secret);
    for (const input of [jwe, noKid]) {
      const error = await openSecret(b, input).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isEsscError(error, 'VALIDATION_FAILED')).toBe(true);
      const text = `${(error as EsscError).message} ${JSON.stringify(error)} ${String((error as Error).stack)}`;
      expect(text).not.toContain(secret);
      for (const part of input.split('.').filter((p) => p.length > 0))
        expect(text).not.toContain(part);
      expect((error as Error).cause).toBeUndefined();
    }
  });

  it('refuses garbage and tampered JWEs with VALIDATION_FAILED', async () => {
    const key = await generateEncryptionKeyPair();
    const jwe = await sealSecret(key.publicJwk, '135790');
    const parts = jwe.split('.');
    const tampered = [...parts];
    tampered[3] = base64urlEncode(base64urlDecode(parts[3]!).map((b, i) => (i === 0 ? b ^ 1 : b)));
    for (const bad of [
      '',
      'a.b.c.d.e',
      `${jwe}.x`,
      tampered.join('.'),
      'x'.repeat(10_000),
      7,
      null,
    ]) {
      await expect(openSecret(key, bad as never)).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    }
  });

  it('sealSecret refuses a non-P-256 key', async () => {
    const sig = await generateSigningKeyPair();
    await expect(sealSecret(sig.publicJwk, '1')).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe.each(backends)('password hashing (%s backend)', (backend) => {
  it('hashes and verifies; two hashes of one password differ', async () => {
    _setBackend(backend);
    const h1 = await hashPassword('135790', { iterations: 2000 });
    const h2 = await hashPassword('135790', { iterations: 2000 });
    expect(h1).toMatch(/^pbkdf2-sha256\$2000\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(h1).not.toBe(h2);
    expect(await verifyPasswordHash('135790', h1)).toBe(true);
    expect(await verifyPasswordHash('135790', h2)).toBe(true);
    expect(await verifyPasswordHash('135791', h1)).toBe(false);
    expect(await verifyPasswordHash('', h1)).toBe(false);
  });

  it('returns false for malformed stored strings and refuses silly iteration counts', async () => {
    _setBackend(backend);
    const good = await hashPassword('1', { iterations: 1 });
    const [, , salt, hash] = good.split('$');
    for (const bad of [
      '',
      'x',
      'pbkdf2-sha256$1$$',
      `pbkdf2-sha1$1$${salt}$${hash}`,
      `pbkdf2-sha256$0$${salt}$${hash}`,
      `pbkdf2-sha256$01$${salt}$${hash}`,
      `pbkdf2-sha256$99999999$${salt}$${hash}`,
      `pbkdf2-sha256$1$${salt}$${hash}$`,
      `pbkdf2-sha256$1$${salt}$${hash}=`,
    ]) {
      expect(await verifyPasswordHash('1', bad)).toBe(false);
    }
    expect(await verifyPasswordHash('1', good)).toBe(true);
    await expect(hashPassword('1', { iterations: 0 })).rejects.toBeInstanceOf(EsscError);
    await expect(hashPassword('1', { iterations: 1.5 })).rejects.toBeInstanceOf(EsscError);
  });
});

describe('encodings, random values, digests', () => {
  it('base64url round-trips and is strict', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
        const s = base64urlEncode(b);
        expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(base64urlDecode(s)).toEqual(b);
      }),
    );
    expect(base64urlEncode(new Uint8Array([251, 255]))).toBe('-_8');
    for (const bad of ['A', 'AB==', 'A+', 'A/', 'AB C', 'AF', 'ü']) {
      expect(() => base64urlDecode(bad)).toThrow(EsscError);
    }
  });

  it('randomBytes and randomId', () => {
    expect(randomBytes(0)).toHaveLength(0);
    expect(randomBytes(70_000)).toHaveLength(70_000);
    expect(randomBytes(16)).not.toEqual(randomBytes(16));
    expect(randomId()).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(randomId(8)).toHaveLength(11);
    expect(() => randomBytes(-1)).toThrow(EsscError);
  });

  it('sha256 of bytes equals sha256 of the string', async () => {
    expect(await sha256(enc.encode('电子社保卡'))).toEqual(await sha256('电子社保卡'));
    expect(await sha256('')).toHaveLength(32);
  });

  it('constantTimeEqual', () => {
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(false);
  });
});

describe.each(['EdDSA', 'ES256'] as const)('compact JWS by JWK keys (%s)', (alg) => {
  it('node:crypto and WebCrypto (jose) make the same header and accept each other', async () => {
    const { privateJwk, publicJwk } = await generateJwsKeyPair(alg);
    const payload = enc.encode('{"a":1}');
    _setBackend('node');
    const byNode = await signCompactJws(privateJwk, payload, { typ: 'x+jws' });
    _setBackend('web');
    const byWeb = await signCompactJws(privateJwk, payload, { typ: 'x+jws' });
    expect(byNode.split('.').slice(0, 2)).toEqual(byWeb.split('.').slice(0, 2));
    // Ed25519 is deterministic: the very same JWS on both backends.
    if (alg === 'EdDSA') expect(byNode).toBe(byWeb);
    for (const backend of backends) {
      _setBackend(backend);
      for (const jws of [byNode, byWeb]) {
        const verified = await verifyCompactJws(publicJwk, jws, { typ: 'x+jws' });
        expect(verified?.payload).toEqual(payload);
        expect(verified?.header).toMatchObject({ alg, typ: 'x+jws', kid: publicJwk.kid });
        expect(await verifyCompactJws(publicJwk, jws, { typ: 'other' })).toBeUndefined();
      }
    }
  });

  it('refuses a tampered payload, a crit header and another algorithm on node:crypto', async () => {
    const { privateJwk, publicJwk } = await generateJwsKeyPair(alg);
    _setBackend('node');
    const jws = await signCompactJws(privateJwk, enc.encode('{"a":1}'));
    const [h, , sig] = jws.split('.') as [string, string, string];
    expect(
      await verifyCompactJws(publicJwk, `${h}.${base64urlEncode(enc.encode('{"a":2}'))}.${sig}`),
    ).toBeUndefined();
    // A header with `crit`, validly signed: still refused (no extension is understood).
    const withCrit = `${base64urlEncode(enc.encode(JSON.stringify({ alg, crit: ['exp'], exp: 1 })))}.${base64urlEncode(enc.encode('{}'))}`;
    const key = createPrivateKey({ key: { ...privateJwk }, format: 'jwk' });
    const critSig = nodeSign(alg === 'EdDSA' ? null : 'sha256', enc.encode(withCrit), {
      key,
      dsaEncoding: 'ieee-p1363',
    });
    expect(
      await verifyCompactJws(publicJwk, `${withCrit}.${base64urlEncode(critSig)}`),
    ).toBeUndefined();
    const otherAlg = base64urlEncode(
      enc.encode(JSON.stringify({ alg: alg === 'EdDSA' ? 'ES256' : 'EdDSA' })),
    );
    expect(
      await verifyCompactJws(publicJwk, `${otherAlg}.${jws.split('.')[1]}.${sig}`),
    ).toBeUndefined();
    expect(await verifyCompactJws(publicJwk, `${jws}.x`)).toBeUndefined();
  });
});

describe('randomBytes', () => {
  it('hands out fresh values of any size, never views of one another', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const bytes = randomBytes(16);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(16);
      seen.add(base64urlEncode(bytes));
    }
    expect(seen.size).toBe(600);
    expect(randomBytes(0).length).toBe(0);
    expect(randomBytes(100_000).length).toBe(100_000);
  });
});
