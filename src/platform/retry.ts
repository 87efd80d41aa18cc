/**
 * The one retry arithmetic of the SDK: how long to wait before retry `n` (jittered
 * exponential), what a `Retry-After` asks for, and a wait the caller's signal cuts short. The
 * http adapter, the relay adapter and the sandbox's webhook deliveries all take their waits
 * from here, so a change of policy is made once. It sits in `platform/` so that http, relay
 * and sandbox can all import it without importing each other; it needs nothing but
 * `setTimeout`, so it loads in a mini-program.
 *
 * @internal
 */

/**
 * The shape of the waits between retries.
 */
export interface BackoffPolicy {
  /** The ceiling of the first wait; it doubles with each retry. */
  baseMs: number;
  /** No ceiling grows above this. */
  maxMs: number;
  /**
   * `full` (default): anywhere in `[0, ceiling)`, the best spread for many clients retrying
   * together. `equal`: half the ceiling for sure, the other half at random, for a sender that
   * must not hammer one receiver (webhooks).
   */
  jitter?: 'full' | 'equal';
  /** A number in [0, 1) (default `Math.random`); tests pass their own. */
  random?: () => number;
}

/**
 * The wait before retry `retry` (1 for the first): jittered over
 * `min(maxMs, baseMs · 2^(retry−1))`.
 */
export function backoffDelay(retry: number, policy: BackoffPolicy): number {
  const random = policy.random ?? Math.random;
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (retry - 1));
  if (policy.jitter === 'equal') return Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return random() * ceiling;
}

/**
 * What a `Retry-After` header (seconds, or an HTTP date; also a rate-limit reset given as an
 * epoch in seconds) asks for, in ms, capped at `maxMs`; `undefined` without a header. An
 * unreadable value waits the longest.
 */
export function retryAfterMs(
  header: string | null | undefined,
  options: { maxMs: number; now?: () => number },
): number | undefined {
  if (!header) return undefined;
  const now = options.now ?? Date.now;
  let after = Number(header) * 1000;
  if (Number.isNaN(after)) after = Date.parse(header) - now();
  else if (after >= Date.parse('2024-01-01')) after -= now();
  return Number.isNaN(after) ? options.maxMs : Math.min(after, options.maxMs);
}

/**
 * Waits `ms`; an abort of `signal` (already, or during the wait) rejects with what
 * `onAbort` makes of it (default: the signal's reason).
 */
export function abortableDelay(
  ms: number,
  options: { signal?: AbortSignal | undefined; onAbort?: (signal: AbortSignal) => unknown } = {},
): Promise<void> {
  const { signal } = options;
  const reason = (s: AbortSignal) => (options.onAbort ? options.onAbort(s) : s.reason);
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(reason(signal));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(reason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
