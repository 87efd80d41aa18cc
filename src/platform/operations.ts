/**
 * The platform's operations, one row each: the single source every layer derives from.
 *
 * A row says what an operation takes (a zod/mini schema from `src/domain`), what it answers
 * (a name in {@link OperationOutputs}), where it lives on the wire (`METHOD /path/{param}`),
 * whether it mutates (R20: an idempotency key, the first outcome kept), which of its fields are
 * secrets to seal (R18), and whether it may act for a family member (R32). Its TSDoc says what
 * it does, in one line: the adapters' methods show it, and the OpenAPI document takes it as the
 * route's summary (`src/wire/operation-docs.ts` reads it; the core ships no copy of the text).
 * Derived from the rows, with no per-operation code anywhere else:
 *
 * - the {@link PlatformAdapter} type (a mapped type: one typed method per row, with the row's
 *   TSDoc) and the client's validation and idempotency keys;
 * - the mock, http and relay adapters (one generic call each, sealing the row's secrets that
 *   are present);
 * - the engine's pipeline (caller → parse → idempotency → lock → acts-for → handler) and the
 *   sandbox's routes;
 * - the wire routes and the OpenAPI document.
 *
 * A new operation is a row here (both halves: `rows` and `handling`, see below), its schemas in
 * `src/domain`, its handler in the engine module of its capability, its client method and its
 * conformance cases.
 *
 * This file is part of the core, but only the first half of each row is in the core's bundle
 * (the schemas the client parses with, the output's name, `mutating`): see `rows` below.
 *
 * @internal
 */
import type * as z from 'zod/mini';
import type { BenefitPayment } from '../domain/benefits.js';
import type { Certification, FamilyMember } from '../domain/family.js';
import { type HostedLaunch, hostedLaunchInput } from '../domain/hosted.js';
import {
  type OfflineCredential,
  offlineProvisionInput,
  offlineRevocationInput,
} from '../domain/offline.js';
import {
  applicationInput,
  applicationRefInput,
  applicationWithdrawalInput,
  applyInput,
  benefitHistoryInput,
  billPaymentInput,
  certificationInput,
  certificationStatusInput,
  loginScanInput,
  lossReportInput,
  lossWithdrawalInput,
  memberAdditionInput,
  memberRemovalInput,
  passwordChangeInput,
  passwordResetInput,
  qrInput,
  recordsQueryInput,
  scannedRequestConfirmation,
  scannedRequestRefusal,
  signNoInput,
  verifiedInput,
} from '../domain/operation-inputs.js';
import { type OrderCode, type OrderPreview, orderScanInput } from '../domain/order-codes.js';
import type { QueryResult } from '../domain/records.js';
import type { Application } from '../domain/services.js';
import type {
  Authorization,
  Bill,
  DynamicQr,
  ECard,
  LoginRequest,
  Payment,
  PlatformNotification,
} from '../domain/types.js';
import type { KeySet, LoginSession, LoginSessionState } from './port.js';

/**
 * What the operations answer, by the name a row gives in `output`. A list's name is plural;
 * `nothing` is an operation that answers nothing (the wire answers `{}`).
 */
export interface OperationOutputs {
  /** The channel's e-card. */
  ECard: ECard;
  /** A dynamic QR code. */
  DynamicQr: DynamicQr;
  /** A scanned portal login, for the user to confirm. */
  LoginRequest: LoginRequest;
  /** Payments, newest first. */
  Payments: Payment[];
  /** A bill. */
  Bill: Bill;
  /** Bills, newest first. */
  Bills: Bill[];
  /** A query's records. */
  QueryResult: QueryResult;
  /** A service application. */
  Application: Application;
  /** Service applications, newest first. */
  Applications: Application[];
  /** Which portal received which claims, newest first. */
  Authorizations: Authorization[];
  /** A family member. */
  FamilyMember: FamilyMember;
  /** Family members, in the order added. */
  FamilyMembers: FamilyMember[];
  /** An entitlement certification. */
  Certification: Certification;
  /** A payment, with its settlement and refunds. */
  Payment: Payment;
  /** A scanned merchant's order code, for the user to pay or decline (R45). */
  OrderPreview: OrderPreview;
  /** A merchant's order code, to show until it expires (R45). */
  OrderCode: OrderCode;
  /** A person's benefit payments, newest first, one per month (R44). */
  BenefitPayments: BenefitPayment[];
  /** A portal's login session, with the QR text to show. */
  LoginSession: LoginSession;
  /** A login session's state, with the signed assertion once confirmed. */
  LoginSessionState: LoginSessionState;
  /** A launched hosted page (R35). */
  HostedLaunch: HostedLaunch;
  /** An offline credential: the platform's certificate of a device key (R39). */
  OfflineCredential: OfflineCredential;
  /** Nothing: the wire answers `{}`. */
  // biome-ignore lint/suspicious/noConfusingVoidType: the adapter method answers Promise<void>.
  nothing: void;
}

