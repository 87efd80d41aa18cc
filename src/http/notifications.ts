import { EsscError } from '../domain/errors.js';
import type { PlatformNotification } from '../domain/types.js';
import { invalidField, validationError, zodIssues } from '../domain/validation.js';
import {
  checkJwksUrl,
  type FetchLike,
  fetchKeySet,
  type KeySet,
  KeySetCache,
} from '../platform/key-set-cache.js';
import { readBodyAtMost } from '../platform/read-body.js';
import type { NonceStore } from '../stores/nonce-store.js';
import { MAX_NOTIFICATION_BYTES, WIRE_HEADERS } from '../wire/protocol.js';
import { platformNotificationSchema } from '../wire/schemas.js';
import { verifyNotificationSignature } from '../wire/signatures.js';

/**
 * Options of {@link verifyNotification}.
 *
 * @example
 * ```ts
 * const options: VerifyNotificationOptions = {
 *   jwks: 'https://essc-gateway.example.cn/.well-known/jwks.json',
 *   channelId: 'wechat',
 *   seen: createRedisNonceStore({ client: redis }),
 * };
 * ```
 */
export interface VerifyNotificationOptions {
  /**
   * The platform's signing keys: its JWKS URL (https:, or http: to localhost for a sandbox),
   * a function loading the key set, or the key set itself (pinned, never refreshed). A URL or
   * a function is loaded at first need, cached across calls (pass the same function each
   * time), and loaded once more when a delivery names a key it does not hold (rotation; at
   * most once per 30 s).
   */
  jwks: KeySet | string | URL | (() => Promise<KeySet>);
  /** The clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /**
   * The oldest delivery accepted, by its `iat` (default 300 s, from 1 to 3 600). The
   * platform signs every attempt afresh, so a retry is never too old; a captured delivery
   * replayed later is.
   */
  maxAgeSeconds?: number;
  /**
   * Remembers the ids of notifications already received (any `NonceStore`: memory, Redis).
   * Given, a notification received again — the platform redelivers one whose answer it did not
   * get — resolves with `duplicate: true`. Ids are recorded only once the delivery verified.
   */
  seen?: Pick<NonceStore, 'consume'>;
  /** How long `seen` remembers an id (default 86 400 s: far beyond the platform's retries). */
  dedupeWindowSeconds?: number;
  /** This channel's id: a notification for another channel is refused. */
  channelId?: string;
  /** The `fetch` a JWKS URL is loaded with (default `globalThis.fetch`). */
  fetch?: FetchLike;
}

/**
 * A verified notification, and whether it is a redelivery of one already received (only
 * known with the `seen` option; otherwise always `false`).
 *
 * @example
 * ```ts
 * const notification: VerifiedNotification = await verifyNotification(request, { jwks, seen });
 * if (!notification.duplicate) client.receive(notification);
 * ```
 */
export interface VerifiedNotification extends PlatformNotification {
  /** Received before (by `seen`): answer 2xx and do nothing else. */
  duplicate: boolean;
}

const DEFAULT_MAX_AGE_SECONDS = 300;
const DEFAULT_DEDUPE_WINDOW_SECONDS = 86_400;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const refused = (message: string) => new EsscError('CHANNEL_UNAUTHORIZED', message);

function invalidOption(field: string, message: string): EsscError {
  return invalidField('verifyNotification: ', [field], message);
}

type Keys = KeySetCache<KeySet>;
const identity = (keys: KeySet) => keys;

// Key sets are cached across calls by what names them: a loader function by its identity, a
// URL by its text (per fetch), so a webhook endpoint does not load the JWKS on every delivery.
const byLoader = new WeakMap<object, Keys>();
const byUrl = new WeakMap<object, Map<string, Keys>>();
/** Distinct JWKS URLs remembered per fetch; more than a handful is a misuse. */
const MAX_URLS = 16;

