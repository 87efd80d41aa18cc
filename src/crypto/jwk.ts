/**
 * Private: the shapes of the JWKs this module accepts, checked once here so that every
 * provider imports the same keys and refuses the same ones.
 *
 * @internal
 */
import type { JWK } from 'jose';
import { decode as b64Decode } from './base64url.js';

/**
 * The signature algorithms the providers implement, by JWS `alg`: the jose suite's `EdDSA` and
 * `ES256`, and the national suite's `SM2` (JWK `{ kty: 'EC', crv: 'SM2' }`, R34), which only
 * `providers/sm.ts` performs.
 */
export type SignatureAlgorithm = 'EdDSA' | 'ES256' | 'SM2';

/** The signature algorithms of the runtime providers (node:crypto, WebCrypto). */
export type RuntimeSignatureAlgorithm = Exclude<SignatureAlgorithm, 'SM2'>;

/** The JWK `kty`/`crv` of each signature algorithm. */
export const SIGNING_CURVES: Readonly<
  Record<SignatureAlgorithm, { kty: 'OKP' | 'EC'; crv: string }>
> = {
  EdDSA: { kty: 'OKP', crv: 'Ed25519' },
  ES256: { kty: 'EC', crv: 'P-256' },
  SM2: { kty: 'EC', crv: 'SM2' },
};

/** A public key as the providers import it: the curve and its coordinates, nothing else. */
export interface PublicKeyParts {
  kty: 'OKP' | 'EC';
  crv: string;
  x: string;
  /** EC keys only. */
  y?: string;
}

/** A private key: the public parts and `d`. */
export interface PrivateKeyParts extends PublicKeyParts {
  d: string;
}

const ED25519_KEY_BYTES = 32;

/** The public key `x` of a well-formed Ed25519 JWK, else `undefined`. */
export function ed25519X(jwk: unknown): string | undefined {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const { kty, crv, x } = jwk as JWK;
  if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string' || x.length !== 43)
    return undefined;
  try {
    return b64Decode(x).length === ED25519_KEY_BYTES ? x : undefined;
  } catch {
    return undefined;
  }
}

/** `x` and `y` of a P-256 JWK (not decoded: the provider's import checks the point). */
export function p256Public(jwk: unknown): { x: string; y: string } | undefined {
  return ecPublic(jwk, 'P-256');
}

/** `x` and `y` of an EC JWK on `crv` (not decoded: the provider's import checks the point). */
function ecPublic(jwk: unknown, curve: string): { x: string; y: string } | undefined {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const { kty, crv, x, y } = jwk as JWK;
  if (kty !== 'EC' || crv !== curve || typeof x !== 'string' || typeof y !== 'string')
    return undefined;
  return { x, y };
}

/** The public parts of `jwk` for `alg`, or `undefined` when it is not a key of that algorithm. */
export function publicKeyParts(alg: SignatureAlgorithm, jwk: unknown): PublicKeyParts | undefined {
  if (alg === 'EdDSA') {
    const x = ed25519X(jwk);
    return x ? { kty: 'OKP', crv: 'Ed25519', x } : undefined;
  }
  const { crv } = SIGNING_CURVES[alg];
  const parts = ecPublic(jwk, crv);
  return parts ? { kty: 'EC', crv, ...parts } : undefined;
}

/**
 * The private parts of `jwk` for `alg`, or `undefined`. An Ed25519 or SM2 `d` is 32 bytes (43
 * characters); a P-256 `d` is left to the provider's import to check.
 */
export function privateKeyParts(
  alg: SignatureAlgorithm,
  jwk: unknown,
): PrivateKeyParts | undefined {
  const parts = publicKeyParts(alg, jwk);
  const d = (jwk as JWK | undefined)?.d;
  if (!parts || typeof d !== 'string' || (alg !== 'ES256' && d.length !== 43)) return undefined;
  return { ...parts, d };
}
