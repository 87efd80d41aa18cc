/**
 * Private: the platform's public keys as an acceptor or a webhook endpoint holds them — loaded once, reused, and
 * refreshed on two occasions only: when a code or assertion names a key the cached set does
 * not hold (the platform rotated its key), and when the set has grown old (a withdrawn key
 * should stop being trusted). Refreshes are rate-limited so that a flood of codes naming
 * made-up keys cannot make the acceptor hammer the platform.
 *
 * This is the SDK's one JWKS cache: the QR verifier, the login portal and webhook
 * verification (`essc-sdk/http`) all hold their keys in a {@link KeySetCache}. jose's
 * `createRemoteJWKSet` has the same cooldown and maximum age, but it is not used: it loads
 * only from a URL (the portal's keys come from `adapter.jwks()`, a verifier's may come from a
 * function), it picks a key by a JWS header (a QR code names its key by a 4-byte id, indexed
 * here by `derive`), and its failures are jose errors, where callers need `NETWORK`,
 * `TIMEOUT` and `PLATFORM_UNAVAILABLE`.
 *
 * It lives in `platform/` (not `acceptor/`) because `essc-sdk/http` uses it too and http must
 * not import from the acceptor.
 *
 * @internal
 */
import type { JWK } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import { validationError } from '../domain/validation.js';
import type { KeySet } from './port.js';

export type { KeySet };

/** At most one refresh for an unknown key per this interval (R16: "after one refresh"). */
export const JWKS_REFRESH_INTERVAL_MS = 30_000;
/** A cached key set older than this is reloaded before use (a failed reload keeps it). */
export const JWKS_MAX_AGE_MS = 10 * 60_000;
/** Without any key set, a failed load is retried after this long, not on every call. */
export const JWKS_RETRY_AFTER_FAILURE_MS = 5_000;
/** A JWKS fetch that takes longer fails with `TIMEOUT`. */
export const JWKS_FETCH_TIMEOUT_MS = 10_000;
/** More keys than this is no platform key set; the rest are ignored. */
const MAX_KEYS = 64;

/**
 * The part of `fetch` the JWKS loader uses; the global `fetch` fits, and so does a wrapper
 * that adds a proxy or a client certificate.
 *
 * @example
 * ```ts
 * // undici's fetch with a ProxyAgent (Node); any fetch-shaped function fits
 * const viaProxy: FetchLike = (url, init) => undiciFetch(url, { ...init, dispatcher: proxyAgent });
 * createQrVerifier({ jwks: jwksUrl, fetch: viaProxy });
 * ```
 */
export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{
  /** True for a 2xx status. */
  ok: boolean;
  /** The HTTP status. */
  status: number;
  /** The body, parsed as JSON. */
  json(): Promise<unknown>;
}>;

function unavailable(message: string, cause?: unknown): EsscError {
  return new EsscError('PLATFORM_UNAVAILABLE', message, cause === undefined ? {} : { cause });
}

/** Checks the shape of a loaded key set; keeps at most {@link MAX_KEYS} keys. */
export function asKeySet(value: unknown): KeySet {
  const keys = (value as { keys?: unknown } | null | undefined)?.keys;
  if (!Array.isArray(keys))
    throw unavailable('The platform JWKS is not a JWK Set ({ keys: [...] }).');
  return {
    keys: keys
      .filter((k): k is JWK => typeof k === 'object' && k !== null && !Array.isArray(k))
      .slice(0, MAX_KEYS),
  };
}

/**
 * The loader of a JWKS URL: `NETWORK` when unreachable, `TIMEOUT` after
 * {@link JWKS_FETCH_TIMEOUT_MS}, `PLATFORM_UNAVAILABLE` for an error status or a body that is
 * not a key set.
 */
export function fetchKeySet(url: string, fetchImpl: FetchLike): () => Promise<KeySet> {
  return async () =>
    asKeySet(
      await fetchJson(url, fetchImpl, {
        accept: 'application/jwk-set+json, application/json',
        what: 'The platform JWKS',
      }),
    );
}

/**
 * GETs a JSON document of the platform (its JWKS, its offline status list): `NETWORK` when
 * unreachable, `TIMEOUT` after {@link JWKS_FETCH_TIMEOUT_MS}, `PLATFORM_UNAVAILABLE` for an
 * error status or a body that is not JSON. `what` names the document in the messages.
 */