/**
 * The fields that carry a secret (R18): plain in the adapter's input, sealed to the platform's
 * key on the way out. `verification` is a user verification (`{ password }` or
 * `{ realPerson }`), sealed inside.
 */
export type SecretField =
  | 'password'
  | 'oldPassword'
  | 'newPassword'
  | 'realPerson'
  | 'memberProof'
  | 'verification';

/**
 * One row of the operation table.
 */
export interface OperationRow<
  I extends z.core.$ZodType = z.core.$ZodType,
  O extends keyof OperationOutputs = keyof OperationOutputs,
  M extends true | undefined = true | undefined,
> {
  /** What it takes, as the client and the adapters see it (secrets plain). Strict. */
  readonly input: I;
  /** What it answers. */
  readonly output: O;
  /** The wire route: method and path; `{name}` takes the input field of that name. */
  readonly route: `${'GET' | 'POST'} /v1/${string}`;
  /** It changes state: an idempotency key, and a retry answers the first outcome (R20). */
  readonly mutating?: M;
  /** Its secret fields (R18), sealed by every adapter when present. */
  readonly secrets?: readonly SecretField[];
  /** It may act for a family member of the holder (`memberId`, R32). */
  readonly forMember?: true;
  /**
   * The person it runs one at a time for: the holder of `signNo` (default), or `idNumber`'s; or
   * `handler`: its handler takes the locks it needs (an order-code payment takes the order's,
   * then the holder's, the one order a charge takes them in: R24; a hosted launch takes none).
   */
  readonly lockBy?: 'idNumber' | 'handler';
  /**
   * Who calls it, signed with its key (R19): a channel app (left out), a merchant's payment
   * terminal (R21) or a government portal (R17).
   */
  readonly caller?: 'merchant' | 'portal';
  /**
   * The input field that names what it makes, in place of the idempotency key: a retry with the
   * same value answers the first outcome whatever key it carries (a charge's `orderId`, R24; a
   * refund's `refundId`, R25). The handler keeps those outcomes, not the pipeline.
   */
  readonly namedBy?: 'orderId' | 'refundId';
}

/** Types one row; `mutating` is kept as written (`M`), so types can tell the mutating rows apart. @internal */
export const row = <
  I extends z.core.$ZodType,
  O extends keyof OperationOutputs,
  M extends true | undefined = undefined,
>(
  definition: OperationRow<I, O, M>,
): OperationRow<I, O, M> => definition;

/**
 * What the core reads of a row: the client parses a call with `input` and keys it when it is
 * `mutating`; the relay adapter reads `output` too. @internal
 */
export type OperationContract<
  I extends z.core.$ZodType = z.core.$ZodType,
  O extends keyof OperationOutputs = keyof OperationOutputs,
  M extends true | undefined = true | undefined,
> = Pick<OperationRow<I, O, M>, 'input' | 'output' | 'mutating'>;

/** The rest of a row: how the adapters, the wire and the engine carry the operation. @internal */
export type OperationHandling = Omit<OperationRow, 'input' | 'output' | 'mutating'>;

/**
 * Types the first half of a row as the whole row it becomes in {@link OPERATIONS}, where
 * `handling` adds the rest: the table's type ({@link OperationTable}) and its documentation are
 * those of whole rows. Only `joinRows` reads `rows` whole; the core reads the first half through
 * {@link OPERATION_CONTRACTS}, typed as what it holds. @internal
 */
