/**
 * The 4-byte key id by which a QR code names the key that signed it, computed once per key:
 * issuing and verifying a code look it up without decoding or hashing.
 */
import { base64urlDecode, type JWK, sha256 } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';

/** Bytes of the short key id (SHA-256 of the public key, truncated). */
export const QR_KEY_ID_BYTES = 4;

const keyIdCache = new Map<string, Uint8Array>();

/**
 * The 4-byte key id a QR code names its signing key by: the first 4 bytes of SHA-256 of the raw
 * Ed25519 public key (the decoded `x`). An acceptor computes it for each JWKS key, so the
 * JWKS `kid` strings can be anything. Throws `VALIDATION_FAILED` for a non-Ed25519 JWK.
 *
 * @example
 * ```ts
 * const id = await shortKeyId(platformKey.publicJwk); // Uint8Array(4)
 * ```
 */
export async function shortKeyId(publicJwk: JWK): Promise<Uint8Array> {
  return (await keyIdOf(publicJwk)).slice();
}

/** {@link shortKeyId} if it was computed before (the hot path: no promise), else `undefined`. */
export function cachedKeyId(publicJwk: JWK): Uint8Array | undefined {
  const x = publicJwk?.kty === 'OKP' && publicJwk.crv === 'Ed25519' ? publicJwk.x : undefined;
  return typeof x === 'string' ? keyIdCache.get(x) : undefined;
}

/** {@link shortKeyId} without the defensive copy, for comparisons inside this module. */
export async function keyIdOf(publicJwk: JWK): Promise<Uint8Array> {
  const cached = cachedKeyId(publicJwk);
  if (cached) return cached;
  const x = publicJwk?.kty === 'OKP' && publicJwk.crv === 'Ed25519' ? publicJwk.x : undefined;
  const raw = typeof x === 'string' ? safeDecode(x) : undefined;
  if (!x || raw?.length !== 32) {
    throw new EsscError('VALIDATION_FAILED', 'Not an Ed25519 public JWK.', {
      details: { issues: [{ path: ['publicJwk'], message: 'not an Ed25519 public key' }] },
    });
  }
  let id = keyIdCache.get(x);
  if (!id) {
    id = (await sha256(raw)).slice(0, QR_KEY_ID_BYTES);
    if (keyIdCache.size >= 256) keyIdCache.clear(); // bounded: JWKS hold a handful of keys
    keyIdCache.set(x, id);
  }
  return id;
}

function safeDecode(s: string): Uint8Array | undefined {
  try {
    return base64urlDecode(s);
  } catch {
    return undefined;
  }
}
