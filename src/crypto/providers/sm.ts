/**
 * Private: the national-algorithm provider (R34) — SM2 signatures, SM3 digests, HMAC-SM3 and
 * sealed secrets by SM2 + SM4 — the same {@link CryptoProvider} interface as the runtime
 * providers, delegating what is not national (random values, SHA-256, PBKDF2) to the one it
 * wraps. `provider.ts` routes by algorithm: `'SM2'` keys and `'SM3'` digests come here.
 *
 * Which code does what, and why:
 * - SM2 (GB/T 32918.2) by `sm-crypto-v2`, a maintained pure-JS implementation on noble's
 *   curve arithmetic: Z = SM3(ENTL‖ID‖a‖b‖xG‖yG‖xA‖yA) with the default user id
 *   `1234567812345678`, e = SM3(Z‖M), raw 64-byte r‖s. Not `node:crypto`: its
 *   `sign('sm3', …)` with an SM2-curve key is plain ECDSA on that curve (no Z value, not the SM2 signature equation), and it cannot
 *   export SM2 keys as JWK. Not WebCrypto: it has no SM2. Pure JS runs on Node, in browsers
 *   and in mini-programs alike.
 * - SM3 by `node:crypto` where it exists (OpenSSL's, checked against the GB/T 32905 vectors in
 *   test/crypto/sm.test.ts, and several times faster than JS for request bodies), else
 *   `sm-crypto-v2`'s. HMAC-SM3 is RFC 2104 over that digest (`hmacWithDigest`), so both paths
 *   share one HMAC construction.
 * - Sealing: a compact JWE whose protected header is `{ alg: 'SM2', enc: 'SM4-GCM', kid?,
 *   ctx? }`. A fresh 128-bit content key is encrypted to the recipient's SM2 key (SM2
 *   public-key encryption, GB/T 32918.4, C1‖C3‖C2 with C1 uncompressed `04‖x‖y`); the secret is
 *   encrypted with SM4-GCM under that key, the protected header (base64url) as additional
 *   data, so the channel binding (`ctx`) is authenticated as in the jose suite. SM4 is
 *   `sm-crypto-v2`'s everywhere: Node's OpenSSL has no SM4-GCM, and a sealed password is a
 *   few bytes once per request.
 *
 * @internal
 */
import type * as NodeCryptoModule from 'node:crypto';
import type { JWK } from 'jose';
import { sm2, sm3, sm4 } from 'sm-crypto-v2';
import { base64urlDecode, base64urlEncode, parseJsonObject, utf8 } from '../encoding.js';
import { validation } from '../errors.js';
import { type PrivateKeyParts, privateKeyParts, publicKeyParts } from '../jwk.js';
import type { CryptoProvider } from '../provider.js';
import { ImportedKeys } from './key-cache.js';
import { hmacWithDigest } from './rfc2104.js';

/** The default user id of GB/T 32918.2 / GM/T 0009, which every SM2 peer assumes. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';
const SM2_COORD_BYTES = 32;
const SM2_SIG_BYTES = 64;
const CEK_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEAL_ALG = 'SM2';
const SEAL_ENC = 'SM4-GCM';

type Base = () => CryptoProvider;

const hexOf = (b: Uint8Array): string => {
  let s = '';
  for (const v of b) s += v.toString(16).padStart(2, '0');
  return s;
};
const bytesOf = (hex: string): Uint8Array => {
  if (hex.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(hex)) throw new Error('not hex');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
};

/** The 32-byte coordinate `s` (base64url) as hex, or throws. */
function coordHex(s: string | undefined): string {
  const b = base64urlDecode(s ?? '');
  if (b.length !== SM2_COORD_BYTES) throw new Error('bad SM2 coordinate');
  return hexOf(b);
}

/** The uncompressed public key `04‖x‖y` (hex) of SM2 JWK parts. */
function publicHex(parts: { x: string; y?: string }): string {
  return `04${coordHex(parts.x)}${coordHex(parts.y)}`;
}

/** JWK parts of an sm-crypto key pair (hex). */
function jwkParts(publicKey: string, privateKey: string): PrivateKeyParts {
  const pub = bytesOf(publicKey);
  return {
    kty: 'EC',
    crv: 'SM2',
    x: base64urlEncode(pub.subarray(1, 33)),
    y: base64urlEncode(pub.subarray(33, 65)),
    d: base64urlEncode(bytesOf(privateKey.padStart(64, '0'))),
  };
}

