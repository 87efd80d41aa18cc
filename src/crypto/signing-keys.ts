/**
 * The platform's Ed25519 signing keys: generation, raw signatures over bytes (the QR code's),
 * and the published JWK Set.
 */
import type { JWK } from 'jose';
import { type EsscError, isEsscError } from '../domain/errors.js';
import { jwkThumbprint } from './digest.js';
import { validation } from './errors.js';
import { activeProvider } from './provider.js';

/**
 * An Ed25519 signing key pair with its JWKs (`kty: 'OKP'`, `crv: 'Ed25519'`, `alg: 'EdDSA'`,
 * `use: 'sig'`, and the kid). `privateJwk` also holds `d`; never publish it: a platform
 * publishes the public halves only (`platform.jwks()`).
 *
 * @example
 * ```ts
 * const { signing }: PlatformKeys = await generatePlatformKeys();
 * const key: SigningKeyPair = signing;
 * ```
 */
export interface SigningKeyPair {
  /** The key id, as published in the JWKS (RFC 7638 thumbprint unless given). */
  kid: string;
  /** Always EdDSA (Ed25519). */
  alg: 'EdDSA';
  /** The public half, safe to publish. */
  publicJwk: JWK;
  /** The private half (holds `d`): never published, never logged. */
  privateJwk: JWK;
}

const ED25519_SIG_BYTES = 64;

/** A signing failure as the caller sees it: the runtime's own error, or a bad key. */
function signingFailure(error: unknown): EsscError {
  if (isEsscError(error)) return error;
  return validation(
    'key',
    'not an Ed25519 private key',
    'The signing key is not an Ed25519 private JWK.',
  );
}

/**
 * Generates an Ed25519 signing key pair. Without `kid`, the kid is the key's RFC 7638
 * thumbprint, so it is stable and derivable from the public key alone.
 *
 * @example
 * ```ts
 * const platformKey = await generateSigningKeyPair();
 * const jwks = publicJwks([platformKey]);
 * ```
 */
export async function generateSigningKeyPair(kid?: string): Promise<SigningKeyPair> {
  const { x, d } = await activeProvider().generateSigningKey('EdDSA');
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x, kid: '', alg: 'EdDSA', use: 'sig' };
  publicJwk.kid = kid ?? (await jwkThumbprint(publicJwk));
  const privateJwk: JWK = { ...publicJwk, d };
  return { kid: publicJwk.kid, alg: 'EdDSA', publicJwk, privateJwk };
}

/**
 * Signs bytes with Ed25519; returns the raw 64-byte signature. Deterministic (RFC 8032): the
 * same key and data always give the same signature, on either backend.
 *
 * @example
 * ```ts
 * const sig = await signBytes(platformKey, payload);
 * await verifyBytes(platformKey.publicJwk, payload, sig); // true
 * ```
 */
export async function signBytes(key: SigningKeyPair, data: Uint8Array): Promise<Uint8Array> {
  const now = signBytesNow(key, data);
  if (now) return new Uint8Array(now); // a plain copy, not a view into Node's Buffer pool
  try {
    return await activeProvider().sign('EdDSA', key?.privateJwk, data);
  } catch (error) {
    throw signingFailure(error);
  }
}

/**
 * Signs at once where the runtime can (node:crypto), else returns `undefined` and the caller
 * awaits {@link signBytes}. The result may be a Node `Buffer` (a `Uint8Array` view). The QR
 * hot path uses it: each avoided promise is a measurable share of a 35 µs signature.
 *
 * @example
 * ```ts
 * const signature = signBytesNow(key, data) ?? (await signBytes(key, data));
 * ```
 */
export function signBytesNow(key: SigningKeyPair, data: Uint8Array): Uint8Array | undefined {
  if (!(data instanceof Uint8Array)) throw validation('data', 'must be a Uint8Array');
  const provider = activeProvider();
  if (!provider.signNow) return undefined;
  try {
    return provider.signNow('EdDSA', key?.privateJwk, data);
  } catch (error) {
    throw signingFailure(error);
  }
}

/**
 * Verifies a raw 64-byte Ed25519 signature. Returns `false` — never throws — on a wrong
 * signature, a malformed key, a signature of the wrong length or any other bad input, so a
 * verifier can treat every failure alike.
 *
 * @example
 * ```ts
 * if (!(await verifyBytes(jwk, signedBytes, signature))) throw new EsscError('QR_INVALID_SIGNATURE');
 * ```
 */
export async function verifyBytes(
  publicJwk: JWK,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    if (!(data instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    if (signature.length !== ED25519_SIG_BYTES) return false;
    const provider = activeProvider();
    // Hot path (every QR verified): no promise of its own where the provider verifies at once.
    if (provider.verifyNow) return provider.verifyNow('EdDSA', publicJwk, data, signature);
    return await provider.verify('EdDSA', publicJwk, data, signature);
  } catch {
    return false;
  }
}

/**
 * The public JWK Set of signing keys: exactly `kty`, `crv`, `x`, `kid`, `alg`, `use` of each —
 * never `d`, whatever the input objects hold.
 *
 * @example
 * ```ts
 * app.get('/.well-known/jwks.json', () => publicJwks([currentKey, previousKey]));
 * ```
 */
export function publicJwks(keys: SigningKeyPair[]): { keys: JWK[] } {
  return {
    keys: keys.map((k) => ({
      kty: 'OKP',
      crv: 'Ed25519',
      x: k.publicJwk.x as string,
      kid: k.kid,
      alg: 'EdDSA',
      use: 'sig',
    })),
  };
}
