import type { JWK } from 'jose';
import type { QueryResult, QueryTopic } from '../domain/records.js';
import type { Application, ServiceId } from '../domain/services.js';
import type {
  Authorization,
  Bill,
  DynamicQr,
  ECard,
  LoginRequest,
  LoginScope,
  LoginState,
  Payment,
  PaymentItem,
  PlatformNotification,
  QrPurpose,
  RealPersonProof,
  UserVerification,
} from '../domain/types.js';
import type { FamilyOperations } from './family-port.js';

/**
 * The operations of the {@link MerchantAdapter} port (R21–R25): the mock's fault injection and
 * the wire name them from here.
 *
 * @example
 * ```ts
 * MERCHANT_OPERATIONS.includes('charge'); // true
 * ```
 */
export const MERCHANT_OPERATIONS = ['charge', 'getPayment', 'refund'] as const;

/**
 * One of {@link MERCHANT_OPERATIONS}.
 *
 * @example
 * ```ts
 * const operation: MerchantOperation = 'charge';
 * ```
 */
export type MerchantOperation = (typeof MERCHANT_OPERATIONS)[number];

/**
 * Per-call context the client hands to the adapter.
 *
 * `idempotencyKey` is set on every mutating call (R20): an adapter sends it with the request
 * and the platform returns the first outcome for a key it has seen, so a retry never applies a
 * change twice.
 *
 * @example
 * ```ts
 * // inside an adapter: one key for every attempt of the call
 * headers['idempotency-key'] = ctx.idempotencyKey ?? '';
 * const response = await fetch(url, { method: 'POST', headers, body, signal: ctx.signal });
 * ```
 */
export interface RequestContext {
  /** Set on mutating calls: send it with every attempt of this call (R20). */
  idempotencyKey?: string;
  /** The caller gave up: stop waiting (the platform may still apply the call). */
  signal?: AbortSignal;
}

/**
 * Input of {@link PlatformAdapter.apply}. Inputs reach adapters already validated and
 * normalized by the client.
 *
 * @example
 * ```ts
 * const input: ApplyInput = {
 *   channelUserId: 'wx-openid-123', name: '张三', idNumber: '440106199003071231',
 *   realPerson: proofFromFaceCheck, password: '258046',
 * };
 * ```
 */
export interface ApplyInput {
  /** The channel's own id for its user (an openid, a bank customer number…). */
  channelUserId: string;
  /** Full name as on the ID card (normalized: NFC, middle dot `·`). */
  name: string;
  /** 18-character resident ID number (upper-case `X`). */
  idNumber: string;
  /** Plain text here: seal it before it leaves the adapter. */
  realPerson: RealPersonProof;
  /**
   * Plain text here: seal it before it leaves the adapter. Set at the first application,
   * verified at later ones (R8).
   */
  password: string;
}

/**
 * Input of {@link PlatformAdapter.issueQr}.
 *
 * @example
 * ```ts
 * const input: IssueQrInput = { signNo, purpose: 'payment', verification: { password: '258046' } };
 * ```
 */
export interface IssueQrInput {
  /** The e-card. */
  signNo: string;
  /** Defaulted to `identity` by the client. */
  purpose: QrPurpose;
  /** Present for payment codes (R15); seal its secret before it leaves the adapter. */
  verification?: UserVerification;
  /** A family member's identity code, shown on behalf (R32); identity only. */
  memberId?: string;
}

/**
 * Input of {@link PlatformAdapter.query} (R28).
 *
 * @example
 * ```ts
 * const input: QueryInput = { signNo, topic: 'insurance', verification: { password: '258046' } };
 * ```
 */
export interface QueryInput {
  /** The e-card. */
  signNo: string;
  /** What to look up. */
  topic: QueryTopic;
  /** "是我查询": seal its secret before it leaves the adapter. */
  verification: UserVerification;
  /** A family member's records (R32), with the holder's verification. */
  memberId?: string;
}

/**
 * Input of {@link PlatformAdapter.submitApplication} (R29).
 *
 * @example
 * ```ts
 * const input: SubmitApplicationInput = { signNo, service: 'skill-subsidy', form: { certificateNo }, verification };
 * ```
 */
