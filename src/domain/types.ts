/**
 * The domain types every part of the SDK speaks. Masked values are masked by the platform
 * engine; the SDK never holds a full ID number or card number of a bound card. The
 * enumerations are derived from the `const` arrays of `enums.ts`.
 */
import type { BenefitPayment } from './benefits.js';
import type {
  E_CARD_STATUSES,
  LOGIN_SCOPES,
  LOGIN_STATES,
  NOTIFICATION_TYPES,
  PHYSICAL_CARD_STATUSES,
  QR_PURPOSES,
} from './enums.js';

import type { Certification } from './family.js';
import type { ApplicationStatus, ServiceId } from './services.js';

/**
 * An opaque token from a passed real-person (face) check (实人认证), bound to one ID number,
 * short-lived and usable once. Your face-check provider (or the platform's) hands it over;
 * the SDK only passes it on, sealed.
 *
 * @example
 * ```ts
 * const realPerson: RealPersonProof = platform.realPersonProof(idNumber); // the mock's stand-in
 * await client.resetPassword({ signNo, realPerson, newPassword: '739164' });
 * ```
 */
export type RealPersonProof = string;

/**
 * "It is me, acting" (R18): the e-card password or a real-person proof, exactly one of them.
 *
 * @example
 * ```ts
 * const byPassword: UserVerification = { password: '258046' };
 * const byFace: UserVerification = { realPerson: proofFromFaceCheck };
 * await client.unbind({ signNo, verification: byPassword });
 * ```
 */
export type UserVerification =
  | {
      /** The 6-digit e-card password (电子社保卡密码), sealed before it leaves the adapter. */
      password: string;
    }
  | {
      /** A fresh real-person proof for the card holder's ID number. */
      realPerson: RealPersonProof;
    };

/**
 * Status of the physical card (R2): `normal` (正常), `sealed` (封存), `lost` (挂失),
 * `locked` (锁定), `cancelled` (注销).
 *
 * @example
 * ```ts
 * const status: PhysicalCardStatus = 'lost';
 * platform.setCardStatus(cardNo, status); // MockPlatform admin control
 * ```
 */
export type PhysicalCardStatus = (typeof PHYSICAL_CARD_STATUSES)[number];

/**
 * Status of the e-card: the physical card's status, `normal` shown as `active` (R3). Any
 * status but `active` leaves only unbinding allowed (R13).
 *
 * @example
 * ```ts
 * const { status } = await client.getCard({ signNo });
 * if (status !== 'active') showOnlyUnbind(status);
 * ```
 */
export type ECardStatus = (typeof E_CARD_STATUSES)[number];

/**
 * Issuance level (R7): 1 identity (身份凭证), 2 payment enabled (支付功能已开通).
 *
 * @example
 * ```ts
 * const canPay = (card: ECard): boolean => card.level === 2;
 * ```
 */
export type ECardLevel = 1 | 2;

/**
 * An e-card as one channel sees it: its binding to the person's e-card.
 *
 * @example
 * ```ts
 * const card: ECard = await client.getCard({ signNo });
 * console.log(card.name, card.idNumber, card.status, card.level); // 张* 440106********1231 active 1
 * ```
 */
export interface ECard {
  /** The sign number (签发号) of the e-card; the same in every channel. */
  signNo: string;
  /** The channel this binding belongs to. */
  channelId: string;
  /** Masked name, e.g. `张*` (see `maskName`). */
  name: string;
  /** Masked ID number, e.g. `440106********1231`. */
  idNumber: string;
  /** Masked physical card number (社会保障卡卡号), e.g. `A1*****78`. */
  cardNo: string;
  /** 6-digit region code (GB/T 2260) of the issuing city. */
  regionCode: string;
  /** The card's status now; anything but `active` allows only unbinding (R13). */
  status: ECardStatus;
  /** 1, or 2 once payment is enabled (R7). */
  level: ECardLevel;
  /** When this channel's binding was made (ISO 8601). */
  boundAt: string;
  /**
   * For a `lost` card: who reported the loss (R43). `holder`: from a channel app, and the
   * holder may withdraw it (`withdrawLossReport`); `back-office`: at a service centre.
   */
  lossReportedBy?: LossReporter;
}

/**
 * Who reported a physical card lost (R43): the holder from a channel app (挂失, withdrawable
 * in the app with a face check), or the back office (a service centre; withdrawn there only).
 *
 * @example
 * ```ts
 * const card = await client.getCard({ signNo });
 * const canWithdraw = card.status === 'lost' && card.lossReportedBy === 'holder';
 * ```
 */
