/**
 * What the `wx.request` and `my.request` transports share: one promise per request that
 * settles once — with the answer, the mapped failure, the timeout or the abort, whichever
 * comes first — and aborts the native request task when it gives up.
 *
 * @internal
 */
import type { EsscError } from '../domain/errors.js';
import {
  type RelayRequest,
  type RelayResponse,
  relayUnreachable,
  settleWithin,
} from '../relay/transport.js';

/**
 * A native request task: both runtimes return one with `abort()` (very old base libraries
 * return nothing). Typed loosely because `@mini-types/my` declares an options argument for
 * Alipay's `abort` that the runtime does not need: the real `wx` and `my` typings both fit.
 *
 * @example
 * ```ts
 * const task: NativeRequestTask = wx.request(options);
 * task.abort();
 * ```
 */
export interface NativeRequestTask {
  /** Stops the request; the runtime then reports a failure we no longer listen to. */
  abort(...args: never[]): unknown;
}

/** How the native callbacks settle the request. */
export interface Settle {
  respond(response: RelayResponse): void;
  fail(error: EsscError): void;
}

/**
 * Runs one native request. `start` calls the runtime's `request` with callbacks wired to
 * `settle` and returns its task. Our own timer backs up the runtime's `timeout` option, which
 * older base libraries ignore.
 */
export function nativeRequest(
  request: RelayRequest,
  api: string,
  start: (settle: Settle) => NativeRequestTask | undefined,
): Promise<RelayResponse> {
  return settleWithin<RelayResponse>(request, (settle) => {
    let task: NativeRequestTask | undefined;
    try {
      task = start({ respond: settle.resolve, fail: settle.reject });
    } catch (error) {
      settle.reject(relayUnreachable(error, `${api} threw; the request was not sent.`));
    }
    return () => task?.abort();
  });
}

/** Response headers with lower-case names and string values (arrays joined, as fetch does). */
export function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (typeof value === 'string') out[name.toLowerCase()] = value;
    else if (typeof value === 'number') out[name.toLowerCase()] = String(value);
    else if (Array.isArray(value)) out[name.toLowerCase()] = value.map(String).join(', ');
  }
  return out;
}

/**
 * The body as text. We ask for text (`dataType: 'text'`), but a runtime that parsed the JSON
 * anyway hands over an object: it is serialised back, since the adapter reads text.
 */
export function textOf(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data === undefined || data === null) return '';
  if (typeof data === 'object' && !(data instanceof ArrayBuffer)) return JSON.stringify(data);
  return '';
}

/** A runtime's failure message, trimmed to a length fit for an error message. */
export function failureText(value: unknown): string {
  return typeof value === 'string' ? value.slice(0, 200) : '';
}
