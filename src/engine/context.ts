import type { CryptoSuite } from '../crypto/index.js';
import { base64urlEncode, hmacSha256, randomBytes } from '../crypto/index.js';
import type { CardRecord } from './entities.js';
import { fingerprintOf, IdempotencyStore, keyReused } from './idempotency.js';
import { KeyedMutex } from './keyed-mutex.js';
import { Notifier } from './notifier.js';
import { OfflineStatus } from './offline-status.js';
import { PlatformKeyring, type PlatformKeys } from './platform-keys.js';
import { Registry } from './registry.js';
import { UserVerification } from './user-verification.js';

/** Operations whose outcome expires with the QR code it carries (R15). */
const SHORT_LIVED_OUTCOMES: ReadonlySet<string> = new Set(['issueQr']);

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
  /**
   * The crypto suite (R34): `'jose'` (default) or `'sm'` (SM2, SM3, SM4). Follows `keys` when
   * they are given.
   */
  suite?: CryptoSuite;
  /**
   * How long a payment lookup waits for a charge of its order still being made, milliseconds
   * (default 2 000), before answering the retryable `PAYMENT_PENDING` (R24).
   */
  paymentLookupWaitMs?: number;
  /**
   * Where the hosted pages are served (R35): a launch answers `<hostedBaseUrl>/hosted/<action>`.
   * Default `https://essc.example.cn`; the sandbox gives its own origin.
   */
  hostedBaseUrl?: string;
  /**
   * Test mode (a mock platform, the sandbox): the hosted face check is a pass or fail the
   * tester chooses, and a hosted page may return to a loopback `http:` address (R35, R38).
   */
  testMode?: boolean;
}

/**
 * What every capability module of the engine is built with: the clock, the options, the keys,
 * the shared records, the notifier, user verification, and how work runs: a caller's first
 * outcome per idempotency key ({@link EngineContext.once}), one at a time per person
 * ({@link EngineContext.exclusive}), the back office in turn with them
 * ({@link EngineContext.serialised}). A new capability is a class taking this context, with its
 * own records inside and its operations' handlers (`pipeline.ts`).
 */
export class EngineContext {
  readonly now: () => number;
  readonly keys: PlatformKeyring;
  readonly registry = new Registry();
  readonly notifier: Notifier;
  readonly verification: UserVerification;
  /**
   * Called after a physical card's status changed (inside the back office's serialised step):
   * a capability that follows other people's cards registers here (family, R32).
   */
  readonly cardStatusListeners: ((card: CardRecord) => void)[] = [];
  /**
   * Offline credentials and their status list (R39–R42): whatever ends a binding, a password or
   * a member's place revokes theirs here, at once.
   */
  readonly offline: OfflineStatus;
  private readonly mutex = new KeyedMutex();
  private readonly idempotency: IdempotencyStore;
  /**
   * Outcomes worth keeping only while they can be used: a QR code's (R15) lives 60 s, so a
   * retry after that has nothing to gain from the first code. Kept apart (one TTL per store, so
   * each sweeps in insertion order) instead of for the day every other outcome is kept: a
   * platform issuing codes all day would otherwise hold a day of them.
   */
  private readonly shortLived: IdempotencyStore;
  /**
   * Key of the digests that stand for sealed secrets in idempotency fingerprints. Random per
   * instance and never exported: a digest is only compared with another made here, and without
   * the key a digest of a 6-digit password cannot be matched by trying the million codes.
   */
  private readonly fingerprintKey = randomBytes(32);

  constructor(readonly options: PlatformEngineOptions) {
    this.now = options.now ?? Date.now;
    this.keys = new PlatformKeyring(options.keys, options.suite);
    this.idempotency = new IdempotencyStore(this.now);
    this.shortLived = new IdempotencyStore(this.now, (options.qrTtlSeconds ?? 60) * 1000);
    this.notifier = new Notifier(this.now, this.registry);
    this.offline = new OfflineStatus(this.now, this.keys);
    this.verification = new UserVerification({
      now: this.now,
      proofTtlMs: (options.realPersonProofTtlSeconds ?? 300) * 1000,
      keys: this.keys,
      registry: this.registry,
      notifier: this.notifier,
    });
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
    if (idempotencyKey === undefined) return work();
    // The secrets the fingerprint opens stay open for the handler until this call is answered
    // (one opening per sealed field, not two: PlatformKeyring.openHeld).
    let answered: (() => void) | undefined;
    let untilAnswered: Promise<void> | undefined;
    const fingerprint = fingerprintOf(request, (sealed, field) => {
      untilAnswered ??= new Promise<void>((resolve) => {
        answered = resolve;
      });
      return this.secretDigest(scope, sealed, field, untilAnswered);
    });
    const shortLived = SHORT_LIVED_OUTCOMES.has(operation);
    const store = shortLived ? this.shortLived : this.idempotency;
    // A key kept in the other store was one request of another operation: refused, as in one.
    const outcome = (shortLived ? this.idempotency : this.shortLived).holds(scope, idempotencyKey)
      ? Promise.reject(keyReused())
      : typeof fingerprint === 'string'
        ? store.run(scope, idempotencyKey, operation, fingerprint, work)
        : fingerprint.then((f) => store.run(scope, idempotencyKey, operation, f, work));
    if (typeof fingerprint !== 'string') {
      const release = () => answered?.();
      // After the fingerprint too: a refusal above may come before its secrets are open.
      Promise.allSettled([outcome, fingerprint]).then(release);
    }
    return outcome;
  }

  /**
   * What stands for a sealed secret in a fingerprint: a keyed hash of the opened secret, so a
   * retry (sealed again, another JWE) matches and another secret under the same key does not.
   * A secret that cannot be opened stands as such; the operation itself refuses it.
   */
  private async secretDigest(
    scope: string,
    sealed: string,
    field: string,
    untilAnswered: Promise<void>,
  ): Promise<string> {
    let secret: string;
    try {
      secret = await this.keys.openHeld(sealed, field, scope, untilAnswered);
    } catch {
      return '(unreadable)';
    }
    const mac = await hmacSha256(this.fingerprintKey, new TextEncoder().encode(secret));
    return base64urlEncode(mac);
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
