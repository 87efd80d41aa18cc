/**
 * essc-sdk/hosted: the server side of the platform's hosted pages (托管页面, R35–R37). A
 * channel's server launches a page of the platform for one of its users (`hosted.launch`), its
 * app opens the url (a WebView, a redirect), the citizen does the face check and types the
 * password on the platform's own page, and the browser comes back with a platform-signed
 * receipt that the server checks (`hosted.verifyReceipt`, R36). Runs in Node and browsers
 * (needs WebCrypto or `node:crypto`, and `fetch` for a JWKS URL).
 *
 * @packageDocumentation
 */

export {
  type CardFields,
  HOSTED_ACTIONS,
  type HostedAction,
  type HostedLaunch,
  type HostedReceipt,
  RECEIPT_CODES,
  type ReceiptBase,
  type ReceiptCode,
  type ReceiptKind,
} from '../domain/hosted.js';
export type { FetchLike, KeySet } from '../platform/key-set-cache.js';
export {
  createMemoryNonceStore,
  type MemoryNonceStore,
  type MemoryNonceStoreOptions,
  type NonceStore,
} from '../stores/nonce-store.js';
export {
  createHostedPages,
  type HostedLaunchInput,
  type HostedPages,
  type HostedPagesOptions,
} from './hosted-pages.js';
