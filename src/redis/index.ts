/**
 * essc-sdk/redis: stores backed by Redis, for acceptors that run more than one process (a
 * fleet of gates, a load-balanced pharmacy backend). Node only. `ioredis` is an optional peer
 * dependency: the caller creates and owns the connection, this module only calls `set` on it.
 *
 * @packageDocumentation
 */
import { EsscError } from '../domain/errors.js';
import type { NonceStore } from '../stores/nonce-store.js';

export type { NonceStore } from '../stores/nonce-store.js';

/**
 * The one Redis command the nonce store needs: `SET key value PX ms NX`, answering `'OK'` when
 * the key was set and `null` when it already existed. An `ioredis` client (`new Redis()`, a
 * `Cluster`) fits as is; any client with this method does.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * const client: RedisSetClient = new Redis(process.env.REDIS_URL!);
 * ```
 */
export interface RedisSetClient {
  /**
   * `SET key value PX milliseconds NX`, as ioredis spells it.
   *
   * @example
   * ```ts
   * await client.set('essc:nonce:abc', '1', 'PX', 90_000, 'NX'); // 'OK', or null if it existed
   * ```
   */
  set(
    key: string,
    value: string,
    millisecondsToken: 'PX',
    milliseconds: number,
    nx: 'NX',
  ): Promise<'OK' | null | string>;
}

/**
 * Options of {@link createRedisNonceStore}.
 */
export interface RedisNonceStoreOptions {
  /** A connected client the caller owns (and closes); see {@link RedisSetClient}. */
  client: RedisSetClient;
  /** Prefix of every key (default `'essc:nonce:'`), to share a database with other data. */
  keyPrefix?: string;
  /** The clock in milliseconds that `expiresAtMs` is measured with (default `Date.now`). */
  now?: () => number;
}

/**
 * A {@link NonceStore} in Redis, shared by every verifier that uses the same server and
 * prefix: a code accepted by one is refused (`QR_REPLAYED`) by all the others.
 *
 * Each `consume` is one `SET <prefix><nonce> 1 PX <ms> NX`: Redis sets the key only if it is
 * absent and expires it by itself, atomically, so two verifiers racing on one code cannot
 * both win and no sweeping is needed. `<ms>` is the time left until `expiresAtMs` on this
 * process's clock; a nonce already past it is answered `true` without a round trip, as the
 * caller refuses that code by expiry anyway. A failing Redis raises
 * `EsscError('PLATFORM_UNAVAILABLE')` (retryable, cause attached): a verifier must not accept a
 * code it could not record.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createQrVerifier } from 'essc-sdk/acceptor';
 * import { createRedisNonceStore } from 'essc-sdk/redis';
 *
 * const redis = new Redis(process.env.REDIS_URL!);
 * const verifier = createQrVerifier({
 *   jwks: 'https://platform.example/.well-known/jwks.json',
 *   nonceStore: createRedisNonceStore({ client: redis, keyPrefix: 'pharmacy-7:nonce:' }),
 * });
 * ```
 */
export function createRedisNonceStore(options: RedisNonceStoreOptions): NonceStore {
  const client = options?.client;
  if (typeof client?.set !== 'function') {
    throw new EsscError(
      'VALIDATION_FAILED',
      'createRedisNonceStore needs { client }: an ioredis instance.',
      {
        details: { issues: [{ path: ['client'], message: 'must have a set() method' }] },
      },
    );
  }
  const keyPrefix = options.keyPrefix ?? 'essc:nonce:';
  const now = options.now ?? Date.now;
  return {
    async consume(nonce, expiresAtMs) {
      if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > 512) {
        throw new EsscError('VALIDATION_FAILED', 'Nonce store: nonce must be 1–512 characters.', {
          details: {
            issues: [{ path: ['nonce'], message: 'must be a string of 1–512 characters' }],
          },
        });
      }
      if (typeof expiresAtMs !== 'number' || !Number.isFinite(expiresAtMs)) {
        throw new EsscError(
          'VALIDATION_FAILED',
          'Nonce store: expiresAtMs must be a finite number.',
          {
            details: { issues: [{ path: ['expiresAtMs'], message: 'must be a finite number' }] },
          },
        );
      }
      // PX takes whole milliseconds ≥ 1; rounding up never forgets a nonce early.
      const ttlMs = Math.ceil(expiresAtMs - now());
      if (ttlMs <= 0) return true;
      let answer: unknown;
      try {
        answer = await client.set(keyPrefix + nonce, '1', 'PX', ttlMs, 'NX');
      } catch (cause) {
        throw new EsscError('PLATFORM_UNAVAILABLE', 'The replay store (Redis) did not answer.', {
          cause,
        });
      }
      if (answer === 'OK') return true;
      if (answer === null) return false;
      // Anything else means a misconfigured client (e.g. a proxy rewriting replies): refuse.
      throw new EsscError(
        'PLATFORM_UNAVAILABLE',
        'The replay store (Redis) gave an unexpected answer.',
      );
    },
  };
}
