/**
 * Private: sealed secrets as jose makes them — compact JWE, `ECDH-ES+A256KW` on P-256 with
 * `A256GCM` — for the web provider (browsers, workers). jose does this job whole (key
 * agreement, Concat KDF, key wrap, AES-GCM, header checks) over WebCrypto. On Node the same
 * format is made with `node:crypto` (node-jwe.ts), at a fraction of the cost.
 *
 * @internal
 */
import {
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  compactDecrypt,
  importJWK,
  type JWK,
} from 'jose';
import { validation } from '../errors.js';
import { p256Public } from '../jwk.js';
import type { SealHeader } from '../provider.js';
import { remember } from './key-cache.js';

const KEY_ALG = 'ECDH-ES+A256KW';
const CONTENT_ALG = 'A256GCM';

const sealingKeys = new Map<string, CryptoKey>();
const openingKeys = new WeakMap<object, { x: unknown; y: unknown; d: unknown; key: CryptoKey }>();

async function sealingKey(jwk: JWK): Promise<CryptoKey> {
  const parts = p256Public(jwk);
  if (!parts) throw validation('publicJwk', 'not a P-256 public key');
  const id = `${parts.x}.${parts.y}`;
  const hit = sealingKeys.get(id);
  if (hit) return hit;
  const key = (await importJWK({ kty: 'EC', crv: 'P-256', ...parts }, KEY_ALG)) as CryptoKey;
  return remember(sealingKeys, id, key);
}

async function openingKey(jwk: JWK): Promise<CryptoKey> {
  const parts = p256Public(jwk);
  const d = jwk?.d;
  if (!parts || typeof d !== 'string') throw new Error('not a P-256 private key');
  const hit = openingKeys.get(jwk);
  if (hit && hit.x === jwk.x && hit.y === jwk.y && hit.d === d) return hit.key;
  const key = (await importJWK({ kty: 'EC', crv: 'P-256', ...parts, d }, KEY_ALG)) as CryptoKey;
  openingKeys.set(jwk, { x: jwk.x, y: jwk.y, d, key });
  return key;
}

/** Seals `plaintext` to a P-256 key; `VALIDATION_FAILED` for any other key. */
export async function joseSeal(
  publicJwk: JWK,
  plaintext: Uint8Array,
  header: SealHeader,
): Promise<string> {
  const key = await sealingKey(publicJwk);
  const protectedHeader: CompactJWEHeaderParameters = { alg: KEY_ALG, enc: CONTENT_ALG };
  if (header.kid !== undefined) protectedHeader.kid = header.kid;
  if (header.ctx !== undefined) protectedHeader.ctx = header.ctx;
  return new CompactEncrypt(plaintext).setProtectedHeader(protectedHeader).encrypt(key);
}

/** Opens a JWE sealed with {@link joseSeal}; only these two algorithms are accepted. */
export async function joseOpen(
  privateJwk: JWK,
  jwe: string,
): Promise<{ header: Record<string, unknown>; plaintext: Uint8Array }> {
  const { protectedHeader, plaintext } = await compactDecrypt(jwe, await openingKey(privateJwk), {
    keyManagementAlgorithms: [KEY_ALG],
    contentEncryptionAlgorithms: [CONTENT_ALG],
  });
  return { header: { ...protectedHeader }, plaintext };
}
