/**
 * Picks the transport of the mini-program runtime the code runs in.
 */
import { EsscError } from '../domain/errors.js';
import type { RelayTransport } from '../relay/transport.js';
import { createMyTransport, type MyLike } from './my.js';
import { createWxTransport, type WxLike } from './wx.js';

// Free identifiers, not `globalThis.wx`: mini-program runtimes inject these as globals of the
// module scope, which `globalThis` does not always show.
declare const wx: unknown;
declare const my: unknown;

function hasRequest(api: unknown): boolean {
  return (
    (typeof api === 'object' || typeof api === 'function') &&
    api !== null &&
    typeof (api as { request?: unknown }).request === 'function'
  );
}

/**
 * The transport of this mini-program runtime: `wx.request` (WeChat) when `wx` is there, else
 * `my.request` (Alipay). Throws `UNSUPPORTED_RUNTIME` in neither; outside mini-programs
 * `createRelayAdapter` of `essc-sdk/relay` sends with `fetch`. Patches nothing global. An app
 * for one platform ships less with `createWxTransport` or `createMyTransport`.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { createRelayAdapter, detectMiniProgramTransport } from 'essc-sdk/miniprogram';
 *
 * const client = createClient({
 *   adapter: createRelayAdapter({
 *     url: 'https://api.example-channel.cn/essc',
 *     transport: detectMiniProgramTransport(),
 *   }),
 * });
 * ```
 */
export function detectMiniProgramTransport(): RelayTransport {
  const wxApi = typeof wx === 'undefined' ? undefined : wx;
  if (hasRequest(wxApi)) return createWxTransport(wxApi as WxLike);
  const myApi = typeof my === 'undefined' ? undefined : my;
  if (hasRequest(myApi)) return createMyTransport(myApi as MyLike);
  throw new EsscError(
    'UNSUPPORTED_RUNTIME',
    'Neither wx.request (WeChat) nor my.request (Alipay) is available here. Outside a mini-program, use createRelayAdapter from essc-sdk/relay (it sends with fetch), or pass a RelayTransport of your own.',
  );
}
