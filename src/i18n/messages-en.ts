/**
 * The citizen's sentence for each error code, in English (the second locale): the same
 * content as the Chinese table, for a foreign resident or a bilingual desk.
 */
import {
  countOf,
  fieldNames,
  type MessageContext,
  type UserMessageTable,
} from './message-table.js';
import { ownEntry } from './own-entry.js';
import { weakPasswordText } from './weak-password.js';

/** Field names a citizen knows, for `VALIDATION_FAILED`; other fields go unnamed. */
const FIELDS: Readonly<Record<string, string>> = {
  name: 'name',
  idNumber: 'ID number',
  password: 'password',
  oldPassword: 'current password',
  newPassword: 'new password',
  amount: 'amount',
};

function retryLater({ retryAfterSeconds: s }: MessageContext): string {
  if (s === undefined || s === 0) return 'please try again later';
  if (s < 60) return `please try again in ${s} second${s === 1 ? '' : 's'}`;
  const minutes = Math.ceil(s / 60);
  return `please try again in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * The English user messages (`en`), one per error code.
 *
 * @example
 * ```ts
 * import { USER_MESSAGES_EN } from 'essc-sdk/i18n';
 * console.log(USER_MESSAGES_EN.QR_EXPIRED); // The QR code has expired. Refresh it and show it again.
 * ```
 */
export const USER_MESSAGES_EN: UserMessageTable = {
  VALIDATION_FAILED: ({ issues }) => {
    const named = fieldNames(issues, FIELDS);
    return named.length === 0
      ? 'Something you entered is not right. Please check and try again.'
      : `Please check the ${named.join(' and ')} you entered and try again.`;
  },
  REGION_NOT_ENABLED: ({ regionCode }, { regionName }) => {
    const name = typeof regionCode === 'string' ? regionName(regionCode) : undefined;
    return `The e-card is not yet available in ${name ?? 'the city that issued your card'}. Watch for news from the local social security bureau.`;
  },
  CARD_NOT_FOUND:
    'No social security card was found. Check the ID number, or apply for a card at a service centre first.',
  IDENTITY_MISMATCH:
    'The name does not match the ID number. Enter your name exactly as on your ID card.',
  REAL_PERSON_FAILED: 'The face check failed or has expired. Please do the face check again.',
  CARD_INACTIVE: ({ status }, { names }) =>
    `Your social security card is ${ownEntry(names.statuses, status) ?? 'not active'}, so the e-card cannot be used. Please visit a service centre.`,
  ALREADY_BOUND:
    'You already have the e-card in this app. If your card was replaced, unlink the old one first.',
  NOT_BOUND: 'This e-card is not in this app yet. Please apply for it first.',
  WEAK_PASSWORD: ({ reason }) =>
    `${(reason !== undefined && weakPasswordText(reason, 'en')) || 'The password breaks a rule'}. Please choose another.`,
  PASSWORD_INCORRECT: ({ attemptsLeft }) => {
    const left = countOf(attemptsLeft);
    if (left === undefined || left === 0) return 'Wrong e-card password. Please try again.';
    return `Wrong e-card password. ${left} attempt${left === 1 ? '' : 's'} left.`;
  },
  PASSWORD_LOCKED: 'Too many wrong passwords: the password is locked. Reset it with a face check.',
  PASSWORD_REUSED: 'The new password must differ from the current one.',
  PAYMENT_NOT_ENABLED:
    'Payment is not enabled on this e-card. Enable it first; the card’s bank account must be activated.',
  QR_MALFORMED: 'This QR code cannot be read. Please show the e-card QR code.',
  QR_INVALID_SIGNATURE: 'This QR code is not valid. Please create a new one in the e-card.',
  QR_EXPIRED: 'The QR code has expired. Refresh it and show it again.',
  QR_REPLAYED: 'This QR code has been used. Refresh it and show it again.',
  LOGIN_NOT_FOUND: 'This login QR code is not recognised. Scan the code the web page shows now.',
  LOGIN_EXPIRED: 'The login QR code has expired. Refresh the web page and scan again.',
  LOGIN_STATE: 'This login has been handled already. Refresh the web page and scan again.',
  PAYMENT_DECLINED:
    'The card’s bank account holds too little. The payment did not go through; nothing was taken.',
  ORDER_CONFLICT: 'This order conflicts with another. Please place the order again.',
  ORDER_PAID: 'This order has already been paid. You have not been charged again.',
  PAYMENT_NOT_FOUND: 'This payment was not found; nothing was taken.',
  PAYMENT_PENDING: 'This payment is still being processed. Please wait a moment; do not pay again.',
  REFUND_EXCEEDED: 'The refund is more than what can be refunded.',
  BILL_NOT_FOUND: 'This bill was not found. Refresh the list of bills and try again.',
  BILL_ALREADY_PAID: 'This bill is paid already.',
  CHANNEL_UNAUTHORIZED: 'The service could not sign in. Please reopen it and try again.',
  MERCHANT_UNAUTHORIZED:
    'The payee is not authorised; nothing was taken. Please contact the payee.',
  NETWORK: (_details, context) => `The network is not available; ${retryLater(context)}.`,
  TIMEOUT: (_details, context) => `The request timed out; ${retryLater(context)}.`,
  PLATFORM_UNAVAILABLE: (_details, context) => `The service is busy; ${retryLater(context)}.`,
  UNSUPPORTED_RUNTIME: 'This feature is not supported here. Update the app and try again.',
  NOT_ELIGIBLE:
    'You do not meet the conditions for this service yet. Ask at a service centre for details.',
  APPLICATION_OPEN: 'An application for this service is in progress. Please wait for the result.',
  APPLICATION_NOT_FOUND: 'This application was not found. Refresh and try again.',
  APPLICATION_STATE: 'This application has changed. Refresh to see where it stands.',
  FAMILY_LIMIT: ({ relation, limit }, { names }) =>
    relation && typeof limit === 'number'
      ? `You can add at most ${limit} family members as ${ownEntry(names.relations, relation) ?? 'relatives'}; that limit is reached.`
      : 'The family account is full.',
  ALREADY_MEMBER: 'This relative is already in your family account.',
  MEMBER_NOT_FOUND: 'This relative was not found. Refresh your family account and try again.',
  MEMBER_FORBIDDEN: 'This must be done by the cardholder in person, not by a relative.',
  LAUNCH_USED: 'This page has already been completed. Go back and start again.',
  LAUNCH_EXPIRED: 'This page has expired. Go back and start again.',
  RECEIPT_INVALID: 'The result could not be confirmed. Go back and try again.',
  RECEIPT_REPLAYED: 'This result has already been confirmed; nothing more to do.',
  LOSS_NOT_WITHDRAWABLE:
    'This loss report cannot be withdrawn in the app. Please take your ID card to a social security service centre.',
  CREDENTIAL_REVOKED:
    'This offline code is no longer valid. Go online and refresh your e-card QR code.',
  STATUS_STALE: 'This offline code cannot be checked right now. Please show an online QR code.',
  PRESENCE_NOT_CONFIRMED:
    'You did not confirm it is you, so no offline payment code was made. Please confirm and try again.',
  UNKNOWN: 'Something went wrong. Please try again later.',
};
