/**
 * The relay adapter: the `PlatformAdapter` a mini-program's `createClient` uses. It holds no
 * key and signs nothing; it sends each call to the channel backend's relay handler, which
 * forwards it with the channel's own adapter. Loads in a mini-program: no jose, ky, fetch,
 * WebCrypto or Node builtin is imported, and nothing runs at load time.
 */

import { defaultMessage, EsscError, isErrorCode, isEsscError } from '../domain/errors.js';
import { newIdempotencyKey } from '../domain/idempotency-key.js';
import { validationError } from '../domain/validation.js';
import {
  OPERATION_CONTRACTS,
  PLATFORM_OPERATIONS,
  type PlatformOperation,
} from '../platform/operations.js';
import type { PlatformAdapter, RequestContext } from '../platform/port.js';
import { abortableDelay, backoffDelay } from '../platform/retry.js';
import { REQUEST_ID_HEADER, type RelayRequestBody } from './protocol.js';
import {
  abortedError,
  createAbortSource,
  createFetchTransport,
  type RelayResponse,
  type RelayTransport,
  settleWithin,
} from './transport.js';

/**
 * Backoff between retries: full jitter over `baseMs · 2^(retry-1)`, capped at `maxMs`.
 */
export interface RelayBackoffOptions {
  /** Default 200 ms. */
  baseMs?: number;
  /** Default 5 000 ms. */
  maxMs?: number;
}

/**
 * Options of {@link createRelayAdapter}.
 *
 * @example
 * ```ts
 * const options: RelayAdapterOptions = {
 *   url: 'https://api.example-channel.cn/essc',
 *   channelId: 'wechat',
 *   transport: detectMiniProgramTransport(),
 *   headers: () => ({ authorization: `Bearer ${getApp().globalData.sessionToken}` }),
 * };
 * ```
 */
export interface RelayAdapterOptions {
  /**
   * The relay handler's URL on the channel backend. `https:` only (mini-programs allow no
   * other), except `http:` on the loopback address, or anywhere with `allowHttp`.
   */
  url: string;
  /**
   * The channel the backend's adapter acts for, as `adapter.channelId` reports it (the
   * client puts it in `card:unbound` events). Default `'relay'`.
   */
  channelId?: string;
  /**
   * Sends the requests. Default (`essc-sdk/relay`): the global `fetch`. Required by the
   * `createRelayAdapter` of `essc-sdk/miniprogram`: `createWxTransport()`,
   * `createMyTransport()` or `detectMiniProgramTransport()` from there.
   */
  transport?: RelayTransport;
  /**
   * Extra headers of every attempt, e.g. the mini-program's session token for the backend's
   * `authenticate`. Called again before each retry, so a refreshed token is used.
   */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** Time allowed for each attempt, ms (default 10 000). */
  timeoutMs?: number;
  /** Retries after a retryable failure (`NETWORK`, `TIMEOUT`, `PLATFORM_UNAVAILABLE`); default 2. */
  retries?: number;
  /** The wait between retries (jittered, growing). */
  backoff?: RelayBackoffOptions;
  /**
   * Allows a plain `http:` URL on any host, for a development server on the LAN with the
   * mini-program IDE's domain check off. Never in production: the body holds passwords.
   */
  allowHttp?: boolean;
}

