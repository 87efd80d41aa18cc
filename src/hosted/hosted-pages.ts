import * as z from 'zod';
import { callPlatform } from '../client/call.js';
import type { CallOptions } from '../client/options.js';
import { type JWK, peekJwsHeader, verifyJwt } from '../crypto/index.js';
import { ERROR_CODES, type ErrorCode, EsscError } from '../domain/errors.js';
import {
  type HostedLaunch,
  type HostedReceipt,
  RECEIPT_CODES,
  type ReceiptKind,
} from '../domain/hosted.js';
import { validationError } from '../domain/validation.js';
import {
  checkJwksUrl,
  type FetchLike,
  fetchKeySet,
  type KeySet,
  KeySetCache,
} from '../platform/key-set-cache.js';
import type { OperationInput, PlatformAdapter } from '../platform/operations.js';
import { PLATFORM_ISSUER, RECEIPT_TTL_SECONDS, RECEIPT_TYP } from '../platform/protocol.js';
import { createMemoryNonceStore, type NonceStore } from '../stores/nonce-store.js';

/**
 * Options of {@link createHostedPages}.
 *
 * @example
 * ```ts
 * const options: HostedPagesOptions = {
 *   adapter: createHttpAdapter({ baseUrl, channelId: 'wechat', channelKey }),
 *   store: createRedisNonceStore({ client: redis }),
 * };
 * ```
 */
export interface HostedPagesOptions {
  /**
   * The channel's adapter: its http adapter (`essc-sdk/http`) on a channel's server, or
   * `platform.adapter(channelId)` in tests. Launches are made with it, as this channel.
   */
  adapter: PlatformAdapter;
  /**
   * Remembers this channel's launches and the receipts already accepted (any `NonceStore`:
   * `createMemoryNonceStore()` by default, one process; `createRedisNonceStore` from
   * `essc-sdk/redis` when several processes launch and verify).
   */
  store?: NonceStore;
  /**
   * The platform's signing keys: a JWK Set, its URL, or a function loading it. Default: the
   * adapter's `jwks()` (the http and mock adapters have one); an adapter without it (a relay's)
   * needs this.
   */
  jwks?: KeySet | string | URL | (() => Promise<KeySet>);
  /** The clock in milliseconds (default `Date.now`): the platform's, in tests. */
  now?: () => number;
  /** Clock skew allowed on a receipt's expiry, seconds (default 30, at most 300). */
  clockToleranceSeconds?: number;
  /** The `fetch` a JWKS URL is loaded with (default `globalThis.fetch`). */
  fetch?: FetchLike;
}

/**
 * What a channel's server launches (R35): the action, the channel's user, the person for
 * `apply` (`person`) or the e-card for every other action (`signNo`), and where the page sends
 * the browser back (`https:`; a loopback `http:` on a sandbox).
 *
 * @example
 * ```ts
 * const input: HostedLaunchInput = {
 *   action: 'apply',
 *   channelUserId: 'wx-openid-123',
 *   person: { name: '张三', idNumber: '440106199003071231' },
 *   returnUrl: 'https://channel.example.cn/essc/return',
 * };
 * ```
 */
export type HostedLaunchInput = OperationInput<'launchHosted'>;

/**
 * A channel server's side of the hosted pages (R35, R36).
 *
 * @example
 * ```ts
 * const { url } = await hosted.launch({ action: 'unbind', channelUserId, signNo, returnUrl });
 * // …the app opens url; the browser comes back to returnUrl?receipt=…
 * const receipt = await hosted.verifyReceipt(token);
 * ```
 */
export interface HostedPages {
  /**
   * Launches a page for one of this channel's users (R35): signed with the channel's key by
   * its adapter (R19), with an idempotency key (R20: a retry answers the same page). Answers
   * the url to open, the busiSeq the receipt will carry, and the launch's expiry (10 min).
   * Refusals: VALIDATION_FAILED (no `person` for apply, no `signNo` for the others, a
   * `returnUrl` that is not `https:`), NOT_BOUND (`signNo` not bound in this channel to this
   * `channelUserId`).
   *
   * @example
   * ```ts
   * const { url, busiSeq } = await hosted.launch({
   *   action: 'enable-payment', channelUserId: 'wx-openid-123', signNo, returnUrl,
   * });
   * ```
   */
  launch(input: HostedLaunchInput, options?: CallOptions): Promise<HostedLaunch>;
  /**
   * Verifies a receipt (the `receipt` parameter the browser brings back, or a `hosted.completed`
   * notification's): signed by the platform (its JWKS), for this channel, answering one of
   * this object's launches (the store's), and within 10 minutes. It is accepted once: the
   * same receipt again (a reload, the notification after the redirect) is RECEIPT_REPLAYED.
   * Anything else is RECEIPT_INVALID. The JWKS failing to load is retryable (NETWORK,
   * TIMEOUT, PLATFORM_UNAVAILABLE), and nothing is recorded then.
   *
   * @example
   * ```ts
   * const receipt = await hosted.verifyReceipt(new URL(request.url).searchParams.get('receipt') ?? '');
   * if (receipt.kind === 'applied' || receipt.kind === 'bound') {
   *   await users.saveCard(receipt.channelUserId, { signNo: receipt.signNo, signLevel: receipt.signLevel });
   * }
   * ```
   */
  verifyReceipt(token: string): Promise<HostedReceipt>;
}

