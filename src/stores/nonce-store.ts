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
 *
 * Kept as three parallel arrays (times as unboxed doubles, nonces, record numbers) rather than
 * one object per nonce: a desk holds every live code's record, and each object and boxed
 * number more per record is memory the garbage collector walks and copies.
 */
class ExpiryHeap {
  private readonly at: number[] = [];
  private readonly nonce: string[] = [];
  private readonly record: number[] = [];

  get size(): number {
    return this.at.length;
  }

  /** The earliest expiry, or `undefined` when empty. */
  peekAt(): number | undefined {
    return this.at[0];
  }

  push(at: number, nonce: string, record: number): void {
    let i = this.at.length;
    this.at.push(at);
    this.nonce.push(nonce);
    this.record.push(record);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.at[parent]! <= at) break;
      this.move(parent, i);
      i = parent;
    }
    this.put(i, at, nonce, record);
  }

  /** Removes the earliest item; calls `dropped` with its nonce and record number. */
  pop(dropped: (nonce: string, record: number) => void): void {
    const { at: ats, nonce: nonces, record: records } = this;
    if (ats.length === 0) return;
    const topNonce = nonces[0]!;
    const topRecord = records[0]!;
    const at = ats.pop()!;
    const nonce = nonces.pop()!;
    const record = records.pop()!;
    if (ats.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= ats.length) break;
        const right = left + 1;
        const child = right < ats.length && ats[right]! < ats[left]! ? right : left;
        if (ats[child]! >= at) break;
        this.move(child, i);
        i = child;
      }
      this.put(i, at, nonce, record);
    }
    dropped(topNonce, topRecord);
  }

  private move(from: number, to: number): void {
    this.at[to] = this.at[from]!;
    this.nonce[to] = this.nonce[from]!;
    this.record[to] = this.record[from]!;
  }

  private put(i: number, at: number, nonce: string, record: number): void {
    this.at[i] = at;
    this.nonce[i] = nonce;
    this.record[i] = record;
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
  // Each live nonce → the number of its record (a small integer, stored unboxed); the heap
  // holds when each record expires.
  const records = new Map<string, number>();
  const heap = new ExpiryHeap();
  let recorded = 0;
  const drop = (nonce: string, record: number) => {
    // The map holds the live record; the heap item may be left from an earlier, expired one.
    if (records.get(nonce) === record) records.delete(nonce);
  };

  const sweep = (at: number) => {
    for (let top = heap.peekAt(); top !== undefined && top <= at; top = heap.peekAt()) {
      heap.pop(drop);
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
      if (records.has(nonce)) return false;
      if (expiresAtMs <= at) return true;
      if (records.size >= maxEntries) {
        throw new EsscError(
          'PLATFORM_UNAVAILABLE',
          `The replay store is full (${maxEntries} live codes); retry shortly or raise maxEntries.`,
        );
      }
      // Record numbers wrap well inside the small-integer range; two live records never share
      // one (a store holds at most `maxEntries` of them, far fewer than 2^30).
      recorded = (recorded + 1) & 0x3fffffff;
      records.set(nonce, recorded);
      heap.push(expiresAtMs, nonce, recorded);
      return true;
    },
    size() {
      sweep(now());
      return records.size;
    },
  };
}
