import type * as z from 'zod';
import type { MockPlatform } from '../mock/mock-platform.js';
import type { ADMIN_ROUTES, PLATFORM_ROUTES, WireRoute } from '../wire/routes.js';
import type { jwksSchema, publicJwkSchema } from '../wire/schemas.js';
import type { SandboxActivity } from './activity.js';
import { adminViewOperations } from './admin-views.js';
import type { NotificationFeeds } from './notifications.js';
import type { SandboxTestClock } from './test-clock.js';
import type { WebhookDispatcher } from './webhooks.js';

/**
 * What a route's operation receives: the caller, the parsed path parameters and body.
 *
 * @example
 * ```ts
 * const context: OperationContext<typeof PLATFORM_ROUTES.getCard> = { platform, notifications, webhooks: undefined, activity, testClock: undefined, signal, caller: 'wechat', params: { signNo }, body: {}, idempotencyKey: undefined };
 * ```
 */
export interface OperationContext<R extends WireRoute> {
  platform: MockPlatform;
  notifications: NotificationFeeds;
  /** The webhook deliveries (`startSandbox` only). */
  webhooks: WebhookDispatcher | undefined;
  /** What the console lists of notifications and webhook attempts. */
  activity: SandboxActivity;
  /** The platform's test clock, when the sandbox runs one. */
  testClock: SandboxTestClock | undefined;
  /** Aborts when the caller goes away (a long poll stops waiting). */
  signal: AbortSignal | undefined;
  /** The authenticated channel, portal or merchant id (empty for public and admin routes). */
  caller: string;
  params: z.output<R['params']>;
  body: z.output<R['body']>;
  idempotencyKey: string | undefined;
}

/**
 * One operation per route of a table.
 *
 * @example
 * ```ts
 * const operations: Operations<typeof ADMIN_ROUTES> = adminOperations;
 * ```
 * @internal
 */
export type Operations<T extends Record<string, WireRoute>> = {
  [N in keyof T]: (context: OperationContext<T[N]>) => Promise<z.input<T[N]['response']>>;
};

/**
 * The platform routes, each translated into one engine call. Nothing is decided here: the
 * engine opens the sealed secrets, applies the rules and keeps the idempotent outcomes.
 *
 *
 * @example
 * ```ts
 * const card = await platformOperations.getCard(context);
 * ```
 * @internal
 */
export const platformOperations: Operations<typeof PLATFORM_ROUTES> = {
  apply: ({ platform, caller, body, idempotencyKey }) =>
    platform.engine.apply(caller, body, idempotencyKey),
  getCard: ({ platform, caller, params }) => platform.engine.getCard(caller, params),
  unbind: async ({ platform, caller, params, body, idempotencyKey }) => {
    await platform.engine.unbind(
      caller,
      { signNo: params.signNo, verification: body.verification },
      idempotencyKey,
    );
    return {};
  },
  changePassword: async ({ platform, caller, params, body, idempotencyKey }) => {
    await platform.engine.changePassword(
      caller,
      { signNo: params.signNo, ...body },
      idempotencyKey,
    );
    return {};
  },
  resetPassword: async ({ platform, caller, params, body, idempotencyKey }) => {
    await platform.engine.resetPassword(caller, { signNo: params.signNo, ...body }, idempotencyKey);
    return {};
  },
  enablePayment: ({ platform, caller, params, body, idempotencyKey }) =>
    platform.engine.enablePayment(
      caller,
      { signNo: params.signNo, verification: body.verification },
      idempotencyKey,
    ),
  issueQr: ({ platform, caller, params, body, idempotencyKey }) =>
    platform.engine.issueQr(
      caller,
      {
        signNo: params.signNo,
        purpose: body.purpose,
        ...(body.verification ? { verification: body.verification } : {}),
        ...(body.memberId !== undefined ? { memberId: body.memberId } : {}),
      },
      idempotencyKey,
    ),
  scanLogin: ({ platform, caller, body, idempotencyKey }) =>
    platform.engine.scanLogin(caller, body, idempotencyKey),
  confirmLogin: async ({ platform, caller, params, body, idempotencyKey }) => {
    await platform.engine.confirmLogin(
      caller,
      { signNo: body.signNo, requestId: params.requestId, verification: body.verification },
      idempotencyKey,
    );
    return {};
  },
  rejectLogin: async ({ platform, caller, params, body, idempotencyKey }) => {
    await platform.engine.rejectLogin(
      caller,
      { signNo: body.signNo, requestId: params.requestId },
      idempotencyKey,
    );
    return {};
  },
  listPayments: async ({ platform, caller, params }) => ({
    payments: await platform.engine.listPayments(caller, params),
  }),
  listBills: async ({ platform, caller, params }) => ({
    bills: await platform.engine.listBills(caller, params),
  }),
  payBill: ({ platform, caller, params, body, idempotencyKey }) =>
    platform.engine.payBill(
      caller,
      { signNo: params.signNo, billId: params.billId, verification: body.verification },
      idempotencyKey,
    ),
  pollNotifications: ({ notifications, caller, body, signal }) =>
    notifications.poll(caller, body.after, body.waitMs ?? 0, signal),
  createLoginSession: ({ platform, caller, body, idempotencyKey }) =>
    platform.engine.createLoginSession(caller, idempotencyKey, body),
  getLoginSession: ({ platform, caller, params }) =>
    platform.engine.getLoginSession(caller, params.sessionId),
  // The engine's JWKs are jose's wide type; the response schema narrows (and strips) them.
  jwks: async ({ platform }) => (await platform.engine.jwks()) as z.input<typeof jwksSchema>,
  encryptionKey: async ({ platform }) => ({
    key: (await platform.engine.encryptionPublicKey()) as z.input<typeof publicJwkSchema>,
  }),
  cardStatus: async ({ platform, body }) => ({ status: await platform.cardStatusCheck()(body) }),
  query: ({ platform, caller, params, body, idempotencyKey }) =>
    platform.engine.query(caller, { signNo: params.signNo, ...body }, idempotencyKey),
  submitApplication: ({ platform, caller, params, body, idempotencyKey }) =>
    platform.engine.submitApplication(caller, { signNo: params.signNo, ...body }, idempotencyKey),
  getApplication: ({ platform, caller, params }) => platform.engine.getApplication(caller, params),
  listApplications: async ({ platform, caller, params }) => ({
    applications: await platform.engine.listApplications(caller, params),
  }),
  withdrawApplication: ({ platform, caller, params, body, idempotencyKey }) =>
    platform.engine.withdrawApplication(
      caller,
      { ...params, verification: body.verification },
      idempotencyKey,
    ),
  listAuthorizations: async ({ platform, caller, params }) => ({
    authorizations: await platform.engine.listAuthorizations(caller, params),
  }),
  // Merchants (R21–R25): the engine keys a charge by (merchant, order id) and a refund by its
  // refund id, so a retry answers the first outcome whatever idempotency key it carries.
  charge: ({ platform, caller, body }) => platform.engine.charge(caller, body),
  getPayment: ({ platform, caller, params }) => platform.engine.getPayment(caller, params),
  refund: ({ platform, caller, params, body }) =>
    platform.engine.refund(caller, { orderId: params.orderId, ...body }),
  // Family service and certification (R31–R33).
  addFamilyMember: ({ platform, caller, params, body, idempotencyKey }) =>
    platform.engine.addFamilyMember(caller, { signNo: params.signNo, ...body }, idempotencyKey),
  listFamilyMembers: async ({ platform, caller, params }) => ({
    members: await platform.engine.listFamilyMembers(caller, params),
  }),
  removeFamilyMember: async ({ platform, caller, params, body, idempotencyKey }) => {
    await platform.engine.removeFamilyMember(
      caller,
      { ...params, verification: body.verification },
      idempotencyKey,
    );
    return {};
  },
  getCertification: ({ platform, caller, params, body }) =>
    platform.engine.getCertification(caller, { signNo: params.signNo, ...body }),
  certify: ({ platform, caller, params, body, idempotencyKey }) =>
    platform.engine.certify(caller, { signNo: params.signNo, ...body }, idempotencyKey),
};

