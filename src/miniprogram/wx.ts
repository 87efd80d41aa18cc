/**
 * The `wx.request` transport (WeChat mini-programs).
 */
import { EsscError } from '../domain/errors.js';
import { type RelayTransport, relayTimeout, relayUnreachable } from '../relay/transport.js';
import {
  failureText,
  lowerCaseHeaders,
  type NativeRequestTask,
  nativeRequest,
  textOf,
} from './native-request.js';

declare const wx: unknown;

/**
 * The options of `wx.request` this transport sets (a subset of WeChat's `RequestOption`).
 *
 * @example
 * ```ts
 * const options: WxRequestOptions = {
 *   url, method: 'POST', header: {}, data: '{}', timeout: 10_000, dataType: 'text', responseType: 'text',
 *   success: (res) => console.log(res.statusCode), fail: (err) => console.log(err.errMsg),
 * };
 * ```
 */
export interface WxRequestOptions {
  /** The relay's URL (an allow-listed https: domain). */
  url: string;
  /** Always `POST`. */
  method: 'POST';
  /** The request headers (WeChat's name). */
  header: Record<string, string>;
  /** The JSON body as text, sent as is. */
  data: string;
  /** Milliseconds before WeChat gives up ("request:fail timeout"). */
  timeout: number;
  /** Anything but `'json'`: WeChat then leaves the body unparsed, and we parse it ourselves. */
  dataType: 'text';
  /** Text, not an ArrayBuffer. */
  responseType: 'text';
  /** Called with any HTTP answer, whatever its status. */
  success(result: { statusCode: number; header?: object; data?: unknown }): void;
  /** Called when no answer came (network, timeout, abort, domain not allow-listed). */
  fail(error: { errMsg?: string; errno?: number }): void;
}

/**
 * The part of WeChat's `wx` object the transport uses: `request`, which returns a
 * `RequestTask` with `abort()`. The real `wx` fits.
 */
export interface WxLike {
  /** Starts a request and returns its task. */
  request(options: WxRequestOptions): NativeRequestTask | undefined;
}

/** WeChat says "request:fail url not in domain list" for a domain missing from the console. */
const NOT_ALLOWED = /domain list|not in domain|合法域名/i;
const TIMED_OUT = /time ?out|超时/i;

/**
 * A relay transport on `wx.request`: the body is sent as JSON text and read back as text
 * (`dataType: 'text'`), every HTTP status resolves (the relay adapter reads the error body),
 * `header` and `statusCode` become `headers` and `status`, and the request task is aborted
 * when the signal aborts or `timeoutMs` passes (`timeout` is also passed to WeChat).
 * Failures: a timeout → `TIMEOUT`; a domain missing from the allowlist → `NETWORK`, not
 * retryable; anything else `fail` reports → `NETWORK`.
 *
 * @param api - WeChat's `wx` (default: the global `wx`); a fake in tests.
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { createRelayAdapter, createWxTransport } from 'essc-sdk/miniprogram';
 *
 * const client = createClient({
 *   adapter: createRelayAdapter({ url: 'https://api.example-channel.cn/essc', transport: createWxTransport() }),
 * });
 * ```
 */
export function createWxTransport(api?: WxLike): RelayTransport {
  const wxApi = api ?? (typeof wx === 'undefined' ? undefined : (wx as WxLike));
  if (typeof wxApi?.request !== 'function') {
    throw new EsscError(
      'UNSUPPORTED_RUNTIME',
      'wx.request is not available here: createWxTransport is for WeChat mini-programs (pass wx explicitly if it is not global).',
    );
  }
  return (request) =>
    nativeRequest(request, 'wx.request', (settle) =>
      wxApi.request({
        url: request.url,
        method: request.method,
        header: request.headers,
        data: request.body,
        timeout: request.timeoutMs,
        dataType: 'text',
        responseType: 'text',
        success: (result) =>
          settle.respond({
            status: result.statusCode,
            headers: lowerCaseHeaders(result.header),
            body: textOf(result.data),
          }),
        fail: (error) => {
          const message = failureText(error?.errMsg);
          if (TIMED_OUT.test(message)) settle.fail(relayTimeout(request.timeoutMs));
          else if (NOT_ALLOWED.test(message)) {
            settle.fail(
              relayUnreachable(
                error,
                "wx.request refused the relay URL: add its domain to the mini-program's request domain allowlist (服务器域名) in the WeChat console.",
                false,
              ),
            );
          } else {
            settle.fail(
              relayUnreachable(error, `wx.request failed${message ? `: ${message}` : ''}.`),
            );
          }
        },
      }),
    );
}
