/**
 * Hosted pages and their receipts (托管页面与回执, DESIGN §6.2, R35–R38): the actions a channel
 * launches, the receipt kinds and their national codes, and the shapes the platform answers.
 * The launch's input schema is `hostedLaunchInput` (operation-inputs.ts), the row
 * `launchHosted`; the engine's page state machine is `src/engine/hosted.ts`; the channel's
 * server side is `essc-sdk/hosted`.
 */
import * as z from 'zod/mini';
import type { ErrorCode } from './errors.js';
import { channelUserIdSchema, idNumberSchema, nameSchema, signNoSchema } from './schemas.js';

/**
 * The pages a channel can launch (R35): the steps where the citizen types a secret or shows
 * their face, on the platform's own page.
 *
 * | action | what | needs |
 * |---|---|---|
 * | `apply` | 一级签发: face check, then set the password (or verify the shared one) | `person` |
 * | `enable-payment` | 二级签发 (R7) | `signNo` |
 * | `change-password` | old and new password (R10) | `signNo` |
 * | `reset-password` | face check, then a new password (R10) | `signNo` |
 * | `unbind` | 解除关联 with the password (R12) | `signNo` |
 * | `verify-password` | a standalone password check (独立服务) | `signNo` |
 * | `verify-face` | a standalone face check (独立服务) | `signNo` |
 * | `card` | the card and its identity and payment codes | `signNo` |
 * | `certification` | entitlement certification (R33) | `signNo` |
 *
 * @example
 * ```ts
 * HOSTED_ACTIONS.includes('apply'); // true
 * ```
 */
export const HOSTED_ACTIONS = [
  'apply',
  'enable-payment',
  'change-password',
  'reset-password',
  'unbind',
  'verify-password',
  'verify-face',
  'card',
  'certification',
] as const;

/**
 * One of {@link HOSTED_ACTIONS}.
 *
 * @example
 * ```ts
 * const action: HostedAction = 'enable-payment';
 * ```
 */
export type HostedAction = (typeof HOSTED_ACTIONS)[number];

/**
 * The input of the `launchHosted` operation (R35). Only the form is checked here; the platform
 * decides the rest: `person` for `apply` and `signNo` for the others (VALIDATION_FAILED),
 * `signNo` bound in the launching channel to that `channelUserId` (NOT_BOUND), `returnUrl`
 * `https:` (a loopback `http:` only on a platform in test mode).
 */
export const hostedLaunchInput = z.strictObject({
  /** The page to open. */
  action: z.literal(HOSTED_ACTIONS), // not z.enum: see qrPurposeSchema
  /** The channel's own id for its user. */
  channelUserId: channelUserIdSchema,
  /** Who applies (aac003 name, aac002 ID number): for `apply` only. */
  person: z.optional(
    z.strictObject({
      /** Full name as on the ID card (aac003). */
      name: nameSchema,
      /** 18-character resident ID number (aac002). */
      idNumber: idNumberSchema,
    }),
  ),
  /** The e-card's sign number (签发号), bound in this channel to `channelUserId`: for every action but `apply`. */
  signNo: z.optional(signNoSchema),
  /** Where the page sends the browser back, with `?receipt=`: `https:` (loopback `http:` in test mode). */
  returnUrl: z.string().check(
    z.maxLength(2048),
    z.regex(/^https?:\/\/[^\s#]+$/i, {
      error: 'Must be an https: URL.',
    }),
  ),
});

function receiptCode<T extends 'actionType' | 'sceneType', C extends string>(
  type: T,
  code: C,
): ReceiptCode<T, C> {
  return { type, code };
}

/**
 * Each receipt kind's national code (R36): the field it travels in on the national platform
 * (`actionType` or `sceneType`) and its value, as seen in public integration code of the
 * national channel SDK. Public sources disagree on `002` (change and reset of the password);
 * `014` for a certification is this SDK's own (public sources list none); `111` is a page
 * closed without finishing, or refused (the receipt's `error` says why).
 *
 * @example
 * ```ts
 * RECEIPT_CODES.bound; // { type: 'actionType', code: '006' }
 * ```
 */
export const RECEIPT_CODES = {
  /** First issue of the e-card (level 1) in this channel. */
  applied: /* @__PURE__ */ receiptCode('actionType', '001'),
  /** Already issued in another channel: the shared password verified, bound here. */
  bound: /* @__PURE__ */ receiptCode('actionType', '006'),
  /** The password changed or reset (public sources disagree on 002). */
  'password-changed': /* @__PURE__ */ receiptCode('actionType', '002'),
  /** The binding removed. */
  unbound: /* @__PURE__ */ receiptCode('actionType', '003'),
  /** Level 2: payment enabled. */
  'payment-enabled': /* @__PURE__ */ receiptCode('actionType', '005'),
  /** A standalone password check passed. */
  'password-verified': /* @__PURE__ */ receiptCode('sceneType', '004'),
  /** A standalone face check passed. */
  'face-verified': /* @__PURE__ */ receiptCode('sceneType', '008'),
  /** Entitlement certification done (our code: public sources list none). */
  certified: /* @__PURE__ */ receiptCode('actionType', '014'),
  /** Closed by the citizen without finishing, or failed (`error` says why). */
  closed: /* @__PURE__ */ receiptCode('actionType', '111'),
};

