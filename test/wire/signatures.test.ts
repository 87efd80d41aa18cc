/**
 * The signing behind the wire protocol lives in the crypto module (signCompactJws,
 * verifyCompactJws); src/wire only says what each signature covers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compactVerify, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  generateJwsKeyPair,
  generateSigningKeyPair,
  jwsAlgorithm,
  peekJwsHeader,
  signCompactJws,
  verifyCompactJws,
} from '../../src/crypto/index.js';
import type { PlatformNotification } from '../../src/index.js';
import {
  NOTIFICATION_TYP,
  REQUEST_SIGNATURE_TYP,
  WIRE_PROTOCOL_VERSION,
} from '../../src/wire/protocol.js';
import {
  bodySha256,
  generateCallerKeyPair,
  type RequestSignaturePayload,
  signNotification,
  signRequest,
  signResponse,
  verifyNotificationSignature,
  verifyRequestSignature,
  verifyResponseSignature,
} from '../../src/wire/signatures.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const header = (jws: string) =>
  JSON.parse(new TextDecoder().decode(base64urlDecode(jws.split('.')[0]!)));

describe('crypto: compact JWS over bytes', () => {
  it('signs with a platform key (EdDSA) into a JWS jose verifies', async () => {
    const key = await generateSigningKeyPair('platform-1');
    const jws = await signCompactJws(key, bytes('{"a":1}'), { typ: 'x+jws' });
    expect(header(jws)).toEqual({ alg: 'EdDSA', kid: 'platform-1', typ: 'x+jws' });
    const { payload } = await compactVerify(jws, await importJWK(key.publicJwk, 'EdDSA'));
    expect(new TextDecoder().decode(payload)).toBe('{"a":1}');
    expect((await verifyCompactJws(key.publicJwk, jws, { typ: 'x+jws' }))?.payload).toEqual(
      bytes('{"a":1}'),
    );
  });

  it.each(['EdDSA', 'ES256'] as const)('signs and verifies with a %s JWK pair', async (alg) => {
    const { privateJwk, publicJwk } = await generateJwsKeyPair(alg);
    expect(jwsAlgorithm(publicJwk)).toBe(alg);
    expect(publicJwk).not.toHaveProperty('d');
    const jws = await signCompactJws(privateJwk, bytes('hello'), { typ: 't' });
    expect(header(jws)).toEqual({ alg, typ: 't', kid: publicJwk.kid });
    const verified = await verifyCompactJws(publicJwk, jws, { typ: 't' });
    expect(verified?.header).toMatchObject({ alg, typ: 't' });
    expect(verified?.payload).toEqual(bytes('hello'));
    // Verifying with the private JWK uses only its public part.
    expect(await verifyCompactJws(privateJwk, jws)).toBeDefined();
    // Another typ, another key: refused, never thrown.
    expect(await verifyCompactJws(publicJwk, jws, { typ: 'other' })).toBeUndefined();
    const other = await generateJwsKeyPair(alg);
    expect(await verifyCompactJws(other.publicJwk, jws)).toBeUndefined();
  });

  it('refuses to sign with a public key or a key of another kind', async () => {
    const { publicJwk } = await generateJwsKeyPair('ES256');
    await expect(signCompactJws(publicJwk, bytes('x'))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(
      signCompactJws({ kty: 'RSA', n: 'AQAB', e: 'AQAB', d: 'AQAB' }, bytes('x')),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('never runs a key under another algorithm than its own', async () => {
    const { privateJwk, publicJwk } = await generateJwsKeyPair('EdDSA');
    expect(jwsAlgorithm({ ...publicJwk, alg: 'ES256' })).toBeUndefined();
    expect(jwsAlgorithm({ ...publicJwk, alg: 'Ed25519' })).toBe('EdDSA');
    const jws = await signCompactJws(privateJwk, bytes('x'));
    expect(await verifyCompactJws({ ...publicJwk, alg: 'ES256' }, jws)).toBeUndefined();
  });

  it('verifyCompactJws and peekJwsHeader answer undefined for garbage', async () => {
    const { publicJwk } = await generateJwsKeyPair('EdDSA');
    for (const garbage of ['', 'a.b.c', '...', 'x'.repeat(20_000), 42, null]) {
      expect(await verifyCompactJws(publicJwk, garbage as string)).toBeUndefined();
      expect(peekJwsHeader(garbage as string)).toBeUndefined();
    }
    expect(peekJwsHeader(`${base64urlEncode(bytes('{"kid":"k"}'))}.e30.sig`)).toEqual({ kid: 'k' });
  });
});

describe('wire signatures on the crypto module', () => {
  it('request signatures still round-trip for both caller algorithms', async () => {
    for (const alg of ['EdDSA', 'ES256'] as const) {
      const { privateJwk, publicJwk } = await generateCallerKeyPair(alg);
      const payload: RequestSignaturePayload = {
        v: WIRE_PROTOCOL_VERSION,
        kind: 'channel',
        caller: 'wechat',
        method: 'GET',
        path: '/v1/cards/X',
        bodySha256: await bodySha256(''),
        timestamp: 1,
        nonce: 'n'.repeat(22),
      };
      const jws = await signRequest(privateJwk, payload);
      expect(header(jws)).toMatchObject({ alg, typ: REQUEST_SIGNATURE_TYP });
      expect(await verifyRequestSignature(publicJwk, jws)).toEqual(payload);
    }
  });

  it('a notification verifies as one, and no other platform signature passes for it', async () => {
    const key = await generateSigningKeyPair();
    const jwks = { keys: [key.publicJwk] };
    const notification: PlatformNotification = {
      id: 'ntf_1',
      type: 'password.changed',
      channelId: 'wechat',
      signNo: '440100D156ABCDEFGHJK',
      occurredAt: new Date().toISOString(),
    };
    const now = Date.now();
    const jws = await signNotification(key, notification, now);
    expect(header(jws)).toEqual({ alg: 'EdDSA', kid: key.kid, typ: NOTIFICATION_TYP });
    const check = await verifyNotificationSignature(jwks, jws, now);
    expect(check).toEqual({
      ok: true,
      claims: { ...notification, iss: 'urn:essc:platform', iat: Math.floor(now / 1000) },
    });

    const response = await signResponse(key, {
      v: WIRE_PROTOCOL_VERSION,
      status: 200,
      bodySha256: 'x',
      nonce: null,
      requestId: 'r',
    });
    expect(await verifyNotificationSignature(jwks, response, now)).toEqual({
      ok: false,
      reason: 'claims',
    });
    expect((await verifyResponseSignature(jwks, jws)).ok).toBe(false);
    const stranger = await generateSigningKeyPair();
    expect(
      await verifyNotificationSignature(
        jwks,
        await signNotification(stranger, notification, now),
        now,
      ),
    ).toEqual({ ok: false, reason: 'unknown-key' });
    expect(await verifyNotificationSignature(jwks, jws, now - 120_000)).toEqual({
      ok: false,
      reason: 'claims',
    });
  });

  it('src/ signs only through the crypto module: jose is imported nowhere else', () => {
    const root = fileURLToPath(new URL('../../src', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk(root);
    const importers = files
      .filter((file) => /^import\s+(?!type\b)[^;]*from\s+'jose'/m.test(readFileSync(file, 'utf8')))
      .map((file) => file.slice(root.length + 1).replaceAll('\\', '/'));
    // The conformance suite checks the platform's tokens with jose itself, on purpose.
    const outside = importers.filter((file) => !file.startsWith('crypto/'));
    expect(outside.sort()).toEqual(['testing/cases/login.ts']);
  });
});