const contract = <
  I extends z.core.$ZodType,
  O extends keyof OperationOutputs,
  M extends true | undefined = undefined,
>(
  definition: OperationContract<I, O, M>,
): OperationRow<I, O, M> => definition as OperationRow<I, O, M>;

// The rows, one per operation, each in two halves written in this file: `rows` (what it takes,
// answers and whether it mutates) and `handling` (its route, secrets, member and lock flags).
// `OPERATIONS` joins them. Only the first half is part of the core: a mini-program's bundle
// parses with the schemas but carries no route, secret or lock (issue 25: −351 B gzip). A row
// missing from either half, or one half naming an operation the other does not, does not
// compile (`handling` satisfies a type keyed by the operations of `rows`).
//
// Each row's TSDoc is its one-line description: the adapters' methods show it and the OpenAPI
// document takes it (src/wire/operation-docs.ts reads it).
const rows = {
  /** Apply for the e-card in this channel (R5–R8): real name, real person, real card. */
  apply: contract({
    input: applyInput,
    output: 'ECard',
    mutating: true,
  }),
  /** This channel's e-card, in any status (R13). */
  getCard: contract({
    input: signNoInput,
    output: 'ECard',
  }),
  /** Remove this channel's binding (R12), with user verification. */
  unbind: contract({
    input: verifiedInput,
    output: 'nothing',
    mutating: true,
  }),
  /** Change the shared e-card password with the old one (R9–R11). */
  changePassword: contract({
    input: passwordChangeInput,
    output: 'nothing',
    mutating: true,
  }),
  /** Reset the shared password with a real-person proof (R10, R11). */
  resetPassword: contract({
    input: passwordResetInput,
    output: 'nothing',
    mutating: true,
  }),
  /** Raise the e-card to level 2 (R7). */
  enablePayment: contract({
    input: verifiedInput,
    output: 'ECard',
    mutating: true,
  }),
  /** Issue a dynamic, single-use, platform-signed QR code (R15). */
  issueQr: contract({
    input: qrInput,
    output: 'DynamicQr',
    mutating: true,
  }),
  /** Read a portal's login code the user scanned (R17). */
  scanLogin: contract({
    input: loginScanInput,
    output: 'LoginRequest',
    mutating: true,
  }),
  /** Confirm a scanned login with user verification (R17). */
  confirmLogin: contract({
    input: scannedRequestConfirmation,
    output: 'nothing',
    mutating: true,
  }),
  /** Reject a scanned login (R17). */
  rejectLogin: contract({
    input: scannedRequestRefusal,
    output: 'nothing',
    mutating: true,
  }),
  /** Every payment of the e-card (消费记录), whichever channel showed the code, newest first (R27). */
  listPayments: contract({
    input: signNoInput,
    output: 'Payments',
  }),
  /** The holder's bills (缴费: 参保, 考试, 培训), newest first (R26, R27). */
  listBills: contract({
    input: signNoInput,
    output: 'Bills',
  }),
  /** Pay a bill from the bank account with user verification, once (R26). */
  payBill: contract({
    input: billPaymentInput,
    output: 'Bill',
    mutating: true,
  }),
  /** The holder's records of a topic (信息查询, R28), with user verification. */
  query: contract({
    input: recordsQueryInput,
    output: 'QueryResult',
    mutating: true,
  }),
  /** Apply for a service online (业务申办, R29), with user verification. */
  submitApplication: contract({
    input: applicationInput,
    output: 'Application',
    mutating: true,
  }),
  /** One of the holder’s applications (R29). */
  getApplication: contract({
    input: applicationRefInput,
    output: 'Application',
  }),
  /** The holder's applications, newest first (R29). */
  listApplications: contract({
    input: signNoInput,
    output: 'Applications',
  }),
  /** Withdraw an application while it is submitted (R29), with user verification. */
  withdrawApplication: contract({
    input: applicationWithdrawalInput,
    output: 'Application',
    mutating: true,
  }),
  /** Which portal received which claims, and when (个人授权访问, R30). */
  listAuthorizations: contract({
    input: signNoInput,
    output: 'Authorizations',
  }),
  /**
   * Add a family member (亲情服务, R31) with the holder's verification and, from age 16, the member's
   * own real-person proof.
   */
  addFamilyMember: contract({
    input: memberAdditionInput,
    output: 'FamilyMember',
    mutating: true,
  }),
  /** The holder's family members, masked, in the order added (R31). */
  listFamilyMembers: contract({
    input: signNoInput,
    output: 'FamilyMembers',
  }),
  /** Remove a family member with the holder's verification (R32). */
  removeFamilyMember: contract({
    input: memberRemovalInput,
    output: 'nothing',
    mutating: true,
  }),
  /**
   * The entitlement certification (待遇资格认证, R33) of the holder or a family member: not-required,
   * certified, due or overdue. Read-only.
   */
  getCertification: contract({
    input: certificationStatusInput,
    output: 'Certification',
  }),
  /**
   * Certify the holder or a family member (R33) with the certified person's own real-person proof.
   */
  certify: contract({
    input: certificationInput,
    output: 'Certification',
    mutating: true,
  }),
  /**
   * Launch one of the platform's hosted pages for a user of this channel (R35): the citizen
   * finishes it on the platform's page, and the channel receives a signed receipt (R36).
   */
  launchHosted: contract({
    input: hostedLaunchInput,
    output: 'HostedLaunch',
    mutating: true,
  }),
  /**
   * Report the physical card lost (挂失, R43) with user verification: the card and its e-card
   * become `lost`, reported by the holder; every bound channel is told.
   */
  reportLoss: contract({
    input: lossReportInput,
    output: 'ECard',
    mutating: true,
  }),
  /**
   * Withdraw the holder's own loss report (解挂, R43) with a real-person proof only: the card is
   * `normal` again. A loss the back office reported, or a card replaced since, cannot be.
   */
  withdrawLossReport: contract({
    input: lossWithdrawalInput,
    output: 'ECard',
    mutating: true,
  }),
  /**
   * The benefit payments (待遇发放记录, R44) of the holder or a family member, newest first: one
   * record per month, paid or suspended. Read-only.
   */
  listBenefitPayments: contract({
    input: benefitHistoryInput,
    output: 'BenefitPayments',
  }),
  /**
   * Read a merchant's order code the user scanned (主扫, R45): the merchant's registered name
   * and kind, the amount and items, for the user to pay or decline.
   */
  scanOrder: contract({
    input: orderScanInput,
    output: 'OrderPreview',
  }),
  /**
   * Pay a scanned order code with user verification (R45): settled as a charge (R23), once per
   * order id (R24); the bound channels are told (R27).
   */
  payOrder: contract({
    input: scannedRequestConfirmation,
    output: 'Payment',
    mutating: true,
  }),
  /** Decline a scanned order code (R45): nothing is paid, and this request cannot pay. */
  declineOrder: contract({
    input: scannedRequestRefusal,
    output: 'nothing',
    mutating: true,
  }),
  /**
   * Certify a key made on the device for offline codes (R39), with user verification: at most 3
   * live per binding (a fourth revokes the oldest), ≤ 7 days, payment only at level 2, a
   * family member's identity only.
   */
  provisionOfflineCredential: contract({
    input: offlineProvisionInput,
    output: 'OfflineCredential',
    mutating: true,
  }),
  /** Revoke every offline credential of this binding at once (R42), with user verification. */
  revokeOfflineCredentials: contract({
    input: offlineRevocationInput,
    output: 'nothing',
    mutating: true,
  }),
} as const;

