import type { JWK } from 'jose';
import type { LoginState, PaymentItem } from '../domain/types.js';

export type {
  MerchantAdapter,
  MerchantOperation,
  PortalAdapter,
  PortalOperation,
} from './acceptor-operations.js';
export type { PlatformAdapter, RequestContext } from './operations.js';

/**
 * A JWK Set as the platform publishes it (`/.well-known/jwks.json`): its public signing keys,
 * the current one and the previous one after a rotation.
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
 * A login session's state as the portal polls it (R17).
 *
 * @example
 * ```ts
 * const { state, assertion }: LoginSessionState = await adapter.getLoginSession({ sessionId });
 * ```
 */
export interface LoginSessionState {
  /** The session's state. */
  state: LoginState;
  /** Present when `confirmed`: the signed identity assertion, unverified. */
  assertion?: string;
}

/**
 * Input of a charge ({@link MerchantAdapter}`.charge`, R21, R22): amounts are integers in fen; items,
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
 * Input of a refund ({@link MerchantAdapter}`.refund`, R25).
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
 * Input of an order code ({@link MerchantAdapter}`.createOrderCode`, R45): a charge's fields
 * but the code, which the platform makes.
 *
 * @example
 * ```ts
 * const input: OrderCodeRequest = { orderId: 'POS-0001', amount: 2850, description: '药品' };
 * ```
 */
export interface OrderCodeRequest {
  /** The merchant's order id: one payment per order id (R24), by order code or charge. */
  orderId: string;
  /** Fen, 1 to 5 000 000. */
  amount: number;
  /** The lines of the bill, shown to the citizen; `covered` items are settled by medical insurance (R23). */
  items?: PaymentItem[];
  /** Shown to the citizen and printed on the holder's payment history. */
  description?: string;
}
