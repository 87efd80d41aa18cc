/**
 * The shape of a locale's table of user messages: one entry per {@link ErrorCode}, so a
 * locale that misses a code does not compile. An entry is a sentence, or a function of the
 * code's details that writes one.
 */
import type { ErrorCode, ErrorDetailsMap } from '../domain/errors.js';
import type { MessageNames } from './names.js';
import { ownEntry } from './own-entry.js';

/**
 * What a message function is given besides the details: the locale's names and what the app
 * passed to `userMessage`.
 *
 * @example
 * ```ts
 * const entry: UserMessageEntry<'CARD_INACTIVE'> = (details, context: MessageContext) =>
 *   `社保卡${details.status === undefined ? '状态异常' : context.names.statuses[details.status]}`;
 * ```
 */
export interface MessageContext {
  /**
   * The display names of the same locale the sentences use: card statuses and family
   * relations (the other kinds are `essc-sdk/i18n`'s lookups, imported where needed, so a
   * bundle with `userMessage` alone carries none of them).
   */
  names: MessageNames;
  /** The name of a region code, when the app passed a `regionName` (else `undefined`). */
  regionName(code: string): string | undefined;
  /** Whole seconds to wait before trying again, when the error says so; else `undefined`. */
  retryAfterSeconds: number | undefined;
}

/**
 * The details a message function receives: the code's typed details, each field optional,
 * since an error that crossed a wire or came from another copy of the SDK may lack them.
 */
export type UserMessageDetails<C extends ErrorCode> = C extends keyof ErrorDetailsMap
  ? Partial<ErrorDetailsMap[C]>
  : Readonly<Record<string, unknown>>;

/**
 * One entry of a {@link UserMessageTable}: a fixed sentence, or a function of the details.
 *
 * @example
 * ```ts
 * const entry: UserMessageEntry<'PASSWORD_INCORRECT'> = ({ attemptsLeft }) =>
 *   attemptsLeft === undefined ? '密码错误' : `密码错误，还可尝试${attemptsLeft}次`;
 * ```
 */
export type UserMessageEntry<C extends ErrorCode> =
  | string
  | ((details: UserMessageDetails<C>, context: MessageContext) => string);

/**
 * A locale's user messages: one entry per error code, and `UNKNOWN` for anything that is not
 * an `EsscError` (a bug, an app's own error).
 *
 * @example
 * ```ts
 * import { USER_MESSAGES_ZH_CN } from 'essc-sdk/i18n';
 * const table: UserMessageTable = { ...USER_MESSAGES_ZH_CN, NETWORK: '网络开小差了，请稍后再试' };
 * ```
 */
export type UserMessageTable = { readonly [C in ErrorCode]: UserMessageEntry<C> } & {
  /** For an error that is not an `EsscError`. */
  readonly UNKNOWN: string;
};

/**
 * A count from details (attempts left, seconds) if it is one: a non-negative integer.
 *
 * @internal
 */
export function countOf(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

/**
 * The names a citizen knows of the fields a `VALIDATION_FAILED` error names (`details.issues`,
 * by the last step of each path), each once, in order; fields without a name are left out.
 *
 * @internal
 */
export function fieldNames(issues: unknown, names: Readonly<Record<string, string>>): string[] {
  const named = new Set<string>();
  for (const issue of Array.isArray(issues) ? issues : []) {
    const field = ownEntry(names, (issue as { path?: unknown[] } | null)?.path?.at?.(-1));
    if (field) named.add(field);
  }
  return [...named];
}
