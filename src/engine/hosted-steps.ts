import { sealSecret } from '../crypto/index.js';
import { type ErrorCode, EsscError, isEsscError } from '../domain/errors.js';
import type { ReceiptKind } from '../domain/hosted.js';
import { validationError } from '../domain/validation.js';
import type { OperationOutput, PlatformOperation } from '../platform/operations.js';
import { sealedSecretContext } from '../platform/protocol.js';
import type { EngineContext } from './context.js';
import type { Launch } from './hosted-launches.js';
import { type ReceiptCard, signReceipt, withReceipt } from './hosted-receipts.js';
import type { HostedStepInput } from './hosted-view.js';

/** Runs an operation as a channel, through the engine's one pipeline. */
export type RunOperation = <O extends PlatformOperation>(
  operation: O,
  channelId: string,
  input: unknown,
  idempotencyKey: string,
) => Promise<OperationOutput<O>>;

/** Refusals the citizen can fix on the same step; any other ends the page (`closed`). */
const STAY: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'PASSWORD_INCORRECT',
  'WEAK_PASSWORD',
  'PASSWORD_REUSED',
  'VALIDATION_FAILED',
]);

/**
 * The work of each step of a hosted page (R35, R37): every step does it with the same
 * operations as the API (`apply`, `enablePayment`, `changePassword`, `resetPassword`,
 * `unbind`, `certify`, `issueQr`, and the password and face checks of user verification), as
 * the launch's channel, through the pipeline, with idempotency keys of the launch (R20); and
 * the page's end, with its signed receipt (R36).
 */
export class HostedSteps {
  constructor(
    private readonly ctx: EngineContext,
    private readonly run: RunOperation,
  ) {}

  /** Whether the platform runs in test mode (the sandbox): a test face check, loopback returns. */
  get testMode(): boolean {
    return this.ctx.options.testMode === true;
  }

  /** The card the `card` page shows, read as the launch's channel (no idempotency key). */
  runGetCard(launch: Launch) {
    return this.run('getCard', launch.channelId, { signNo: launch.signNo }, '');
  }

  /** One step's work; a refusal is thrown (see {@link refused}). */
  async advance(launch: Launch, input: HostedStepInput): Promise<void> {
    switch (launch.step) {
      case 'face':
        return this.face(launch, input);
      case 'password':
        return this.password(launch, required(input, 'password'));
      case 'new-password':
        return this.newPassword(launch, required(input, 'newPassword'));
      case 'old-and-new-password': {
        const oldPassword = required(input, 'password');
        const newPassword = required(input, 'newPassword');
        const signNo = launch.signNo!;
        await this.run(
          'changePassword',
          launch.channelId,
          {
            signNo,
            oldPassword: await this.seal(launch, oldPassword),
            newPassword: await this.seal(launch, newPassword),
          },
          this.key(launch),
        );
        return this.end(launch, 'password-changed');
      }
      case 'card':
        return this.code(launch, input);
      default:
        return undefined;
    }
  }

  /**
   * A refused step: a wrong password, a weak or reused new one, a missing field stay on the
   * step with the error (R11: the attempts left); a proof that lapsed goes back to the face
   * check; anything else ends the page with a `closed` receipt naming the error (a failed face
   * check, PASSWORD_LOCKED, NOT_BOUND, CARD_INACTIVE…).
   */
  async refused(launch: Launch, error: EsscError, token: string): Promise<void> {
    if (STAY.has(error.code)) {
      launch.error = { code: error.code, ...(error.details ? { details: error.details } : {}) };
      // R8: the card was issued elsewhere meanwhile: the shared password is asked for instead.
      if (error.code === 'PASSWORD_INCORRECT' && launch.step === 'new-password') {
        launch.step = launch.action === 'apply' ? 'password' : launch.step;
      }
      return;
    }
    if (error.code === 'REAL_PERSON_FAILED' && launch.step !== 'face' && launch.proof) {
      launch.proof = undefined;
      launch.step = 'face';
      launch.error = { code: error.code };
      return;
    }
    await this.end(launch, 'closed', error.code, token);
  }

  /** Ends the page: signs its receipt, tells the channel (`hosted.completed`), keeps the view. */
  async end(
    launch: Launch,
    kind: ReceiptKind,
    error?: ErrorCode,
    token = launch.pastTokens.size ? [...launch.pastTokens].at(-1)! : launch.token,
    card: ReceiptCard | undefined = this.cardOf(launch.signNo),
  ): Promise<void> {
    const receipt = await signReceipt(this.ctx, {
      kind,
      busiSeq: launch.busiSeq,
      channelId: launch.channelId,
      channelUserId: launch.channelUserId,
      card,
      ...(error ? { error } : {}),
    });
    launch.step = 'done';
    launch.proof = undefined;
    launch.done = { kind, receipt, returnUrl: withReceipt(launch.returnUrl, receipt), token };
    this.ctx.notifier.notify(launch.channelId, card?.signNo ?? '', 'hosted.completed', {
      receipt,
      busiSeq: launch.busiSeq,
    });
  }