/** Store keys of launches and receipts, apart from other nonces in a shared store. */
const LAUNCH_PREFIX = 'essc-hosted-launch:';
const RECEIPT_PREFIX = 'essc-hosted-receipt:';
/** The longest a receipt's token may be (a platform JWS with its claims). */
const MAX_RECEIPT_LENGTH = 4096;

const receiptClaims = z.object({
  kind: z.enum(Object.keys(RECEIPT_CODES) as [ReceiptKind, ...ReceiptKind[]]),
  codeType: z.enum(['actionType', 'sceneType']),
  code: z.string(),
  busiSeq: z.string().min(1).max(128),
  channelId: z.string(),
  channelUserId: z.string(),
  signNo: z.string().optional(),
  signLevel: z.enum(['1', '2']).optional(),
  regionCode: z.string().optional(),
  at: z.iso.datetime(),
  error: z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]).optional(),
  jti: z.string().min(1),
  exp: z.number(),
});

function invalid(why: string): EsscError<'RECEIPT_INVALID'> {
  return new EsscError('RECEIPT_INVALID', `This receipt is not valid here: ${why}.`);
}

function invalidOption(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return validationError(`createHostedPages: ${field} ${message}.`, { path: [field], message });
}

/** The key set of the options: given, by URL, loaded by a function, or the adapter's. */
function keySource(options: HostedPagesOptions, now: () => number): KeySetCache<KeySet> {
  const { jwks } = options;
  const cache = (load: () => Promise<KeySet> | KeySet, refreshable = true) =>
    new KeySetCache<KeySet>({ load, derive: (keys) => keys, now, refreshable });
  if (jwks === undefined) {
    const own = (options.adapter as { jwks?: () => Promise<KeySet> }).jwks;
    if (typeof own !== 'function') {
      throw invalidOption('jwks', 'is needed: this adapter has no jwks()');
    }
    return cache(() => own.call(options.adapter));
  }
  if (typeof jwks === 'function') return cache(jwks);
  if (typeof jwks === 'string' || jwks instanceof URL) {
    const fetchImpl = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
    if (typeof fetchImpl !== 'function') {
      throw new EsscError('UNSUPPORTED_RUNTIME', 'No fetch to load the JWKS URL: pass { fetch }.');
    }
    return cache(fetchKeySet(checkJwksUrl(jwks), fetchImpl));
  }
  if (typeof jwks === 'object' && jwks !== null && Array.isArray(jwks.keys)) {
    const fixed: KeySet = { keys: [...jwks.keys] };
    return cache(() => fixed, false);
  }
  throw invalidOption('jwks', 'must be a JWK Set ({ keys }), its URL, or a function loading it');
}

/**
 * The server side of the platform's hosted pages (托管页面, R35–R37) for one channel: launch
 * a page for a user, and verify the receipt it ends with (R36). The citizen types the
 * password and does the face check on the platform's own page; the channel's server and app
 * never see them. Store the `signNo` and `signLevel` of an `applied`, `bound` or
 * `payment-enabled` receipt per `channelUserId`; forget the `signNo` on `unbound`.
 *
 * @example
 * ```ts
 * import { createHostedPages } from 'essc-sdk/hosted';
 * import { createHttpAdapter } from 'essc-sdk/http';
 * import { createRedisNonceStore } from 'essc-sdk/redis';
 *
 * const hosted = createHostedPages({
 *   adapter: createHttpAdapter({ baseUrl, channelId: 'wechat', channelKey }),
 *   store: createRedisNonceStore({ client: redis }),
 * });
 * const { url } = await hosted.launch({
 *   action: 'apply',
 *   channelUserId: 'wx-openid-123',
 *   person: { name: '张三', idNumber: '440106199003071231' },
 *   returnUrl: 'https://channel.example.cn/essc/return',
 * });
 * // The app opens `url` in a WebView; the page comes back to returnUrl?receipt=…
 * const receipt = await hosted.verifyReceipt(token);
 * if (receipt.kind === 'applied' || receipt.kind === 'bound') {
 *   await users.saveCard(receipt.channelUserId, receipt.signNo, receipt.signLevel);
 * }
 * ```
 */
