/**
 * `userMessage`: the sentence a citizen reads when a call fails. The error's `message` stays
 * English for developers and logs; this is the other audience.
 */
import { type ErrorCode, isEsscError } from '../domain/errors.js';
import type { Locale } from './locale.js';
import { countOf, type MessageContext, type UserMessageEntry } from './message-table.js';
import { USER_MESSAGES_EN } from './messages-en.js';
import { USER_MESSAGES_ZH_CN } from './messages-zh-cn.js';
import { messageNames } from './names.js';

/**
 * Options of {@link userMessage}.
 *
 * @example
 * ```ts
 * import { regionName } from 'essc-sdk/regions';
 * const options: UserMessageOptions = { regionName };
 * userMessage(error, 'zh-CN', options); // 广州市暂未开通电子社保卡，…
 * ```
 */
export interface UserMessageOptions {
  /**
   * Names a region code (`REGION_NOT_ENABLED` names the card's city). Pass `regionName` from
   * `essc-sdk/regions`; without it the sentence says "your card's city" and ships no table.
   */
  regionName?: (regionCode: string) => string | undefined;
}

const TABLES = { 'zh-CN': USER_MESSAGES_ZH_CN, en: USER_MESSAGES_EN } as const;

/**
 * A short sentence for the citizen about a failed call: what happened and what to do, with
 * the details that matter (the attempts left, the card's status by name, when to retry).
 * Anything that is not an `EsscError` gets a generic sentence; an unknown locale reads
 * Chinese.
 *
 * When to retry: for the retryable codes, a whole number of seconds in `details.retryAfter`
 * (as an HTTP `Retry-After` says it) is named in the sentence; without it, "later".
 *
 * @example
 * ```ts
 * import { userMessage } from 'essc-sdk/i18n';
 *
 * try {
 *   await client.changePassword({ signNo, oldPassword, newPassword });
 * } catch (error) {
 *   wx.showModal({ content: userMessage(error), showCancel: false });
 *   // 电子社保卡密码错误，还可尝试4次
 *   console.warn(error); // the English message and code, for the developer
 * }
 * ```
 */
export function userMessage(
  error: unknown,
  locale: Locale = 'zh-CN',
  options: UserMessageOptions = {},
): string {
  const table = TABLES[locale] ?? USER_MESSAGES_ZH_CN;
  if (!isEsscError(error)) return table.UNKNOWN;
  const entry = table[error.code] as UserMessageEntry<ErrorCode>;
  if (typeof entry === 'string') return entry;
  const details: Record<string, unknown> =
    typeof error.details === 'object' && error.details !== null ? error.details : {};
  const context: MessageContext = {
    names: messageNames(locale),
    regionName: (code) => options.regionName?.(code),
    retryAfterSeconds: error.retryable ? retryAfterSeconds(details.retryAfter) : undefined,
  };
  return entry(details as never, context);
}

function retryAfterSeconds(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return undefined;
  return countOf(Math.ceil(value));
}
