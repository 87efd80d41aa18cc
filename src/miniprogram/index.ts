/**
 * essc-sdk/miniprogram: what a WeChat or Alipay mini-program needs besides the core — the
 * relay adapter (the channel key stays on the channel backend, see `essc-sdk/relay`) and
 * transports that wrap `wx.request` / `my.request` into promises with abort and timeouts.
 * No fetch, WebCrypto, Node builtin or eval; nothing global is patched.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { createRelayAdapter, detectMiniProgramTransport } from 'essc-sdk/miniprogram';
 *
 * const client = createClient({
 *   adapter: createRelayAdapter({
 *     url: 'https://api.example-channel.cn/essc',
 *     channelId: 'wechat',
 *     transport: detectMiniProgramTransport(),
 *     headers: () => ({ authorization: `Bearer ${wx.getStorageSync('session')}` }),
 *   }),
 * });
 * ```
 *
 * @packageDocumentation
 */
export type { RelayAdapterOptions, RelayBackoffOptions } from '../relay/adapter.js';
export type {
  RelayAbortSignal,
  RelayRequest,
  RelayResponse,
  RelayTransport,
} from '../relay/transport.js';
export { detectMiniProgramTransport } from './detect.js';
export {
  createMyTransport,
  type MyLike,
  type MyRequestOptions,
  type MyRequestResult,
} from './my.js';
export type { NativeRequestTask } from './native-request.js';
export { createRelayAdapter } from './relay-adapter.js';
export { createWxTransport, type WxLike, type WxRequestOptions } from './wx.js';
