/**
 * The replay store of acceptors (R15, R16): a dynamic QR code and a login assertion are
 * single-use, so whoever verifies one records its nonce until it expires, and refuses it the
 * second time. Acceptors that share a counter or a fleet of gates share one store
 * (`essc-sdk/redis`); a single process can use the memory store below.
 */
import { EsscError } from '../domain/errors.js';
import { invalidField } from '../domain/validation.js';

/**
 * The port of a replay store. One method, atomic: `consume` records `nonce` until
 * `expiresAtMs` and answers `true` the first time, `false` for every later call while the
 * record lives. Two verifiers calling it at once for the same nonce get `true` once.
 *
 * `expiresAtMs` is the moment after which the caller refuses the code anyway (its expiry plus
 * the clock tolerance), so forgetting the nonce then cannot let a replay through. A store
 * that cannot record (full, unreachable) throws — it never answers `true` without recording,
 * which would let the same code through twice.
 *
 * @example
 * ```ts
 * const store: NonceStore = createMemoryNonceStore();
 * await store.consume('code-1', Date.now() + 90_000); // true: first use
 * await store.consume('code-1', Date.now() + 90_000); // false: a replay
 * ```
 */
export interface NonceStore {
  /**
   * Records `nonce` until `expiresAtMs` (milliseconds since the epoch); `true` the first time,
   * `false` while the record lives. Throws when it cannot record.
   *
   * @example
   * ```ts
   * if (!(await store.consume(nonce, expiresAtMs))) throw new EsscError('QR_REPLAYED');
   * ```
   */
  consume(nonce: string, expiresAtMs: number): Promise<boolean>;
}

/**
 * Options of {@link createMemoryNonceStore}.
 */
export interface MemoryNonceStoreOptions {
  /** The clock in milliseconds (default `Date.now`); the same clock the verifier uses. */
  now?: () => number;
  /**
   * The most live nonces held at once (default 100 000, some 20 MB). Expired nonces are
   * dropped first; only when that many codes are live at the same moment does the store
   * refuse new ones (see {@link createMemoryNonceStore}).
   */
  maxEntries?: number;
}

/**
 * A {@link NonceStore} in this process's memory, with `size()` for monitoring.
 *
 * @example
 * ```ts
 * const store: MemoryNonceStore = createMemoryNonceStore();
 * metrics.gauge('essc.nonces', store.size());
 * ```
 */
export interface MemoryNonceStore extends NonceStore {
  /**
   * The nonces recorded and not yet expired (expired ones are dropped first).
   *
   * @example
   * ```ts
   * setInterval(() => metrics.gauge('essc.live_nonces', store.size()), 10_000);
   * ```
   */
  size(): number;
}

const DEFAULT_MAX_ENTRIES = 100_000;
/** Longer strings are no nonce of ours; refusing them keeps a bad caller from filling memory. */
const MAX_NONCE_LENGTH = 512;

function invalid(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return invalidField('Nonce store: ', [field], message);
}

/**
 * A min-heap of expiry times, so dropping expired nonces costs O(log n) each instead of a
 * scan of every live nonce on every call. Expiries arrive nearly in order (codes share a
 * lifetime), but not exactly: verifiers' tolerances and codes' lifetimes differ.
 */
class ExpiryHeap {
  private readonly items: { at: number; nonce: string }[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): { at: number; nonce: string } | undefined {
    return this.items[0];
  }

  push(item: { at: number; nonce: string }): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent]!.at <= item.at) break;
      items[i] = items[parent]!;
      i = parent;
    }
    items[i] = item;
  }

  pop(): { at: number; nonce: string } | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right]!.at < items[left]!.at ? right : left;
      if (items[child]!.at >= last.at) break;
      items[i] = items[child]!;
      i = child;
    }
    items[i] = last;
    return top;
  }
}

/**
 * A replay store in memory: right for one process (a single acceptor, tests). Behind a load
 * balancer, use a shared store (`createRedisNonceStore` from `essc-sdk/redis`), or a code
 * refused by one instance is accepted by the next.
 *
 * Memory follows the live codes, not the traffic: each nonce is dropped once its expiry has
 * passed (checked on every call), so after the codes expire `size()` returns to 0.
 *
 * When `maxEntries` nonces are live at once, `consume` throws
 * `EsscError('PLATFORM_UNAVAILABLE')` (retryable) instead of recording. Both other choices
 * are worse: forgetting a live nonce to make room would let that code be replayed, and
 * answering `false` would tell an honest user that their fresh code is a copy. The verifier
 * lets the error through, so the acceptor sees an overload, not a verdict on the code.
 * A nonce passed with an expiry already past is answered `true` and not recorded: the caller
 * refuses that code by its expiry from now on, so there is nothing left to protect.
 *
 * @example
 * ```ts
 * import { createMemoryNonceStore, createQrVerifier } from 'essc-sdk/acceptor';
 * const verifier = createQrVerifier({
 *   jwks: 'https://platform.example/.well-known/jwks.json',
 *   nonceStore: createMemoryNonceStore({ maxEntries: 50_000 }),
 * });
 * ```
 */
export function createMemoryNonceStore(options: MemoryNonceStoreOptions = {}): MemoryNonceStore {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw invalid('maxEntries', 'must be a positive integer');
  }
  const expiries = new Map<string, number>();
  const heap = new ExpiryHeap();

  const sweep = (at: number) => {
    for (let top = heap.peek(); top !== undefined && top.at <= at; top = heap.peek()) {
      heap.pop();
      // The map holds the live record; the heap item may be left from an earlier, expired one.
      if (expiries.get(top.nonce) === top.at) expiries.delete(top.nonce);
    }
  };

  return {
    async consume(nonce, expiresAtMs) {
      if (typeof nonce !== 'string' || nonce.length === 0 || nonce.length > MAX_NONCE_LENGTH) {
        throw invalid('nonce', `must be a string of 1–${MAX_NONCE_LENGTH} characters`);
      }
      if (typeof expiresAtMs !== 'number' || !Number.isFinite(expiresAtMs)) {
        throw invalid('expiresAtMs', 'must be a finite number of milliseconds');
      }
      const at = now();
      sweep(at);
      if (expiries.has(nonce)) return false;
      if (expiresAtMs <= at) return true;
      if (expiries.size >= maxEntries) {
        throw new EsscError(
          'PLATFORM_UNAVAILABLE',
          `The replay store is full (${maxEntries} live codes); retry shortly or raise maxEntries.`,
        );
      }
      expiries.set(nonce, expiresAtMs);
      heap.push({ at: expiresAtMs, nonce });
      return true;
    },
    size() {
      sweep(now());
      return expiries.size;
    },
  };
}