function lookUpNodeCrypto(): typeof NodeCryptoModule | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as typeof NodeCryptoModule | undefined;
    return typeof mod?.createHash === 'function' && mod.getHashes().includes('sm3')
      ? mod
      : undefined;
  } catch {
    return undefined;
  }
}

/** SM3 of `data`: OpenSSL's where Node has it, else pure JS. */
function sm3Function(): (data: Uint8Array) => Uint8Array {
  const node = lookUpNodeCrypto();
  if (node) return (data) => new Uint8Array(node.createHash('sm3').update(data).digest());
  return (data) => bytesOf(sm3(data));
}

/**
 * Windows of the precomputed multiples of an SM2 public key (see `publicPoint`): a small table
 * first (4–11 ms to make, where the library's default of 8 bits takes 53–84 ms), the large one
 * once the key has proved to be used often (a verification with it is ~25% faster: bench/sm.ts).
 */
const SM2_FIRST_WINDOW = 4;
const SM2_FULL_WINDOW = 8;
/** Uses of a key before its large table is made. */
const SM2_FULL_TABLE_AFTER = 64;

type Sm2Point = ReturnType<typeof sm2.precomputePublicKey>;
/** A public key's point with its table, and how often it was used before the large one. */
interface PublicPoint {
  point: Sm2Point;
  hex: string;
  uses: number;
}

/**
 * The SM provider over `base` (the runtime provider, for what is not national).
 */
