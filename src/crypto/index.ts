/**
 * The one crypto module of the SDK. Every signature, key, sealed secret, password hash, random
 * value and digest the SDK makes goes through here. The operations live one group per file
 * and reach the primitives only through one provider interface (`provider.ts`):
 * `node:crypto` on Node (faster), WebCrypto elsewhere, chosen once by feature detection; the
 * signatures and formats are identical on both. A national-algorithm suite (SM2/SM3/SM4,
 * which the real platform uses, R34) is one more provider file, not a change to callers.
 *
 * Algorithms (JOSE):
 * - signatures: Ed25519 (`EdDSA`) — platform responses, QR codes, assertions, notifications;
 *   compact JWS by channel and portal keys: Ed25519 (`EdDSA`) or P-256 (`ES256`);
 * - sealing secrets (passwords, R18): compact JWE, `ECDH-ES+A256KW` on P-256 with `A256GCM`;
 * - password storage: PBKDF2-SHA256.
 *
 * National algorithms (the `sm` suite, R34; `providers/sm.ts`): SM2 signatures (JWS
 * `alg: 'SM2'`, 64-byte r‖s, default user id), SM2 + SM4-GCM sealing, SM3 and HMAC-SM3. The
 * algorithm follows the key (`crv: 'SM2'`), so both suites run side by side in one process.
 *
 * This module must never be imported by the core entry (`essc-sdk`), which has to load in
 * mini-programs without WebCrypto.
 */
export type { JWK } from 'jose';
export { constantTimeEqual } from './constant-time.js';
export { jwkThumbprint, sha256, sm3 } from './digest.js';
export { base64urlDecode, base64urlEncode } from './encoding.js';
export { hmacSha256, hmacSm3, suiteHmac, suiteHmacNow } from './hmac.js';
export {
  type CompactJwsHeader,
  generateJwsKeyPair,
  type JwsAlgorithm,
  jwsAlgorithm,
  peekJwsHeader,
  signCompactJws,
  type VerifyCompactJwsOptions,
  verifyCompactJws,
} from './jws.js';
export {
  type SignJwtOptions,
  signJwt,
  type VerifyJwtOptions,
  type VerifyJwtResult,
  verifyJwt,
} from './jwt.js';
export {
  DEFAULT_PBKDF2_ITERATIONS,
  hashPassword,
  verifyPasswordHash,
} from './password-hash.js';
export { type CryptoSuite, cryptoBackend } from './provider.js';
export { randomBytes, randomId } from './random.js';
export {
  type EncryptionKeyPair,
  generateEncryptionKeyPair,
  type OpenSecretOptions,
  openSecret,
  sealSecret,
} from './seal.js';
export {
  generateSigningKeyPair,
  type PlatformSignatureAlgorithm,
  publicJwks,
  type SigningKeyPair,
  signBytes,
  signBytesNow,
  verifyBytes,
  verifyBytesNow,
} from './signing-keys.js';
