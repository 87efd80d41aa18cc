import { randomBytes, randomId, sealSecret } from '../crypto/index.js';
import { type ErrorCode, EsscError, isEsscError } from '../domain/errors.js';
import type { HostedAction, HostedLaunch, ReceiptKind } from '../domain/hosted.js';
import { maskName } from '../domain/masking.js';
import type { DynamicQr, ECard } from '../domain/types.js';
import { validationError } from '../domain/validation.js';
import type { OperationOutput, PlatformOperation } from '../platform/operations.js';
import { sealedSecretContext } from '../platform/protocol.js';
import type { EngineContext } from './context.js';
import { checkReturnUrl, type ReceiptCard, signReceipt, withReceipt } from './hosted-receipts.js';
import { toBase32 } from './ids.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';
import { MAX_PASSWORD_FAILURES } from './user-verification.js';

/** A launch lives 10 minutes on the platform's clock (R35). */
export const LAUNCH_TTL_MS = 10 * 60 * 1000;

/** Where the pages are served when the platform is not told (the sandbox passes its origin). */
export const DEFAULT_HOSTED_BASE_URL = 'https://essc.example.cn';

/**
 * The step a hosted page shows (R35):
 *
 * - `face`: the face check (in test mode two buttons, pass and fail);
 * - `password`: the e-card password (apply in a second channel, enable payment, unbind, the
 *   standalone check);
 * - `new-password`: a new password (the first apply, a reset);
 * - `old-and-new-password`: a change;
 * - `card`: the card with its identity and payment codes;
 * - `done`: finished; the page sends the browser to `done.returnUrl`.
 */
export type HostedStepName =
  | 'face'
  | 'password'
  | 'new-password'
  | 'old-and-new-password'
  | 'card'
  | 'done';

/** What a hosted page shows: everything the page needs, nothing secret but its own token. */
export interface HostedView {
  /** The page launched. */
  action: HostedAction;
  /** The launching channel's display name ("微信"), so the citizen sees who asks. */
  channelName: string;
  /** The person's masked name (张*), when the page knows the person. */
  personName?: string;
  /** The step to show. */
  step: HostedStepName;
  /**
   * The step token: the form must send it back with the step ({@link HostedStepInput.token}).
   * It changes after every submission (CSRF and double-submit protection).
   */
  token: string;
  /** For the password steps: wrong passwords left before the lock (R11). */
  attemptsLeft?: number;
  /**
   * Why the last submission was refused (the page stays on its step): a wrong password
   * (`details.attemptsLeft`), a weak or reused new password (`details.reason`), a missing
   * field. The page shows `userMessage` of it (essc-sdk/i18n).
   */
  error?: { code: ErrorCode; details?: unknown };
  /** ISO 8601: when the launch expires. */
  expiresAt: string;
  /**
   * The origin of the launch's `returnUrl`, where the page's last form submission is
   * redirected: the page's Content-Security-Policy allows it in `form-action`.
   */
  returnOrigin: string;
  /** For `card`: the card, masked. */
  card?: ECard;
  /** For `card`: the code last asked for (identity or payment), to show as a QR code. */
  qr?: DynamicQr;
  /** Once the page ended: its receipt and where to send the browser (`returnUrl?receipt=…`). */
  done?: { kind: ReceiptKind; receipt: string; returnUrl: string };
}

/**
 * One submission of a hosted page's form. Only the fields of the view's step count:
 * `face` for `face` (test mode), `password` for `password` (and the old password of
 * `old-and-new-password`), `newPassword` for `new-password` and `old-and-new-password`,
 * `code` (and `password` for a payment code) on `card`. `cancel` ends any step with a `closed`
 * receipt.
 */
export interface HostedStepInput {
  /** The view's token. */
  token: string;
  /** The face check's outcome (test mode only: the platform's test face check). */
  face?: 'pass' | 'fail';
  /** The e-card password (the current one). */
  password?: string;
  /** The new password. */
  newPassword?: string;
  /** On `card`: show a fresh code of this purpose (a payment code needs `password`). */
  code?: 'identity' | 'payment';
  /** The citizen closes the page: a `closed` receipt without error. */
  cancel?: true;
}