export type LossReporter = 'holder' | 'back-office';

/**
 * Purpose of a dynamic QR code (R15): `identity` (身份码) or `payment` (支付码, level 2 and
 * user verification needed).
 *
 * @example
 * ```ts
 * const purpose: QrPurpose = 'payment';
 * await client.issueQr({ signNo, purpose, verification: { password } });
 * ```
 */
export type QrPurpose = (typeof QR_PURPOSES)[number];

/**
 * A dynamic e-card QR code to show to an acceptor. `text` is a bearer credential: render it,
 * never log it.
 *
 * @example
 * ```ts
 * const qr: DynamicQr = await client.issueQr({ signNo });
 * page.showQr(renderQrSvg(qr.text)); // until qr.expiresAt
 * ```
 */
export interface DynamicQr {
  /** The text to encode in the QR symbol (QR alphanumeric mode). */
  text: string;
  /** What the code may be used for. */
  purpose: QrPurpose;
  /** ISO 8601. */
  issuedAt: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * What the user sees after scanning a portal's login QR (R17).
 *
 * @example
 * ```ts
 * const request: LoginRequest = await client.scanLogin({ signNo, qrText: scanned });
 * const ok = await confirmDialog(`登录 ${request.portal.name}？`);
 * ```
 */
export interface LoginRequest {
  /** Pass it to `confirmLogin` or `rejectLogin`. */
  requestId: string;
  /** The portal that asks, as the platform registered it: show its name to the user. */
  portal: {
    /** The portal's id. */
    id: string;
    /** The portal's display name, e.g. `国家政务服务平台`. */
    name: string;
  };
  /** The claims the portal asks to receive (R30): show them to the user before confirming. */
  scopes: LoginScope[];
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * A claim a portal may receive from a confirmed login (R30, 个人授权访问): the holder's `name`,
 * `idNumber`, the card's `regionCode`, the e-card `level`, and the e-card's sign number
 * `signNo`. The per-portal subject, the method and the channel always travel; nothing else
 * does, so two portals hold no common identifier of the holder beyond what the holder
 * consented to give both.
 *
 * `signNo` is never implied: a portal receives it only when it is registered with `'signNo'`
 * **and** its session asks for it by name. A registration without scopes allows the other
 * four; a session without scopes asks for all its registration allows except `signNo`.
 *
 * @example
 * ```ts
 * const scopes: LoginScope[] = ['name', 'regionCode'];
 * const session = await portal.createSession({ scopes });
 * ```
 */
export type LoginScope = (typeof LOGIN_SCOPES)[number];

/**
 * One confirmed login as the holder can review it (R30): which portal received which claims,
 * and when.
 *
 * @example
 * ```ts
 * for (const a of await client.listAuthorizations({ signNo })) {
 *   console.log(a.portalName, a.scopes.join(','), a.at);
 * }
 * ```
 */
export interface Authorization {
  /** The portal's id. */
  portalId: string;
  /** The portal's display name. */
  portalName: string;
  /** The claims it received. */
  scopes: LoginScope[];
  /** ISO 8601: when the login was confirmed. */
  at: string;
}

/**
 * State of a scan-to-login session (R17): `pending` → `scanned` → `confirmed` | `rejected` |
 * `expired`.
 *
 * @example
 * ```ts
 * const final = (state: LoginState) => state !== 'pending' && state !== 'scanned';
 * ```
 */
export type LoginState = (typeof LOGIN_STATES)[number];

/**
 * The notification types the platform sends to channels (R13, R19).
 *
 * @example
 * ```ts
 * client.on('notification', ({ notification }) => {
 *   const type: NotificationType = notification.type;
 *   audit.record(type, notification.signNo);
 * });
 * ```
 */
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/**
 * A notification from the platform to one channel. `id` is stable across redeliveries.
 *
 * @example
 * ```ts
 * client.on('notification', ({ notification }: { notification: PlatformNotification }) => {
 *   if (seen.has(notification.id)) return; // redelivered
 *   seen.add(notification.id);
 * });
 * ```
 */
export interface PlatformNotification {
  /** Stable across redeliveries: deduplicate by it. */
  id: string;
  /** What happened. */
  type: NotificationType;
  /** The channel the notification is for. */
  channelId: string;
  /** The e-card concerned (for `hosted.completed`: empty when the page ended before knowing it). */
  signNo: string;
  /** ISO 8601. */
  occurredAt: string;
  /**
   * For `hosted.completed` (R36): the page's signed receipt, the same token the browser brings
   * back; check it with `hosted.verifyReceipt` (essc-sdk/hosted).
   */
  receipt?: string;
  /** For `hosted.completed`: the launch's business serial number. */
  busiSeq?: string;
  /** The card status after the change, for `card.status_changed`, `card.replaced` and `member.status_changed` (the member's card). */
  status?: ECardStatus;
  /** The payment as it stands after the change, for `payment.succeeded` and `payment.refunded`. */
  payment?: Payment;
  /** The bill as paid, for `bill.paid`. */
  bill?: Bill;
  /**
   * For `member.status_changed`, and `certification.completed`, `benefit.paid` and
   * `benefit.suspended` of a member: the holder's family member concerned (R32, R33, R44);
   * `signNo` is then the holder's e-card.
   */
  memberId?: string;
  /** For `certification.completed`: the certification after it (R33). */
  certification?: Certification;
  /**
   * For `benefit.paid` and `benefit.suspended`: the month's benefit payment as it stands (R44);
   * with `memberId` when it is a family member's of the holder.
   */
  benefitPayment?: BenefitPayment;
  /** For `application.updated`: the application and its status after the move (R29). */
  application?: {
    /** The application. */
    applicationId: string;
    /** Its service. */
    service: ServiceId;
    /** Its status now. */
    status: ApplicationStatus;
  };
}

/**
 * The kinds of merchants (R21); `hospital`, `pharmacy` and `clinic` settle medical insurance
 * (R23), the others take the whole amount from the bank account.
 */
export type MerchantKind = 'hospital' | 'pharmacy' | 'clinic' | 'transit' | 'shop';

/**
 * One line of a charge (R22): `covered` by medical insurance or paid by the holder (`self`).
 * Amounts are integers in fen.
 */
export interface PaymentItem {
  /** The merchant's code for the item (drug, test, fee). */
  code: string;
  /** What it is, as printed on the receipt. */
  name: string;
  /** Fen, ≥ 1. */
  amount: number;
  /** `covered` by medical insurance, or `self`-paid. */
  coverage: 'covered' | 'self';
}

/**
 * Where the money of a payment came from (R23), in fen; the three sum to the amount.
 *
 * @example
 * ```ts
 * const { pooledFund, personalAccount, selfPay }: PaymentSplit = payment.split;
 * ```
 */
export interface PaymentSplit {
  /** 统筹基金: paid by the pooled medical-insurance fund. */
  pooledFund: number;
  /** 个人账户: paid from the holder's medical personal account. */
  personalAccount: number;
  /** 自付: paid from the holder's bank account. */
  selfPay: number;
}

/**
 * A payment with the e-card at a merchant (R21–R25). Amounts are integers in fen.
 *
 * @example
 * ```ts
 * const payment: Payment = await terminal.charge({ qrText, orderId: 'HIS-0001', amount: 36500 });
 * console.log(payment.split.pooledFund, payment.status); // 18000 'succeeded'
 * ```
 */
export interface Payment {
  /** The platform's id of the payment. */
  paymentId: string;
  /** The merchant's order id (R24). */
  orderId: string;
  /** The merchant that charged. */
  merchantId: string;
  /** Fen. */
  amount: number;
  /** Fen refunded so far (R25). */
  refunded: number;
  /** `partially_refunded` once some, `refunded` once all of the amount went back. */
  status: 'succeeded' | 'partially_refunded' | 'refunded';
  /** Where the money came from; sums to `amount`. */
  split: PaymentSplit;
  /** Masked, e.g. `张*`. */
  holderName: string;
  /** The platform's opaque card reference (base64url), as in the code. */
  cardRef: string;
  /** ISO 8601. */
  paidAt: string;
  /** The merchant's description, when given. */
  description?: string;
}

/**
 * The kinds of bills (缴费, R26).
 */
export type BillKind = 'insurance' | 'exam' | 'training';

/**
 * A bill the platform holds for the holder (R26). Amounts are integers in fen.
 *
 * @example
 * ```ts
 * const bills: Bill[] = await client.listBills({ signNo });
 * const unpaid = bills.filter((bill) => bill.status === 'unpaid');
 * ```
 */
export interface Bill {
  /** The platform's id of the bill. */
  billId: string;
  /** 参保 (`insurance`), 考试 (`exam`) or 培训 (`training`) fee. */
  kind: BillKind;
  /** What the bill is for. */
  title: string;
  /** Fen. */
  amount: number;
  /** `paid` once paid (a bill is paid once). */
  status: 'unpaid' | 'paid';
  /** ISO 8601, once paid. */
  paidAt?: string;
}