export function createHostedPages(options: HostedPagesOptions): HostedPages {
  const adapter = options?.adapter;
  if (typeof adapter?.launchHosted !== 'function' || typeof adapter.channelId !== 'string') {
    throw invalidOption('adapter', 'must be a channel adapter (launchHosted)');
  }
  const now = options.now ?? Date.now;
  const tolerance = options.clockToleranceSeconds ?? 30;
  if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance <= 300)) {
    throw invalidOption('clockToleranceSeconds', 'must be 0–300 seconds');
  }
  const store = options.store ?? createMemoryNonceStore({ now });
  const keys = keySource(options, now);
  const channelId = adapter.channelId;
  // The client's one call path: the row's validation, an idempotency key (R20), no events.
  const caller = { emit: () => false, listenerCount: () => 0 };

  async function verify(token: string, jwks: JWK[]) {
    return verifyJwt(jwks, token, {
      issuer: PLATFORM_ISSUER,
      audience: channelId,
      typ: RECEIPT_TYP,
      now: now(),
      clockToleranceSeconds: tolerance,
    });
  }

  return {
    async launch(input, callOptions) {
      const launched = await callPlatform(
        caller,
        { operation: 'launchHosted', input, options: callOptions },
        (parsed, ctx) => adapter.launchHosted(parsed, ctx),
      );
      // Remembered until its receipt can no longer be accepted.
      const until = Date.parse(launched.expiresAt) + RECEIPT_TTL_SECONDS * 1000 + 60_000;
      await store.consume(`${LAUNCH_PREFIX}${channelId}:${launched.busiSeq}`, until);
      return launched;
    },

    async verifyReceipt(token) {
      if (typeof token !== 'string' || token.length === 0 || token.length > MAX_RECEIPT_LENGTH) {
        throw invalid('it is not a receipt');
      }
      let current = (await keys.current()).keys;
      let result = await verify(token, current);
      if (!result.ok && result.reason === 'signature') {
        const kid = peekJwsHeader(token)?.kid;
        if (kid === undefined || !current.some((k) => k.kid === kid)) {
          // Signed after a key rotation this cache has not seen: look once more.
          const fresh = await keys.refresh();
          if (fresh) {
            current = fresh.keys;
            result = await verify(token, current);
          }
        }
      }
      if (!result.ok) {
        throw invalid(
          result.reason === 'expired'
            ? 'it is older than 10 minutes'
            : result.reason === 'claims'
              ? 'it is not a platform receipt for this channel'
              : 'it is not signed by a key the platform publishes',
        );
      }
      const parsed = receiptClaims.safeParse(result.payload);
      if (!parsed.success) throw invalid('its claims are incomplete');
      const claims = parsed.data;
      const expected = RECEIPT_CODES[claims.kind];
      if (claims.channelId !== channelId) throw invalid('it was issued to another channel');
      if (claims.codeType !== expected.type || claims.code !== expected.code) {
        throw invalid('its code does not match its kind');
      }
      if (claims.kind !== 'closed' && !(claims.signNo && claims.signLevel && claims.regionCode)) {
        throw invalid('its claims are incomplete');
      }
      // Once: consumed first, so a receipt refused below stays refused when sent again.
      const forgetAt = (claims.exp + tolerance) * 1000 + 60_000;
      if (!(await store.consume(`${RECEIPT_PREFIX}${channelId}:${claims.busiSeq}`, forgetAt))) {
        throw new EsscError('RECEIPT_REPLAYED', 'This receipt was already accepted once.');
      }
      // One of this channel's own launches: recorded at launch, so it is no longer first now.
      if (await store.consume(`${LAUNCH_PREFIX}${channelId}:${claims.busiSeq}`, forgetAt)) {
        throw invalid('it answers no launch of this channel');
      }
      const { jti, exp: _exp, ...receipt } = claims;
      return { ...receipt, id: jti } as HostedReceipt;
    },
  };
}