/** One launched page, kept by the platform under an unguessable id (R35). */
interface Launch {
  readonly id: string;
  readonly busiSeq: string;
  readonly channelId: string;
  readonly channelUserId: string;
  readonly action: HostedAction;
  readonly person: { name: string; idNumber: string } | undefined;
  readonly signNo: string | undefined;
  readonly returnUrl: string;
  readonly expiresAt: number;
  step: HostedStepName;
  token: string;
  /** Tokens of earlier submissions: sent again (a double submit, a reload), they apply nothing. */
  readonly pastTokens: Set<string>;
  /** Submissions so far: each one's operations get their own idempotency key (R20). */
  submissions: number;
  /** The real-person proof of the passed face check (never shown, never in a receipt). */
  proof?: string;
  error?: { code: ErrorCode; details?: unknown };
  card?: ECard;
  qr?: DynamicQr;
  done?: { kind: ReceiptKind; receipt: string; returnUrl: string; token: string };
}

/** Runs an operation as a channel, through the engine's one pipeline. */
export type RunOperation = <O extends PlatformOperation>(
  operation: O,
  channelId: string,
  input: unknown,
  idempotencyKey: string,
) => Promise<OperationOutput<O>>;

/** The step each action starts with. */
const FIRST_STEP: Record<HostedAction, HostedStepName> = {
  apply: 'face',
  'enable-payment': 'password',
  'change-password': 'old-and-new-password',
  'reset-password': 'face',
  unbind: 'password',
  'verify-password': 'password',
  'verify-face': 'face',
  card: 'card',
  certification: 'face',
};

/** Refusals the citizen can fix on the same step; any other ends the page (`closed`). */
const STAY: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'PASSWORD_INCORRECT',
  'WEAK_PASSWORD',
  'PASSWORD_REUSED',
  'VALIDATION_FAILED',
]);

/**
 * Hosted pages (托管页面, R35–R38): the launch a channel's server makes (`launchHosted`), and
 * the state machine its page runs on the platform: {@link Hosted.view} shows a step,
 * {@link Hosted.step} submits one. Every step does its work with the same operations as the
 * API (R37: `apply`, `enablePayment`, `changePassword`, `resetPassword`, `unbind`, `certify`,
 * `getCard`, `issueQr`, and the password and face checks of user verification), as the
 * launch's channel, through the pipeline, with idempotency keys of the launch (R20). A page
 * ends with a signed receipt (R36, `hosted-receipts.ts`), also sent to the channel as a
 * `hosted.completed` notification.
 */
export class Hosted {
  private readonly launches = new Map<string, Launch>();
  private baseUrl: string;

  constructor(
    private readonly ctx: EngineContext,
    private readonly run: RunOperation,
  ) {
    this.baseUrl = ctx.options.hostedBaseUrl ?? DEFAULT_HOSTED_BASE_URL;
  }