/**
 * The sandbox's back-office routes: the `MockPlatform` controls, one call each.
 *
 *
 * @example
 * ```ts
 * await adminOperations.setCardStatus({ ...context, params: { cardNo }, body: { status: 'lost' } });
 * ```
 * @internal
 */
export const adminOperations: Operations<typeof ADMIN_ROUTES> = {
  enableRegion: async ({ platform, body }) => {
    platform.enableRegion(body.regionCode, body.name);
    return {};
  },
  addPerson: async ({ platform, body }) => platform.addPerson(body),
  setCardStatus: async ({ platform, params, body }) => {
    await platform.setCardStatus(params.cardNo, body.status);
    return {};
  },
  setBankAccountActive: async ({ platform, params, body }) => {
    await platform.setBankAccountActive(params.cardNo, body.active);
    return {};
  },
  replaceCard: async ({ platform, params }) => platform.replaceCard(params.idNumber),
  realPersonProof: async ({ platform, params }) => ({
    realPerson: platform.realPersonProof(params.idNumber),
  }),
  registerChannel: async ({ platform, body, webhooks, activity }) => {
    platform.registerChannel(body);
    // Its notifications go to its webhook (and the console's log) from now on, before it calls.
    webhooks?.follow(body.id);
    activity.follow(body.id);
    return {};
  },
  registerPortal: async ({ platform, body }) => {
    platform.registerPortal(body);
    return {};
  },
  registerMerchant: async ({ platform, body }) => {
    platform.registerMerchant(body);
    return {};
  },
  balances: async ({ platform, params }) => platform.balances(params.idNumber),
  addBill: async ({ platform, body }) => platform.addBill(body),
  setFaults: async ({ platform, body }) => {
    platform.setFaults(body);
    return {};
  },
  failNext: async ({ platform, body }) => {
    const { operation, ...options } = body;
    platform.failNext(operation, options);
    return {};
  },
  clearFaults: async ({ platform }) => {
    platform.clearFaults();
    return {};
  },
  rotateSigningKey: async ({ platform }) => ({ kid: await platform.rotateSigningKey() }),
  addRecord: async ({ platform, params, body }) => {
    // The engine checks the record against its topic's schema; the wire only knows an object.
    platform.addRecord(params.idNumber, body.topic, body.record as never);
    return {};
  },
  reviewApplication: ({ platform, params, body }) =>
    platform.reviewApplication(params.applicationId, body),
  ...adminViewOperations,
};