/** The second half of each row (see `rows`): what only the adapters, the wire and the engine read. */
const handling = {
  apply: {
    route: 'POST /v1/cards/apply',
    secrets: ['realPerson', 'password'],
    lockBy: 'idNumber',
  },
  getCard: {
    route: 'GET /v1/cards/{signNo}',
  },
  unbind: {
    route: 'POST /v1/cards/{signNo}/unbind',
    secrets: ['verification'],
  },
  changePassword: {
    route: 'POST /v1/cards/{signNo}/password/change',
    secrets: ['oldPassword', 'newPassword'],
  },
  resetPassword: {
    route: 'POST /v1/cards/{signNo}/password/reset',
    secrets: ['realPerson', 'newPassword'],
  },
  enablePayment: {
    route: 'POST /v1/cards/{signNo}/payment/enable',
    secrets: ['verification'],
  },
  issueQr: {
    route: 'POST /v1/cards/{signNo}/qr',
    secrets: ['verification'],
    forMember: true,
  },
  scanLogin: {
    route: 'POST /v1/login/scan',
  },
  confirmLogin: {
    route: 'POST /v1/login/{requestId}/confirm',
    secrets: ['verification'],
  },
  rejectLogin: {
    route: 'POST /v1/login/{requestId}/reject',
  },
  listPayments: {
    route: 'GET /v1/cards/{signNo}/payments',
  },
  listBills: {
    route: 'GET /v1/cards/{signNo}/bills',
  },
  payBill: {
    route: 'POST /v1/cards/{signNo}/bills/{billId}/pay',
    secrets: ['verification'],
  },
  query: {
    route: 'POST /v1/cards/{signNo}/query',
    secrets: ['verification'],
    forMember: true,
  },
  submitApplication: {
    route: 'POST /v1/cards/{signNo}/applications',
    secrets: ['verification'],
  },
  getApplication: {
    route: 'GET /v1/cards/{signNo}/applications/{applicationId}',
  },
  listApplications: {
    route: 'GET /v1/cards/{signNo}/applications',
  },
  withdrawApplication: {
    route: 'POST /v1/cards/{signNo}/applications/{applicationId}/withdraw',
    secrets: ['verification'],
  },
  listAuthorizations: {
    route: 'GET /v1/cards/{signNo}/authorizations',
  },
  addFamilyMember: {
    route: 'POST /v1/cards/{signNo}/family',
    secrets: ['verification', 'memberProof'],
  },
  listFamilyMembers: {
    route: 'GET /v1/cards/{signNo}/family',
  },
  removeFamilyMember: {
    route: 'POST /v1/cards/{signNo}/family/{memberId}/remove',
    secrets: ['verification'],
  },
  getCertification: {
    route: 'POST /v1/cards/{signNo}/certification/status',
    forMember: true,
  },
  certify: {
    route: 'POST /v1/cards/{signNo}/certification',
    secrets: ['realPerson'],
    forMember: true,
  },
  launchHosted: {
    route: 'POST /v1/hosted/launches',
    // No person's lock: the launch only reads the binding and keeps the page; the page's steps
    // run their operations through the pipeline, each with its own lock.
    lockBy: 'handler',
  },
  reportLoss: {
    route: 'POST /v1/cards/{signNo}/loss-report',
    secrets: ['verification'],
  },
  withdrawLossReport: {
    route: 'POST /v1/cards/{signNo}/loss-report/withdraw',
    secrets: ['realPerson'],
  },
  listBenefitPayments: {
    route: 'GET /v1/cards/{signNo}/benefit-payments',
    forMember: true,
  },
  scanOrder: {
    route: 'POST /v1/orders/scan',
  },
  payOrder: {
    route: 'POST /v1/orders/{requestId}/pay',
    secrets: ['verification'],
    lockBy: 'handler',
  },
  declineOrder: {
    route: 'POST /v1/orders/{requestId}/decline',
  },
  provisionOfflineCredential: {
    route: 'POST /v1/cards/{signNo}/offline-credentials',
    secrets: ['verification'],
    forMember: true,
  },
  revokeOfflineCredentials: {
    route: 'POST /v1/cards/{signNo}/offline-credentials/revoke',
    secrets: ['verification'],
  },
} as const satisfies { readonly [O in keyof typeof rows]: OperationHandling };

