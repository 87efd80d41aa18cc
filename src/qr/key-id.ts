/**
 * The 4-byte key id by which a QR code names the key that signed it, computed once per key:
 * issuing and verifying a code look it up without decoding or hashing.
 */
import { base64urlDecode, type JWK, sha256, sm3 } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';

/** Bytes of the short key id (SHA-256, or SM3 for SM2, of the public key, truncated). */
export const QR_KEY_ID_BYTES = 4;

const keyIdCache = new Map<string, Uint8Array>();

/**
 * The 4-byte key id a QR code names its signing key by: the first 4 bytes of SHA-256 of the raw
 * Ed25519 public key (the decoded `x`), or under the sm suite of SM3 of the raw SM2 point
 * (`x‖y`, 64 bytes). An acceptor computes it for each JWKS key, so the JWKS `kid` strings can
 * be anything. Throws `VALIDATION_FAILED` for a JWK that is neither.
 */
export async function shortKeyId(publicJwk: JWK): Promise<Uint8Array> {
  return (await keyIdOf(publicJwk)).slice();
}

/** The cache id of a signing JWK — `x` (Ed25519) or `sm2:x.y` — read without decoding. */
function cacheIdOf(publicJwk: JWK): string | undefined {
  if (typeof publicJwk?.x !== 'string') return undefined;
  if (publicJwk.kty === 'OKP' && publicJwk.crv === 'Ed25519') return publicJwk.x;
  if (publicJwk.kty === 'EC' && publicJwk.crv === 'SM2' && typeof publicJwk.y === 'string') {
    return `sm2:${publicJwk.x}.${publicJwk.y}`;
  }
  return undefined;
}

/** {@link shortKeyId} if it was computed before (the hot path: no promise), else `undefined`. */
export function cachedKeyId(publicJwk: JWK): Uint8Array | undefined {
  const id = cacheIdOf(publicJwk);
  return id === undefined ? undefined : keyIdCache.get(id);
}

/** {@link shortKeyId} without the defensive copy, for comparisons inside this module. */
export async function keyIdOf(publicJwk: JWK): Promise<Uint8Array> {
  const cacheId = cacheIdOf(publicJwk);
  const cached = cacheId === undefined ? undefined : keyIdCache.get(cacheId);
  if (cached) return cached;
  const sm = publicJwk?.crv === 'SM2';
  const x = cacheId === undefined ? undefined : safeDecode(publicJwk.x as string);
  const y = sm ? safeDecode(publicJwk.y as string) : undefined;
  if (!cacheId || x?.length !== 32 || (sm && y?.length !== 32)) {
    throw new EsscError('VALIDATION_FAILED', 'Not an Ed25519 or SM2 public JWK.', {
      details: { issues: [{ path: ['publicJwk'], message: 'not an Ed25519 or SM2 public key' }] },
    });
  }
  let raw = x;
  if (sm && y) {
    raw = new Uint8Array(64);
    raw.set(x);
    raw.set(y, 32);
  }
  const id = (await (sm ? sm3(raw) : sha256(raw))).slice(0, QR_KEY_ID_BYTES);
  if (keyIdCache.size >= 256) keyIdCache.clear(); // bounded: JWKS hold a handful of keys
  keyIdCache.set(cacheId, id);
  return id;
}

function safeDecode(s: string): Uint8Array | undefined {
  try {
    return base64urlDecode(s);
  } catch {
    return undefined;
  }
}
