/**
 * essc-sdk/http: adapters that talk to the national platform (or the sandbox) over the wire
 * protocol v1 — signed JSON over HTTPS: `node:http` on Node, `fetch` elsewhere (or a `fetch`
 * you pass); signatures through the SDK's crypto module (node:crypto, or jose over WebCrypto).
 * Node ≥ 20.19 and browsers; not for mini-programs (use `essc-sdk/relay` there).
 *
 * @packageDocumentation
 */
export {
  type CallerKeyAlgorithm,
  type CallerKeyPair,
  generateCallerKeyPair,
} from '../wire/signatures.js';
export { createHttpAdapter, type HttpAdapterOptions } from './adapter.js';
export { createHttpMerchantAdapter, type HttpMerchantAdapterOptions } from './merchant-adapter.js';
export {
  type VerifiedNotification,
  type VerifyNotificationOptions,
  verifyNotification,
} from './notifications.js';
export {
  createHttpCardStatusCheck,
  createHttpPortalAdapter,
  type HttpCardStatusCheckOptions,
  type HttpPortalAdapterOptions,
} from './portal-adapter.js';
export type { BackoffOptions, HttpTransportOptions, JwksSource, KeySet } from './transport.js';
