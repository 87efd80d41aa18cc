/**
 * The relay adapter's transport port and the one transport that needs no mini-program API:
 * `fetch`. Loads in a mini-program: `fetch` and `AbortController` are looked up only when a
 * fetch transport is made.
 */
import { EsscError, isEsscError } from '../domain/errors.js';

/**
 * The part of an `AbortSignal` a transport uses. Mini-programs have no `AbortController`, so
 * the relay adapter makes its own signals of this shape; a real `AbortSignal` is one too.
 *
 * @example
 * ```ts
 * const onAbort = () => task.abort();
 * request.signal?.addEventListener('abort', onAbort);
 * ```
 */
export interface RelayAbortSignal {
  /** Whether it was aborted already. */
  readonly aborted: boolean;
  /** Why it was aborted: the relay adapter aborts with the `EsscError` to reject with. */
  readonly reason?: unknown;
  /** Calls `listener` once when it aborts. */
  addEventListener(type: 'abort', listener: () => void): void;
  /** Stops calling `listener`. */
  removeEventListener(type: 'abort', listener: () => void): void;
}

/**
 * One HTTP request of the relay adapter.
 *
 * @example
 * ```ts
 * const request: RelayRequest = {
 *   url: 'https://api.example-channel.cn/essc',
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: '{"op":"getCard","input":{"signNo":"SN3F9K2Q7B"}}',
 *   timeoutMs: 10_000,
 * };
 * ```
 */
export interface RelayRequest {
  /** The relay handler's URL. */
  url: string;
  /** Always `POST`. */
  method: 'POST';
  /** The headers to send (`content-type: application/json` among them). */
  headers: Record<string, string>;
  /** The JSON text to send as is. */
  body: string;
  /** Give up after this many milliseconds (reject with `TIMEOUT`). */
  timeoutMs: number;
  /** Aborted when the caller gives up; reject with `signal.reason` if it is an `EsscError`. */
  signal?: RelayAbortSignal;
}

/**
 * The answer to a {@link RelayRequest}, whatever its status: the transport does not judge
 * statuses, the adapter reads them.
 */
export interface RelayResponse {
  /** The HTTP status, whatever it is. */
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as text (the adapter parses the JSON itself). */
  body: string;
}

/**
 * The port between the relay adapter and the runtime's HTTP client: send one request, resolve
 * with its answer whatever the status, and reject with an `EsscError` — `NETWORK` when the
 * relay could not be reached, `TIMEOUT` after `timeoutMs`, or the signal's reason when it was
 * aborted. `createWxTransport` and `createMyTransport` (`essc-sdk/miniprogram`) and
 * {@link createFetchTransport} are the ones the SDK ships.
 *
 * @example
 * ```ts
 * // A test transport that hands the request to the relay handler in the same process.
 * const transport: RelayTransport = async ({ url, method, headers, body }) => {
 *   const response = await handler(new Request(url, { method, headers, body }));
 *   return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() };
 * };
 * ```
 */
export type RelayTransport = (request: RelayRequest) => Promise<RelayResponse>;

/**
 * `TIMEOUT` for a relay request that took longer than `timeoutMs`.
 *
 * @internal
 */
export function relayTimeout(timeoutMs: number): EsscError {
  return new EsscError(
    'TIMEOUT',
    `The relay did not answer within ${timeoutMs} ms; the call may or may not have been applied.`,
  );
}

/**
 * `NETWORK` for a relay that could not be reached. `retryable: false` for failures a retry
 * cannot mend (a domain missing from the mini-program's allowlist).
 *
 * @internal
 */
export function relayUnreachable(cause: unknown, message?: string, retryable = true): EsscError {
  return new EsscError('NETWORK', message ?? 'The relay could not be reached.', {
    cause,
    retryable,
  });
}

/**
 * What an aborted request rejects with: the signal's reason when it is an `EsscError` (the
 * adapter aborts with the `TIMEOUT` it means), else `NETWORK`.
 *
 * @internal
 */
export function abortedError(signal: RelayAbortSignal | undefined): EsscError {
  const reason = signal?.reason;
  if (isEsscError(reason)) return reason;
  return new EsscError(
    'NETWORK',
    'The call was aborted by its signal; the relay may still have applied it — call again with the same idempotency key to learn the outcome.',
    { cause: reason },
  );
}

