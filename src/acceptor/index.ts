/**
 * essc-sdk/acceptor: the other side of the QR code. Hospitals, pharmacies and gates verify
 * dynamic e-card codes offline (`createQrVerifier`); government portals run scan-to-login
 * (`createLoginPortal`). Runs in Node and browsers (needs WebCrypto or `node:crypto`, and
 * `fetch` for a JWKS URL).
 *
 * @packageDocumentation
 */

export type { Authorization, LoginScope } from '../domain/types.js';
export type { LoginSession, PortalAdapter } from '../platform/port.js';
export {
  createMemoryNonceStore,
  type MemoryNonceStore,
  type MemoryNonceStoreOptions,
  type NonceStore,
} from '../stores/nonce-store.js';
export type { FetchLike, KeySet } from './key-set-cache.js';
export {
  type CreateSessionOptions,
  createLoginPortal,
  type LoginIdentity,
  type LoginPortal,
  type LoginPortalOptions,
  type LoginSessionStatus,
  type WaitForOutcomeOptions,
} from './login-portal.js';
export {
  type CardStatusCheck,
  createQrVerifier,
  MAX_CLOCK_TOLERANCE_SECONDS,
  type QrVerifier,
  type QrVerifierOptions,
  type VerifiedQr,
  type VerifyQrOptions,
} from './qr-verifier.js';
