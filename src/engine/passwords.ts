import { hashPassword, verifyPasswordHash } from '../crypto/index.js';
import { EsscError, type WeakPasswordReason } from '../domain/errors.js';
import { checkNewPassword } from '../domain/password-rules.js';
import type { EngineContext } from './context.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';

/**
 * The e-card password (R8–R11): one per e-card, shared by every channel, set at the first
 * application, changed with the old one or reset with a face check. Checking a password (and
 * its failure counter) is user verification's part.
 */
export class Passwords {
  private readonly iterations: number;

  constructor(private readonly ctx: EngineContext) {
    this.iterations = ctx.options.passwordHashIterations ?? 20_000;
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'changePassword' | 'resetPassword'> {
    return {
      changePassword: (call) => this.changePassword(call),
      resetPassword: (call) => this.resetPassword(call),
    };
  }

  /** R8, R9: the stored hash of a password a person sets, or WEAK_PASSWORD. */
  async hashNew(password: string, idNumber: string): Promise<string> {
    requireStrong(password, idNumber);
    return hashPassword(password, { iterations: this.iterations });
  }

  /** R9, R10, R11: change with the old password; takes effect in every channel at once. */
  async changePassword({
    caller: channelId,
    input,
  }: OperationCall<'changePassword'>): Promise<void> {
    const { ctx } = this;
    const { ecard } = ctx.registry.requireActive(channelId, input.signNo);
    const [oldPassword, newPassword] = await Promise.all([
      ctx.verification.openPassword(input.oldPassword, 'oldPassword', channelId),
      ctx.verification.openPassword(input.newPassword, 'newPassword', channelId),
    ]);
    // A weak new password is refused before the old one is tried, so it costs no attempt.
    requireStrong(newPassword, ecard.idNumber);
    await ctx.verification.verifyPassword(ecard, oldPassword, channelId);
    if (oldPassword === newPassword) {
      throw new EsscError('PASSWORD_REUSED', 'The new password must differ from the old one.');
    }
    ecard.passwordHash = await hashPassword(newPassword, { iterations: this.iterations });
    ctx.notifier.notifyBound(ecard.signNo, 'password.changed', {}, channelId);
  }

  /** R10, R11: reset with a real-person check instead of the old password; unlocks the password. */
  async resetPassword({ caller: channelId, input }: OperationCall<'resetPassword'>): Promise<void> {
    const { ctx } = this;
    const { ecard } = ctx.registry.requireActive(channelId, input.signNo);
    const newPassword = await ctx.verification.openPassword(
      input.newPassword,
      'newPassword',
      channelId,
    );
    requireStrong(newPassword, ecard.idNumber);
    const proof = await ctx.verification.checkRealPerson(
      input.realPerson,
      ecard.idNumber,
      channelId,
    );
    if (await verifyPasswordHash(newPassword, ecard.passwordHash)) {
      proof.release();
      throw new EsscError('PASSWORD_REUSED', 'The new password must differ from the current one.');
    }
    proof.consume();
    ecard.passwordHash = await hashPassword(newPassword, { iterations: this.iterations });
    ctx.verification.unlock(ecard);
    // R42: a reset may follow a lost phone; every channel's offline credentials of the e-card end.
    ctx.offline.revokeWhere((c) => c.signNo === ecard.signNo);
    ctx.notifier.notifyBound(ecard.signNo, 'password.reset', {}, channelId);
  }
}

/** R9: WEAK_PASSWORD with the reason, for a password a person sets. */
function requireStrong(password: string, idNumber: string): void {
  const weak = checkNewPassword(password, { idNumber });
  if (!weak.ok) throw weakPassword(weak.reason);
}

function weakPassword(reason: WeakPasswordReason): EsscError {
  return new EsscError('WEAK_PASSWORD', `The new password is too weak (${reason}).`, {
    details: { reason },
  });
}
