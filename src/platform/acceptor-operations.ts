/**
 * The operations the acceptors call: a merchant's payment terminal (R21–R25) and a government
 * portal's scan-to-login (R17). Rows of the same operation table as the channels' (the type
 * and the `row` helper of `./operations.ts`), kept in a file of their own so the core entry,
 * which carries the channel rows for its client, ships none of them.
 *
 * Derived from these rows, as from the channels': the {@link MerchantAdapter} and
 * {@link PortalAdapter} types, the mock and http adapters, the engine's pipeline (which
 * authenticates the row's `caller`), the sandbox's routes and the OpenAPI document.
 *
 * @internal
 */

import type { JWK } from 'jose';
import type { OrderCode } from '../domain/order-codes.js';
import {
  chargeInputSchema,
  createOrderCodeInputSchema,
  getPaymentInputSchema,
  refundInputSchema,
} from '../domain/payment-schemas.js';
import { loginSessionInput, loginSessionRefInput } from '../domain/portal-inputs.js';
import type { LoginScope, Payment } from '../domain/types.js';
import {
  OPERATIONS,
  type OperationOutputs,
  type OperationTable,
  type RequestContext,
  row,
} from './operations.js';
import type {
  ChargeRequest,
  LoginSession,
  LoginSessionState,
  OrderCodeRequest,
  RefundRequest,
} from './port.js';

// Each row's TSDoc is its one-line description, as in `./operations.ts`
// (src/wire/operation-docs.ts reads it for the OpenAPI document).
const merchantRows = {
  /**
   * Charge a scanned payment code (R21–R23): settled between 统筹基金, 个人账户 and 自付; the
   * same order id and amount again answers the first payment (R24).
   */
  charge: row({
    input: chargeInputSchema,
    output: 'Payment',
    route: 'POST /v1/merchant/charges',
    caller: 'merchant',
    mutating: true,
    namedBy: 'orderId',
  }),
  /** The payment of one of this merchant's order ids; PAYMENT_NOT_FOUND when it never charged (R24). */
  getPayment: row({
    input: getPaymentInputSchema,
    output: 'Payment',
    route: 'GET /v1/merchant/charges/{orderId}',
    caller: 'merchant',
  }),
  /**
   * Refund part or what is left of a payment (R25), named by its refund id: self-pay first,
   * then the personal account, then the pooled fund.
   */
  refund: row({
    input: refundInputSchema,
    output: 'Payment',
    route: 'POST /v1/merchant/charges/{orderId}/refunds',
    caller: 'merchant',
    mutating: true,
    namedBy: 'refundId',
  }),
  /**
   * Make an order code for the citizen to scan and pay (主扫, R45): platform-signed, 5 minutes;
   * the same order id and content again answers the same code.
   */
  createOrderCode: row({
    input: createOrderCodeInputSchema,
    output: 'OrderCode',
    route: 'POST /v1/merchant/order-codes',
    caller: 'merchant',
    mutating: true,
    namedBy: 'orderId',
  }),
} as const;

const portalRows = {
  /**
   * Open a scan-to-login session and get the QR text to show (R17), asking for some claims
   * (R30).
   */
  createLoginSession: row({
    input: loginSessionInput,
    output: 'LoginSession',
    route: 'POST /v1/portal/login-sessions',
    caller: 'portal',
    mutating: true,
  }),
  /** A login session's state, with the signed assertion once confirmed (R17). */
  getLoginSession: row({
    input: loginSessionRefInput,
    output: 'LoginSessionState',
    route: 'GET /v1/portal/login-sessions/{sessionId}',
    caller: 'portal',
  }),
} as const;

/** The merchants' rows. */
export const MERCHANT_ROWS: typeof merchantRows = merchantRows;
/** The portals' rows. */
export const PORTAL_ROWS: typeof portalRows = portalRows;

/**
 * A merchant's operation: one of {@link MERCHANT_OPERATIONS}.
 */
export type MerchantOperation = keyof typeof merchantRows;

/**
 * The operations of the {@link MerchantAdapter} port (R21–R25, R45), in table order: the
 * merchants' rows' names.
 *
 * @example
 * ```ts
 * import { MERCHANT_OPERATIONS } from 'essc-sdk/acceptor';
 * MERCHANT_OPERATIONS.includes('charge'); // true
 * ```
 */
