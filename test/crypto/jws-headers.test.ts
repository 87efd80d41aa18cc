/**
 * Compact JWS protected headers are written once per `alg`, `kid` and `typ`, and read once per
 * distinct text (issue 25: every request and answer is signed under one of a few headers). The
 * text signed must stay exactly the one made afresh, no two headers may share a kept text, and
 * a header handed to a caller is its own.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { CompactSign, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  base64urlEncode,
  generateJwsKeyPair,
  generateSigningKeyPair,
  signCompactJws,
  verifyCompactJws,
} from '../../src/crypto/index.js';

const encoder = new TextEncoder();
const headerOf = (jws: string) =>
  JSON.parse(Buffer.from(jws.slice(0, jws.indexOf('.')), 'base64url').toString('utf8'));
const textOf = (header: Record<string, unknown>) =>
  base64urlEncode(encoder.encode(JSON.stringify(header)));

describe('signCompactJws headers', () => {
  it('with a private JWK: { alg, typ?, kid? } in jose order, for each typ and kid given or not', async () => {
    const { privateJwk } = await generateJwsKeyPair('EdDSA');
    const { kid: _kid, ...noKid } = privateJwk;
    const payload = encoder.encode('{}');
    // Twice each, so the second is the kept text: it must equal the one made afresh.
    for (let round = 0; round < 2; round++) {
      const cases: [
        Parameters<typeof signCompactJws>[0],
        { typ?: string; kid?: string },
        object,
      ][] = [
        [privateJwk, {}, { alg: 'EdDSA', kid: privateJwk.kid }],
        [privateJwk, { typ: 'a+jws' }, { alg: 'EdDSA', typ: 'a+jws', kid: privateJwk.kid }],
        // A typ spelled "undefined" is not a header without typ; an empty one is not either.
        [privateJwk, { typ: 'undefined' }, { alg: 'EdDSA', typ: 'undefined', kid: privateJwk.kid }],
        [privateJwk, { typ: '' }, { alg: 'EdDSA', typ: '', kid: privateJwk.kid }],
        [noKid, {}, { alg: 'EdDSA' }],
        [noKid, { kid: 'undefined' }, { alg: 'EdDSA', kid: 'undefined' }],
        [noKid, { typ: 'x', kid: '' }, { alg: 'EdDSA', typ: 'x', kid: '' }],
        // Separators inside the values cannot make two headers one.
        [noKid, { kid: '1:a|', typ: 'b' }, { alg: 'EdDSA', typ: 'b', kid: '1:a|' }],
        [noKid, { kid: '1:a', typ: '|b' }, { alg: 'EdDSA', typ: '|b', kid: '1:a' }],
      ];
      for (const [key, header, expected] of cases) {
        const jws = await signCompactJws(key, payload, header);
        expect(headerOf(jws)).toEqual(expected);
        expect(jws.slice(0, jws.indexOf('.'))).toBe(textOf(expected as Record<string, unknown>));
      }
    }
  });

  it('with a platform key pair: { alg, kid, typ? }, the key kid unless one is given', async () => {
    const key = await generateSigningKeyPair('platform-1');
    const payload = encoder.encode('{"a":1}');
    for (let round = 0; round < 2; round++) {
      for (const [header, expected] of [
        [{}, { alg: 'EdDSA', kid: 'platform-1' }],
        [{ typ: 'essc-res+jws' }, { alg: 'EdDSA', kid: 'platform-1', typ: 'essc-res+jws' }],
        [{ kid: 'other' }, { alg: 'EdDSA', kid: 'other' }],
        [{ typ: 'undefined' }, { alg: 'EdDSA', kid: 'platform-1', typ: 'undefined' }],
      ] as const) {
        const jws = await signCompactJws(key, payload, header);
        expect(jws.slice(0, jws.indexOf('.'))).toBe(textOf(expected));
        expect((await verifyCompactJws(key.publicJwk, jws))?.header).toEqual(expected);
      }
    }
  });

  it('a key pair and its private JWK keep their own member order under the same kid and typ, whichever signs first', async () => {
    const payload = encoder.encode('{"b":2}');
    const typ = 'essc-req+jws';
    for (const [kid, first] of [
      ['order-pair-first', 'pair'],
      ['order-jwk-first', 'jwk'],
    ] as const) {
      const pair = await generateSigningKeyPair(kid);
      const byPair = { alg: 'EdDSA', kid, typ };
      const byJwk = { alg: 'EdDSA', typ, kid };
      const signed = { pair: '', jwk: '' };
      for (const form of first === 'pair'
        ? (['pair', 'jwk'] as const)
        : (['jwk', 'pair'] as const)) {
        const jws = await signCompactJws(form === 'pair' ? pair : pair.privateJwk, payload, {
          typ,
        });
        signed[form] = jws.slice(0, jws.indexOf('.'));
      }
      expect(signed.pair).toBe(textOf(byPair));
      expect(signed.jwk).toBe(textOf(byJwk));
    }
  });
});

describe('verifyCompactJws headers', () => {
  it('hands each caller a header of its own, and checks typ on every call', async () => {
    const { privateJwk, publicJwk } = await generateJwsKeyPair('EdDSA');
    const jws = await signCompactJws(privateJwk, encoder.encode('{}'), { typ: 'essc-req+jws' });
    const first = await verifyCompactJws(publicJwk, jws, { typ: 'essc-req+jws' });
    expect(first?.header.typ).toBe('essc-req+jws');
    first!.header.typ = 'changed';
    first!.header.extra = 1;
    const second = await verifyCompactJws(publicJwk, jws, { typ: 'essc-req+jws' });
    expect(second?.header).toEqual({ alg: 'EdDSA', typ: 'essc-req+jws', kid: publicJwk.kid });
    expect(await verifyCompactJws(publicJwk, jws, { typ: 'other' })).toBeUndefined();
    // A signature that does not verify is refused whatever was read of its header before.
    const tampered = `${jws.slice(0, jws.lastIndexOf('.') + 1)}${'A'.repeat(86)}`;
    expect(await verifyCompactJws(publicJwk, tampered, { typ: 'essc-req+jws' })).toBeUndefined();
  });

  it('reads a header with an object member afresh each time (a caller may change what it got)', async () => {
    const { privateJwk, publicJwk } = await generateJwsKeyPair('EdDSA');
    const jws = await new CompactSign(encoder.encode('{}'))
      .setProtectedHeader({ alg: 'EdDSA', kid: publicJwk.kid, ext: { a: 1 } })
      .sign(await importJWK(privateJwk, 'EdDSA'));
    const first = await verifyCompactJws(publicJwk, jws);
    expect(first?.header.ext).toEqual({ a: 1 });
    (first!.header.ext as { a: number }).a = 2;
    expect((await verifyCompactJws(publicJwk, jws))?.header.ext).toEqual({ a: 1 });
  });

  it('keeps refusing what it refused: crit, b64, another alg, a header that is not an object', async () => {
    const { privateJwk, publicJwk } = await generateJwsKeyPair('EdDSA');
    const good = await signCompactJws(privateJwk, encoder.encode('{}'));
    const [, payload] = good.split('.');
    const headers = [
      textOf({ alg: 'EdDSA', crit: ['exp'], exp: 1 }),
      textOf({ alg: 'EdDSA', b64: false }),
      textOf({ alg: 'ES256' }),
      base64urlEncode(encoder.encode('[1]')),
    ];
    const control = textOf({ alg: 'EdDSA' });
    for (const header of [control, ...headers]) {
      // Signed properly over its own header: only the header's content can refuse it.
      const input = encoder.encode(`${header}.${payload}`);
      const signature = sign(
        null,
        input,
        createPrivateKey({ key: privateJwk as never, format: 'jwk' }),
      );
      const jws = `${header}.${payload}.${Buffer.from(signature).toString('base64url')}`;
      for (let round = 0; round < 2; round++) {
        const verified = await verifyCompactJws(publicJwk, jws);
        if (header === control) expect(verified?.header).toEqual({ alg: 'EdDSA' });
        else expect(verified).toBeUndefined();
      }
    }
  });
});