/**
 * One request, settled once: by `start`'s `settle`, or — whichever comes first — with
 * `TIMEOUT` after `timeoutMs`, or with the abort of `signal` ({@link abortedError}). On those
 * two, the function `start` answered is called with the error, to stop what it started (its
 * own throw is ignored: the outcome is decided). A signal aborted already rejects at once,
 * and nothing starts. The one such bound of the relay adapter (each attempt, whatever the
 * transport does) and of the `wx.request` / `my.request` transports (whose runtimes may
 * ignore their `timeout` option).
 *
 * @internal
 */
export function settleWithin<T>(
  limits: { timeoutMs: number; signal?: RelayAbortSignal | undefined },
  start: (settle: {
    resolve(value: T): void;
    reject(error: unknown): void;
  }) => (error: EsscError) => void,
): Promise<T> {
  const { timeoutMs, signal } = limits;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortedError(signal));
      return;
    }
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    const giveUp = (error: EsscError) => {
      if (!finish()) return;
      try {
        stop(error);
      } catch {
        // It may have finished meanwhile; the outcome is decided either way.
      }
      reject(error);
    };
    const onAbort = () => giveUp(abortedError(signal));
    const timer = setTimeout(() => giveUp(relayTimeout(timeoutMs)), timeoutMs);
    signal?.addEventListener('abort', onAbort);
    let stop: (error: EsscError) => void = () => {};
    try {
      stop = start({
        resolve: (value) => {
          if (finish()) resolve(value);
        },
        reject: (error) => {
          if (finish()) reject(error);
        },
      });
    } catch (error) {
      // A start that throws settles now: no timer or abort listener is left behind.
      if (finish()) reject(error);
    }
  });
}

/**
 * A signal the relay adapter can abort itself (mini-programs have no `AbortController`).
 *
 * @internal
 */
export interface AbortSource {
  readonly signal: RelayAbortSignal;
  abort(reason: unknown): void;
}

/**
 * Makes an {@link AbortSource}. Listeners run once, in the order they were added; a listener
 * added after the abort is not called (check `signal.aborted` first, as with `AbortSignal`).
 *
 * @internal
 */
export function createAbortSource(): AbortSource {
  const listeners = new Set<() => void>();
  const state: { aborted: boolean; reason?: unknown } = { aborted: false };
  const signal: RelayAbortSignal = {
    get aborted() {
      return state.aborted;
    },
    get reason() {
      return state.reason;
    },
    addEventListener: (_type, listener) => {
      listeners.add(listener);
    },
    removeEventListener: (_type, listener) => {
      listeners.delete(listener);
    },
  };
  return {
    signal,
    abort(reason) {
      if (state.aborted) return;
      state.aborted = true;
      state.reason = reason;
      const pending = [...listeners];
      listeners.clear();
      for (const listener of pending) listener();
    },
  };
}

/**
 * A {@link RelayTransport} on `fetch` (Node ≥ 18, browsers, Deno, workers). Without an
 * argument it uses the global `fetch`, and throws `UNSUPPORTED_RUNTIME` where there is none
 * (mini-programs: use `detectMiniProgramTransport()` from `essc-sdk/miniprogram`).
 *
 * @param fetchFn - the `fetch` to send with (a proxy agent's, a test spy).
 * @example
 * ```ts
 * const adapter = createRelayAdapter({ url, transport: createFetchTransport() });
 * ```
 */
export function createFetchTransport(fetchFn?: typeof globalThis.fetch): RelayTransport {
  const send =
    fetchFn ??
    (typeof globalThis.fetch === 'function' ? globalThis.fetch.bind(globalThis) : undefined);
  if (!send || typeof AbortController === 'undefined') {
    throw new EsscError(
      'UNSUPPORTED_RUNTIME',
      'There is no fetch here (a mini-program?): pass `transport: detectMiniProgramTransport()` (essc-sdk/miniprogram), or a RelayTransport of your own.',
    );
  }
  return async (request) => {
    if (request.signal?.aborted) throw abortedError(request.signal);
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, request.timeoutMs);
    try {
      const response = await send(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: controller.signal,
      });
      // Inside the timer: a relay that sends headers and then stalls is a timeout too.
      const body = await response.text();
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name.toLowerCase()] = value;
      });
      return { status: response.status, headers, body };
    } catch (error) {
      if (request.signal?.aborted) throw abortedError(request.signal);
      if (timedOut) throw relayTimeout(request.timeoutMs);
      throw relayUnreachable(error);
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
    }
  };
}
