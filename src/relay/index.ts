/**
 * essc-sdk/relay: how a mini-program uses the e-card without holding the channel's private
 * key (DESIGN §2, R19).
 *
 * ```
 * mini-program                         channel backend                         platform
 * createClient ─ createRelayAdapter ──> createRelayHandler ─ createHttpAdapter ──> gateway
 *                (no key, JSON/TLS)     (your session check)   (channel key, signed, sealed)
 * ```
 *
 * - {@link createRelayHandler} runs on the channel backend: a fetch-style `Request` →
 *   `Response` function (Hono, Deno, Bun, workers as is; Node's `http` and Express through
 *   {@link toNodeListener}). It authenticates the channel's own user, lets a user apply only
 *   for themselves, validates like a channel app's client, and forwards with the backend's
 *   adapter.
 * - {@link createRelayAdapter} runs in the mini-program: the `PlatformAdapter` for
 *   `createClient`. It is also exported by `essc-sdk/miniprogram` together with the
 *   `wx.request` / `my.request` transports, so a mini-program imports that one subpath.
 *
 * Trust model for secrets (R18). Passwords and real-person proofs travel from the
 * mini-program to the channel backend in the request body, protected by TLS (mini-programs
 * may only call allow-listed `https:` domains). The handler hands them to the backend's
 * adapter in the same call, and that adapter seals them to the platform's key (JWE) before
 * they go further; the relay never stores, logs or returns them, and an error that would
 * quote one is replaced by the code's generic meaning. The channel backend is trusted with
 * them for the length of that call — it already holds the channel key and acts for the
 * channel. What this asks of the channel: terminate TLS on infrastructure you control, and do
 * not log request bodies on the relay route (proxies, API gateways, APM body capture).
 *
 * Everything here loads in a mini-program; the handler uses `Request`, `Response`,
 * `TextDecoder` (and `crypto.randomUUID` when present) only when it handles a request.
 *
 * @packageDocumentation
 */
export {
  createRelayAdapter,
  type RelayAdapterOptions,
  type RelayBackoffOptions,
} from './adapter.js';
export {
  createRelayHandler,
  type RelayErrorEvent,
  type RelayHandler,
  type RelayHandlerOptions,
  type RelayUser,
} from './handler.js';
export {
  type FetchHandler,
  type NodeRequestLike,
  type NodeResponseLike,
  toNodeListener,
} from './node.js';
export {
  DEFAULT_MAX_BODY_BYTES,
  RELAY_OPERATIONS,
  type RelayErrorBody,
  type RelayOperation,
  type RelayRequestBody,
  type RelaySuccessBody,
} from './protocol.js';
export {
  createFetchTransport,
  type RelayAbortSignal,
  type RelayRequest,
  type RelayResponse,
  type RelayTransport,
} from './transport.js';