function keysFor(options: VerifyNotificationOptions): Keys {
  const { jwks } = options;
  if (typeof jwks === 'function') {
    let keys = byLoader.get(jwks);
    if (!keys) {
      keys = new KeySetCache({ load: jwks, derive: identity, now: Date.now, refreshable: true });
      byLoader.set(jwks, keys);
    }
    return keys;
  }
  if (typeof jwks === 'string' || jwks instanceof URL) {
    const url = checkJwksUrl(jwks);
    const fetchImpl = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
    if (typeof fetchImpl !== 'function') {
      throw new EsscError(
        'UNSUPPORTED_RUNTIME',
        'No fetch in this runtime to load the JWKS URL: pass { fetch } or the key set itself.',
      );
    }
    let urls = byUrl.get(fetchImpl);
    if (!urls) {
      urls = new Map();
      byUrl.set(fetchImpl, urls);
    }
    let keys = urls.get(url);
    if (!keys) {
      if (urls.size >= MAX_URLS) urls.delete(urls.keys().next().value as string);
      keys = new KeySetCache({
        load: fetchKeySet(url, fetchImpl),
        derive: identity,
        now: Date.now,
        refreshable: true,
      });
      urls.set(url, keys);
    }
    return keys;
  }
  if (typeof jwks === 'object' && jwks !== null && Array.isArray(jwks.keys)) {
    const fixed: KeySet = { keys: [...jwks.keys] };
    return new KeySetCache({
      load: () => fixed,
      derive: identity,
      now: Date.now,
      refreshable: false,
    });
  }
  throw invalidOption('jwks', 'must be a JWK Set ({ keys }), its URL, or a function loading it');
}

function seconds(value: number | undefined, fallback: number, max: number, field: string) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1 || value > max) {
    throw invalidOption(field, `must be 1–${max} seconds`);
  }
  return value;
}

