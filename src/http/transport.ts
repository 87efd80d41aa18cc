import type { JWK } from 'jose';
import * as z from 'zod';
import { randomId } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import { newIdempotencyKey } from '../domain/idempotency-key.js';
import { validationError } from '../domain/validation.js';
import type { KeySet, RequestContext } from '../platform/port.js';
import { abortableDelay, backoffDelay, retryAfterMs } from '../platform/retry.js';
import { fromWireError } from '../wire/errors.js';
import { WIRE_HEADERS, WIRE_PROTOCOL_VERSION } from '../wire/protocol.js';
import { PLATFORM_ROUTES, routePath, type WireRoute } from '../wire/routes.js';
import { wireErrorSchema } from '../wire/schemas.js';
import {
  bodySha256,
  type CallerKind,
  callerKeyAlgorithm,
  type ResponseSignaturePayload,
  signRequest,
  verifyResponseSignature,
} from '../wire/signatures.js';
import {
  type Origin,
  originOf,
  type RawResponse,
  type Sender,
  selectSender,
  TimeoutError,
} from './send.js';

export type { KeySet };

/**
 * Where the platform's signing keys come from: a fixed JWK Set (pinned, never refreshed) or a
 * function that loads it (called at first need, and once more when an answer is signed by a
 * key it does not hold). Left out, the keys are loaded from `{baseUrl}/.well-known/jwks.json`.
 *
 * @example
 * ```ts
 * const fromVault: JwksSource = async () => JSON.parse(await vault.read('essc/jwks'));
 * createHttpAdapter({ baseUrl, channelId, channelKey, jwks: fromVault });
 * ```
 */
export type JwksSource = KeySet | (() => Promise<KeySet>);

/**
 * Backoff of retries: full jitter over `baseMs · 2^(attempt-1)`, capped at `maxMs`.
 *
 * @example
 * ```ts
 * createHttpAdapter({ baseUrl, channelId, channelKey, backoff: { baseMs: 500, maxMs: 10_000 } });
 * ```
 */
export interface BackoffOptions {
  /** Default 200 ms. */
  baseMs?: number;
  /** Default 5 000 ms. */
  maxMs?: number;
}

/**
 * Options shared by the http adapters.
 *
 * @example
 * ```ts
 * const shared: HttpTransportOptions = { baseUrl: 'https://essc-gateway.example.cn', timeoutMs: 8_000 };
 * createHttpAdapter({ ...shared, channelId: 'wechat', channelKey });
 * ```
 */
export interface HttpTransportOptions {
  /** The platform's base URL, e.g. `https://essc-gateway.example.cn` (a path prefix is kept). */
  baseUrl: string;
  /**
   * A `fetch` to send with: a proxy agent, a test spy. By default requests go out through
   * `node:http`/`node:https` (their global keep-alive agents) on Node, and through
   * `globalThis.fetch` elsewhere.
   */
  fetch?: typeof globalThis.fetch;
  /** Time allowed for each attempt until the response headers arrive, ms (default 10 000). */
  timeoutMs?: number;
  /** Retries after a retryable failure (network, timeout, 502/503/504); default 2. */
  retries?: number;
  /** The platform's signing keys (default: its published JWKS). */
  jwks?: JwksSource;
  /** The retry backoff: full jitter over `baseMs · 2^(attempt−1)`, capped at `maxMs`. */
  backoff?: BackoffOptions;
}

/**
 * Who signs the requests of a transport.
 */
export interface Caller {
  kind: CallerKind;
  id: string;
  key: JWK;
}

/** The statuses that mean "try again": a gateway or the platform is momentarily unable. */
const RETRY_STATUSES = [502, 503, 504];

function validation(path: string, message: string): EsscError {
  return validationError(message, { path: [path], message });
}

/**
 * Checks the options every http adapter shares, so a misconfiguration fails at construction
 * and not at the first user's call.
 */
