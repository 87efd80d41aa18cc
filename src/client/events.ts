import type { BenefitPayment } from '../domain/benefits.js';
import type { ErrorCode } from '../domain/errors.js';
import type { Certification } from '../domain/family.js';
import type { Application } from '../domain/services.js';
import type {
  Bill,
  ECard,
  ECardStatus,
  Payment,
  PlatformNotification,
  QrPurpose,
} from '../domain/types.js';
import type { PlatformOperation } from '../platform/operations.js';

/**
 * The client's operations, as named in lifecycle events: {@link PlatformOperation} under its
 * older name.
 *
 * @deprecated Use `PlatformOperation`; this alias stays for existing code.
 *
 * @example
 * ```ts
 * client.on('response', ({ operation, ok }: { operation: PlatformOperation; ok: boolean }) =>
 *   metrics.count(`essc.${operation}.${ok ? 'ok' : 'error'}`),
 * );
 * ```
 */
export type ClientOperation = PlatformOperation;

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
  'card:applied': [
    event: {
      /** The new binding. */
      card: ECard;
    },
  ];
  /** This channel's binding was removed. */
  'card:unbound': [
    event: {
      /** The e-card unbound. */
      signNo: string;
      /** This client's channel. */
      channelId: string;
    },
  ];
  /** The physical card's status changed (R13), or the card was replaced (R14). */
  'card:status': [
    event: {
      /** The e-card concerned. */
      signNo: string;
      /** Its status now: anything but `active` allows only unbinding. */
      status: ECardStatus;
      /** True when the card was replaced (换补卡): unbind, then apply again for the new card. */
      replaced: boolean;
    },
  ];
  /** The shared password changed, here (`origin: 'this-channel'`) or in another channel. */
  'password:changed': [
    event: {
      /** The e-card concerned. */
      signNo: string;
      /** Changed with the old password, or reset with a real-person proof. */
      via: 'change' | 'reset';
      /** Whether this client made the change or another channel did. */
      origin: 'this-channel' | 'other-channel';
    },
  ];
  /** Five consecutive wrong passwords locked the password (R11). */
  'password:locked': [
    event: {
      /** The e-card whose password is locked: offer `resetPassword`. */
      signNo: string;
    },
  ];
  /** The e-card reached level 2 (R7). */
  'payment:enabled': [
    event: {
      /** The e-card concerned. */
      signNo: string;
      /** Whether this client enabled it or another channel did. */
      origin: 'this-channel' | 'other-channel';
    },
  ];
  /** A merchant charged the e-card's payment code, shown in any channel (R27). */
  'payment:succeeded': [
    event: {
      /** The e-card that paid. */
      signNo: string;
      /** The payment, with its split. */
      payment: Payment;
    },
  ];
  /** A merchant refunded part or all of a payment (R25, R27). */
  'payment:refunded': [
    event: {
      /** The e-card that paid. */
      signNo: string;
      /** The payment after the refund (`refunded`, `status`). */
      payment: Payment;
    },
  ];
  /** A bill of the holder was paid, in this channel or another (R26, R27). */
  'bill:paid': [
    event: {
      /** The e-card that paid. */
      signNo: string;
      /** The bill, now `paid`. */
      bill: Bill;
    },
  ];
  /** A dynamic QR code was issued (its text is not in the event: it is a bearer credential). */
  'qr:issued': [
    event: {
      /** The e-card concerned. */
      signNo: string;
      /** The code's purpose. */
      purpose: QrPurpose;
      /** ISO 8601. */
      expiresAt: string;
      /** Set for a family member's code, shown on behalf (R32). */
      memberId?: string;
    },
  ];
  /**
   * A family member's card changed status (R32): while it is not `active` the holder gets no
   * code and no query for them.
   */
  'member:status': [
    event: {
      /** The holder's e-card. */
      signNo: string;
      /** The member concerned. */
      memberId: string;
      /** The member's card status now. */
      status: ECardStatus;
    },
  ];
  /** An entitlement certification completed (R33), in this channel or another. */
  'certification:completed': [
    event: {
      /** The e-card of the holder (or of the certified person, for their own channels). */
      signNo: string;
      /** Set when a family member of the holder was certified. */
      memberId?: string;
      /** The certification after it: `certified`, with the next `dueBy`. */
      certification: Certification;
    },
  ];
  /** A month of a benefit was paid into the bank account (R44): the month, or its arrears. */
  'benefit:paid': [
    event: {
      /** The e-card of the holder (or of the paid person, for their own channels). */
      signNo: string;
      /** Set when it is a family member's benefit (R32). */
      memberId?: string;
      /** The month's payment, now `paid`. */
      benefitPayment: BenefitPayment;
    },
  ];
  /**
   * A month of a benefit was suspended (R44): the certification is overdue (R33). Certify to
   * have it paid with the next month's run.
   */
  'benefit:suspended': [
    event: {
      /** The e-card of the holder (or of the suspended person, for their own channels). */
      signNo: string;
      /** Set when it is a family member's benefit (R32). */
      memberId?: string;
      /** The month's payment, `suspended`. */
      benefitPayment: BenefitPayment;
    },
  ];
  /** The user confirmed a scan-to-login request. */
  'login:confirmed': [
    event: {
      /** The e-card used. */
      signNo: string;
      /** The login request confirmed. */
      requestId: string;
    },
  ];
  /** The user rejected a scan-to-login request. */
  'login:rejected': [
    event: {
      /** The e-card used. */
      signNo: string;
      /** The login request rejected. */
      requestId: string;
    },
  ];
  /**
   * An application moved on the platform (R29): the back office decided, or another channel
   * submitted or withdrew it (the `application.updated` notification). A move this client
   * made itself is its call's answer, not an event.
   */
  'application:updated': [
    event: {
      /** The e-card concerned. */
      signNo: string;
      /** The application: its id, service and status now. */
      application: Pick<Application, 'applicationId' | 'service' | 'status'>;
    },
  ];
  /** Every notification the adapter delivered, whether or not it concerns a card this client knows. */
  notification: [
    event: {
      /** As the platform sent it. */
      notification: PlatformNotification;
    },
  ];
  /** Before a call reaches the adapter (after validation). */
  request: [
    event: {
      /** The client method called. */
      operation: PlatformOperation;
      /** The call's idempotency key (mutating calls only): log it to trace retries. */
      idempotencyKey?: string;
    },
  ];
  /** After a call settles. */
  response: [
    event: {
      /** The client method called. */
      operation: PlatformOperation;
      /** Whether it succeeded. */
      ok: boolean;
      /** Time from the request event to settling, milliseconds. */
      durationMs: number;
      /** The `EsscError` code of a failure. */
      errorCode?: ErrorCode;
      /** The call's idempotency key (mutating calls only). */
      idempotencyKey?: string;
    },
  ];
}

/** Emits one client event: what the client's helpers are given of it (`client.emit`). */
export type EmitClientEvent = <E extends keyof EsscClientEvents>(
  event: E,
  ...args: EsscClientEvents[E]
) => boolean;