export interface SubmitApplicationInput {
  /** The e-card. */
  signNo: string;
  /** The service applied for. */
  service: ServiceId;
  /** The service's form, checked by the platform against its schema. */
  form: Record<string, unknown>;
  /** "是我办事": seal its secret before it leaves the adapter. */
  verification: UserVerification;
}

/**
 * The port between the client and a national platform (DESIGN §2). An adapter translates;
 * the platform decides. Secrets (`password`, `realPerson`) arrive in plain text from the
 * client in the same process and must leave the adapter only sealed to the platform's key.
 *
 * Run `essc-sdk/testing`'s conformance suite against an adapter to prove it.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { MockPlatform } from 'essc-sdk/mock';
 * const adapter: PlatformAdapter = MockPlatform.demo().adapter('wechat');
 * const client = createClient({ adapter });
 * ```
 */
export interface PlatformAdapter extends FamilyOperations {
  /** The channel this adapter acts for. */
  readonly channelId: string;
  /**
   * Applies for the e-card (R5–R8). Mutating: send `ctx.idempotencyKey`.
   *
   * @example
   * ```ts
   * const card = await adapter.apply(input, { idempotencyKey: 'idk_1' });
   * ```
   */
  apply(input: ApplyInput, ctx: RequestContext): Promise<ECard>;
  /**
   * Reads this channel's binding, in any status (R13). Read-only: no idempotency key.
   *
   * @example
   * ```ts
   * const card = await adapter.getCard({ signNo }, {});
   * ```
   */
  getCard(input: { signNo: string }, ctx: RequestContext): Promise<ECard>;
  /**
   * Removes this channel's binding (R12). Mutating.
   *
   * @example
   * ```ts
   * await adapter.unbind({ signNo, verification: { password: '258046' } }, { idempotencyKey });
   * ```
   */
  unbind(
    input: { signNo: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<void>;
  /**
   * Changes the shared password (R10). Mutating; both passwords sealed.
   *
   * @example
   * ```ts
   * await adapter.changePassword({ signNo, oldPassword: '258046', newPassword: '739164' }, { idempotencyKey });
   * ```
   */
  changePassword(
    input: { signNo: string; oldPassword: string; newPassword: string },
    ctx: RequestContext,
  ): Promise<void>;
  /**
   * Resets the shared password with a real-person proof (R10, R11). Mutating.
   *
   * @example
   * ```ts
   * await adapter.resetPassword({ signNo, realPerson, newPassword: '739164' }, { idempotencyKey });
   * ```
   */
  resetPassword(
    input: { signNo: string; realPerson: RealPersonProof; newPassword: string },
    ctx: RequestContext,
  ): Promise<void>;
  /**
   * Raises the e-card to level 2 (R7). Mutating.
   *
   * @example
   * ```ts
   * const card = await adapter.enablePayment({ signNo, verification }, { idempotencyKey });
   * ```
   */
  enablePayment(
    input: { signNo: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<ECard>;
  /**
   * Issues a dynamic QR code (R15). Mutating: each call makes a new single-use code.
   *
   * @example
   * ```ts
   * const qr = await adapter.issueQr({ signNo, purpose: 'identity' }, { idempotencyKey });
   * ```
   */
  issueQr(input: IssueQrInput, ctx: RequestContext): Promise<DynamicQr>;
  /**
   * Reads a portal's login QR and marks the session `scanned` (R17). Mutating.
   *
   * @example
   * ```ts
   * const request = await adapter.scanLogin({ signNo, qrText }, { idempotencyKey });
   * ```
   */
  scanLogin(input: { signNo: string; qrText: string }, ctx: RequestContext): Promise<LoginRequest>;
  /**
   * Confirms a scanned login with user verification (R17). Mutating.
   *
   * @example
   * ```ts
   * await adapter.confirmLogin({ signNo, requestId, verification }, { idempotencyKey });
   * ```
   */
  confirmLogin(
    input: { signNo: string; requestId: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<void>;
  /**
   * Rejects a scanned login (R17). Mutating.
   *
   * @example
   * ```ts
   * await adapter.rejectLogin({ signNo, requestId }, { idempotencyKey });
   * ```
   */
  rejectLogin(input: { signNo: string; requestId: string }, ctx: RequestContext): Promise<void>;
  /**
   * Every payment of the e-card, whichever channel showed the code, newest first (R27).
   * Read-only.
   *
   * @example
   * ```ts
   * const payments = await adapter.listPayments({ signNo }, {});
   * ```
   */
  listPayments(input: { signNo: string }, ctx: RequestContext): Promise<Payment[]>;
  /**
   * The holder's bills, newest first (R26, R27). Read-only.
   *
   * @example
   * ```ts
   * const bills = await adapter.listBills({ signNo }, {});
   * ```
   */
  listBills(input: { signNo: string }, ctx: RequestContext): Promise<Bill[]>;
  /**
   * Pays a bill from the bank account with user verification (R26). Mutating; the
   * verification sealed.
   *
   * @example
   * ```ts
   * const bill = await adapter.payBill({ signNo, billId, verification }, { idempotencyKey });
   * ```
   */
  payBill(
    input: { signNo: string; billId: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<Bill>;
  /**
   * The holder's records of a topic (R28), with user verification. Mutating (the
   * verification is spent): send `ctx.idempotencyKey`.
   *
   * @example
   * ```ts
   * const { records } = await adapter.query({ signNo, topic: 'insurance', verification }, { idempotencyKey });
   * ```
   */
  query(input: QueryInput, ctx: RequestContext): Promise<QueryResult>;
  /**
   * Submits a business application (R29). Mutating. The form travels as given; the platform
   * validates it against the service's schema.
   *
   * @example
   * ```ts
   * const application = await adapter.submitApplication({ signNo, service: 'skill-subsidy', form, verification }, { idempotencyKey });
   * ```
   */
  submitApplication(input: SubmitApplicationInput, ctx: RequestContext): Promise<Application>;
  /**
   * One of the holder's applications. Read-only.
   *
   * @example
   * ```ts
   * const application = await adapter.getApplication({ signNo, applicationId }, {});
   * ```
   */
  getApplication(
    input: { signNo: string; applicationId: string },
    ctx: RequestContext,
  ): Promise<Application>;
  /**
   * The holder's applications, newest first. Read-only.
   *
   * @example
   * ```ts
   * const applications = await adapter.listApplications({ signNo }, {});
   * ```
   */
  listApplications(input: { signNo: string }, ctx: RequestContext): Promise<Application[]>;
  /**
   * Withdraws an application while it is submitted (R29). Mutating.
   *
   * @example
   * ```ts
   * await adapter.withdrawApplication({ signNo, applicationId, verification }, { idempotencyKey });
   * ```
   */
  withdrawApplication(
    input: { signNo: string; applicationId: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<Application>;
  /**
   * The holder's confirmed logins: which portal received which claims, and when (R30),
   * newest first. Read-only.
   *
   * @example
   * ```ts
   * const authorizations = await adapter.listAuthorizations({ signNo }, {});
   * ```
   */
  listAuthorizations(input: { signNo: string }, ctx: RequestContext): Promise<Authorization[]>;
  /**
   * Optional capability: push the platform's notifications for this channel. Returns an
   * unsubscribe function. Adapters without a push path leave it out.
   *
   * @example
   * ```ts
   * const unsubscribe = adapter.subscribe?.((n) => console.log(n.type, n.signNo));
   * ```
   */
  subscribe?(listener: (notification: PlatformNotification) => void): () => void;
}

/**
 * A JWK Set as the platform publishes it (`/.well-known/jwks.json`): its public signing keys,
 * the current one and the previous one after a rotation.
 *
 * @example
 * ```ts
 * const pinned: KeySet = { keys: [platformPublicJwk] };
 * ```
 */
export interface KeySet {
  /** The public JWKs (Ed25519 for the platform's signatures). */
  keys: JWK[];
}

/**
 * A login session as the portal creates it (R17).
 *
 * @example
 * ```ts
 * const { sessionId, qrText, expiresAt }: LoginSession = await portal.createSession();
 * ```
 */
export interface LoginSession {
  /** The portal's handle on the session: poll it with `getSession`. Keep it server-side. */
  sessionId: string;
  /** The text of the QR code the portal shows. */
  qrText: string;
  /** ISO 8601. */
  expiresAt: string;
}

/**
 * The port between a government portal and the platform for scan-to-login (R17). The portal
 * gets the outcome with a platform-signed assertion and verifies it itself against the JWKS.
 *
 * @example
 * ```ts
 * import { createLoginPortal } from 'essc-sdk/acceptor';
 * const portal = createLoginPortal({ adapter: platform.portalAdapter('gov-portal') });
 * ```
 */
export interface PortalAdapter {
  /** The portal this adapter acts for. */
  readonly portalId: string;
  /**
   * Opens a login session on the platform. `input.scopes` names the claims asked for (R30);
   * it comes second so that adapters written before consent still fit the port.
   *
   * @example
   * ```ts
   * const session = await adapter.createLoginSession(undefined, { scopes: ['name'] });
   * ```
   */
  createLoginSession(
    ctx?: RequestContext,
    input?: {
      /** The claims to ask for; left out, all the portal's registration allows but `signNo`. */
      scopes?: LoginScope[];
    },
  ): Promise<LoginSession>;
  /**
   * The session's state and, once `confirmed`, the platform-signed assertion (a compact JWT
   * the portal must verify: `createLoginPortal` does).
   *
   * @example
   * ```ts
   * const { state, assertion } = await adapter.getLoginSession({ sessionId });
   * ```
   */
  getLoginSession(
    input: { sessionId: string },
    ctx?: RequestContext,
  ): Promise<{
    /** The session's state. */
    state: LoginState;
    /** Present when `confirmed`: the signed identity assertion, unverified. */
    assertion?: string;
  }>;
  /**
   * The platform's public keys, to verify assertions with.
   *
   * @example
   * ```ts
   * const { keys } = await adapter.jwks();
   * ```
   */
  jwks(ctx?: RequestContext): Promise<{
    /** Public JWKs. */
    keys: JWK[];
  }>;
}

/**
 * Input of {@link MerchantAdapter.charge} (R21, R22): amounts are integers in fen; items,
 * when given, sum to the amount.
 *
 * @example
 * ```ts
 * const input: ChargeRequest = { qrText, orderId: 'HIS-0001', amount: 36500 };
 * ```
 */
export interface ChargeRequest {
  /** The scanned payment code. */
  qrText: string;
  /** The merchant's order id: one charge per order id (R24). */
  orderId: string;
  /** Fen, 1 to 5 000 000. */
  amount: number;
  /** The lines of the bill; `covered` items are settled by medical insurance (R23). */
  items?: PaymentItem[];
  /** Printed on the holder's payment history. */
  description?: string;
}

/**
 * Input of {@link MerchantAdapter.refund} (R25).
 *
 * @example
 * ```ts
 * const input: RefundRequest = { orderId: 'HIS-0001', refundId: 'HIS-0001-R1', amount: 5000 };
 * ```
 */
export interface RefundRequest {
  /** The order id of the payment. */
  orderId: string;
  /** Names this refund: a retry with the same id changes nothing twice. */
  refundId: string;
  /** Fen; left out, what is left of the payment. */
  amount?: number;
}

/**
 * The port between a merchant (hospital, pharmacy, transit, shop) and the platform (R21–R25).
 * Inputs reach adapters already validated by the payment terminal; the platform decides.
 * Charges are idempotent by order id and refunds by refund id, so adapters may retry them.
 *
 * @example
 * ```ts
 * import { createPaymentTerminal } from 'essc-sdk/acceptor';
 * const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
 * ```
 */
export interface MerchantAdapter {
  /** The merchant this adapter acts for. */
  readonly merchantId: string;
  /**
   * Charges a payment code (R21–R24).
   *
   * @example
   * ```ts
   * const payment = await adapter.charge({ qrText, orderId: 'HIS-0001', amount: 36500 });
   * ```
   */
  charge(input: ChargeRequest, ctx?: RequestContext): Promise<Payment>;
  /**
   * The payment of an order id; `PAYMENT_NOT_FOUND` when it never charged (R24).
   *
   * @example
   * ```ts
   * const payment = await adapter.getPayment({ orderId: 'HIS-0001' });
   * ```
   */
  getPayment(input: { orderId: string }, ctx?: RequestContext): Promise<Payment>;
  /**
   * Refunds part or all of a payment (R25).
   *
   * @example
   * ```ts
   * const payment = await adapter.refund({ orderId: 'HIS-0001', refundId: 'R1', amount: 5000 });
   * ```
   */
  refund(input: RefundRequest, ctx?: RequestContext): Promise<Payment>;
}