export function checkTransportOptions(options: HttpTransportOptions): void {
  let url: URL | undefined;
  try {
    url = new URL(options.baseUrl);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw validation('baseUrl', 'baseUrl must be an absolute http(s) URL.');
  }
  if (url.username !== '' || url.password !== '') {
    // Refused, not dropped: the caller is authenticated by its key (R19), and a password in a
    // URL ends up in logs. The message does not repeat the URL.
    throw validation(
      'baseUrl',
      'baseUrl must not carry a user name or password: remove them; the platform knows the caller by its signing key.',
    );
  }
  if (
    options.timeoutMs !== undefined &&
    !(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0)
  ) {
    throw validation('timeoutMs', 'timeoutMs must be a positive number of milliseconds.');
  }
  if (
    options.retries !== undefined &&
    !(Number.isInteger(options.retries) && options.retries >= 0)
  ) {
    throw validation('retries', 'retries must be a whole number, 0 or more.');
  }
}

/**
 * Checks a channel's, portal's or merchant's private key.
 */
export function checkCallerKey(key: JWK, option: string): void {
  try {
    callerKeyAlgorithm(key);
  } catch {
    throw validation(option, `${option} must be an Ed25519, P-256 or SM2 private JWK.`);
  }
  if (typeof key.d !== 'string')
    throw validation(option, `${option} must be a private JWK (with "d").`);
}

/**
 * The signed request/verified response machinery of the http adapters: a timeout per attempt,
 * jittered retries, a fresh timestamp, nonce and signature per attempt, the same idempotency
 * key for every attempt, and an answer accepted only when the platform signed it for this
 * attempt's nonce.
 *
 * @internal
 */
export class WireTransport {
  private readonly sender: Sender;
  /** The base URL with one trailing slash; a route's path (without its own slash) follows. */
  private readonly prefix: string;
  /** The base URL's origin, parsed once (a request's URL is not parsed again: see {@link target}). */
  private readonly origin: Origin;
  /** The base URL's path with one trailing slash, as the URL parser normalised it. */
  private readonly basePath: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly jwksSource: JwksSource | undefined;
  // The platform's keys for verifying answers are held here, not in the shared KeySetCache
  // (src/platform/key-set-cache.ts), on purpose. That cache rate-limits refreshes for an
  // unknown key to one per 30 s, which protects an acceptor from codes naming made-up keys;
  // here every unknown key id comes in the answer to our own signed request, so refreshes are
  // already bounded by our own request rate, and a rate limit would refuse genuine answers
  // after a second rotation within 30 s. Its periodic reload would also add JWKS requests
  // the adapter does not make today. Keys are kept until an unknown key id asks for a refresh.
  private keySet: Promise<KeySet> | undefined;
  private refreshing: Promise<KeySet> | undefined;
  private encryption: Promise<JWK> | undefined;

  constructor(
    options: HttpTransportOptions,
    private readonly caller?: Caller,
  ) {
    checkTransportOptions(options);
    this.jwksSource = options.jwks;
    this.sender = selectSender(options.fetch);
    this.prefix = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    const base = new URL(this.prefix);
    this.origin = originOf(base);
    this.basePath = base.pathname;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    this.baseMs = options.backoff?.baseMs ?? 200;
    this.maxMs = options.backoff?.maxMs ?? 5_000;
  }

