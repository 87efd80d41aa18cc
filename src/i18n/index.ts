/**
 * essc-sdk/i18n: what the citizen and the clerk read, in Chinese (English the second locale).
 * `userMessage(error)` is the sentence for a failed call; `purposeName`, `cardStatusName` and
 * `levelName` name what a card or a scanned code shows, `scopeName` what a portal asks for at
 * login. Region names (`440100` → 广州市) are a separate import, `essc-sdk/regions`, so that no
 * bundle pays for the table unless it asks.
 * Runs everywhere, like the core; it costs the core nothing unless imported.
 *
 * @packageDocumentation
 */
export { LOCALES, type Locale } from './locale.js';
export type {
  MessageContext,
  UserMessageDetails,
  UserMessageEntry,
  UserMessageTable,
} from './message-table.js';
export { USER_MESSAGES_EN } from './messages-en.js';
export { USER_MESSAGES_ZH_CN } from './messages-zh-cn.js';
export {
  benefitPaymentStatusName,
  cardStatusName,
  certificationStatusName,
  type LocaleNames,
  levelName,
  lossReporterName,
  type MessageNames,
  NAMES,
  purposeName,
  relationName,
  scopeName,
  serviceName,
} from './names.js';
export { type UserMessageOptions, userMessage } from './user-message.js';
export { weakPasswordText } from './weak-password.js';