export const MERCHANT_OPERATIONS = Object.keys(merchantRows) as readonly MerchantOperation[];

/** Every row of the operation table: the channels', the merchants' and the portals'. */
export const ALL_OPERATIONS = { ...OPERATIONS, ...merchantRows, ...portalRows };

/** The whole operation table's type. @useDeclaredType */
export type AllOperations = OperationTable & typeof merchantRows & typeof portalRows;

/** Any operation: a channel's, a merchant's or a portal's. */
export type AnyOperation = keyof AllOperations;

/** A portal's operations (the rows' names, checked below). */
export type PortalOperation = 'createLoginSession' | 'getLoginSession';

/** The input of any operation, as its adapter receives it. */
export type AnyOperationInput<O extends AnyOperation> = import('zod/mini').output<
  AllOperations[O]['input']
>;

/** What any operation answers. */
export type AnyOperationOutput<O extends AnyOperation> =
  OperationOutputs[AllOperations[O]['output']];

/**
 * One typed method per row: the row's input (optional when every field is) and the call's
 * context, its output.
 */
type Methods<O extends AnyOperation> = {
  -readonly [K in O]: Record<string, never> extends AnyOperationInput<K>
    ? (input?: AnyOperationInput<K>, ctx?: RequestContext) => Promise<AnyOperationOutput<K>>
    : (input: AnyOperationInput<K>, ctx?: RequestContext) => Promise<AnyOperationOutput<K>>;
};

/**
 * The port between a merchant (hospital, pharmacy, transit, shop) and the platform (R21–R25):
 * one method per merchant row above, taking the row's input and answering its output (checked
 * below: a row without its method, or a method unlike its row, fails to compile). Inputs reach
 * adapters already validated by the payment terminal; the platform decides. Charges are named
 * by their order id and refunds by their refund id, so adapters may retry them.
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
  getPayment(
    input: {
      /** The order id the payment was charged under. */
      orderId: string;
    },
    ctx?: RequestContext,
  ): Promise<Payment>;
  /**
   * Refunds part or all of a payment (R25).
   *
   * @example
   * ```ts
   * const payment = await adapter.refund({ orderId: 'HIS-0001', refundId: 'R1', amount: 5000 });
   * ```
   */
  refund(input: RefundRequest, ctx?: RequestContext): Promise<Payment>;
  /**
   * Makes an order code for the citizen to scan and pay (R45); the same order id and content
   * again answers the same code.
   *
   * @example
   * ```ts
   * const { qrText, expiresAt } = await adapter.createOrderCode({ orderId: 'POS-0001', amount: 2850 });
   * ```
   */
  createOrderCode(input: OrderCodeRequest, ctx?: RequestContext): Promise<OrderCode>;
}

/**
 * The port between a government portal and the platform for scan-to-login (R17): one method
 * per portal row above (checked below, as for {@link MerchantAdapter}), and the platform's
 * keys. The portal gets the outcome as a platform-signed assertion and verifies it itself
 * against the JWKS.
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
   * Opens a login session on the platform, asking for some claims (R30).
   *
   * @example
   * ```ts
   * const session = await adapter.createLoginSession({ scopes: ['name'] });
   * ```
   */
  createLoginSession(
    input?: {
      /** The claims to ask for; left out, all the portal's registration allows but `signNo`. */
      scopes?: LoginScope[];
    },
    ctx?: RequestContext,
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
    input: {
      /** The session's id, as `createLoginSession` answered it. */
      sessionId: string;
    },
    ctx?: RequestContext,
  ): Promise<LoginSessionState>;
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

// The ports' methods are exactly the rows' (every row a method, its input and output), and
// the documented request
// shapes of `./port.ts` are exactly the input schemas', or this fails to compile: checked
// copies for the core and the reference docs, not copies that could drift.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const matches: [
  Same<Pick<MerchantAdapter, keyof typeof merchantRows>, Methods<keyof typeof merchantRows>>,
  Same<PortalOperation, keyof typeof portalRows>,
  Same<Pick<PortalAdapter, PortalOperation>, Methods<PortalOperation>>,
  Same<ChargeRequest, AnyOperationInput<'charge'>>,
  Same<RefundRequest, AnyOperationInput<'refund'>>,
  Same<OrderCodeRequest, AnyOperationInput<'createOrderCode'>>,
] = [true, true, true, true, true, true];
void matches;
