/**
 * Why a new password is refused, in the citizen's words: the rule it broke
 * ({@link WeakPasswordReason}), for a form that checks the password before it is sent
 * (`checkNewPassword`) and for the `WEAK_PASSWORD` sentence of `userMessage`.
 */
import type { WeakPasswordReason } from '../domain/errors.js';
import type { Locale } from './locale.js';
import { ownEntry } from './own-entry.js';

const TEXTS: Readonly<Record<Locale, Readonly<Record<WeakPasswordReason, string>>>> = {
  'zh-CN': {
    format: '密码须为6位数字',
    'same-digit': '密码不能是同一个数字',
    sequence: '密码不能是连续数字',
    'from-id-number': '密码不能取自身份证号',
    common: '密码过于简单',
  },
  en: {
    format: 'The password must be 6 digits',
    'same-digit': 'The password must not be one digit repeated',
    sequence: 'The password must not be consecutive digits',
    'from-id-number': 'The password must not come from your ID number',
    common: 'The password is too easy to guess',
  },
};

/**
 * The rule a new password broke, as a short phrase for the citizen (no example code, never
 * the password typed): `sequence` → 密码不能是连续数字. `undefined` for a reason it does not
 * know (a newer server).
 *
 * @example
 * ```ts
 * import { checkNewPassword } from 'essc-sdk';
 * import { weakPasswordText } from 'essc-sdk/i18n';
 *
 * const verdict = checkNewPassword(input, { idNumber });
 * if (!verdict.ok) showError(weakPasswordText(verdict.reason)); // 密码不能是连续数字
 * ```
 */
export function weakPasswordText(
  reason: WeakPasswordReason,
  locale: Locale = 'zh-CN',
): string | undefined {
  return ownEntry(TEXTS[locale] ?? TEXTS['zh-CN'], reason);
}