  /** The face check: in test mode the citizen's pass or fail; a pass mints the proof. */
  private async face(launch: Launch, input: HostedStepInput): Promise<void> {
    if (!this.testMode) {
      throw validationError('This platform has no face check provider.', {
        path: ['face'],
        message: 'no face check here',
      });
    }
    if (input.face !== 'pass' && input.face !== 'fail') throw missing('face', 'is needed');
    if (input.face === 'fail') {
      throw new EsscError('REAL_PERSON_FAILED', 'The face check failed.');
    }
    const { registry, verification } = this.ctx;
    const idNumber = launch.person?.idNumber ?? registry.ecardOf(launch.signNo!)!.ecard.idNumber;
    launch.proof = verification.realPersonProof(idNumber);
    switch (launch.action) {
      case 'apply': {
        const { card } = registry.requireCardholder(idNumber);
        // R8: a card issued in another channel verifies the shared password instead.
        launch.step = registry.signNoOfCard(card.cardNo) ? 'password' : 'new-password';
        return;
      }
      case 'reset-password':
        launch.step = 'new-password';
        return;
      case 'verify-face': {
        const signNo = launch.signNo!;
        await this.ctx.exclusive(registry.lockOf(signNo), async () => {
          const { ecard } = registry.requireActive(launch.channelId, signNo);
          const realPerson = await this.seal(launch, launch.proof!);
          (await verification.verifyUser(ecard, { realPerson }, launch.channelId)).consume();
        });
        return this.end(launch, 'face-verified');
      }
      case 'certification':
        await this.run(
          'certify',
          launch.channelId,
          { signNo: launch.signNo!, realPerson: await this.seal(launch, launch.proof) },
          this.key(launch),
        );
        return this.end(launch, 'certified');
      default:
        return;
    }
  }

  /** The current password: apply in a second channel, enable payment, unbind, the check. */
  private async password(launch: Launch, password: string): Promise<void> {
    const { channelId } = launch;
    const sealed = await this.seal(launch, password);
    switch (launch.action) {
      case 'apply':
        return this.apply(launch, sealed, 'bound');
      case 'enable-payment':
        await this.run(
          'enablePayment',
          channelId,
          { signNo: launch.signNo!, verification: { password: sealed } },
          this.key(launch),
        );
        return this.end(launch, 'payment-enabled');
      case 'unbind': {
        const card = this.cardOf(launch.signNo);
        await this.run(
          'unbind',
          channelId,
          { signNo: launch.signNo!, verification: { password: sealed } },
          this.key(launch),
        );
        return this.end(launch, 'unbound', undefined, undefined, card);
      }
      case 'verify-password': {
        const signNo = launch.signNo!;
        const { registry, verification } = this.ctx;
        // The standalone check (独立服务): R11's counter and lock, as any password check.
        await this.ctx.exclusive(registry.lockOf(signNo), async () => {
          const { ecard } = registry.requireActive(channelId, signNo);
          (await verification.verifyUser(ecard, { password: sealed }, channelId)).consume();
        });
        return this.end(launch, 'password-verified');
      }
      default:
        return;
    }
  }

  /** A new password: the first apply (R8), or a reset with the face check's proof (R10). */
  private async newPassword(launch: Launch, newPassword: string): Promise<void> {
    const sealed = await this.seal(launch, newPassword);
    if (launch.action === 'apply') return this.apply(launch, sealed, 'applied');
    await this.run(
      'resetPassword',
      launch.channelId,
      {
        signNo: launch.signNo!,
        realPerson: await this.seal(launch, launch.proof!),
        newPassword: sealed,
      },
      this.key(launch),
    );
    return this.end(launch, 'password-changed');
  }

  /** R37: a hosted apply is an apply, with the face check's proof and the password typed. */
  private async apply(launch: Launch, password: string, kind: 'applied' | 'bound'): Promise<void> {
    const person = launch.person!;
    const card = await this.run(
      'apply',
      launch.channelId,
      {
        channelUserId: launch.channelUserId,
        name: person.name,
        idNumber: person.idNumber,
        realPerson: await this.seal(launch, launch.proof!),
        password,
      },
      this.key(launch),
    );
    return this.end(launch, kind, undefined, undefined, {
      signNo: card.signNo,
      signLevel: card.level === 2 ? '2' : '1',
      regionCode: card.regionCode,
    });
  }

  /** On `card`: a fresh identity code, or a payment code with the password (R15). */
  private async code(launch: Launch, input: HostedStepInput): Promise<void> {
    if (input.code !== 'identity' && input.code !== 'payment') throw missing('code', 'is needed');
    const signNo = launch.signNo!;
    const verification =
      input.code === 'payment'
        ? { password: await this.seal(launch, required(input, 'password')) }
        : undefined;
    launch.qr = await this.run(
      'issueQr',
      launch.channelId,
      { signNo, purpose: input.code, ...(verification ? { verification } : {}) },
      this.key(launch),
    );
  }

  /** The e-card fields of a receipt, when the page knows the card. */
  private cardOf(signNo: string | undefined): ReceiptCard | undefined {
    const found = signNo === undefined ? undefined : this.ctx.registry.ecardOf(signNo);
    if (!found) return undefined;
    return {
      signNo: found.ecard.signNo,
      signLevel: found.ecard.level === 2 ? '2' : '1',
      regionCode: found.card.regionCode,
    };
  }

  /** Seals a secret as the launch's channel would (R18): the operations open it as theirs. */
  private async seal(launch: Launch, secret: string): Promise<string> {
    return sealSecret(
      await this.ctx.keys.encryptionPublicKey(),
      secret,
      sealedSecretContext(launch.channelId),
    );
  }

  /** The idempotency key of this submission's operation (R20): one per launch and submission. */
  private key(launch: Launch): string {
    return `hosted:${launch.busiSeq}:${launch.submissions}`;
  }
}

/** A field the step needs, as text. */
function required(input: HostedStepInput, field: 'password' | 'newPassword'): string {
  const value = input?.[field];
  if (typeof value !== 'string' || value === '') throw missing(field, 'is needed');
  return value;
}

export function missing(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return validationError(`${field} ${message}.`, { path: [field], message });
}

/** The code of a refusal; a non-EsscError goes on as it is. */
export function refusalCode(error: unknown): ErrorCode {
  if (isEsscError(error)) return error.code;
  throw error;
}
