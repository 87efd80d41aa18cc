/**
 * The `my.request` transport (Alipay mini-programs).
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

declare const my: unknown;

/**
 * What `my.request` hands its callbacks. Alipay names them `status` and `headers` (recent
 * base libraries add WeChat's `statusCode` and `header` too).
 */
export interface MyRequestResult {
  /** The HTTP status (Alipay's name). */
  status?: number;
  /** The HTTP status (WeChat's name, in recent base libraries). */
  statusCode?: number;
  /** The response headers (Alipay's name). */
  headers?: object;
  /** The response headers (WeChat's name, in recent base libraries). */
  header?: object;
  /** The body: text, as asked for with `dataType: 'text'`. */
  data?: unknown;
}

/**
 * The options of `my.request` this transport sets.
 *
 * @example
 * ```ts
 * const options: MyRequestOptions = {
 *   url, method: 'POST', headers: {}, data: '{}', timeout: 10_000, dataType: 'text',
 *   success: (res) => console.log(res.status), fail: (err) => console.log(err.error),
 * };
 * ```
 */
export interface MyRequestOptions {
  /** The relay's URL (an allow-listed https: domain). */
  url: string;
  /** Always `POST`. */
  method: 'POST';
  /** The request headers (Alipay's name). */
  headers: Record<string, string>;
  /** The JSON body as text, sent as is. */
  data: string;
  /** Milliseconds before Alipay gives up (error 13). */
  timeout: number;
  /** Leave the body unparsed: we parse it ourselves. */
  dataType: 'text';
  /** Called with a 2xx answer. */
  success(result: MyRequestResult): void;
  /** Alipay's failure: `error` is a number (13 timeout, 19 HTTP status error…). */
  fail(error: MyRequestResult & { error?: number; errorMessage?: string }): void;
}

/**
 * The part of Alipay's `my` object the transport uses. The real `my` fits.
 */
export interface MyLike {
  /** Starts a request and returns its task. */
  request(options: MyRequestOptions): NativeRequestTask | undefined;
}

/** Alipay's `my.request` error codes that need their own mapping. */
const MY_NOT_ALLOWED = 11;
const MY_TIMEOUT = 13;
const MY_HTTP_STATUS = 19;

function statusOf(result: MyRequestResult): number | undefined {
  const status = result.status ?? result.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * A relay transport on `my.request`: the body is sent as JSON text and read back as text
 * (`dataType: 'text'`), `headers` and `status` become the response's, and the request task
 * is aborted when the signal aborts or `timeoutMs` passes (`timeout` is also passed to
 * Alipay). Alipay reports an HTTP error status through `fail` (error 19); when it hands over
 * the status and body there, they resolve like any answer, so the relay's error code
 * survives. Failures: 13 → `TIMEOUT`; 11 (domain not allow-listed) → `NETWORK`, not
 * retryable; 19 without the answer → `PLATFORM_UNAVAILABLE`, not retryable; others →
 * `NETWORK`.
 *
 * @param api - Alipay's `my` (default: the global `my`); a fake in tests.
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { createMyTransport, createRelayAdapter } from 'essc-sdk/miniprogram';
 *
 * const client = createClient({
 *   adapter: createRelayAdapter({ url: 'https://api.example-channel.cn/essc', transport: createMyTransport() }),
 * });
 * ```
 */
export function createMyTransport(api?: MyLike): RelayTransport {
  const myApi = api ?? (typeof my === 'undefined' ? undefined : (my as MyLike));
  if (typeof myApi?.request !== 'function') {
    throw new EsscError(
      'UNSUPPORTED_RUNTIME',
      'my.request is not available here: createMyTransport is for Alipay mini-programs (pass my explicitly if it is not global).',
    );
  }
  return (request) =>
    nativeRequest(request, 'my.request', (settle) => {
      const respond = (result: MyRequestResult, status: number) =>
        settle.respond({
          status,
          headers: lowerCaseHeaders(result.headers ?? result.header),
          body: textOf(result.data),
        });
      return myApi.request({
        url: request.url,
        method: request.method,
        headers: request.headers,
        data: request.body,
        timeout: request.timeoutMs,
        dataType: 'text',
        success: (result) => respond(result, statusOf(result) ?? 200),
        fail: (error) => {
          const status = statusOf(error ?? {});
          if (status !== undefined) {
            respond(error, status);
            return;
          }
          const code = error?.error;
          const message = failureText(error?.errorMessage);
          if (code === MY_TIMEOUT) settle.fail(relayTimeout(request.timeoutMs));
          else if (code === MY_NOT_ALLOWED) {
            settle.fail(
              relayUnreachable(
                error,
                "my.request refused the relay URL: add its domain to the mini-program's server domain allowlist (服务器域名白名单) in the Alipay console.",
                false,
              ),
            );
          } else if (code === MY_HTTP_STATUS) {
            settle.fail(
              new EsscError(
                'PLATFORM_UNAVAILABLE',
                'The relay answered with an HTTP error status that my.request did not pass on (Alipay error 19); see the relay’s logs.',
                { retryable: false },
              ),
            );
          } else {
            const detail = [code, message].filter((part) => part !== undefined && part !== '');
            settle.fail(
              relayUnreachable(
                error,
                `my.request failed${detail.length ? `: ${detail.join(' ')}` : ''}.`,
              ),
            );
          }
        },
      });
    });
}
