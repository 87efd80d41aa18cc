/**
 * The relay adapter as `essc-sdk/miniprogram` exports it: the one of `essc-sdk/relay`, with the
 * transport named by the caller, so that a mini-program's bundle holds the request API it uses
 * and no other (no fetch transport; a WeChat app that imports `createWxTransport` ships no
 * Alipay code).
 */
import { validationError } from '../domain/validation.js';
import type { PlatformAdapter } from '../platform/port.js';
import { type RelayAdapterOptions, relayAdapter } from '../relay/adapter.js';
import type { RelayTransport } from '../relay/transport.js';

const NEEDS_TRANSPORT =
  'Pass { transport: createWxTransport() } (or createMyTransport(), detectMiniProgramTransport()); in a browser, use essc-sdk/relay.';

function missingTransport(): never {
  throw validationError(NEEDS_TRANSPORT, { path: ['transport'], message: 'required' });
}

/**
 * Creates the `PlatformAdapter` of a mini-program: every call goes to the channel backend's
 * `createRelayHandler` as one JSON POST and comes back as the same result or `EsscError`, as
 * `createRelayAdapter` of `essc-sdk/relay` describes (idempotency keys, retries, timeouts).
 * `transport` is required here: {@link createWxTransport}, {@link createMyTransport} or
 * {@link detectMiniProgramTransport} (an app for both platforms). Without it the call throws
 * `VALIDATION_FAILED`; outside a mini-program use `createRelayAdapter` of `essc-sdk/relay`,
 * which sends with `fetch`.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { createRelayAdapter, createWxTransport } from 'essc-sdk/miniprogram';
 *
 * const client = createClient({
 *   adapter: createRelayAdapter({
 *     url: 'https://api.example-channel.cn/essc',
 *     channelId: 'wechat',
 *     transport: createWxTransport(),
 *     headers: () => ({ authorization: `Bearer ${wx.getStorageSync('session')}` }),
 *   }),
 * });
 * ```
 */
export function createRelayAdapter(
  options: RelayAdapterOptions & { transport: RelayTransport },
): PlatformAdapter {
  return relayAdapter(options, missingTransport);
}
