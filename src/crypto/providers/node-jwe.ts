/**
 * Private: sealed secrets on `node:crypto`, byte for byte the format of `jose-jwe.ts` (compact
 * JWE, `ECDH-ES+A256KW` on P-256 with `A256GCM`, RFC 7516/7518), so a secret sealed by a
 * browser through jose opens here and one sealed here opens with jose (test/crypto/node-jwe.test.ts
 * checks both ways). jose over WebCrypto spent 2.6–2.9 ms sealing and 2.5 ms opening on these
 * machines, where the same key agreement in `node:crypto` is a fraction of it
 * (docs/performance.md): every password-bearing request pays one of each.
 *
 * @internal
 */
import type * as NodeCryptoModule from 'node:crypto';
import type { JWK } from 'jose';
import { base64urlDecode, base64urlEncode, parseJsonObject, utf8 } from '../encoding.js';
import { validation } from '../errors.js';
import { p256Public } from '../jwk.js';
import type { SealHeader } from '../provider.js';
import { remember } from './key-cache.js';

type NodeCrypto = typeof NodeCryptoModule;
type KeyObject = NodeCryptoModule.KeyObject;

const KEY_ALG = 'ECDH-ES+A256KW';
const CONTENT_ALG = 'A256GCM';
/** RFC 3394's default initial value of the AES key wrap. */
const KEY_WRAP_IV = new Uint8Array(8).fill(0xa6);
const NONE = new Uint8Array(0);

/** The seal and open of the node provider. */
export interface NodeJwe {
  seal(publicJwk: JWK, plaintext: Uint8Array, header: SealHeader): Promise<string>;
  open(
    privateJwk: JWK,
    jwe: string,
  ): Promise<{ header: Record<string, unknown>; plaintext: Uint8Array }>;
}

