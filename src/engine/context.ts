import { IdempotencyStore } from './idempotency.js';
import { KeyedMutex } from './keyed-mutex.js';
import { Notifier } from './notifier.js';
import { PlatformKeyring, type PlatformKeys } from './platform-keys.js';
import { Registry } from './registry.js';
import { UserVerification } from './user-verification.js';

/** Options of {@link PlatformEngine}. */
export interface PlatformEngineOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /**
   * PBKDF2 iterations of the password hash. The reference engine defaults to 20 000 so test
   * suites stay fast; a platform facing real users sets 600 000 (OWASP 2023).
   */
  passwordHashIterations?: number;
  /** Lifetime of a real-person proof, seconds (default 300). */
  realPersonProofTtlSeconds?: number;
  /**
   * The platform's keys, when they must outlive the instance (a sandbox restarted with the
   * JWKS its channels pinned). Made per instance when left out.
   */
  keys?: PlatformKeys;
  /** Lifetime of a dynamic QR code, seconds (default 60, R15). */
  qrTtlSeconds?: number;
  /** Lifetime of a scan-to-login session, seconds (default 120, R17). */
  loginTtlSeconds?: number;
}

/** Field names of sealed secrets in operation inputs. */
const SEALED_FIELDS = new Set(['password', 'oldPassword', 'newPassword', 'realPerson']);

/**
 * Leaves sealed secrets out of an idempotency fingerprint: every seal is a fresh JWE, so a
 * real retry (which seals again) would never match; and a digest of a 6-digit password kept in
 * memory would be as good as the password. Only which kind of secret was given counts.
 */
function withoutSecrets(key: string, value: unknown): unknown {
  return SEALED_FIELDS.has(key) && typeof value === 'string' ? '(sealed)' : value;
}

/**
 * What every capability module of the engine is built with: the clock, the options, the keys,
 * the shared records, the notifier, user verification, and the two ways an operation runs
 * (a caller's {@link EngineContext.mutate}, the back office's {@link EngineContext.serialised}).
 * A new capability (payments, services, family) is a class taking this context, with its own
 * records inside, and a few lines in the facade that delegate to it.
 */
export class EngineContext {
  readonly now: () => number;
  readonly keys: PlatformKeyring;
  readonly records = new Registry();
  readonly notifier: Notifier;
  readonly verification: UserVerification;
  private readonly mutex = new KeyedMutex();
  private readonly idempotency: IdempotencyStore;

  constructor(readonly options: PlatformEngineOptions) {
    this.now = options.now ?? Date.now;
    this.keys = new PlatformKeyring(options.keys);
    this.idempotency = new IdempotencyStore(this.now);
    this.notifier = new Notifier(this.now, this.records);
    this.verification = new UserVerification({
      now: this.now,
      proofTtlMs: (options.realPersonProofTtlSeconds ?? 300) * 1000,
      keys: this.keys,
      records: this.records,
      notifier: this.notifier,
    });
  }

  /**
   * Runs a channel's mutating operation: the channel must be known (R19), the first outcome
   * is kept per idempotency key (R20), and operations on one person run one at a time.
   */
  mutate<T>(
    channelId: string,
    operation: string,
    idempotencyKey: string | undefined,
    request: unknown,
    lockKey: () => string,
    work: () => Promise<T>,
  ): Promise<T> {
    this.records.requireChannel(channelId);
    return this.once(channelId, operation, idempotencyKey, request, () =>
      this.mutex.run(lockKey(), work),
    );
  }

  /**
   * R20 for any caller: the first outcome per (scope, idempotency key). Scopes of portals are
   * `portal:<id>`, which no channel id can spell (no colon allowed there).
   */
  once<T>(
    scope: string,
    operation: string,
    idempotencyKey: string | undefined,
    request: unknown,
    work: () => Promise<T>,
  ): Promise<T> {
    const fingerprint = `${operation}:${JSON.stringify(request, withoutSecrets)}`;
    return this.idempotency.run(scope, idempotencyKey, fingerprint, work);
  }

  /**
   * Runs async work one at a time per key, outside any caller's idempotency: merchants'
   * charges are keyed by their order id (R24), not by an idempotency key, and serialise on the
   * order and then on the holder.
   */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.mutex.run(key, work);
  }

  /**
   * Runs a back-office change of one person's records in turn with that person's channel
   * operations: at once when none is in flight, otherwise right after it, so a channel that
   * binds while a card is replaced is bound first and then told.
   */
  serialised<T>(idNumber: string, work: () => T): Promise<T> {
    return this.mutex.runWhenFree(idNumber, work);
  }
}