/**
 * The type of the operation table: each row as written, its flags kept.
 *
 * @example
 * ```ts
 * type Unbind = OperationTable['unbind']; // its input schema, 'nothing', its route…
 * ```
 * @useDeclaredType
 */
export type OperationTable = typeof rows;

/** Joins the two halves of every row. */
function joinRows(): OperationTable {
  const table: Record<string, OperationRow> = {};
  for (const operation of Object.keys(rows) as (keyof typeof rows)[]) {
    table[operation] = { ...rows[operation], ...handling[operation] };
  }
  return table as unknown as OperationTable;
}

/**
 * The operation table: one row per operation of the {@link PlatformAdapter} port.
 *
 * @example
 * ```ts
 * OPERATIONS.getCard.mutating; // undefined: reads only
 * OPERATIONS.issueQr.forMember; // true
 * ```
 */
export const OPERATIONS: OperationTable = /* @__PURE__ */ joinRows();

/**
 * The first half of every row (input, output, mutating): what the client and the relay adapter
 * read, without the rest (see `rows`). The same objects' fields as {@link OPERATIONS}'. @internal
 */
export const OPERATION_CONTRACTS: {
  readonly [O in keyof OperationTable]: Pick<OperationTable[O], 'input' | 'output' | 'mutating'>;
} = rows;