const HTTPS_URL = /^https:\/\/[^\s/?#]+/i;
const LOOPBACK_HTTP_URL =
  /^http:\/\/(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d+)?(?:[/?#]|$)/i;
const HTTP_URL = /^http:\/\/[^\s/?#]+/i;

function invalidOption(path: string, message: string): EsscError {
  return validationError(message, { path: [path], message });
}

/** Checks the options once, so a misconfiguration fails at start-up, not at a user's call. */
function checkOptions(options: RelayAdapterOptions): void {
  if (typeof options?.url !== 'string') {
    throw invalidOption('url', "createRelayAdapter needs { url }: the relay handler's URL.");
  }
  // A regular expression, not `new URL`: some mini-program runtimes have no URL class.
  const secure = HTTPS_URL.test(options.url) || LOOPBACK_HTTP_URL.test(options.url);
  if (!secure && !(options.allowHttp && HTTP_URL.test(options.url))) {
    throw invalidOption(
      'url',
      'url must be an absolute https: URL (the body carries passwords); http: is accepted on the loopback address, or with allowHttp during development.',
    );
  }
  const { timeoutMs, retries } = options;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw invalidOption('timeoutMs', 'timeoutMs must be a positive number of milliseconds.');
  }
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0)) {
    throw invalidOption('retries', 'retries must be a whole number, 0 or more.');
  }
  if (options.transport !== undefined && typeof options.transport !== 'function') {
    throw invalidOption('transport', 'transport must be a function (a RelayTransport).');
  }
  if (options.headers !== undefined && typeof options.headers !== 'function') {
    throw invalidOption('headers', 'headers must be a function returning the headers to add.');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The relay's refusal as the `EsscError` to throw — its code, message, details, request id and
 * `retryable` — if `json` is an error body with a code this SDK knows.
 */
function relayError(
  json: unknown,
  status: number,
  headerRequestId: string | undefined,
): EsscError | undefined {
  const error = isRecord(json) ? json.error : undefined;
  if (!isRecord(error) || !isErrorCode(error.code)) return undefined;
  const { code, message, details, requestId, retryable } = error;
  return new EsscError(code, typeof message === 'string' ? message : defaultMessage(code), {
    details: (details ?? undefined) as never,
    requestId: (typeof requestId === 'string' ? requestId : headerRequestId) || undefined,
    retryable: typeof retryable === 'boolean' ? retryable : undefined,
    statusCode: status,
  });
}

/** The outcome an answer stands for: the result, or the `EsscError` to throw. */
function readAnswer(op: PlatformOperation, response: RelayResponse): unknown {
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  const { status } = response;
  const headerRequestId = response.headers[REQUEST_ID_HEADER];
  if (status >= 200 && status < 300 && isRecord(json) && 'result' in json) {
    if (OPERATION_CONTRACTS[op].output === 'nothing') return undefined;
    // Lists (payments, bills, applications, authorizations) answer arrays; the rest objects.
    if (isRecord(json.result) || Array.isArray(json.result)) return json.result;
  }
  // Else the relay's refusal, or not the relay's word: a gateway, a proxy, a captive portal,
  // or the wrong URL.
  throw (
    relayError(json, status, headerRequestId) ??
    new EsscError(
      'PLATFORM_UNAVAILABLE',
      `The relay answered HTTP ${status} in a form this SDK does not read; check the relay URL.`,
      {
        statusCode: status,
        retryable: status >= 500 || status === 408 || status === 429,
        requestId: headerRequestId || undefined,
      },
    )
  );
}

/**
 * Creates the `PlatformAdapter` of a mini-program (or any client that must not hold the
 * channel's key): every call goes to the channel backend's `createRelayHandler` as one JSON
 * POST, and comes back as the same result or the same `EsscError` (code, details) the
 * backend's adapter gave.
 *
 * - Mutating calls carry the client's idempotency key (R20) — one is made if the context has
 *   none — and every attempt of a call sends the same key, so a retry after a lost answer
 *   returns the first outcome.
 * - Failures of the hop map to `NETWORK` (unreachable, aborted), `TIMEOUT` (after
 *   `timeoutMs`) and `PLATFORM_UNAVAILABLE` (an answer that is not the relay's), all
 *   retryable; the relay's own errors keep their code and `retryable`. Only retryable failures
 *   are retried, `retries` times, with jittered exponential backoff.
 * - Passwords and real-person proofs go to the backend in the body, inside TLS; the backend
 *   seals them to the platform's key (see the `essc-sdk/relay` module notes).
 *
 * @example
 * ```ts
 * // In the mini-program:
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
 * const card = await client.getCard({ signNo });
 * ```
 */
export function createRelayAdapter(options: RelayAdapterOptions): PlatformAdapter {
  return relayAdapter(options, createFetchTransport);
}

/**
 * {@link createRelayAdapter} with what to do when the options give no transport: make the
 * fetch transport (`essc-sdk/relay`), or refuse (`essc-sdk/miniprogram`, whose bundle then
 * holds no fetch code).
 *
 * @internal
 */
export function relayAdapter(
  options: RelayAdapterOptions,
  defaultTransport: () => RelayTransport,
): PlatformAdapter {
  checkOptions(options);
  const { url } = options;
  const transport = options.transport ?? defaultTransport();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 2;
  const baseMs = options.backoff?.baseMs ?? 200;
  const maxMs = options.backoff?.maxMs ?? 5_000;
  const extraHeaders = options.headers;

  async function headersOfAttempt(): Promise<Record<string, string>> {
    let extra: Record<string, string> = {};
    if (extraHeaders) {
      try {
        extra = await extraHeaders();
      } catch (error) {
        if (isEsscError(error)) throw error;
        throw new EsscError(
          'CHANNEL_UNAUTHORIZED',
          "The relay adapter's headers() failed, so the request was not sent; sign the user in again (see cause).",
          { cause: error },
        );
      }
    }
    // Ours last: the body is JSON whatever the caller's headers say.
    return { ...extra, 'content-type': 'application/json', accept: 'application/json' };
  }

  /** One attempt, bounded by `timeoutMs` and the caller's signal whatever the transport does. */
  function attempt(body: string, ctx: RequestContext): Promise<RelayResponse> {
    const source = createAbortSource();
    return settleWithin<RelayResponse>({ timeoutMs, signal: ctx.signal }, (settle) => {
      (async () =>
        transport({
          url,
          method: 'POST',
          headers: await headersOfAttempt(),
          body,
          timeoutMs,
          signal: source.signal,
        }))().then(settle.resolve, settle.reject);
      // The transport learns why it was stopped (`signal.reason`: TIMEOUT or the caller's abort).
      return (error) => source.abort(error);
    });
  }

  async function call(
    op: PlatformOperation,
    input: object,
    ctx: RequestContext = {},
  ): Promise<unknown> {
    const idempotencyKey = OPERATION_CONTRACTS[op].mutating
      ? (ctx.idempotencyKey ?? newIdempotencyKey())
      : undefined;
    const request: RelayRequestBody = {
      op,
      input: input as Record<string, unknown>,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
    // Serialised once: every attempt sends the very same request.
    const body = JSON.stringify(request);
    for (let retry = 0; ; retry++) {
      if (ctx.signal?.aborted) throw abortedError(ctx.signal);
      try {
        return readAnswer(op, await attempt(body, ctx));
      } catch (error) {
        const failure = isEsscError(error)
          ? error
          : new EsscError('NETWORK', 'The relay transport failed.', { cause: error });
        // An abort is the caller's decision, not a failure to retry.
        if (ctx.signal?.aborted || !failure.retryable || retry >= retries) throw failure;
        await abortableDelay(backoffDelay(retry + 1, { baseMs, maxMs }), {
          signal: ctx.signal,
          onAbort: abortedError,
        });
      }
    }
  }

  const adapter: Record<string, unknown> = { channelId: options.channelId ?? 'relay' };
  for (const operation of PLATFORM_OPERATIONS) {
    adapter[operation] = (input: object, ctx?: RequestContext) => call(operation, input, ctx);
  }
  return adapter as PlatformAdapter;
}