/**
 * A receipt's national code and the field it travels in (R36).
 *
 * @example
 * ```ts
 * const { type, code }: ReceiptCode = RECEIPT_CODES.bound; // 'actionType', '006'
 * ```
 */
export interface ReceiptCode<
  T extends 'actionType' | 'sceneType' = 'actionType' | 'sceneType',
  C extends string = string,
> {
  /** The national field the code travels in: `actionType` or `sceneType`. */
  readonly type: T;
  /** The national code, three digits. */
  readonly code: C;
}

/**
 * How a hosted page ended (R36): a key of {@link RECEIPT_CODES}.
 *
 * @example
 * ```ts
 * const kind: ReceiptKind = 'applied';
 * ```
 */
export type ReceiptKind = keyof typeof RECEIPT_CODES;

/**
 * A launched hosted page (R35): where the citizen goes, the business serial number the
 * receipt will carry, and when the launch expires (10 minutes; ISO 8601).
 *
 * @example
 * ```ts
 * const { url, busiSeq, expiresAt }: HostedLaunch = await hosted.launch({ action: 'apply', channelUserId, person, returnUrl });
 * ```
 */
export interface HostedLaunch {
  /** The platform's page: `<platform>/hosted/<action>?launch=<id>`. Open it in a WebView or redirect to it. */
  url: string;
  /** The business serial number (busiSeq) of this launch: the receipt carries it. */
  busiSeq: string;
  /** ISO 8601: the page must be finished before this (10 minutes after the launch). */
  expiresAt: string;
}

/** What every receipt carries (R36). */
export interface ReceiptBase<K extends ReceiptKind> {
  /** How the page ended. */
  kind: K;
  /** `actionType` or `sceneType`: the national field the code travels in. */
  codeType: (typeof RECEIPT_CODES)[K]['type'];
  /** The national code (001 applied, 006 bound, …, 111 closed). */
  code: (typeof RECEIPT_CODES)[K]['code'];
  /** The launch's business serial number. */
  busiSeq: string;
  /** The channel that launched the page. */
  channelId: string;
  /** The channel's user the page was launched for. */
  channelUserId: string;
  /** ISO 8601: when the page ended. */
  at: string;
  /** The receipt's unique id (jti). */
  id: string;
}

/** What a receipt about an e-card adds: the card, its level and its city. */
export interface CardFields {
  /** The e-card's sign number (签发号). */
  signNo: string;
  /** The e-card's level after the page (signLevel): `'1'` or `'2'`. */
  signLevel: '1' | '2';
  /** The card's region code (aab301). */
  regionCode: string;
}

/**
 * A verified receipt of a hosted page (R36): a union on `kind`. Every kind but `closed` names
 * the e-card (`signNo`, `signLevel`, `regionCode`); `closed` names it when the page knew it,
 * and `error` says why a page failed (absent when the citizen closed it).
 *
 * @example
 * ```ts
 * const receipt: HostedReceipt = await hosted.verifyReceipt(token);
 * switch (receipt.kind) {
 *   case 'applied':
 *   case 'bound':
 *     await db.saveCard(receipt.channelUserId, receipt.signNo, receipt.signLevel);
 *     break;
 *   case 'closed':
 *     console.log(receipt.error ?? 'closed by the citizen');
 * }
 * ```
 */
export type HostedReceipt =
  | { [K in Exclude<ReceiptKind, 'closed'>]: ReceiptBase<K> & CardFields }[Exclude<
      ReceiptKind,
      'closed'
    >]
  | (ReceiptBase<'closed'> &
      Partial<CardFields> & {
        /** Why the page failed (PASSWORD_LOCKED, REAL_PERSON_FAILED, …); absent when the citizen closed it. */
        error?: ErrorCode;
      });

/**
 * What the citizen does on a hosted page, for `MockPlatform.completeHosted` (R38): the face check's outcome
 * (default `'pass'`), the password (the current one; for a first `apply` the one to set),
 * the new password (a change or a reset), or closing the page.
 *
 * @example
 * ```ts
 * const answers: HostedAnswers = { face: 'pass', password: '258046' };
 * ```
 */
export interface HostedAnswers {
  /** The e-card password: the current one, or the one a first `apply` sets. */
  password?: string;
  /** The new password of a change or a reset. */
  newPassword?: string;
  /** The face check's outcome (default `'pass'`). */
  face?: 'pass' | 'fail';
  /** Close the page at its first step: a `closed` receipt without error. */
  cancel?: true;
}