/** Reads at most `limit` bytes of the body; a longer one is refused without buffering it. */
async function readBody(request: Request, limit: number): Promise<Uint8Array> {
  if (request.bodyUsed) {
    throw invalidOption('request', 'has a body that was already read; pass the request untouched');
  }
  try {
    return await readBodyAtMost(request, limit, () =>
      refused(`The notification body is larger than ${limit} bytes.`),
    );
  } catch (error) {
    if (error instanceof EsscError) throw error;
    throw refused('The notification body could not be read.');
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Verifies a webhook delivery of the platform (R13, R19) in a channel's backend and returns
 * the notification. The body must be a compact JWS (`typ: essc-notification+jwt`) signed by a
 * key of the platform's JWKS, issued by the platform, at most `maxAgeSeconds` old and not from
 * the future (30 s tolerance); its claims must be a notification (for `channelId`, when given).
 *
 * Answer the platform with a 2xx once you have the notification — a duplicate included —
 * or it redelivers the same id with backoff. Failures:
 * - `CHANNEL_UNAUTHORIZED` (not retryable; answer 401): not from the platform, or not now —
 *   an empty, oversized (> 16 KB) or malformed body, a bad signature, a key the JWKS does not
 *   hold even after a refresh, another `typ` or issuer, too old, for another channel, or an
 *   `x-essc-notification-id` header that contradicts the signed id.
 * - `VALIDATION_FAILED`: the platform's signature holds but the claims are no notification
 *   this SDK knows (answer 400), or the options are wrong.
 * - `NETWORK`, `TIMEOUT`, `PLATFORM_UNAVAILABLE` (retryable; answer 503 and the platform
 *   retries): the JWKS could not be loaded. An error of the `seen` store passes through.
 *
 * With `seen`, redeliveries resolve with `duplicate: true`: the id is recorded when the
 * delivery first verifies, so the notification is processed at most once even if your
 * processing then fails. To have the platform retry a delivery you failed to process, leave
 * `seen` out and deduplicate by `id` where you record the outcome, in the same transaction.
 *
 * @example
 * ```ts
 * import { createClient, isEsscError } from 'essc-sdk';
 * import { createHttpAdapter, verifyNotification } from 'essc-sdk/http';
 * import { createRedisNonceStore } from 'essc-sdk/redis';
 *
 * const client = createClient({ adapter: createHttpAdapter(config), cardEvents: 'all' });
 * client.on('card:status', ({ signNo, status }) => users.markCard(signNo, status));
 * const seen = createRedisNonceStore({ client: redis });
 *
 * export async function POST(request: Request): Promise<Response> {
 *   try {
 *     const notification = await verifyNotification(request, {
 *       jwks: `${config.baseUrl}/.well-known/jwks.json`,
 *       channelId: 'wechat',
 *       seen,
 *     });
 *     if (!notification.duplicate) client.receive(notification);
 *     return new Response(null, { status: 204 });
 *   } catch (error) {
 *     const refused = isEsscError(error) && !error.retryable;
 *     return new Response(null, { status: refused ? 401 : 503 });
 *   }
 * }
 * ```
 */
export async function verifyNotification(
  request: Request,
  options: VerifyNotificationOptions,
): Promise<VerifiedNotification> {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('options', 'must be an object with at least { jwks }');
  }
  // Duck-typed: a Request of another realm or fetch implementation will do.
  if (typeof (request as Partial<Request> | null)?.headers?.get !== 'function') {
    throw invalidOption('request', 'must be a fetch Request');
  }
  const now = options.now ?? Date.now;
  const maxAgeSeconds = seconds(
    options.maxAgeSeconds,
    DEFAULT_MAX_AGE_SECONDS,
    3_600,
    'maxAgeSeconds',
  );
  const dedupeWindowSeconds = seconds(
    options.dedupeWindowSeconds,
    DEFAULT_DEDUPE_WINDOW_SECONDS,
    30 * 86_400,
    'dedupeWindowSeconds',
  );
  const seen = options.seen;
  if (seen !== undefined && typeof seen?.consume !== 'function') {
    throw invalidOption('seen', 'must have a consume() method');
  }
  const keys = keysFor(options);

  const body = await readBody(request, MAX_NOTIFICATION_BYTES);
  let jws: string;
  try {
    jws = strictUtf8.decode(body).trim();
  } catch {
    throw refused('The notification body is not UTF-8 text.');
  }
  if (jws === '') throw refused('The notification body is empty.');
  if (!COMPACT_JWS.test(jws)) throw refused('The notification body is not a compact JWS.');

  const at = now();
  let check = await verifyNotificationSignature(await keys.current(), jws, at);
  if (!check.ok && check.reason === 'unknown-key') {
    // The platform may have rotated its key since the set was loaded: look once more.
    const refreshed = await keys.refresh();
    if (refreshed) check = await verifyNotificationSignature(refreshed, jws, at);
  }
  if (!check.ok) {
    throw refused(
      {
        malformed: 'The notification is not a JWS the platform makes.',
        'unknown-key': "The notification is signed by a key the platform's JWKS does not hold.",
        signature: "The notification's signature does not verify with the platform's key.",
        claims: 'The notification is not a platform notification (typ, issuer or iat).',
      }[check.reason],
    );
  }
  const { claims } = check;
  if (Math.floor(at / 1000) - (claims.iat as number) > maxAgeSeconds) {
    throw refused(`The notification was signed more than ${maxAgeSeconds} s ago: a replay?`);
  }
  const parsed = platformNotificationSchema.safeParse(claims);
  if (!parsed.success) {
    throw validationError(
      'The signed notification is not one this SDK knows; update essc-sdk?',
      zodIssues(parsed.error.issues),
    );
  }
  const notification = parsed.data as PlatformNotification;
  if (options.channelId !== undefined && notification.channelId !== options.channelId) {
    throw refused('The notification is for another channel.');
  }
  const headerId = request.headers.get(WIRE_HEADERS.notificationId);
  if (headerId !== null && headerId !== notification.id) {
    throw refused(`The ${WIRE_HEADERS.notificationId} header is not the signed id.`);
  }
  let duplicate = false;
  if (seen) {
    duplicate = !(await seen.consume(notification.id, at + dedupeWindowSeconds * 1000));
  }
  return { ...notification, duplicate };
}