  /**
   * Sends one route's request and returns its verified, parsed answer; throws an
   * {@link EsscError} for anything else.
   */
  async call<R extends WireRoute>(
    route: R,
    params: Record<string, string>,
    body: z.input<R['body']> | undefined,
    ctx: RequestContext & { timeoutMs?: number; query?: Record<string, string> } = {},
  ): Promise<z.output<R['response']>> {
    const { timeoutMs, query, ...context } = ctx;
    const { status, json } = await this.send({
      route,
      params,
      body,
      ctx: context,
      ...(query === undefined ? {} : { query }),
      verifyWith: 'jwks',
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    return this.read(route, status, json);
  }

  /** The platform's encryption key (fetched once, from a signed answer). */
  encryptionKey(ctx: RequestContext = {}): Promise<JWK> {
    if (!this.encryption) {
      this.encryption = this.call(PLATFORM_ROUTES.encryptionKey, {}, undefined, ctx).then(
        ({ key }) => key as JWK,
      );
      // A failure is not cached: the next call tries again.
      this.encryption.catch(() => {
        this.encryption = undefined;
      });
    }
    return this.encryption;
  }

  /**
   * The platform's current JWKS, fetched now (and kept for verifying answers). Concurrent
   * refreshes share one fetch.
   */
  refreshJwks(ctx: RequestContext = {}): Promise<KeySet> {
    if (this.refreshing) return this.refreshing;
    const loaded = this.loadJwks(ctx);
    this.keySet = loaded;
    this.refreshing = loaded;
    const settle = () => {
      if (this.refreshing === loaded) this.refreshing = undefined;
    };
    loaded.then(settle, () => {
      settle();
      if (this.keySet === loaded) this.keySet = undefined;
    });
    return loaded;
  }

  private loadJwks(ctx: RequestContext): Promise<KeySet> {
    const source = this.jwksSource;
    if (source === undefined) return this.fetchJwks(ctx);
    return typeof source === 'function' ? source() : Promise.resolve(source);
  }

  private jwks(ctx: RequestContext): Promise<KeySet> {
    return this.keySet ?? this.refreshJwks(ctx);
  }

  /** The published JWKS; its answer must be signed by one of the keys it publishes. */
  private async fetchJwks(ctx: RequestContext): Promise<KeySet> {
    const { status, json } = await this.send({
      route: PLATFORM_ROUTES.jwks,
      params: {},
      body: undefined,
      ctx,
      verifyWith: 'self',
    });
    return this.read(PLATFORM_ROUTES.jwks, status, json) as KeySet;
  }

  private async send(request: {
    route: WireRoute;
    params: Record<string, string>;
    body: unknown;
    /** Fields sent in the query string (a GET's fields beyond its path). */
    query?: Record<string, string>;
    ctx: RequestContext;
    /** `self` for the JWKS answer, which vouches for itself; `jwks` for every other. */
    verifyWith: 'jwks' | 'self';
    timeoutMs?: number;
  }): Promise<{ status: number; json: unknown }> {
    const { route, params, body, query, ctx, verifyWith, timeoutMs } = request;
    const hasBody = route.method === 'POST';
    // Serialised once: every attempt sends (and signs the hash of) the very same bytes.
    const bodyText = hasBody ? JSON.stringify(body ?? {}) : undefined;
    const idempotencyKey = route.mutating ? (ctx.idempotencyKey ?? newIdempotencyKey()) : undefined;
    const callerRoute =
      route.auth === 'channel' || route.auth === 'portal' || route.auth === 'merchant';
    const caller = callerRoute ? this.caller : undefined;
    if (callerRoute && caller?.kind !== route.auth) {
      throw new EsscError('UNSUPPORTED_RUNTIME', `This adapter cannot call ${route.auth} routes.`);
    }
    const bodyHash = caller ? await bodySha256(bodyText ?? '', caller.key) : '';
    // What the request signature covers: the path with its query, as sent.
    const path = this.target(routePath(route, params), query);
    const method = route.method;
    let nonce = '';

    /** One attempt: a fresh nonce, timestamp and signature (a retry is a new request to the platform's replay check). */
    const attempt = async (): Promise<RawResponse> => {
      nonce = randomId(16);
      const headers: Record<string, string> = { accept: 'application/json' };
      if (hasBody) headers['content-type'] = 'application/json';
      if (idempotencyKey) headers[WIRE_HEADERS.idempotencyKey] = idempotencyKey;
      headers[WIRE_HEADERS.nonce] = nonce;
      if (caller) {
        const timestamp = Date.now();
        headers[WIRE_HEADERS[caller.kind]] = caller.id;
        headers[WIRE_HEADERS.timestamp] = String(timestamp);
        headers[WIRE_HEADERS.signature] = await signRequest(caller.key, {
          v: WIRE_PROTOCOL_VERSION,
          kind: caller.kind,
          caller: caller.id,
          method,
          path,
          bodySha256: bodyHash,
          timestamp,
          nonce,
          ...(idempotencyKey ? { idempotencyKey } : {}),
        });
      }
      return this.sender({
        method,
        origin: this.origin,
        path,
        headers,
        body: bodyText,
        timeoutMs: timeoutMs ?? this.timeoutMs,
        signal: ctx.signal,
      });
    };

    let response: RawResponse;
    try {
      response = await this.withRetries(attempt, ctx.signal);
    } catch (error) {
      throw this.transportFailure(error, ctx);
    }

    let bytes: Uint8Array;
    try {
      bytes = await response.body();
    } catch (error) {
      throw this.transportFailure(error, ctx);
    }
    const requestId = response.header(WIRE_HEADERS.requestId) ?? undefined;
    let json: unknown;
    try {
      json = JSON.parse(utf8.decode(bytes));
    } catch {
      json = undefined;
    }
    const signed = await this.verifySignature(response, {
      bytes,
      nonce,
      requestId,
      json,
      verifyWith,
      ctx,
    });
    if (!signed) {
      // An unsigned 5xx is a gateway in front of the platform failing: say so, retryably.
      if (response.status >= 500) {
        throw new EsscError(
          'PLATFORM_UNAVAILABLE',
          `The platform gateway answered ${response.status}.`,
          {
            statusCode: response.status,
            ...(requestId ? { requestId } : {}),
          },
        );
      }
      // Anything else unsigned is not the platform's word: refuse it rather than act on it.
      // The request was sent, so the platform may have applied it: the outcome is unknown,
      // and a retry under the same idempotency key (or order id) finds out (R20, R24).
      throw new EsscError(
        'PLATFORM_UNAVAILABLE',
        "The answer is not signed by the platform for this request; it was refused (a proxy or an attacker may be in the way), and whether the platform applied the request is unknown: retry it as it was (same idempotency key or order id) or look it up. If it persists, check baseUrl and the platform's JWKS.",
        { statusCode: response.status, retryable: true, ...(requestId ? { requestId } : {}) },
      );
    }
    return { status: response.status, json };
  }

  /**
   * The path and query a request is sent to (and signs): the base URL's path, the route's, and
   * the query's fields in the form `URLSearchParams` writes them. A path the URL parser would
   * leave as it is (the route's segments are `encodeURIComponent`'d, so in practice every one)
   * is not parsed per request; anything it might rewrite — a dot segment (`.`, `..`, `%2e`), a
   * character outside what `encodeURIComponent` writes — goes through `new URL`, as all did
   * before, so the path sent is the one signed either way.
   */
  private target(routePathname: string, query: Record<string, string> | undefined): string {
    const pathname = this.basePath + routePathname.slice(1);
    let search = '';
    if (query !== undefined) {
      const fields = new URLSearchParams(query).toString();
      if (fields !== '') search = `?${fields}`;
    }
    if (PLAIN_PATH.test(pathname) && !DOT_SEGMENT.test(pathname)) return pathname + search;
    const url = new URL(this.prefix + routePathname.slice(1));
    for (const [field, value] of Object.entries(query ?? {})) url.searchParams.append(field, value);
    return url.pathname + url.search;
  }

  /**
   * Runs attempts until one answers with something other than 502/503/504 or the retries are
   * spent (the last answer is then returned, to be read like any other). Network failures and
   * timeouts are retried too; our own failures (a key that cannot sign) and the caller's abort
   * are final. The wait is full jitter over `baseMs · 2^(retry−1)` capped at `maxMs`, or a
   * 503's `Retry-After` (capped at `maxMs`, no jitter); the caller's signal cuts it short.
   */
  private async withRetries(
    attempt: () => Promise<RawResponse>,
    signal: AbortSignal | undefined,
  ): Promise<RawResponse> {
    for (let retry = 1; ; retry++) {
      let waitMs: number;
      try {
        const response = await attempt();
        if (!RETRY_STATUSES.includes(response.status) || retry > this.retries) return response;
        waitMs = this.retryAfter(response) ?? this.backoff(retry);
        response.discard();
      } catch (error) {
        if (retry > this.retries || isEsscError(error) || isAbort(error) || signal?.aborted) {
          throw error;
        }
        waitMs = this.backoff(retry);
      }
      await abortableDelay(waitMs, { signal });
    }
  }

  private backoff(retry: number): number {
    return backoffDelay(retry, { baseMs: this.baseMs, maxMs: this.maxMs });
  }

  /** A 503's `Retry-After` (seconds or an HTTP date), in ms, capped at `maxMs`. */
  private retryAfter(response: RawResponse): number | undefined {
    if (response.status !== 503) return undefined;
    const header =
      response.header('retry-after') ??
      response.header('ratelimit-reset') ??
      response.header('x-ratelimit-retry-after') ??
      response.header('x-ratelimit-reset') ??
      response.header('x-rate-limit-reset');
    return retryAfterMs(header, { maxMs: this.maxMs });
  }

  /** Maps the senders' failures to the SDK's codes. */
  private transportFailure(error: unknown, ctx: RequestContext): EsscError {
    if (isEsscError(error)) return error;
    if (ctx.signal?.aborted || isAbort(error)) {
      return new EsscError(
        'NETWORK',
        'The call was aborted by its signal; the platform may still have applied it — call again with the same idempotency key to learn the outcome.',
        { cause: ctx.signal?.reason ?? error },
      );
    }
    if (error instanceof TimeoutError) {
      return new EsscError(
        'TIMEOUT',
        'The platform did not answer in time; the call may or may not have been applied.',
        {
          cause: error,
        },
      );
    }
    return new EsscError('NETWORK', 'The platform could not be reached.', { cause: error });
  }

  /**
   * True when the response carries the platform's signature over its status, its body and
   * this attempt's nonce. An unknown key id refreshes the JWKS once (the platform may have
   * rotated its key) before the answer is refused.
   */
  private async verifySignature(
    response: RawResponse,
    answer: {
      bytes: Uint8Array;
      nonce: string;
      requestId: string | undefined;
      json: unknown;
      verifyWith: 'jwks' | 'self';
      ctx: RequestContext;
    },
  ): Promise<boolean> {
    const { bytes, nonce, requestId, json, verifyWith, ctx } = answer;
    const jws = response.header(WIRE_HEADERS.responseSignature);
    if (!jws) return false;
    let check: Awaited<ReturnType<typeof verifyResponseSignature>>;
    if (verifyWith === 'self') {
      // The JWKS answer vouches for itself: its signature must verify with a key it publishes.
      const keys = json as KeySet | undefined;
      if (!keys || !Array.isArray(keys.keys)) return false;
      check = await verifyResponseSignature(keys, jws);
    } else {
      check = await verifyResponseSignature(await this.jwks(ctx), jws);
      if (!check.ok && check.reason === 'unknown-key' && typeof this.jwksSource !== 'object') {
        check = await verifyResponseSignature(await this.refreshJwks(ctx), jws);
      }
    }
    if (!check.ok) return false;
    return covers(check.payload, {
      status: response.status,
      hash: await bodySha256(bytes, { alg: check.alg }),
      nonce,
      requestId,
    });
  }

  private read<R extends WireRoute>(
    route: R,
    status: number,
    json: unknown,
  ): z.output<R['response']> {
    if (status === 200) {
      const parsed = z.safeParse(route.response, json);
      if (parsed.success) return parsed.data as z.output<R['response']>;
      // Signed, yet not in a form this SDK reads: the request may have been applied, so the
      // outcome is unknown (retryable under the same key, R20, R24).
      throw new EsscError(
        'PLATFORM_UNAVAILABLE',
        'The platform answered in a form this SDK does not read, so whether it applied the request is unknown: retry it as it was or look it up, and update the SDK.',
        {
          statusCode: status,
          retryable: true,
        },
      );
    }
    const error = wireErrorSchema.safeParse(json);
    if (error.success) throw fromWireError(error.data, status);
    throw new EsscError(
      'PLATFORM_UNAVAILABLE',
      `The platform answered ${status} without a readable error.`,
      {
        statusCode: status,
      },
    );
  }
}

const utf8 = new TextDecoder();

/** What `encodeURIComponent` writes, and `/`: a path the URL parser keeps as it is… */
const PLAIN_PATH = /^\/[A-Za-z0-9\-_.!~*'()%/]*$/;
/** …unless a segment is a dot segment, which it removes (`%2e` counts as a dot). */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;

function covers(
  payload: ResponseSignaturePayload,
  expected: { status: number; hash: string; nonce: string; requestId: string | undefined },
): boolean {
  const { status, hash, nonce, requestId } = expected;
  return (
    payload.status === status &&
    payload.bodySha256 === hash &&
    payload.nonce === nonce &&
    (requestId === undefined || payload.requestId === requestId)
  );
}

function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError';
}