  /** Where the pages are served: `<baseUrl>/hosted/<action>?launch=<id>`. */
  setBaseUrl(baseUrl: string): void {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'launchHosted'> {
    return { launchHosted: (call) => this.launch(call) };
  }

  /** R35: a channel's server launches a page for one of its users. */
  async launch({ caller, input }: OperationCall<'launchHosted'>): Promise<HostedLaunch> {
    const { ctx } = this;
    if (input.action === 'apply') {
      if (!input.person) throw missing('person', 'is needed to apply');
      if (input.signNo !== undefined) throw notTaken('signNo', 'apply');
    } else {
      if (input.signNo === undefined) throw missing('signNo', `is needed for ${input.action}`);
      if (input.person) throw notTaken('person', input.action);
      ctx.records.requireBinding(caller, input.signNo);
    }
    checkReturnUrl(input.returnUrl, this.testMode);
    this.sweep();
    const launch: Launch = {
      id: randomId(18),
      busiSeq: `HS${toBase32(randomBytes(20))}`,
      channelId: caller,
      channelUserId: input.channelUserId,
      action: input.action,
      person: input.person,
      signNo: input.signNo,
      returnUrl: input.returnUrl,
      expiresAt: ctx.now() + LAUNCH_TTL_MS,
      step: FIRST_STEP[input.action],
      token: randomId(16),
      pastTokens: new Set(),
      submissions: 0,
    };
    this.launches.set(launch.id, launch);
    return {
      url: `${this.baseUrl}/hosted/${launch.action}?launch=${launch.id}`,
      busiSeq: launch.busiSeq,
      expiresAt: new Date(launch.expiresAt).toISOString(),
    };
  }

  /**
   * What the page of a launch shows now. Loading it again changes nothing. A finished launch
   * is LAUNCH_USED; one past its 10 minutes (or never made) LAUNCH_EXPIRED.
   */
  async view(launchId: string): Promise<HostedView> {
    const launch = this.live(launchId);
    if (launch.done) throw launchUsed();
    if (launch.action === 'card' && launch.signNo && launch.step === 'card') {
      try {
        launch.card = await this.run('getCard', launch.channelId, { signNo: launch.signNo }, '');
      } catch (error) {
        await this.end(launch, 'closed', refusalCode(error));
      }
    }
    return this.show(launch);
  }

  /**
   * Submits the page's form for its current step and answers the next view. The token must be
   * the view's: an earlier one (a double submit, a form reloaded from history) applies nothing
   * and answers the current view — the finished view when it is the submission that finished
   * the page; any other token is VALIDATION_FAILED. Submissions of one launch run one at a time.
   */
  step(launchId: string, input: HostedStepInput): Promise<HostedView> {
    return this.ctx.exclusive(`hosted:${launchId}`, async () => {
      const launch = this.live(launchId);
      if (launch.done) {
        if (input.token === launch.done.token) return this.show(launch);
        throw launchUsed();
      }
      if (typeof input?.token !== 'string' || input.token !== launch.token) {
        if (launch.pastTokens.has(input?.token as string)) return this.show(launch);
        throw validationError('The page is out of date: load it again.', {
          path: ['token'],
          message: 'not the page’s current token',
        });
      }
      launch.pastTokens.add(launch.token);
      launch.token = randomId(16);
      launch.submissions += 1;
      launch.error = undefined;
      if (input.cancel === true) {
        await this.end(launch, 'closed', undefined, input.token);
        return this.show(launch);
      }
      try {
        await this.advance(launch, input);
      } catch (error) {
        if (!isEsscError(error)) throw error;
        await this.refused(launch, error, input.token);
      }
      return this.show(launch);
    });
  }

  /** Whether the platform runs in test mode (the sandbox): a test face check, loopback returns. */
  private get testMode(): boolean {
    return this.ctx.options.testMode === true;
  }

  /** The launch, unexpired (a finished one stays known until it would have expired twice). */
  private live(launchId: string): Launch {
    this.sweep();
    const launch = typeof launchId === 'string' ? this.launches.get(launchId) : undefined;
    if (!launch || (!launch.done && launch.expiresAt <= this.ctx.now())) {
      throw new EsscError(
        'LAUNCH_EXPIRED',
        'This hosted page expired (10 minutes) or does not exist; launch a new one.',
      );
    }
    return launch;
  }

  /** One step's work; a refusal is thrown (see {@link refused}). */
  private async advance(launch: Launch, input: HostedStepInput): Promise<void> {
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
    const { records, verification } = this.ctx;
    const idNumber = launch.person?.idNumber ?? records.ecardOf(launch.signNo!)!.ecard.idNumber;
    launch.proof = verification.realPersonProof(idNumber);
    switch (launch.action) {
      case 'apply': {
        const { card } = records.requireCardholder(idNumber);
        // R8: a card issued in another channel verifies the shared password instead.
        launch.step = records.signNoOfCard(card.cardNo) ? 'password' : 'new-password';
        return;
      }
      case 'reset-password':
        launch.step = 'new-password';
        return;
      case 'verify-face': {
        const signNo = launch.signNo!;
        await this.ctx.exclusive(records.lockOf(signNo), async () => {
          const { ecard } = records.requireActive(launch.channelId, signNo);
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
        const { records, verification } = this.ctx;
        // The standalone check (独立服务): R11's counter and lock, as any password check.
        await this.ctx.exclusive(records.lockOf(signNo), async () => {
          const { ecard } = records.requireActive(channelId, signNo);
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

  /**
   * A refused step: a wrong password, a weak or reused new one, a missing field stay on the
   * step with the error (R11: the attempts left); a proof that lapsed goes back to the face
   * check; anything else ends the page with a `closed` receipt naming the error (a failed face
   * check, PASSWORD_LOCKED, NOT_BOUND, CARD_INACTIVE…).
   */
  private async refused(launch: Launch, error: EsscError, token: string): Promise<void> {
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
  private async end(
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

  /** The e-card fields of a receipt, when the page knows the card. */
  private cardOf(signNo: string | undefined): ReceiptCard | undefined {
    const found = signNo === undefined ? undefined : this.ctx.records.ecardOf(signNo);
    if (!found) return undefined;
    return {
      signNo: found.ecard.signNo,
      signLevel: found.ecard.level === 2 ? '2' : '1',
      regionCode: found.card.regionCode,
    };
  }

  /** The view of a launch as it stands. */
  private show(launch: Launch): HostedView {
    const channel = this.ctx.records.requireChannel(launch.channelId);
    const holder = this.holderOf(launch);
    const asksPassword = launch.step === 'password' || launch.step === 'old-and-new-password';
    return {
      action: launch.action,
      channelName: channel.name,
      ...(holder ? { personName: maskName(holder.name) } : {}),
      step: launch.step,
      token: launch.token,
      ...(asksPassword && holder?.failures !== undefined
        ? { attemptsLeft: Math.max(MAX_PASSWORD_FAILURES - holder.failures, 0) }
        : {}),
      ...(launch.error ? { error: launch.error } : {}),
      expiresAt: new Date(launch.expiresAt).toISOString(),
      returnOrigin: new URL(launch.returnUrl).origin,
      ...(launch.card && !launch.done ? { card: launch.card } : {}),
      ...(launch.qr && !launch.done ? { qr: launch.qr } : {}),
      ...(launch.done
        ? {
            done: {
              kind: launch.done.kind,
              receipt: launch.done.receipt,
              returnUrl: launch.done.returnUrl,
            },
          }
        : {}),
    };
  }

  /** The person of the page: the applicant, or the holder of `signNo`; with the e-card's failures. */
  private holderOf(launch: Launch): { name: string; failures?: number } | undefined {
    const { records } = this.ctx;
    if (launch.signNo) {
      const found = records.ecardOf(launch.signNo);
      return found && { name: found.person.name, failures: found.ecard.failures };
    }
    if (!launch.person) return undefined;
    let failures: number | undefined;
    try {
      const { card } = records.requireCardholder(launch.person.idNumber);
      const signNo = records.signNoOfCard(card.cardNo);
      failures = signNo === undefined ? undefined : records.ecardOf(signNo)?.ecard.failures;
    } catch {
      // An unknown person: the apply itself says so.
    }
    return { name: launch.person.name, ...(failures === undefined ? {} : { failures }) };
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

  /** Forgets launches past twice their lifetime; kept in launch order with one lifetime. */
  private sweep(): void {
    const now = this.ctx.now();
    for (const [id, launch] of this.launches) {
      if (launch.expiresAt + LAUNCH_TTL_MS > now) break;
      this.launches.delete(id);
    }
  }
}

/** A field the step needs, as text. */
function required(input: HostedStepInput, field: 'password' | 'newPassword'): string {
  const value = input?.[field];
  if (typeof value !== 'string' || value === '') throw missing(field, 'is needed');
  return value;
}

function missing(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return validationError(`${field} ${message}.`, { path: [field], message });
}

function notTaken(field: string, action: string): EsscError<'VALIDATION_FAILED'> {
  return validationError(`${field} is not taken by ${action}.`, {
    path: [field],
    message: `not taken by ${action}`,
  });
}

function launchUsed(): EsscError<'LAUNCH_USED'> {
  return new EsscError('LAUNCH_USED', 'This hosted page was already finished; launch a new one.');
}

/** The code of a refusal; a non-EsscError goes on as it is. */
function refusalCode(error: unknown): ErrorCode {
  if (isEsscError(error)) return error.code;
  throw error;
}
