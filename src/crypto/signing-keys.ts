/**
 * The platform's signing keys — Ed25519 under the jose suite, SM2 under the national one
 * (R34) — generation, raw 64-byte signatures over bytes (the QR code's), and the published JWK
 * Set. The algorithm follows the key: `key.alg`, or for a public JWK its `crv`.
 */
import type { JWK } from 'jose';
import { type EsscError, isEsscError } from '../domain/errors.js';
import { jwkThumbprint } from './digest.js';
import { validation } from './errors.js';
import { type CryptoSuite, providerFor } from './provider.js';

/**
 * A platform signing key pair with its JWKs: Ed25519 (`kty: 'OKP'`, `crv: 'Ed25519'`,
 * `alg: 'EdDSA'`) or SM2 (`kty: 'EC'`, `crv: 'SM2'`, `alg: 'SM2'`), with `use: 'sig'` and the
 * kid. `privateJwk` also holds `d`; never publish it: a platform publishes the public halves
 * only (`platform.jwks()`).
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
  /** EdDSA (Ed25519, the jose suite) or SM2 (the sm suite). */
  alg: PlatformSignatureAlgorithm;
  /** The public half, safe to publish. */
  publicJwk: JWK;
  /** The private half (holds `d`): never published, never logged. */
  privateJwk: JWK;
}

/**
 * The algorithms of platform signing keys: `EdDSA` (jose suite) or `SM2` (sm suite).
 */
export type PlatformSignatureAlgorithm = 'EdDSA' | 'SM2';

/** Both algorithms' raw signatures are 64 bytes (Ed25519; SM2 r‖s), so the QR code fits alike. */
const SIG_BYTES = 64;

/** The algorithm of a platform key pair, or of a public JWK by its curve. */
function algorithmOf(
  key: { alg?: unknown; crv?: unknown } | undefined,
): PlatformSignatureAlgorithm {
  return key?.alg === 'SM2' || key?.crv === 'SM2' ? 'SM2' : 'EdDSA';
}

/** A signing failure as the caller sees it: the runtime's own error, or a bad key. */
function signingFailure(error: unknown): EsscError {
  if (isEsscError(error)) return error;
  return validation(
    'key',
    'not an Ed25519 or SM2 private key',
    'The signing key is not an Ed25519 or SM2 private JWK.',
  );
}

/**
 * Generates a signing key pair of `suite` (default `'jose'`: Ed25519; `'sm'`: SM2). Without
 * `kid`, the kid is the key's RFC 7638 thumbprint, so it is stable and derivable from the
 * public key alone.
 */
export async function generateSigningKeyPair(
  kid?: string,
  suite: CryptoSuite = 'jose',
): Promise<SigningKeyPair> {
  const alg: PlatformSignatureAlgorithm = suite === 'sm' ? 'SM2' : 'EdDSA';
  const { d, ...parts } = await providerFor(alg).generateSigningKey(alg);
  const publicJwk: JWK = { ...parts, kid: '', alg, use: 'sig' };
  publicJwk.kid = kid ?? (await jwkThumbprint(publicJwk));
  const privateJwk: JWK = { ...publicJwk, d };
  return { kid: publicJwk.kid, alg, publicJwk, privateJwk };
}

/**
 * Signs bytes with the key's algorithm; returns the raw 64-byte signature. Ed25519 is
 * deterministic (RFC 8032): the same key and data always give the same signature, on either
 * backend; SM2 draws a fresh k each time.
 */
export async function signBytes(key: SigningKeyPair, data: Uint8Array): Promise<Uint8Array> {
  const now = signBytesNow(key, data);
  if (now) return new Uint8Array(now); // a plain copy, not a view into Node's Buffer pool
  try {
    const alg = algorithmOf(key);
    return await providerFor(alg).sign(alg, key?.privateJwk, data);
  } catch (error) {
    throw signingFailure(error);
  }
}

/**
 * Signs at once where the runtime can (node:crypto), else returns `undefined` and the caller
 * awaits {@link signBytes}. The result may be a Node `Buffer` (a `Uint8Array` view). The QR
 * hot path uses it: each avoided promise is a measurable share of a 35 µs signature.
 */
export function signBytesNow(key: SigningKeyPair, data: Uint8Array): Uint8Array | undefined {
  if (!(data instanceof Uint8Array)) throw validation('data', 'must be a Uint8Array');
  const alg = algorithmOf(key);
  const provider = providerFor(alg);
  if (!provider.signNow) return undefined;
  try {
    return provider.signNow(alg, key?.privateJwk, data);
  } catch (error) {
    throw signingFailure(error);
  }
}

/**
 * Verifies a raw 64-byte Ed25519 or SM2 signature, the algorithm by the JWK's curve. Returns
 * `false` — never throws — on a wrong signature, a malformed key, a signature of the wrong
 * length or any other bad input, so a verifier can treat every failure alike.
 */
export async function verifyBytes(
  publicJwk: JWK,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    if (!(data instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    if (signature.length !== SIG_BYTES) return false;
    const alg = publicJwk?.crv === 'SM2' ? 'SM2' : 'EdDSA';
    const provider = providerFor(alg);
    // Hot path (every QR verified): no promise of its own where the provider verifies at once.
    if (provider.verifyNow) return provider.verifyNow(alg, publicJwk, data, signature);
    return await provider.verify(alg, publicJwk, data, signature);
  } catch {
    return false;
  }
}

/**
 * {@link verifyBytes} without a promise, where the provider verifies synchronously
 * (`node:crypto`, Ed25519); otherwise `undefined`, and the caller awaits {@link verifyBytes}.
 * Same answer: `false`, never a throw, for every bad input.
 */
export function verifyBytesNow(
  publicJwk: JWK,
  data: Uint8Array,
  signature: Uint8Array,
): boolean | undefined {
  try {
    if (!(data instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    if (signature.length !== SIG_BYTES) return false;
    const alg = publicJwk?.crv === 'SM2' ? 'SM2' : 'EdDSA';
    const provider = providerFor(alg);
    return provider.verifyNow ? provider.verifyNow(alg, publicJwk, data, signature) : undefined;
  } catch {
    return false;
  }
}

/**
 * The public JWK Set of signing keys: exactly `kty`, `crv`, `x` (and `y` for SM2), `kid`,
 * `alg`, `use` of each — never `d`, whatever the input objects hold.
 */
export function publicJwks(keys: SigningKeyPair[]): { keys: JWK[] } {
  return {
    keys: keys.map((k) =>
      algorithmOf(k) === 'SM2'
        ? {
            kty: 'EC',
            crv: 'SM2',
            x: k.publicJwk.x as string,
            y: k.publicJwk.y as string,
            kid: k.kid,
            alg: 'SM2',
            use: 'sig',
          }
        : {
            kty: 'OKP',
            crv: 'Ed25519',
            x: k.publicJwk.x as string,
            kid: k.kid,
            alg: 'EdDSA',
            use: 'sig',
          },
    ),
  };
}
