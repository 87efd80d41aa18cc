/**
 * Sealed secrets (passwords, R18): compact JWE, `ECDH-ES+A256KW` on P-256 with `A256GCM`
 * (jose suite), or SM2 encryption of an SM4-GCM content key (`alg: 'SM2'`, `enc: 'SM4-GCM'`,
 * sm suite, R34). The suite follows the key: a JWK on `crv: 'SM2'` seals and opens the SM way.
 */
import type { JWK } from 'jose';
import { isEsscError } from '../domain/errors.js';
import { jwkThumbprint } from './digest.js';
import { strictUtf8Decode, utf8 } from './encoding.js';
import { validation } from './errors.js';
import { type CryptoSuite, providerFor, type SealHeader } from './provider.js';

/**
 * A key pair for sealing secrets (passwords) to its owner: JWKs with `kty: 'EC'`, `use: 'enc'`,
 * the kid, and `crv: 'P-256'`, `alg: 'ECDH-ES+A256KW'` (jose suite) or `crv: 'SM2'`,
 * `alg: 'SM2'` (sm suite).
 */
export interface EncryptionKeyPair {
  /** The key id, carried in each sealed secret's header. */
  kid: string;
  /** The public half channels seal secrets to. */
  publicJwk: JWK;
  /** The private half (holds `d`) that opens them: never published, never logged. */
  privateJwk: JWK;
}

const KEY_ALG = 'ECDH-ES+A256KW';
const SM_KEY_ALG = 'SM2';

/** The suite of a sealing JWK, by its curve. */
const suiteOf = (jwk: JWK | undefined): CryptoSuite => (jwk?.crv === 'SM2' ? 'sm' : 'jose');
/** A sealed 6-digit password is ~300 characters; anything far larger is not ours. */
const MAX_JWE_LENGTH = 8_192;

/**
 * Generates a key pair of `suite` (default `'jose'`: P-256; `'sm'`: SM2) to receive sealed
 * secrets. Without `kid`, the kid is the key's RFC 7638 thumbprint.
 */
export async function generateEncryptionKeyPair(
  kid?: string,
  suite: CryptoSuite = 'jose',
): Promise<EncryptionKeyPair> {
  const { crv, x, y, d } = await providerFor(suite).generateSealingKey();
  const alg = suite === 'sm' ? SM_KEY_ALG : KEY_ALG;
  const publicJwk: JWK = { kty: 'EC', crv, x, y, kid: '', alg, use: 'enc' };
  publicJwk.kid = kid ?? (await jwkThumbprint(publicJwk));
  const privateJwk: JWK = { ...publicJwk, d };
  return { kid: publicJwk.kid, publicJwk, privateJwk };
}

/**
 * Seals a secret (e.g. the e-card password, R18) to the holder of `publicJwk`: a compact JWE
 * with `alg: 'ECDH-ES+A256KW'`, `enc: 'A256GCM'` (P-256 key) or `alg: 'SM2'`, `enc: 'SM4-GCM'`
 * (SM2 key), and the key's `kid` in the protected header.
 *
 * `aad` binds the secret to a context (e.g. `'changePassword:<signNo>:<requestId>'`): it goes
 * into the protected header as `ctx`, which A256GCM (or SM4-GCM) authenticates, and {@link openSecret}
 * refuses the JWE unless the opener names the same context. It is not secret.
 */
export async function sealSecret(publicJwk: JWK, secret: string, aad?: string): Promise<string> {
  if (typeof secret !== 'string') throw validation('secret', 'must be a string');
  if (aad !== undefined && typeof aad !== 'string') throw validation('aad', 'must be a string');
  const header: SealHeader = {};
  if (typeof publicJwk?.kid === 'string') header.kid = publicJwk.kid;
  if (aad !== undefined) header.ctx = aad;
  try {
    return await providerFor(suiteOf(publicJwk)).seal(publicJwk, utf8(secret), header);
  } catch (error) {
    if (isEsscError(error)) throw error; // a key of another kind, or no crypto at all
    // No cause attached: nothing derived from the secret may leave this function.
    throw validation('publicJwk', 'sealing failed', 'The secret could not be sealed to this key.');
  }
}

/** Options of {@link openSecret}. */
export interface OpenSecretOptions {
  /** The context the secret was sealed with (`aad` of {@link sealSecret}); must match exactly. */
  aad?: string;
}

/**
 * Opens a secret sealed with {@link sealSecret}. Throws `EsscError('VALIDATION_FAILED')` on
 * anything that is not a JWE sealed to this key with the expected context; the message and
 * details never contain the input, the secret, or a cause.
 */
export async function openSecret(
  key: EncryptionKeyPair,
  jwe: string,
  options: OpenSecretOptions = {},
): Promise<string> {
  const refused = () =>
    validation('jwe', 'not a secret sealed to this key', 'The sealed secret could not be opened.');
  if (typeof jwe !== 'string' || jwe.length > MAX_JWE_LENGTH || jwe.split('.').length !== 5) {
    throw refused();
  }
  let opened: { header: Record<string, unknown>; plaintext: Uint8Array };
  try {
    opened = await providerFor(suiteOf(key?.privateJwk)).open(key?.privateJwk, jwe);
  } catch {
    throw refused();
  }
  const { header, plaintext } = opened;
  if (header.kid !== undefined && header.kid !== key.kid) throw refused();
  if (header.ctx !== options.aad) throw refused();
  try {
    return strictUtf8Decode(plaintext);
  } catch {
    throw refused();
  }
}
