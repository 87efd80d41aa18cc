import type { ECard, ECardStatus, PlatformNotification, QrPurpose } from '../domain/types.js';
import type { ErrorCode } from '../domain/errors.js';

/** The client's operations, as named in lifecycle events. */
export type ClientOperation =
  | 'apply'
  | 'getCard'
  | 'unbind'
  | 'changePassword'
  | 'resetPassword'
  | 'enablePayment'
  | 'issueQr'
  | 'scanLogin'
  | 'confirmLogin'
  | 'rejectLogin';

/**
 * The events an {@link EsscClient} emits, each with one payload object. No payload ever holds
 * a password, a real-person proof, a QR text or a key.
 *
 * @example
 * ```ts
 * client.on('card:status', ({ signNo, status }) => refreshCard(signNo, status));
 * client.on('response', ({ operation, ok, durationMs }) => metrics.observe(operation, ok, durationMs));
 * ```
 */
export interface EsscClientEvents {
  /** An application succeeded in this channel. */
  'card:applied': [event: { card: ECard }];
  /** This channel's binding was removed. */
  'card:unbound': [event: { signNo: string; channelId: string }];
  /** The physical card's status changed (R13), or the card was replaced (R14). */
  'card:status': [event: { signNo: string; status: ECardStatus; replaced: boolean }];
  /** The shared password changed, here (`origin: 'this-channel'`) or in another channel. */
  'password:changed': [
    event: { signNo: string; via: 'change' | 'reset'; origin: 'this-channel' | 'other-channel' },
  ];
  /** Five consecutive wrong passwords locked the password (R11). */
  'password:locked': [event: { signNo: string }];
  /** The e-card reached level 2 (R7). */
  'payment:enabled': [event: { signNo: string; origin: 'this-channel' | 'other-channel' }];
  /** A dynamic QR code was issued (its text is not in the event: it is a bearer credential). */
  'qr:issued': [event: { signNo: string; purpose: QrPurpose; expiresAt: string }];
  /** The user confirmed a scan-to-login request. */
  'login:confirmed': [event: { signNo: string; requestId: string }];
  /** The user rejected a scan-to-login request. */
  'login:rejected': [event: { signNo: string; requestId: string }];
  /** Every notification the adapter delivered, whether or not it concerns a card this client knows. */
  notification: [event: { notification: PlatformNotification }];
  /** Before a call reaches the adapter (after validation). */
  request: [event: { operation: ClientOperation; idempotencyKey?: string }];
  /** After a call settles. */
  response: [
    event: {
      operation: ClientOperation;
      ok: boolean;
      durationMs: number;
      errorCode?: ErrorCode;
      idempotencyKey?: string;
    },
  ];
}