export function createSmProvider(base: Base): CryptoProvider {
  const sm3Now = sm3Function();
  const publicKeys = new ImportedKeys<PublicPoint>();
  const privateKeys = new ImportedKeys<{ d: string; publicKey: string }>();

  function privateKey(jwk: JWK): { d: string; publicKey: string } {
    const hit = privateKeys.privateKey('SM2', jwk);
    if (hit) return hit;
    const parts = privateKeyParts('SM2', jwk);
    if (!parts) throw new Error('not an SM2 private key');
    const d = coordHex(parts.d);
    const publicKey = publicHex(parts);
    // A JWK whose d does not belong to its x, y would sign with a Z of another key.
    if (!sm2.comparePublicKeyHex(sm2.getPublicKeyFromPrivateKey(d), publicKey)) {
      throw new Error('SM2 d does not match x, y');
    }
    return privateKeys.rememberPrivate('SM2', jwk, { d, publicKey });
  }

  function publicPoint(jwk: JWK): Sm2Point | undefined {
    const id = publicKeys.publicId('SM2', jwk);
    if (id === undefined) return undefined;
    const hit = publicKeys.publicKey('SM2', id);
    if (hit) {
      if (hit.uses < SM2_FULL_TABLE_AFTER && ++hit.uses === SM2_FULL_TABLE_AFTER) {
        hit.point = sm2.precomputePublicKey(hit.hex, SM2_FULL_WINDOW);
      }
      return hit.point;
    }
    const parts = publicKeyParts('SM2', jwk);
    if (!parts) return undefined;
    const hex = publicHex(parts);
    if (!sm2.verifyPublicKey(hex)) return undefined;
    // Precomputed multiples of the point: verifying the same platform key again is faster. A
    // key seen once (a device's, a channel's first request) pays only the small table.
    const point = sm2.precomputePublicKey(hex, SM2_FIRST_WINDOW);
    return publicKeys.rememberPublic('SM2', id, { point, hex, uses: 0 }).point;
  }

  function signNow(alg: string, jwk: JWK, data: Uint8Array): Uint8Array {
    if (alg !== 'SM2') return base().signNow?.(alg as 'EdDSA', jwk, data) as Uint8Array;
    const { d, publicKey } = privateKey(jwk);
    const sig = sm2.doSignature(data, d, { hash: true, publicKey, userId: SM2_DEFAULT_USER_ID });
    return bytesOf(sig.padStart(128, '0'));
  }

  function verifyNow(alg: string, jwk: JWK, data: Uint8Array, signature: Uint8Array): boolean {
    if (alg !== 'SM2') return base().verifyNow?.(alg as 'EdDSA', jwk, data, signature) ?? false;
    if (signature.length !== SM2_SIG_BYTES) return false;
    const point = publicPoint(jwk);
    if (!point) return false;
    return sm2.doVerifySignature(data, hexOf(signature), point, {
      hash: true,
      userId: SM2_DEFAULT_USER_ID,
    });
  }

  return {
    name: base().name,
    fillRandom(out) {
      base().fillRandom(out);
    },
    async digest(alg, data) {
      return alg === 'SM3' ? sm3Now(data) : base().digest(alg, data);
    },
    async hmac(alg, key, message) {
      if (alg !== 'SM3') return base().hmac(alg, key, message);
      return hmacWithDigest(async (d) => sm3Now(d), key, message);
    },
    async generateSigningKey(alg) {
      if (alg !== 'SM2') return base().generateSigningKey(alg);
      const { publicKey, privateKey: d } = sm2.generateKeyPairHex();
      return jwkParts(publicKey, d);
    },
    async sign(alg, jwk, data) {
      return alg === 'SM2' ? signNow(alg, jwk, data) : base().sign(alg, jwk, data);
    },
    signNow,
    async verify(alg, jwk, data, signature) {
      return alg === 'SM2'
        ? verifyNow(alg, jwk, data, signature)
        : base().verify(alg, jwk, data, signature);
    },
    verifyNow,
    async generateSealingKey() {
      const { publicKey, privateKey: d } = sm2.generateKeyPairHex();
      return jwkParts(publicKey, d);
    },
    async seal(publicJwk, plaintext, header) {
      const parts = publicKeyParts('SM2', publicJwk);
      if (!parts) throw validation('publicJwk', 'not an SM2 public key');
      const point = publicPoint(publicJwk);
      if (!point) throw validation('publicJwk', 'not a point of the SM2 curve');
      const cek = new Uint8Array(CEK_BYTES);
      const iv = new Uint8Array(IV_BYTES);
      base().fillRandom(cek);
      base().fillRandom(iv);
      const protectedHeader: Record<string, unknown> = { alg: SEAL_ALG, enc: SEAL_ENC };
      if (header.kid !== undefined) protectedHeader.kid = header.kid;
      if (header.ctx !== undefined) protectedHeader.ctx = header.ctx;
      const encodedHeader = base64urlEncode(utf8(JSON.stringify(protectedHeader)));
      // cipherMode 1 = C1C3C2; sm-crypto writes C1 without the 04 prefix, the standard with it.
      const wrapped = bytesOf(`04${sm2.doEncrypt(cek, point, 1)}`);
      const { output, tag } = sm4.encrypt(plaintext, cek, {
        mode: 'gcm',
        iv,
        associatedData: utf8(encodedHeader),
        output: 'array',
        outputTag: true,
      });
      if (!tag) throw new Error('SM4-GCM gave no tag');
      cek.fill(0);
      return [
        encodedHeader,
        base64urlEncode(wrapped),
        base64urlEncode(iv),
        base64urlEncode(output),
        base64urlEncode(tag),
      ].join('.');
    },
    async open(privateJwk, sealed) {
      const [h, k, i, c, t] = sealed.split('.') as [string, string, string, string, string];
      const header = parseJsonObject(h);
      if (!header || header.alg !== SEAL_ALG || header.enc !== SEAL_ENC) {
        throw new Error('not an SM2/SM4-GCM JWE');
      }
      if (header.crit !== undefined || header.zip !== undefined) throw new Error('unsupported');
      const { d } = privateKey(privateJwk);
      const wrapped = hexOf(base64urlDecode(k));
      if (!wrapped.startsWith('04')) throw new Error('C1 not uncompressed');
      const cek = sm2.doDecrypt(wrapped.slice(2), d, 1, { output: 'array' });
      const iv = base64urlDecode(i);
      const tag = base64urlDecode(t);
      if (cek.length !== CEK_BYTES || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new Error('bad JWE parts');
      }
      const plaintext = sm4.decrypt(base64urlDecode(c), cek, {
        mode: 'gcm',
        iv,
        tag,
        associatedData: utf8(h),
        output: 'array',
      });
      return { header, plaintext };
    },
    derivePasswordKey(alg, password, salt, iterations, length) {
      return base().derivePasswordKey(alg, password, salt, iterations, length);
    },
  };
}
