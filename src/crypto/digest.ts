/**
 * Digests, and the JWK thumbprint built on one.
 */
import { calculateJwkThumbprint, type JWK } from 'jose';
import { utf8 } from './encoding.js';
import { validation } from './errors.js';
import { activeProvider, providerFor } from './provider.js';

/**
 * SHA-256 of bytes, or of a string's UTF-8 encoding.
 */
export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  return activeProvider().digest('SHA-256', typeof data === 'string' ? utf8(data) : data);
}

/**
 * SM3 (GB/T 32905) of bytes, or of a string's UTF-8 encoding: the national suite's digest.
 */
export async function sm3(data: Uint8Array | string): Promise<Uint8Array> {
  return providerFor('SM3').digest('SM3', typeof data === 'string' ? utf8(data) : data);
}

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of an Ed25519 or P-256 public key. Keys made
 * by this module without an explicit kid use it as their kid.
 *
 * jose's `calculateJwkThumbprint` does the job (member selection and order, RFC 7638 §3);
 * only the key types this SDK issues are let through to it. It is off every hot path: it
 * runs when a key is made.
 */
export async function jwkThumbprint(jwk: JWK): Promise<string> {
  const okp = jwk?.kty === 'OKP' && typeof jwk.crv === 'string' && typeof jwk.x === 'string';
  const ec =
    jwk?.kty === 'EC' &&
    typeof jwk.crv === 'string' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string';
  if (!okp && !ec) throw validation('jwk', 'not an OKP or EC public key');
  return calculateJwkThumbprint(jwk, 'sha256');
}
