/**
 * The e-card password rules (R9), written once: the client checks a new password before
 * encrypting it, and the platform engine checks it again after decrypting it. Both call
 * {@link checkNewPassword}, so the two sides can never disagree.
 */

import type { WeakPasswordReason } from './errors.js';
import { idNumberPasswordForms } from './id-number.js';

/**
 * Context that makes a password weak for one person in particular.
 *
 * @example
 * ```ts
 * const context: PasswordCheckContext = { idNumber: person.idNumber };
 * checkNewPassword(password, context);
 * ```
 */
export interface PasswordCheckContext {
  /** The holder's ID number; passwords taken from it are refused. */
  idNumber?: string;
}

/**
 * The result of {@link checkNewPassword}.
 *
 * @example
 * ```ts
 * const r: PasswordCheckResult = checkNewPassword(password);
 * if (!r.ok) throw new EsscError('WEAK_PASSWORD', undefined, { details: { reason: r.reason } });
 * ```
 */
export type PasswordCheckResult =
  | {
      /** `true`: the password passes every rule. */
      ok: true;
    }
  | {
      /** `false`: the password is weak. */
      ok: false;
      /** The first rule broken. */
      reason: WeakPasswordReason;
    };

/**
 * Well-known weak codes that the structural rules miss. Kept short on purpose: each entry is a
 * pattern people are known to favour, and a long list would refuse codes users cannot tell
 * are weak, for little gain. Groups: a repeated half (123123),
 * pairs and triples (112233, 121212, 111222, 000111), a mirrored run (123321), keypad
 * lines (147258, 258369, 147369, 159753), "I love you" codes (520 = 我爱你, 1314 = 一生一世:
 * 520520, 520131, 131420) and lucky numbers (666888, 888666, 168168, 100200).
 */
const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123123',
  '321321',
  '456456',
  '789789',
  '112233',
  '121212',
  '111222',
  '000111',
  '123321',
  '147258',
  '258369',
  '147369',
  '159753',
  '520520',
  '520131',
  '131420',
  '666888',
  '888666',
  '168168',
  '100200',
]);

const SIX_DIGITS = /^[0-9]{6}$/;

/**
 * Puts a password as typed into canonical form: NFKC only, so full-width digits from a Chinese
 * input method become ASCII. It does not trim: a space is a character the user typed, and a
 * password that contains one is a format error, not something to repair silently.
 *
 * @example
 * ```ts
 * normalizePassword('２５８０４６'); // '258046'
 * ```
 */
export function normalizePassword(input: string): string {
  return input.normalize('NFKC');
}

/**
 * True when every digit is one more (or every digit one less) than the one before, counted
 * modulo 10. Wrap-around runs such as 890123 and 109876 are refused too: they are typed the
 * same way along the keypad and are as easy to guess as 123456.
 */
function isRun(digits: string): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < digits.length; i++) {
    const step = (digits.charCodeAt(i) - digits.charCodeAt(i - 1) + 10) % 10;
    up &&= step === 1;
    down &&= step === 9;
  }
  return up || down;
}

/**
 * Checks a new e-card password against the rules of R9. The password is normalized with
 * {@link normalizePassword} first. Rules are checked in this order, and the first one broken
 * is the reason:
 *
 * 1. `format`: exactly 6 ASCII digits;
 * 2. `same-digit`: not all the same digit (111111);
 * 3. `sequence`: not an ascending or descending run, wrap-around included (123456, 654321,
 *    890123);
 * 4. `from-id-number`: not the ID number's last six characters nor its birth date as yyMMdd,
 *    MMddyy, ddMMyy or yyyyMM (only when `context.idNumber` is given);
 * 5. `common`: not one of a short list of well-known weak codes (123123, 520131, 147258…).
 *
 * A new password equal to the old one is `PASSWORD_REUSED`, which the platform engine decides
 * against the stored hash; it is not a weakness of the password and is not checked here.
 *
 * @example
 * ```ts
 * checkNewPassword('258046'); // { ok: true }
 * checkNewPassword('123456'); // { ok: false, reason: 'sequence' }
 * checkNewPassword('491231', { idNumber: '11010519491231002X' });
 * // { ok: false, reason: 'from-id-number' }
 * ```
 */
export function checkNewPassword(
  password: string,
  context: PasswordCheckContext = {},
): PasswordCheckResult {
  return checkPasswordRules(
    password,
    context.idNumber === undefined ? [] : idNumberPasswordForms(context.idNumber),
  );
}

/**
 * {@link checkNewPassword}'s rules, in its order, with rule 4's forms given (`[]`: no ID number
 * known). The client's `passwordSchema` checks with `[]`, so a bundle of the client does not
 * carry the ID number's password forms (issue 25: −95 B gzip).
 *
 * @internal
 */
export function checkPasswordRules(
  password: string,
  fromIdNumber: readonly string[],
): PasswordCheckResult {
  const p = normalizePassword(password);
  if (!SIX_DIGITS.test(p)) return { ok: false, reason: 'format' };
  if (p === p[0]!.repeat(6)) return { ok: false, reason: 'same-digit' };
  if (isRun(p)) return { ok: false, reason: 'sequence' };
  if (fromIdNumber.includes(p)) return { ok: false, reason: 'from-id-number' };
  if (COMMON_PASSWORDS.has(p)) return { ok: false, reason: 'common' };
  return { ok: true };
}

/**
 * A short English explanation of each {@link WeakPasswordReason}, for form messages and
 * `WEAK_PASSWORD` errors. The messages give no example codes, so a message can never be
 * mistaken for a leaked password in a log, nor repeat the one the user typed.
 *
 * @example
 * ```ts
 * const r = checkNewPassword(input);
 * if (!r.ok) showError(WEAK_PASSWORD_MESSAGES[r.reason]);
 * ```
 */
export const WEAK_PASSWORD_MESSAGES: Readonly<Record<WeakPasswordReason, string>> = {
  format: 'The password must be exactly 6 digits.',
  'same-digit': 'The password must not be one digit repeated six times.',
  sequence: 'The password must not be a run of consecutive digits, up or down.',
  'from-id-number':
    'The password must not be taken from the ID number (its last six characters or the birth date).',
  common: 'The password is a well-known weak code; choose a less predictable one.',
};