/**
 * The name of an operation: the one name for it across the adapters, the client's events, the
 * relay's `op`, the mock's fault injection and the wire routes.
 *
 * @useDeclaredType
 */
export type PlatformOperation = keyof OperationTable;

/** The input an adapter receives for an operation: parsed by the client, secrets plain. */
export type OperationInput<O extends PlatformOperation> = z.output<OperationTable[O]['input']>;

/** What an operation answers. */
export type OperationOutput<O extends PlatformOperation> =
  OperationOutputs[OperationTable[O]['output']];

/**
 * What a call carries besides its input.
 */
export interface RequestContext {
  /** Set on mutating calls: send it with every attempt of this call (R20). */
  idempotencyKey?: string;
  /** The caller gave up: stop waiting (the platform may still apply the call). */
  signal?: AbortSignal;
}

/**
 * The port between the client and a national platform (DESIGN §2): one method per row of
 * {@link OPERATIONS}, each taking the row's input (secrets plain: seal them before they leave
 * the adapter) and answering its output. An adapter translates; the platform decides. Run
 * `essc-sdk/testing`'s conformance suite against an adapter to prove it.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { MockPlatform } from 'essc-sdk/mock';
 * const adapter: PlatformAdapter = MockPlatform.demo().adapter('wechat');
 * const client = createClient({ adapter });
 * ```
 */
export type PlatformAdapter = {
  -readonly [O in keyof OperationTable]: (
    input: OperationInput<O>,
    ctx: RequestContext,
  ) => Promise<OperationOutput<O>>;
} & {
  /** The channel this adapter acts for. */
  readonly channelId: string;
  /**
   * Optional push path: the platform's notifications for this channel (R13). Answers the
   * unsubscribe function. Adapters without a push path leave it out.
   *
   * @example
   * ```ts
   * const unsubscribe = adapter.subscribe?.((n) => console.log(n.type, n.signNo));
   * ```
   */
  subscribe?(listener: (notification: PlatformNotification) => void): () => void;
  /**
   * Optional: the platform's published signing keys (JWKS), for what it signs to this channel
   * (a hosted page's receipt, R36). The http and mock adapters have it.
   *
   * @example
   * ```ts
   * const { keys } = (await adapter.jwks?.()) ?? { keys: [] };
   * ```
   */
  jwks?(ctx?: RequestContext): Promise<KeySet>;
};

/**
 * The operations, in table order.
 *
 * @example
 * ```ts
 * PLATFORM_OPERATIONS.includes('issueQr'); // true
 * ```
 */
export const PLATFORM_OPERATIONS = /* @__PURE__ */ Object.keys(rows) as unknown as readonly [
  PlatformOperation,
  ...PlatformOperation[],
];

/**
 * Whether a string names an operation (own keys only: `toString` is not one).
 */
export function isPlatformOperation(name: string): name is PlatformOperation {
  // biome-ignore lint/suspicious/noPrototypeBuiltins: Object.hasOwn is ES2022; older WeChat iOS runtimes (< 15.4) lack it.
  return Object.prototype.hasOwnProperty.call(rows, name);
}
