import type { ErrorCode } from '../domain/errors.js';
import type { HostedAction, ReceiptKind } from '../domain/hosted.js';
import { maskName } from '../domain/masking.js';
import type { DynamicQr, ECard } from '../domain/types.js';
import type { EngineContext } from './context.js';
import type { Launch } from './hosted-launches.js';
import { MAX_PASSWORD_FAILURES } from './user-verification.js';

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

/** The view of a launch as it stands. */
export function viewOf(ctx: EngineContext, launch: Launch): HostedView {
  const channel = ctx.registry.requireChannel(launch.channelId);
  const holder = holderOf(ctx, launch);
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
function holderOf(
  ctx: EngineContext,
  launch: Launch,
): { name: string; failures?: number } | undefined {
  const { registry } = ctx;
  if (launch.signNo) {
    const found = registry.ecardOf(launch.signNo);
    return found && { name: found.person.name, failures: found.ecard.failures };
  }
  if (!launch.person) return undefined;
  let failures: number | undefined;
  try {
    const { card } = registry.requireCardholder(launch.person.idNumber);
    const signNo = registry.signNoOfCard(card.cardNo);
    failures = signNo === undefined ? undefined : registry.ecardOf(signNo)?.ecard.failures;
  } catch {
    // An unknown person: the apply itself says so.
  }
  return { name: launch.person.name, ...(failures === undefined ? {} : { failures }) };
}
