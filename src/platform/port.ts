import type { JWK } from 'jose';
import type { LoginScope, LoginState, Payment, PaymentItem } from '../domain/types.js';
import type { RequestContext } from './operations.js';

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
 */
export type MerchantOperation = (typeof MERCHANT_OPERATIONS)[number];

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
