/**
 * essc-sdk/acceptor: the other side of the QR code. Hospitals, pharmacies and gates verify
 * dynamic e-card codes offline (`createQrVerifier`); government portals run scan-to-login
 * (`createLoginPortal`). Runs in Node and browsers (needs WebCrypto or `node:crypto`, and
 * `fetch` for a JWKS URL).
 *
 * @packageDocumentation
 */

export { formatFen, MAX_CHARGE_FEN } from '../domain/money.js';
export type {
  Authorization,
  LoginScope,
  Payment,
  PaymentItem,
  PaymentSplit,
} from '../domain/types.js';
export { MERCHANT_OPERATIONS } from '../platform/acceptor-operations.js';
export type { FetchLike, KeySet } from '../platform/key-set-cache.js';
export type {
  ChargeRequest,
  LoginSession,
  MerchantAdapter,
  OrderCodeRequest,
  PortalAdapter,
  RefundRequest,
} from '../platform/port.js';
export {
  createMemoryNonceStore,
  type MemoryNonceStore,
  type MemoryNonceStoreOptions,
  type NonceStore,
} from '../stores/nonce-store.js';
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
  createPaymentTerminal,
  type PaymentTerminal,
  type PaymentTerminalOptions,
  type TerminalCallOptions,
} from './payment-terminal.js';
export {
  type CardStatusCheck,
  createQrVerifier,
  MAX_CLOCK_TOLERANCE_SECONDS,
  type QrVerifier,
  type QrVerifierOptions,
  type VerifiedQr,
  type VerifyQrOptions,
} from './qr-verifier.js';
export { DEFAULT_MAX_STATUS_AGE_SECONDS, type StatusListSource } from './status-list.js';
