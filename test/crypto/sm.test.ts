/**
 * The national suite (R34): known answers from the standards, and interoperability with an
 * independent implementation (`sm-crypto`, a devDependency that shares no code with the
 * runtime's `sm-crypto-v2`/noble): what we sign it verifies, what it signs we verify, what it
 * encrypts we open.
 */
import { createCipheriv, createHash, createHmac } from 'node:crypto';
import smCrypto from 'sm-crypto';
import { sm3 as smV2Sm3, sm4 as smV2Sm4 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  generateEncryptionKeyPair,
  generateJwsKeyPair,
  generateSigningKeyPair,
  hmacSm3,
  jwkThumbprint,
  openSecret,
  publicJwks,
  sealSecret,
  signBytes,
  signCompactJws,
  signJwt,
  sm3,
  verifyBytes,
  verifyCompactJws,
  verifyJwt,
} from '../../src/crypto/index.js';
import { bodySha256, generateCallerKeyPair } from '../../src/wire/signatures.js';

const { sm2: indie } = smCrypto;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const unhex = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));
const enc = new TextEncoder();
const pubHexOf = (jwk: { x?: string; y?: string }) =>
  `04${hex(base64urlDecode(jwk.x as string))}${hex(base64urlDecode(jwk.y as string))}`;

describe('known answers', () => {
  it('SM3 (GB/T 32905 A.1, A.2) on both paths: node:crypto and pure JS', async () => {
    const abc = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';
    const abcd16 = 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732';
    expect(hex(await sm3('abc'))).toBe(abc);
    expect(hex(await sm3('abcd'.repeat(16)))).toBe(abcd16);
    expect(smV2Sm3('abc')).toBe(abc);
    expect(smV2Sm3('abcd'.repeat(16))).toBe(abcd16);
    expect(createHash('sm3').update('abc').digest('hex')).toBe(abc);
  });

  it('SM4 (GB/T 32907 A.1) on both paths', () => {
    const k = '0123456789abcdeffedcba9876543210';
    const want = '681edf34d206965e86b3e94f536e4246';
    const js = smV2Sm4.encrypt(unhex(k), unhex(k), { padding: 'none', mode: 'ecb' });
    expect(js).toBe(want);
    const node = createCipheriv('sm4-ecb', unhex(k), null).setAutoPadding(false);
    expect(Buffer.concat([node.update(unhex(k)), node.final()]).toString('hex')).toBe(want);
  });

  it('HMAC-SM3 equals OpenSSL’s for short, block-sized, long and empty keys', async () => {
    for (const len of [0, 16, 64, 65, 200]) {
      const key = new Uint8Array(len).map((_, i) => i * 7);
      const msg = enc.encode(`message ${len}`);
      expect(hex(await hmacSm3(key, msg))).toBe(createHmac('sm3', key).update(msg).digest('hex'));
    }
  });

  it('SM2 verifies the published signature of GB/T 32918.5 / GM/T 0003.5 (recommended curve)', async () => {
    const x = '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020';
    const y = 'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13';
    const r = 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3';
    const s = 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa';
    const jwk = {
      kty: 'EC',
      crv: 'SM2',
      x: base64urlEncode(unhex(x)),
      y: base64urlEncode(unhex(y)),
    };
    const msg = enc.encode('message digest');
    expect(await verifyBytes(jwk, msg, unhex(r + s))).toBe(true);
    expect(await verifyBytes(jwk, enc.encode('message digesT'), unhex(r + s))).toBe(false);
    // The independent implementation agrees that this is the standard's answer.
    expect(indie.doVerifySignature('message digest', r + s, `04${x}${y}`, { hash: true })).toBe(
      true,
    );
  });
});

