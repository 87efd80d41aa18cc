import type { PlatformAdapter } from '../platform/port.js';

/**
 * Options of {@link createClient}.
 */
export interface ClientOptions {
  /** The platform adapter: `MockPlatform#adapter`, `createHttpAdapter`, the relay adapter… */
  adapter: PlatformAdapter;
  /**
   * Which notifications become card events: only those of cards this client has seen
   * (`'known-cards'`, the default: right for one user's app) or all of the channel's
   * (`'all'`: right for a channel backend serving every user).
   */
  cardEvents?: 'known-cards' | 'all';
}

/**
 * Per-call options.
 *
 * @example
 * ```ts
 * const idempotencyKey = crypto.randomUUID(); // keep it until the outcome is known
 * await client.changePassword(input, { idempotencyKey, signal: AbortSignal.timeout(15_000) });
 * ```
 */
export interface CallOptions {
  /**
   * The idempotency key of a mutating call (R20). Left out, the client makes one per call;
   * pass your own to retry a call whose outcome you did not get without doing it twice.
   */
  idempotencyKey?: string;
  /** Aborts the call (the adapter stops waiting; the platform may still have applied it). */
  signal?: AbortSignal;
}