export async function fetchJson(
  url: string,
  fetchImpl: FetchLike,
  { accept, what }: { accept: string; what: string },
): Promise<unknown> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), JWKS_FETCH_TIMEOUT_MS);
  try {
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await fetchImpl(url, { headers: { accept }, signal: controller.signal });
    } catch (cause) {
      if (controller.signal.aborted) {
        throw new EsscError('TIMEOUT', `${what} did not arrive in time.`, { cause });
      }
      throw new EsscError('NETWORK', `${what} could not be fetched.`, { cause });
    }
    if (!response.ok) {
      throw unavailable(`${what} answered HTTP ${response.status}.`);
    }
    try {
      return await response.json();
    } catch (cause) {
      if (controller.signal.aborted) {
        throw new EsscError('TIMEOUT', `${what} did not arrive in time.`, { cause });
      }
      throw unavailable(`${what} is not JSON.`, cause);
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Which URLs may serve the key set (or another signed document of the platform, named by
 * `field`: the offline status list): HTTPS, or plain HTTP to this machine only (a local
 * sandbox). A key set fetched over plain HTTP could be swapped on the way, and with it every
 * code would "verify".
 */
export function checkJwksUrl(
  value: string | URL,
  field: { path: string; name: string } = { path: 'jwks', name: 'JWKS URL' },
): string {
  const invalidUrl = (message: string) =>
    validationError(`The ${field.name} ${message}.`, { path: [field.path], message });
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw invalidUrl('is not a URL');
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalidUrl('must be https: (plain http: only to localhost)');
  }
  return url.href;
}

/**
 * Where a {@link KeySetCache} gets its keys and what it makes of them.
 */
export interface KeySetCacheOptions<T> {
  /** Loads the key set (a URL's loader from {@link fetchKeySet}, an adapter's `jwks()`…). */
  load: () => Promise<KeySet> | KeySet;
  /** What callers look keys up in (e.g. an index by key id). */
  derive: (keys: KeySet) => Promise<T> | T;
  /** The clock (tests pass theirs). */
  now: () => number;
  /** False for a fixed key set given inline: reloading it would return the same keys. */
  refreshable: boolean;
}

/**
 * A cached key set and something derived from it (e.g. an index by key id), with
 * single-flight loads: callers that need keys at the same moment share one request.
 */
export class KeySetCache<T> {
  private value: T | undefined;
  private loadedAt = Number.NEGATIVE_INFINITY;
  private lastAttemptAt = Number.NEGATIVE_INFINITY;
  /** Of refreshes for an unknown key only: the first load must not delay the first refresh. */
  private lastRefreshAt = Number.NEGATIVE_INFINITY;
  private lastError: unknown;
  private inflight: Promise<T> | undefined;

  private readonly load: KeySetCacheOptions<T>['load'];
  private readonly derive: KeySetCacheOptions<T>['derive'];
  private readonly now: () => number;
  private readonly refreshable: boolean;

  constructor(options: KeySetCacheOptions<T>) {
    this.load = options.load;
    this.derive = options.derive;
    this.now = options.now;
    this.refreshable = options.refreshable;
  }

  /** The keys to verify with: cached, or loaded now (first use, or the cache is old). */
  async current(): Promise<T> {
    const at = this.now();
    if (this.value === undefined) {
      if (this.inflight) return this.inflight;
      if (this.lastError !== undefined && at - this.lastAttemptAt < JWKS_RETRY_AFTER_FAILURE_MS) {
        throw this.lastError;
      }
      return this.reload();
    }
    // A refresh under way (for an unknown key) does not hold up codes the cached keys verify.
    if (
      this.refreshable &&
      this.inflight === undefined &&
      at - this.loadedAt >= JWKS_MAX_AGE_MS &&
      at - this.lastAttemptAt >= JWKS_REFRESH_INTERVAL_MS
    ) {
      // An old set is still better than none: a failed reload keeps it.
      return this.reload().catch(() => this.value as T);
    }
    return this.value;
  }

  /**
   * {@link current} without a promise when it would answer the cached keys as they are (loaded,
   * and not old enough to reload); otherwise `undefined`, and the caller awaits
   * {@link current}, which loads or reloads. The hot path of every code verified.
   */
  currentNow(): T | undefined {
    if (this.value === undefined || !this.refreshable) return this.value;
    const at = this.now();
    if (
      this.inflight === undefined &&
      at - this.loadedAt >= JWKS_MAX_AGE_MS &&
      at - this.lastAttemptAt >= JWKS_REFRESH_INTERVAL_MS
    ) {
      return undefined;
    }
    return this.value;
  }

  /**
   * Reloads because a key was not found. Answers the new keys, or `undefined` when a reload
   * is not allowed yet (one per {@link JWKS_REFRESH_INTERVAL_MS}) or pointless (fixed set).
   * Throws when the reload itself fails.
   */
  async refresh(): Promise<T | undefined> {
    if (!this.refreshable) return undefined;
    if (this.inflight) return this.inflight;
    const at = this.now();
    if (at - this.lastRefreshAt < JWKS_REFRESH_INTERVAL_MS) return undefined;
    this.lastRefreshAt = at;
    return this.reload();
  }

  private reload(): Promise<T> {
    this.lastAttemptAt = this.now();
    const attempt = (async () => {
      // Yield first, so that `inflight` is set before anything below can settle.
      await undefined;
      try {
        const derived = await this.derive(asKeySet(await this.load()));
        this.value = derived;
        this.loadedAt = this.now();
        this.lastError = undefined;
        return derived;
      } catch (error) {
        this.lastError = isEsscError(error)
          ? error
          : unavailable('The platform JWKS could not be loaded.', error);
        throw this.lastError;
      } finally {
        this.inflight = undefined;
      }
    })();
    this.inflight = attempt;
    return attempt;
  }
}