describe('interoperability with sm-crypto', () => {
  it('a platform SM2 key signs what sm-crypto verifies, with the default user id', async () => {
    const key = await generateSigningKeyPair(undefined, 'sm');
    expect(key.alg).toBe('SM2');
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2', use: 'sig' });
    const data = enc.encode('签名 interop');
    const sig = await signBytes(key, data);
    expect(sig.length).toBe(64);
    const pub = pubHexOf(key.publicJwk);
    expect(indie.doVerifySignature(Array.from(data), hex(sig), pub, { hash: true })).toBe(true);
    expect(
      indie.doVerifySignature(Array.from(data), hex(sig), pub, {
        hash: true,
        userId: '1234567812345678',
      }),
    ).toBe(true);
    expect(await verifyBytes(key.publicJwk, data, sig)).toBe(true);
    expect(publicJwks([key]).keys[0]).toEqual({
      kty: 'EC',
      crv: 'SM2',
      x: key.publicJwk.x,
      y: key.publicJwk.y,
      kid: key.kid,
      alg: 'SM2',
      use: 'sig',
    });
    expect(key.kid).toBe(await jwkThumbprint(key.publicJwk));
  });

  it('verifies what sm-crypto signs, and refuses what another key or user id signed', async () => {
    const pair = indie.generateKeyPairHex();
    const data = enc.encode('from the independent side');
    const sig = indie.doSignature(Array.from(data), pair.privateKey, { hash: true });
    const pub = unhex(pair.publicKey);
    const jwk = {
      kty: 'EC',
      crv: 'SM2',
      x: base64urlEncode(pub.subarray(1, 33)),
      y: base64urlEncode(pub.subarray(33)),
    };
    expect(await verifyBytes(jwk, data, unhex(sig))).toBe(true);
    const otherId = indie.doSignature(Array.from(data), pair.privateKey, {
      hash: true,
      userId: 'ALICE123@YAHOO.COM',
    });
    expect(await verifyBytes(jwk, data, unhex(otherId))).toBe(false);
    // And an sm-crypto private key signs here like a generated one.
    const privateJwk = { ...jwk, d: base64urlEncode(unhex(pair.privateKey.padStart(64, '0'))) };
    const jws = await signCompactJws(privateJwk, data, { typ: 't' });
    const [h, p, s] = jws.split('.') as [string, string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({ alg: 'SM2', typ: 't' });
    expect(
      indie.doVerifySignature(
        Array.from(enc.encode(`${h}.${p}`)),
        hex(base64urlDecode(s)),
        pair.publicKey,
        { hash: true },
      ),
    ).toBe(true);
  });

  it('a JWS or JWT signed by sm-crypto verifies here; a private JWK whose d is not its x, y is refused', async () => {
    const pair = indie.generateKeyPairHex();
    const pub = unhex(pair.publicKey);
    const jwk = {
      kty: 'EC',
      crv: 'SM2',
      x: base64urlEncode(pub.subarray(1, 33)),
      y: base64urlEncode(pub.subarray(33)),
      kid: 'k1',
    };
    const h = base64urlEncode(enc.encode(JSON.stringify({ alg: 'SM2', kid: 'k1', typ: 'x' })));
    const p = base64urlEncode(enc.encode(JSON.stringify({ hello: 1 })));
    const sig = indie.doSignature(Array.from(enc.encode(`${h}.${p}`)), pair.privateKey, {
      hash: true,
    });
    const jws = `${h}.${p}.${base64urlEncode(unhex(sig))}`;
    expect(await verifyCompactJws(jwk, jws, { typ: 'x' })).toBeDefined();
    expect((await verifyJwt([jwk], jws, { typ: 'x' })).ok).toBe(true);
    const other = await generateJwsKeyPair('SM2');
    await expect(
      signCompactJws({ ...other.privateJwk, x: jwk.x, y: jwk.y }, enc.encode('x')),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('opens a secret whose content key sm-crypto encrypted (C1C3C2), bound to its context', async () => {
    const key = await generateEncryptionKeyPair(undefined, 'sm');
    expect(key.publicJwk).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2', use: 'enc' });
    const cek = unhex('00112233445566778899aabbccddeeff');
    const iv = unhex('000102030405060708090a0b');
    const header = base64urlEncode(
      enc.encode(JSON.stringify({ alg: 'SM2', enc: 'SM4-GCM', kid: key.kid, ctx: 'apply:ch' })),
    );
    // sm-crypto (independent SM2) wraps the key; the content is SM4-GCM, encrypted by the
    // sm-crypto-v2 SM4 (Node's OpenSSL has no SM4-GCM), the header as additional data.
    const wrapped = `04${indie.doEncrypt(Array.from(cek), pubHexOf(key.publicJwk), 1)}`;
    const { output, tag } = smV2Sm4.encrypt(enc.encode('135790'), cek, {
      mode: 'gcm',
      iv,
      associatedData: enc.encode(header),
      output: 'array',
      outputTag: true,
    });
    const jwe = [header, base64urlEncode(unhex(wrapped)), base64urlEncode(iv)]
      .concat([base64urlEncode(output), base64urlEncode(tag as Uint8Array)])
      .join('.');
    expect(await openSecret(key, jwe, { aad: 'apply:ch' })).toBe('135790');
    await expect(openSecret(key, jwe, { aad: 'apply:other' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('seals and opens under sm; the context and the key are bound, tampering is refused', async () => {
    const key = await generateEncryptionKeyPair('enc-sm', 'sm');
    const jwe = await sealSecret(key.publicJwk, '246810', 'changePassword:S:1');
    const [h, k] = jwe.split('.') as [string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual({
      alg: 'SM2',
      enc: 'SM4-GCM',
      kid: 'enc-sm',
      ctx: 'changePassword:S:1',
    });
    // The wrapped key is standard C1C3C2: sm-crypto decrypts it to a 16-byte key.
    const raw = hex(base64urlDecode(k));
    const cek = indie.doDecrypt(raw.slice(2), hex(base64urlDecode(key.privateJwk.d as string)), 1, {
      output: 'array',
    });
    expect(cek.length).toBe(16);
    expect(await openSecret(key, jwe, { aad: 'changePassword:S:1' })).toBe('246810');
    await expect(openSecret(key, jwe)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const other = await generateEncryptionKeyPair('enc-sm', 'sm');
    await expect(openSecret(other, jwe, { aad: 'changePassword:S:1' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const parts = jwe.split('.');
    const ct = base64urlDecode(parts[3] as string);
    ct[0] = (ct[0] ?? 0) ^ 1;
    parts[3] = base64urlEncode(ct);
    await expect(
      openSecret(key, parts.join('.'), { aad: 'changePassword:S:1' }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    // A jose key does not open an sm secret, nor the other way round.
    const jose = await generateEncryptionKeyPair('enc-sm');
    await expect(openSecret(jose, jwe, { aad: 'changePassword:S:1' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const joseJwe = await sealSecret(jose.publicJwk, '1', 'c');
    await expect(openSecret(key, joseJwe, { aad: 'c' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('suites do not cross', () => {
  it('an SM2 JWKS refuses EdDSA tokens and an Ed25519 JWKS refuses SM2 ones', async () => {
    const sm = await generateSigningKeyPair('same', 'sm');
    const ed = await generateSigningKeyPair('same');
    const smJwt = await signJwt(sm, { a: 1 }, { expiresInSeconds: 60 });
    const edJwt = await signJwt(ed, { a: 1 }, { expiresInSeconds: 60 });
    expect(JSON.parse(Buffer.from(smJwt.split('.')[0] as string, 'base64url').toString()).alg).toBe(
      'SM2',
    );
    expect((await verifyJwt(publicJwks([sm]), smJwt)).ok).toBe(true);
    expect(await verifyJwt(publicJwks([sm]), edJwt)).toEqual({ ok: false, reason: 'signature' });
    expect(await verifyJwt(publicJwks([ed]), smJwt)).toEqual({ ok: false, reason: 'signature' });
    const data = enc.encode('x');
    expect(await verifyBytes(ed.publicJwk, data, await signBytes(sm, data))).toBe(false);
    expect(await verifyBytes(sm.publicJwk, data, await signBytes(ed, data))).toBe(false);
  });
});

describe('body digests follow the signing key', () => {
  it('are SM3 for an SM2 caller or platform key, SHA-256 otherwise', async () => {
    const sm = await generateCallerKeyPair('SM2');
    expect(sm.privateJwk).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2' });
    expect(typeof sm.privateJwk.d).toBe('string');
    const body = '{"a":1}';
    const want = (alg: string) => createHash(alg).update(body).digest('base64url');
    expect(await bodySha256(body, sm.publicJwk)).toBe(want('sm3'));
    expect(await bodySha256(body, await generateSigningKeyPair(undefined, 'sm'))).toBe(want('sm3'));
    expect(await bodySha256(body, (await generateCallerKeyPair('ES256')).publicJwk)).toBe(
      want('sha256'),
    );
    expect(await bodySha256(body)).toBe(want('sha256'));
  });
});
