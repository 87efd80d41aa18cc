/**
 * The acceptor's copy of the platform's status list of offline credentials (R41): loaded from
 * a url or a function, checked against the platform's keys, cached for its `ttl`, never
 * replaced by an older version, and refused once older than `maxStatusAgeSeconds`
 * (`STATUS_STALE`): a revocation the acceptor cannot know of must not pass unseen for long.
 */
import { base64urlDecode, type JWK, verifyCompactJws } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import { invalidField } from '../domain/validation.js';
import {
  checkJwksUrl,
  type FetchLike,
  fetchJson,
  JWKS_RETRY_AFTER_FAILURE_MS,
} from '../platform/key-set-cache.js';
import { STATUS_LIST_TYP } from '../platform/protocol.js';

/** 8 M credentials as base64url, with room for the header: larger is not a status list. */
const MAX_TOKEN_LENGTH = 1_500_000;
/** The default of `maxStatusAgeSeconds` (R41: an hour). */
export const DEFAULT_MAX_STATUS_AGE_SECONDS = 3600;

/**
 * Where the status list comes from: the platform's url (`GET /v1/status-lists/offline`, which
 * answers `{ token }`), or a function answering the token (e.g. `() => platform.statusList()`).
 *
 * @example
 * ```ts
 * const statusList: StatusListSource = 'https://platform.example/v1/status-lists/offline';
 * ```
 */
export type StatusListSource = string | URL | (() => Promise<string>);

interface StatusListCopy {
  version: number;
  /** Milliseconds, the platform's clock. */
  issuedAt: number;
  ttlMs: number;
  size: number;
  bits: Uint8Array;
}

function stale(message: string, cause?: unknown): EsscError<'STATUS_STALE'> {
  return new EsscError('STATUS_STALE', message, cause === undefined ? {} : { cause });
}

/** The payload of a verified token, or `undefined` when it is not a status list. */
function readPayload(payload: Uint8Array): StatusListCopy | undefined {
  try {
    const v = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    const { version, issuedAt, ttl, size, bits } = v;
    if (v.kind !== 'offline-status' || typeof bits !== 'string') return undefined;
    if (
      ![version, issuedAt, ttl, size].every((n) => Number.isSafeInteger(n) && (n as number) >= 0)
    ) {
      return undefined;
    }
    const decoded = base64urlDecode(bits);
    if (decoded.length !== Math.ceil((size as number) / 8)) return undefined;
    return {
      version: version as number,
      issuedAt: (issuedAt as number) * 1000,
      ttlMs: (ttl as number) * 1000,
      size: size as number,
      bits: decoded,
    };
  } catch {
    return undefined;
  }
}

/** The list a token holds when one of `keys` signed it as a status list; else `undefined`. */
async function readToken(token: string, keys: JWK[]): Promise<StatusListCopy | undefined> {
  for (const jwk of keys) {
    const verified = await verifyCompactJws(jwk, token, {
      typ: STATUS_LIST_TYP,
      maxLength: MAX_TOKEN_LENGTH,
    });
    if (verified) return readPayload(verified.payload);
  }
  return undefined;
}

/**
 * A cached, verified status list. `keys` answers the platform keys to check it with (the
 * verifier's JWKS cache); `refreshKeys` reloads them, once, when none verifies a list (the
 * platform rotated its key since they were loaded), as for offline codes.
 */
export class StatusListCache {
  private copy: StatusListCopy | undefined;
  private inflight: Promise<void> | undefined;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private lastError: unknown;
  private readonly load: () => Promise<string>;

  constructor(
    source: StatusListSource,
    private readonly options: {
      keys: () => Promise<JWK[]>;
      refreshKeys?: () => Promise<JWK[] | undefined>;
      now: () => number;
      maxAgeMs: number;
      fetch?: FetchLike;
    },
  ) {
    this.load = loaderOf(source, options.fetch);
  }

  /**
   * Whether the credential with `statusIndex` is revoked, by a copy no older than the maximum
   * age (refreshed first when its `ttl` has passed); `STATUS_STALE` when there is none.
   */
  async isRevoked(statusIndex: number): Promise<boolean> {
    const copy = await this.fresh();
    // A credential newer than the list is not in it yet: nothing revoked it as of this list.
    if (statusIndex >= copy.size) return false;
    return (copy.bits[statusIndex >>> 3]! & (0x80 >>> (statusIndex & 7))) !== 0;
  }

