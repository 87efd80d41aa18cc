import { randomId, verifyPasswordHash } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import { currentPasswordSchema } from '../domain/schemas.js';
import type { ECardRecord, RealPersonProofRecord } from './entities.js';
import type { Notifier } from './notifier.js';
import type { PlatformKeyring, SealedSecret } from './platform-keys.js';
import type { Registry } from './registry.js';

/** User verification as the platform receives it: the secret sealed. */
export type SealedVerification = { password: SealedSecret } | { realPerson: SealedSecret };

/** Consecutive wrong passwords that lock the password (R11). */
export const MAX_PASSWORD_FAILURES = 5;

/**
 * A verification that passed. A real-person proof is held from the moment it passes (R18: two
 * operations racing for one proof cannot both pass); `consume` spends it once the whole
 * operation succeeded, `release` gives it back when the operation is refused after the check.
 * For a password both do nothing.
 */
export interface PassedCheck {
  consume(): void;
  release(): void;
}

const PASSWORD_CHECK: PassedCheck = { consume: () => undefined, release: () => undefined };

/**
 * Runs the checks an operation makes after a verification passed: if they refuse it, the held
 * proof is given back (so the citizen's face check is not wasted), and the refusal goes on.
 */
export function releasedOnRefusal<T>(check: PassedCheck, checks: () => T): T {
  let result: T;
  try {
    result = checks();
  } catch (error) {
    check.release();
    throw error;
  }
  if (result instanceof Promise) {
    return result.catch((error: unknown) => {
      check.release();
      throw error;
    }) as T;
  }
  return result;
}

/**
 * R18 "it is me, it is me acting": the e-card password with its failure counter and lock
 * (R11), and the real-person proofs a passed face check yields (R5, R10). A check holds a proof
 * at once (no await between the check and the hold, so it is atomic); the caller spends it only
 * once its whole operation succeeded, and gives it back when the operation is refused.
 */
export class UserVerification {
  private readonly proofs = new Map<string, RealPersonProofRecord>();

  constructor(
    private readonly deps: {
      now: () => number;
      proofTtlMs: number;
      keys: PlatformKeyring;
      registry: Registry;
      notifier: Notifier;
    },
  ) {}

  /**
   * Mints the token a passed face check yields: for one ID number, short-lived, usable once.
   * A face check of someone the platform does not know cannot pass: CARD_NOT_FOUND.
   */
  realPersonProof(idNumber: string): string {
    this.deps.registry.requirePerson(idNumber);
    this.sweep();
    const token = `rp_${randomId(24)}`;
    this.proofs.set(token, {
      idNumber,
      expiresAt: this.deps.now() + this.deps.proofTtlMs,
      used: false,
    });
    return token;
  }

  /**
   * R18: checks a password or a real-person proof. A proof is held until the caller consumes it
   * (the whole operation succeeded) or releases it (refused after the check).
   */
  async verifyUser(
    ecard: ECardRecord,
    verification: SealedVerification,
    channelId: string,
  ): Promise<PassedCheck> {
    if ('password' in verification) {
      await this.verifyPassword(
        ecard,
        await this.openPassword(verification.password, 'password', channelId),
        channelId,
      );
      return PASSWORD_CHECK;
    }
    return this.checkRealPerson(verification.realPerson, ecard.idNumber, channelId);
  }

  /**
   * R9: the one place a sealed password becomes the string the engine hashes and compares:
   * opened, put in NFKC (full-width digits from a Chinese input method become ASCII, as the
   * client does) and required to be exactly 6 ASCII digits. A channel that calls the platform
   * without the SDK client thus sets and checks the same password an SDK client would.
   * The format error is the client's: `WEAK_PASSWORD` (format) for a new password,
   * `VALIDATION_FAILED` for one given to prove "it is me".
   */
  async openPassword(
    sealed: SealedSecret,
    field: 'password' | 'oldPassword' | 'newPassword',
    channelId: string,
  ): Promise<string> {
    // The client's own schema: NFKC, then 6 ASCII digits; one definition for both sides.
    const parsed = currentPasswordSchema.safeParse(
      await this.deps.keys.open(sealed, field, channelId),
    );
    if (parsed.success) return parsed.data;
    if (field === 'newPassword') {
      throw new EsscError('WEAK_PASSWORD', `The new password is too weak (format).`, {
        details: { reason: 'format' },
      });
    }
    throw new EsscError('VALIDATION_FAILED', 'The password must be exactly 6 digits.', {
      details: { issues: [{ path: [field], message: 'must be exactly 6 digits' }] },
    });
  }

  /** R11: counted across channels; five consecutive failures lock until a reset. */
  async verifyPassword(ecard: ECardRecord, password: string, channelId: string): Promise<void> {
    if (ecard.failures >= MAX_PASSWORD_FAILURES) throw passwordLocked();
    if (await verifyPasswordHash(password, ecard.passwordHash)) {
      ecard.failures = 0;
      return;
    }
    ecard.failures += 1;
    if (ecard.failures >= MAX_PASSWORD_FAILURES) {
      this.deps.notifier.notifyBound(ecard.signNo, 'password.locked', {}, channelId);
      throw passwordLocked();
    }
    const attemptsLeft = MAX_PASSWORD_FAILURES - ecard.failures;
    throw new EsscError(
      'PASSWORD_INCORRECT',
      `Wrong e-card password; ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`,
      { details: { attemptsLeft } },
    );
  }

  /** R10, R11: a reset unlocks the password. */
  unlock(ecard: ECardRecord): void {
    ecard.failures = 0;
  }

  /**
   * R5, R10, R18: a sealed proof for this ID number, unexpired, unused and not held by another
   * operation in flight; held from here on (see {@link PassedCheck}).
   */
  async checkRealPerson(
    sealed: SealedSecret,
    idNumber: string,
    channelId: string,
  ): Promise<PassedCheck> {
    const token = await this.deps.keys.open(sealed, 'realPerson', channelId);
    // From here to the hold there is no await: checking and holding are one step.
    const proof = this.proofs.get(token);
    if (
      !proof ||
      proof.used ||
      proof.held ||
      proof.expiresAt <= this.deps.now() ||
      proof.idNumber !== idNumber
    ) {
      throw new EsscError(
        'REAL_PERSON_FAILED',
        'The real-person proof is missing, expired, used, or for another person; run the face check again.',
      );
    }
    proof.held = true;
    return {
      consume: () => {
        proof.used = true;
        proof.held = false;
      },
      release: () => {
        proof.held = false;
      },
    };
  }

  /** Forgets expired proofs; they are kept in minting order with one lifetime. */
  private sweep(): void {
    const now = this.deps.now();
    for (const [token, proof] of this.proofs) {
      if (proof.expiresAt > now) break;
      this.proofs.delete(token);
    }
  }
}

function passwordLocked(): EsscError {
  return new EsscError(
    'PASSWORD_LOCKED',
    `The e-card password is locked after ${MAX_PASSWORD_FAILURES} wrong attempts; reset it with a face check.`,
    { details: { attemptsLeft: 0 } },
  );
}
