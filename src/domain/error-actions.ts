/**
 * What the caller (or the user) should do next, per {@link ErrorCode}: the long column of the
 * error table. Kept out of the core's `ERROR_TABLE` so that mini-programs, which show their
 * own Chinese hints (`ERROR_TABLE[code].zh`), do not ship these English texts; desks, logs,
 * H5 pages and `docs/errors.md` import them from `essc-sdk/errors`.
 */
import type { AnyEsscError, ErrorCode } from './errors.js';

/**
 * What to do next, one text per {@link ErrorCode} (the "what to do" column of
 * `docs/errors.md`).
 *
 * @example
 * ```ts
 * import { ERROR_ACTIONS } from 'essc-sdk/errors';
 * console.log(ERROR_ACTIONS.PASSWORD_LOCKED);
 * ```
 */
export const ERROR_ACTIONS: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_FAILED:
    'Fix the fields named in `details.issues` and call again; nothing was sent or changed.',
  REGION_NOT_ENABLED:
    'Tell the user the e-card is not yet available for cards issued in their city.',
  CARD_NOT_FOUND: 'Ask the user to check the ID number, or to apply for a physical card first.',
  IDENTITY_MISMATCH:
    'Ask the user to enter the name exactly as on the ID card, minority-name dot included.',
  REAL_PERSON_FAILED: 'Run the face check again for this ID number and pass the fresh proof.',
  CARD_INACTIVE:
    'Show `details.status`; the user must restore the card at a service centre, or unbind and apply again after a replacement.',
  ALREADY_BOUND:
    'Use the existing card (`details.signNo`); after a card replacement, unbind the old e-card first.',
  NOT_BOUND: 'Apply for the e-card in this channel first, or refresh the card list.',
  WEAK_PASSWORD: 'Ask the user for another 6-digit password; the reason says which rule it broke.',
  PASSWORD_INCORRECT:
    'Show the attempts left; offer a reset by face check before the password locks.',
  PASSWORD_LOCKED:
    'Reset the password with a real-person check (`resetPassword`); the right password does not unlock it.',
  PASSWORD_REUSED: 'Ask the user for a different password.',
  PAYMENT_NOT_ENABLED:
    'Call `enablePayment`; if it fails with this code, the user must activate the bank account at the bank first.',
  QR_MALFORMED: 'Ask the user to show the e-card QR code again.',
  QR_INVALID_SIGNATURE: 'Refuse the code; it was forged, altered, or comes from another platform.',
  QR_EXPIRED: 'Ask the user to refresh the code in the app and scan again.',
  QR_REPLAYED: 'Ask the user for a fresh code; a replayed code may be a copy.',
  LOGIN_NOT_FOUND: 'Ask the user to scan the portal’s current QR code.',
  LOGIN_EXPIRED: 'Refresh the portal’s login QR code and scan again.',
  LOGIN_STATE: 'Read the session state; start a new login if needed.',
  PAYMENT_DECLINED:
    'Tell the user the bank account holds too little; charge again (same order id) once topped up, or take another means of payment.',
  ORDER_CONFLICT:
    'Use a new order id (or refund id) for a different charge; retry only with exactly the first request.',
  ORDER_PAID:
    'Channel: show the payment in the history (`listPayments`), nothing more was taken. Merchant: read it with `getPayment({ orderId })`; use a new order id for a new order.',
  PAYMENT_NOT_FOUND:
    'Nothing was charged under this order id: charge again with the same order id and a fresh code.',
  PAYMENT_PENDING:
    'Ask again with `getPayment` in a moment (it is retryable); never charge the order anew while it is pending.',
  REFUND_EXCEEDED: 'Read the payment (`getPayment`): refund at most `amount − refunded`.',
  BILL_NOT_FOUND: 'Refresh the bill list (`listBills`) and pick a bill from it.',
  BILL_ALREADY_PAID: 'Refresh the bill list; the bill needs no payment.',
  CHANNEL_UNAUTHORIZED:
    'Check the channel id and key pair, and the server clock; nothing was changed.',
  MERCHANT_UNAUTHORIZED:
    'Check the merchant id and key pair registered with the platform, and the server clock; nothing was charged.',
  NETWORK: 'Retry later; mutating calls carry an idempotency key, so a retry is safe.',
  TIMEOUT: 'Retry with the same call; the idempotency key makes the retry safe.',
  PLATFORM_UNAVAILABLE: 'Retry later with backoff.',
  UNSUPPORTED_RUNTIME:
    'Use the subpath made for this runtime (e.g. `essc-sdk/relay` in a mini-program).',
  NOT_ELIGIBLE:
    'Show the reason (`message`); the user may apply once the records meet the condition, or at a service centre.',
  APPLICATION_OPEN:
    'Show the open application (`listApplications`); withdraw it while submitted, or wait for its decision.',
  APPLICATION_NOT_FOUND: 'Refresh the list of applications (`listApplications`).',
  APPLICATION_STATE:
    'Read the application again (`getApplication`); it has moved on, and the step no longer applies.',
  FAMILY_LIMIT:
    'Show the members of that relation (`listFamilyMembers`); remove one before adding another.',
  ALREADY_MEMBER: 'Use the existing member (`listFamilyMembers`); nothing was added.',
  MEMBER_NOT_FOUND: 'Refresh the family list (`listFamilyMembers`) and pick a member from it.',
  MEMBER_FORBIDDEN:
    'Only identity codes, queries, certification and the benefit history are done for a member; the member changes passwords, binds and pays in their own app or at a service centre.',
  LAUNCH_USED:
    'Launch a new page (`hosted.launch`) if the user has more to do; the first outcome came with its receipt.',
  LAUNCH_EXPIRED: 'Launch a new page (`hosted.launch`) and open it at once.',
  RECEIPT_INVALID:
    'Refuse it and show the user nothing was done; read the outcome from the `hosted.completed` notification or launch again.',
  RECEIPT_REPLAYED:
    'Do nothing more: the receipt was acted on when it was first accepted (a reload or a copy).',
  LOSS_NOT_WITHDRAWABLE:
    'Read the card (`getCard`): a loss the back office reported is withdrawn at a service centre; after a replacement, unbind and apply for the new card (R14).',
  CREDENTIAL_REVOKED:
    'Refuse the code; the user shows an online code, or provisions offline codes again (`offline.provision`) once back online.',
  STATUS_STALE:
    'Restore the acceptor’s connection to the status list (`GET /v1/status-lists/offline`); meanwhile accept online codes only.',
  PRESENCE_NOT_CONFIRMED:
    'Pass `confirmPayment` to `createOfflineCodes` (the phone’s fingerprint, face or PIN check) and have the holder confirm; or show an online payment code.',
};

/**
 * What to do next about an `EsscError` (or for a code).
 *
 * @example
 * ```ts
 * import { isEsscError } from 'essc-sdk';
 * import { errorAction } from 'essc-sdk/errors';
 *
 * if (isEsscError(e)) log.warn(e.code, errorAction(e));
 * ```
 */
export function errorAction(error: AnyEsscError | ErrorCode): string {
  return ERROR_ACTIONS[typeof error === 'string' ? error : error.code];
}
