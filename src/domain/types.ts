/**
 * The domain types every part of the SDK speaks. Masked values are masked by the platform
 * engine; the SDK never holds a full ID number or card number of a bound card.
 */

/** An opaque token from a passed real-person (face) check, bound to one ID number, usable once. */
export type RealPersonProof = string;

/** "It is me, acting" (R18): the e-card password or a real-person proof. */
export type UserVerification = { password: string } | { realPerson: RealPersonProof };

/** Status of the physical card (R2). */
export type PhysicalCardStatus = 'normal' | 'sealed' | 'lost' | 'locked' | 'cancelled';

/** Status of the e-card: the physical card's status, `normal` shown as `active` (R3). */
export type ECardStatus = 'active' | 'sealed' | 'lost' | 'locked' | 'cancelled';

/** Issuance level (R7): 1 identity, 2 payment enabled. */
export type ECardLevel = 1 | 2;

/** An e-card as one channel sees it: its binding to the person's e-card. */
export interface ECard {
  /** The sign number (签发号) of the e-card; the same in every channel. */
  signNo: string;
  /** The channel this binding belongs to. */
  channelId: string;
  /** Masked name, e.g. `张*三`. */
  name: string;
  /** Masked ID number, e.g. `440106********1231`. */
  idNumber: string;
  /** Masked physical card number. */
  cardNo: string;
  /** 6-digit region code (GB/T 2260) of the issuing city. */
  regionCode: string;
  status: ECardStatus;
  level: ECardLevel;
  /** When this channel's binding was made (ISO 8601). */
  boundAt: string;
}

/** Purpose of a dynamic QR code (R15). */
export type QrPurpose = 'identity' | 'payment';

/** A dynamic e-card QR code to show to an acceptor. */
export interface DynamicQr {
  /** The text to encode in the QR symbol (QR alphanumeric mode). */
  text: string;
  purpose: QrPurpose;
  /** ISO 8601. */
  issuedAt: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** What the user sees after scanning a portal's login QR (R17). */
export interface LoginRequest {
  requestId: string;
  portal: { id: string; name: string };
  /** ISO 8601. */
  expiresAt: string;
}

/** State of a scan-to-login session (R17). */
export type LoginState = 'pending' | 'scanned' | 'confirmed' | 'rejected' | 'expired';

/** The notification types the platform sends to channels (R13, R19). */
export type NotificationType =
  | 'card.status_changed'
  | 'card.replaced'
  | 'binding.removed'
  | 'password.changed'
  | 'password.reset'
  | 'password.locked'
  | 'payment.enabled'
  | 'login.confirmed';

/** A notification from the platform to one channel. `id` is stable across redeliveries. */
export interface PlatformNotification {
  id: string;
  type: NotificationType;
  channelId: string;
  signNo: string;
  /** ISO 8601. */
  occurredAt: string;
  /** The card status after the change, for `card.status_changed` and `card.replaced`. */
  status?: ECardStatus;
}