/** A 32-bit big-endian number, as Concat KDF writes its counter and lengths. */
function uint32(n: number): Uint8Array {
  return new Uint8Array([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}

/** The bytes of several parts, one after another. */
function joined(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** base64url without padding, strict (canonical, as everywhere in this SDK), or an error. */
function decode(part: unknown): Uint8Array {
  if (typeof part !== 'string') throw new Error('not base64url');
  return base64urlDecode(part);
}

/**
 * Seal and open over `node`: the key agreement, Concat KDF (SHA-256), AES-256 key wrap and
 * AES-256-GCM, each a `node:crypto` call.
 */
export function createNodeJwe(node: NodeCrypto): NodeJwe {
  const sealingKeys = new Map<string, KeyObject>();
  const openingKeys = new WeakMap<object, { x: unknown; y: unknown; d: unknown; key: KeyObject }>();

  function sealingKey(jwk: JWK): KeyObject {
    const parts = p256Public(jwk);
    if (!parts) throw validation('publicJwk', 'not a P-256 public key');
    const id = `${parts.x}.${parts.y}`;
    const hit = sealingKeys.get(id);
    if (hit) return hit;
    const key = node.createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: parts.x, y: parts.y },
      format: 'jwk',
    });
    return remember(sealingKeys, id, key);
  }

  function openingKey(jwk: JWK): KeyObject {
    const parts = p256Public(jwk);
    const d = jwk?.d;
    if (!parts || typeof d !== 'string') throw new Error('not a P-256 private key');
    const hit = openingKeys.get(jwk);
    if (hit && hit.x === jwk.x && hit.y === jwk.y && hit.d === d) return hit.key;
    const key = node.createPrivateKey({
      key: { kty: 'EC', crv: 'P-256', x: parts.x, y: parts.y, d },
      format: 'jwk',
    });
    openingKeys.set(jwk, { x: jwk.x, y: jwk.y, d, key });
    return key;
  }

  /** The key-encryption key: Concat KDF over the shared secret (one SHA-256 round: 256 bits). */
  function keyEncryptionKey(shared: Uint8Array, apu: Uint8Array, apv: Uint8Array): Uint8Array {
    const alg = utf8(KEY_ALG);
    return node
      .createHash('sha256')
      .update(uint32(1))
      .update(shared)
      .update(joined([uint32(alg.length), alg, uint32(apu.length), apu]))
      .update(joined([uint32(apv.length), apv, uint32(256)]))
      .digest();
  }

  return {
    async seal(publicJwk, plaintext, header) {
      const recipient = sealingKey(publicJwk);
      const ephemeral = node.generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const { x, y } = ephemeral.publicKey.export({ format: 'jwk' });
      const protectedHeader: Record<string, unknown> = { alg: KEY_ALG, enc: CONTENT_ALG };
      if (header.kid !== undefined) protectedHeader.kid = header.kid;
      if (header.ctx !== undefined) protectedHeader.ctx = header.ctx;
      protectedHeader.epk = { x, crv: 'P-256', kty: 'EC', y };
      const shared = node.diffieHellman({ privateKey: ephemeral.privateKey, publicKey: recipient });
      const kek = keyEncryptionKey(shared, NONE, NONE);
      const cek = node.randomBytes(32);
      const wrap = node.createCipheriv('id-aes256-wrap', kek, KEY_WRAP_IV);
      const encryptedKey = joined([wrap.update(cek), wrap.final()]);
      const iv = node.randomBytes(12);
      const encodedHeader = base64urlEncode(utf8(JSON.stringify(protectedHeader)));
      const cipher = node.createCipheriv('aes-256-gcm', cek, iv);
      cipher.setAAD(utf8(encodedHeader));
      const ciphertext = joined([cipher.update(plaintext), cipher.final()]);
      cek.fill(0);
      return [
        encodedHeader,
        base64urlEncode(encryptedKey),
        base64urlEncode(iv),
        base64urlEncode(ciphertext),
        base64urlEncode(cipher.getAuthTag()),
      ].join('.');
    },

    async open(privateJwk, jwe) {
      const parts = jwe.split('.');
      if (parts.length !== 5) throw new Error('not a compact JWE');
      const [encodedHeader, k, i, c, t] = parts as [string, string, string, string, string];
      const h = parseJsonObject(encodedHeader);
      if (!h) throw new Error('not a JWE header');
      if (h.alg !== KEY_ALG || h.enc !== CONTENT_ALG) throw new Error('not ECDH-ES+A256KW/A256GCM');
      if (h.zip !== undefined) throw new Error('compressed JWE');
      // Our sealers never ask for extensions; jose refuses those it does not know.
      if (h.crit !== undefined) throw new Error('critical header members');
      const epk = h.epk as JWK | undefined;
      const epkParts = p256Public(epk);
      if (!epkParts) throw new Error('no P-256 ephemeral key');
      // Importing checks that the point is on the curve (an invalid-curve point is refused).
      const ephemeral = node.createPublicKey({
        key: { kty: 'EC', crv: 'P-256', x: epkParts.x, y: epkParts.y },
        format: 'jwk',
      });
      const shared = node.diffieHellman({
        privateKey: openingKey(privateJwk),
        publicKey: ephemeral,
      });
      const apu = h.apu === undefined ? NONE : decode(h.apu);
      const apv = h.apv === undefined ? NONE : decode(h.apv);
      const kek = keyEncryptionKey(shared, apu, apv);
      const unwrap = node.createDecipheriv('id-aes256-wrap', kek, KEY_WRAP_IV);
      const cek = joined([unwrap.update(decode(k)), unwrap.final()]);
      const iv = decode(i);
      const tag = decode(t);
      if (cek.length !== 32 || iv.length !== 12 || tag.length !== 16) {
        throw new Error('bad JWE parts');
      }
      const decipher = node.createDecipheriv('aes-256-gcm', cek, iv, { authTagLength: 16 });
      decipher.setAAD(utf8(encodedHeader));
      decipher.setAuthTag(tag);
      const plaintext = joined([decipher.update(decode(c)), decipher.final()]);
      cek.fill(0);
      return { header: { ...h }, plaintext };
    },
  };
}
