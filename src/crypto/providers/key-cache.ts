/**
 * Private: the imported keys of a provider, so that signing or verifying many times does not
 * re-import (importing costs more than signing). Public keys are cached by their material — a
 * JWKS fetched again yields new objects with the same `x` — and bounded, so that a flood of
 * unknown keys cannot grow memory. Private keys are cached by the identity of their JWK
 * object, and the entry remembers the material it came from, so a mutated JWK is imported
 * again rather than signing with a stale key.
 *
 * @internal
 */
import type { JWK } from 'jose';
import { type PrivateKeyParts, SIGNING_CURVES, type SignatureAlgorithm } from '../jwk.js';

/** Upper bound of each cache of public keys. */
const PUBLIC_KEY_CACHE_LIMIT = 256;

/** Adds to a bounded cache, evicting the oldest entry when full (Maps iterate in insertion order). */
export function remember<K>(cache: Map<string, K>, id: string, key: K): K {
  if (cache.size >= PUBLIC_KEY_CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(id, key);
  return key;
}

/** The imported keys (`K`: a KeyObject, a CryptoKey) of one provider. */
export class ImportedKeys<K> {
  private readonly publicKeys: Record<SignatureAlgorithm, Map<string, K>> = {
    EdDSA: new Map(),
    ES256: new Map(),
    SM2: new Map(),
  };
  private readonly privateKeys = new WeakMap<
    object,
    { alg: SignatureAlgorithm; x: unknown; y: unknown; d: unknown; key: K }
  >();

  /**
   * The cache id of a public JWK of `alg` — `x`, or `x.y` for EC — or `undefined` when the
   * JWK is not of that key type. Reads the JWK without decoding anything (hot path).
   */
  publicId(alg: SignatureAlgorithm, jwk: JWK): string | undefined {
    const curve = SIGNING_CURVES[alg];
    if (jwk?.kty !== curve.kty || jwk.crv !== curve.crv || typeof jwk.x !== 'string') {
      return undefined;
    }
    return curve.kty === 'OKP' ? jwk.x : `${jwk.x}.${jwk.y}`;
  }

  publicKey(alg: SignatureAlgorithm, id: string): K | undefined {
    return this.publicKeys[alg].get(id);
  }

  rememberPublic(alg: SignatureAlgorithm, id: string, key: K): K {
    return remember(this.publicKeys[alg], id, key);
  }

  /** The key imported from this very JWK object, if its material has not changed since. */
  privateKey(alg: SignatureAlgorithm, jwk: JWK): K | undefined {
    const hit = typeof jwk === 'object' && jwk !== null ? this.privateKeys.get(jwk) : undefined;
    return hit && hit.alg === alg && hit.x === jwk.x && hit.y === jwk.y && hit.d === jwk.d
      ? hit.key
      : undefined;
  }

  rememberPrivate(alg: SignatureAlgorithm, jwk: JWK, key: K): K {
    this.privateKeys.set(jwk, { alg, x: jwk.x, y: jwk.y, d: jwk.d, key });
    return key;
  }
}

/** The private JWK parts of an exported key (`kty`, `crv`, `x`, `y` for EC, `d`). */
export function exportedParts(jwk: {
  kty?: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
}): PrivateKeyParts {
  const parts: PrivateKeyParts = {
    kty: jwk.kty as 'OKP' | 'EC',
    crv: jwk.crv as string,
    x: jwk.x as string,
    d: jwk.d as string,
  };
  if (typeof jwk.y === 'string') parts.y = jwk.y;
  return parts;
}