  private async fresh(): Promise<StatusListCopy> {
    const now = this.options.now();
    const due = !this.copy || now - this.copy.issuedAt >= this.copy.ttlMs;
    if (due && now - this.lastFailureAt >= JWKS_RETRY_AFTER_FAILURE_MS) {
      this.inflight ??= this.reload().finally(() => {
        this.inflight = undefined;
      });
      // A failed refresh keeps the copy we have; its age decides below.
      await this.inflight.catch(() => undefined);
    }
    const copy = this.copy;
    if (!copy) {
      throw stale(
        'No status list could be loaded: offline codes cannot be checked.',
        this.lastError,
      );
    }
    if (this.options.now() - copy.issuedAt > this.options.maxAgeMs) {
      throw stale(
        'The status list is older than maxStatusAgeSeconds and could not be refreshed.',
        this.lastError,
      );
    }
    return copy;
  }

  private async reload(): Promise<void> {
    try {
      const token = await this.load();
      let read = await readToken(token, await this.options.keys());
      if (!read && this.options.refreshKeys) {
        // The platform may have rotated since the keys were loaded: look once more.
        const refreshed = await this.options.refreshKeys();
        if (refreshed) read = await readToken(token, refreshed);
      }
      if (!read) {
        throw new EsscError(
          'PLATFORM_UNAVAILABLE',
          'The status list is not signed by a key the platform publishes, or not a status list.',
        );
      }
      // Never go back to an older list: a replayed one would hide revocations.
      if (!this.copy || read.version >= this.copy.version) this.copy = read;
      this.lastError = undefined;
    } catch (error) {
      this.lastFailureAt = this.options.now();
      this.lastError = isEsscError(error)
        ? error
        : new EsscError('PLATFORM_UNAVAILABLE', 'The status list could not be loaded.', {
            cause: error,
          });
      throw this.lastError;
    }
  }
}

function loaderOf(
  source: StatusListSource,
  fetchImpl: FetchLike | undefined,
): () => Promise<string> {
  if (typeof source === 'function') {
    return async () => {
      const token = await source();
      if (typeof token !== 'string') throw new Error('statusList() did not answer a token');
      return token;
    };
  }
  const url = checkJwksUrl(source, { path: 'statusList', name: 'status list URL' });
  const f = fetchImpl ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (typeof f !== 'function') {
    throw new EsscError(
      'UNSUPPORTED_RUNTIME',
      'No fetch in this runtime to load the status list URL: pass { fetch } or a function.',
    );
  }
  return async () => {
    const body = await fetchJson(url, f, { accept: 'application/json', what: 'The status list' });
    const token = (body as { token?: unknown } | null)?.token;
    if (typeof token !== 'string') throw new Error('the status list answer has no token');
    return token;
  };
}

/**
 * The status list cache of a verifier's options (`statusList`, `maxStatusAgeSeconds`, `fetch`),
 * or `undefined` without a `statusList`; `VALIDATION_FAILED` for a maximum age that is not a
 * positive number of seconds.
 */
export function statusListOf(
  options: { statusList?: StatusListSource; maxStatusAgeSeconds?: number; fetch?: FetchLike },
  keys: () => Promise<JWK[]>,
  now: () => number,
  refreshKeys?: () => Promise<JWK[] | undefined>,
): StatusListCache | undefined {
  const age = options.maxStatusAgeSeconds ?? DEFAULT_MAX_STATUS_AGE_SECONDS;
  if (typeof age !== 'number' || !Number.isFinite(age) || age <= 0) {
    throw invalidField(
      'createQrVerifier: ',
      ['maxStatusAgeSeconds'],
      'must be a positive number of seconds',
    );
  }
  if (options.statusList === undefined) return undefined;
  return new StatusListCache(options.statusList, {
    keys,
    ...(refreshKeys ? { refreshKeys } : {}),
    now,
    maxAgeMs: age * 1000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
