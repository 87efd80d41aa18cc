/**
 * The languages `essc-sdk/i18n` writes for the people who use a card: the citizen and the
 * clerk read Chinese; English is the second locale (for a foreign resident, a bilingual desk,
 * a test log). Developers' texts (`EsscError.message`, `ERROR_ACTIONS`) stay English.
 */

/**
 * A locale of `essc-sdk/i18n`: `'zh-CN'` (the default) or `'en'`.
 *
 * @example
 * ```ts
 * const locale: Locale = navigator.language.startsWith('zh') ? 'zh-CN' : 'en';
 * showToast(userMessage(error, locale));
 * ```
 */
export type Locale = 'zh-CN' | 'en';

/**
 * Every {@link Locale}, the default first.
 *
 * @example
 * ```ts
 * for (const locale of LOCALES) console.log(locale, purposeName('identity', locale));
 * ```
 */
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
