/**
 * What each error code means, in one English sentence: the docs' error table, the platform's
 * messages and the logs say it. Kept out of the core (a mini-program would ship every sentence
 * with `ERROR_TABLE`); `essc-sdk/errors` exports it with what to do next (`ERROR_ACTIONS`).
 */
import type { ErrorCode } from './errors.js';

/**
 * One sentence per {@link ErrorCode}: what happened.
 *
 * @example
 * ```ts
 * import { ERROR_MEANINGS } from 'essc-sdk/errors';
 * console.log(ERROR_MEANINGS.QR_EXPIRED);
 * ```
 */
export const ERROR_MEANINGS: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED:
    'The input does not have the required form; `details.issues` lists each field.',
  REGION_NOT_ENABLED: "The card's issuing city has not enabled the e-card service.",
  CARD_NOT_FOUND: 'No physical social security card is held under this ID number.',
  IDENTITY_MISMATCH: 'The name does not match the ID number (real-name check).',
  REAL_PERSON_FAILED:
    'The real-person (face) proof is missing, expired, already used, or was made for another ID number.',
  CARD_INACTIVE:
    'The physical card is sealed, lost, locked or cancelled, so the e-card can only be unbound.',
  ALREADY_BOUND: 'This channel already holds a binding to an e-card of this person.',
  NOT_BOUND: 'This channel holds no binding for that sign number.',
  WEAK_PASSWORD:
    'The new password breaks a password rule (`details.reason`): 6 digits, not all the same, not a run, not from the ID number, not a common code.',
  PASSWORD_INCORRECT:
    'The e-card password is wrong; `details.attemptsLeft` says how many tries remain.',
  PASSWORD_LOCKED: 'Too many consecutive wrong passwords: the password is locked in every channel.',
  PASSWORD_REUSED: 'The new password is the same as the current one.',
  PAYMENT_NOT_ENABLED:
    'Payment needs a level-2 e-card, and level 2 needs the card’s bank account to be active.',
  QR_MALFORMED: 'The scanned text is not an e-card QR code of a version this SDK reads.',
  QR_INVALID_SIGNATURE: 'The QR code is not signed by a key the platform publishes.',
  QR_EXPIRED: 'The QR code is past its expiry (beyond the allowed clock tolerance).',
  QR_REPLAYED: 'This QR code was already verified once; codes are single-use.',
  LOGIN_NOT_FOUND: 'No login session matches the scanned code or request id.',
  LOGIN_EXPIRED: 'The login session expired before it was confirmed.',
  LOGIN_STATE:
    'The login session is not in a state that allows this step (e.g. already confirmed).',
  PAYMENT_DECLINED: 'The bank account holds too little; nothing was taken.',
  ORDER_CONFLICT: 'This order or refund id already names another request.',
  ORDER_PAID:
    "The merchant's order is paid already (by its order code or by a charge): an order code pays once.",
  PAYMENT_NOT_FOUND: 'No charge has this order id.',
  PAYMENT_PENDING: 'A charge of this order id is still being made; its outcome is not known yet.',
  REFUND_EXCEEDED: 'The refunds would exceed the payment.',
  BILL_NOT_FOUND: 'No bill has this id.',
  BILL_ALREADY_PAID: 'The bill is paid already.',
  CHANNEL_UNAUTHORIZED:
    'The channel is unknown, or its request signature is missing, wrong, stale or replayed.',
  MERCHANT_UNAUTHORIZED: 'The merchant is unknown, or its request is not signed by its key.',
  NETWORK: 'The platform could not be reached.',
  TIMEOUT: 'The platform did not answer in time; the request may or may not have been applied.',
  PLATFORM_UNAVAILABLE: 'The platform answered with a temporary failure.',
  UNSUPPORTED_RUNTIME: 'A feature this call needs (WebCrypto, fetch, a transport) is missing here.',
  NOT_ELIGIBLE: 'The records do not meet the conditions of the service.',
  APPLICATION_OPEN: 'An application for this service is still open.',
  APPLICATION_NOT_FOUND: 'No such application for this card.',
  APPLICATION_STATE: 'The state of the application does not allow this.',
  FAMILY_LIMIT: 'No more family members of this relation.',
  ALREADY_MEMBER: 'Already a family member.',
  MEMBER_NOT_FOUND: 'No such family member.',
  MEMBER_FORBIDDEN: 'This cannot be done for a family member.',
  LAUNCH_USED: 'This hosted page was already finished; a launch is used once.',
  LAUNCH_EXPIRED: 'This hosted page expired (10 minutes) or never existed.',
  RECEIPT_INVALID: 'The receipt is not one of this channel’s own, unaltered and recent.',
  RECEIPT_REPLAYED: 'This receipt was already accepted once.',
  LOSS_NOT_WITHDRAWABLE:
    'The card is not lost by a report of its holder: the back office reported it, the card was replaced since, or it is not lost.',
  CREDENTIAL_REVOKED:
    'The offline credential behind this code was revoked (unbound, card status changed, password reset, member removed, or revoked by the holder).',
  STATUS_STALE:
    'The verifier’s copy of the offline status list is older than maxStatusAgeSeconds and could not be refreshed, so a revocation may be unknown.',
  PRESENCE_NOT_CONFIRMED:
    'No offline payment code was made: the app gave no local check that the holder is present (confirmPayment), or the holder did not pass it.',
};

/**
 * What an error code means, in one English sentence.
 *
 * @example
 * ```ts
 * errorMeaning('PASSWORD_LOCKED'); // 'The e-card password is locked after 5 wrong attempts…'
 * ```
 */
export function errorMeaning(code: ErrorCode): string {
  return ERROR_MEANINGS[code];
}
