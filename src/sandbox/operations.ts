import type * as z from 'zod';
import { validationError } from '../domain/validation.js';
import type { MockPlatform } from '../mock/mock-platform.js';
import { engineOf } from '../mock/mock-platform.js';
import { ALL_OPERATIONS, type AnyOperation } from '../platform/acceptor-operations.js';
import { toWire } from '../wire/outputs.js';
import type { ADMIN_ROUTES, PLATFORM_ROUTES, WireRoute } from '../wire/routes.js';
import type { jwksSchema, publicJwkSchema } from '../wire/schemas.js';
import type { SandboxActivity } from './activity.js';
import { adminViewOperations } from './admin-views.js';
import type { ReadonlyQuery } from './handler.js';
import type { NotificationFeeds } from './notifications.js';
import type { SandboxTestClock } from './test-clock.js';
import type { WebhookDispatcher } from './webhooks.js';

/**
 * What a route's operation receives: the caller, the parsed path parameters and body.
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
 * @internal
 */
export type Operations<T extends Record<string, WireRoute>> = {
  [N in keyof T]: (context: OperationContext<T[N]>) => Promise<z.input<T[N]['response']>>;
};

/**
 * The platform routes that are not rows of the operation table (those, the channels', the
 * merchants' and the portals', go through {@link runOperationRoute}), each translated into one
 * engine call. Nothing is decided here:
 * the engine opens the sealed secrets, applies the rules and keeps the idempotent outcomes.
 *
 * @internal
 */
export const platformOperations: Operations<Omit<typeof PLATFORM_ROUTES, AnyOperation>> = {
  pollNotifications: ({ notifications, caller, body, signal }) =>
    notifications.poll(caller, body.after, body.waitMs ?? 0, signal),
  // The engine's JWKs are jose's wide type; the response schema narrows (and strips) them.
  jwks: async ({ platform }) => (await engineOf(platform).jwks()) as z.input<typeof jwksSchema>,
  encryptionKey: async ({ platform }) => ({
    key: (await engineOf(platform).encryptionPublicKey()) as z.input<typeof publicJwkSchema>,
  }),
  cardStatus: async ({ platform, body }) => ({ status: await platform.cardStatusCheck()(body) }),
  offlineStatusList: async ({ platform }) => ({ token: await platform.statusList() }),
};

/**
 * A route of the operation table: its whole input (the path's fields, the query's and the
 * body's, none given twice) goes to the engine's pipeline, which parses it as the in-process
 * adapter's would be; the answer goes back in its wire form. No field is dropped or rebuilt.
 *
 * @internal
 */
export async function runOperationRoute(
  platform: MockPlatform,
  operation: AnyOperation,
  caller: string,
  input: Record<string, unknown>,
  idempotencyKey: string | undefined,
): Promise<unknown> {
  const answer = await engineOf(platform).call(operation, caller, input, idempotencyKey);
  return toWire(ALL_OPERATIONS[operation].output, answer);
}

/**
 * The input of an operation route: the path's fields, the query's and the body's (a JSON
 * object), each field given once. A field given twice (in the path and in the body) is
 * refused rather than one of them dropped.
 *
 * @internal
 */
export function operationInput(
  params: Readonly<Record<string, string>>,
  query: ReadonlyQuery,
  body: unknown,
): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw validationError('The request body must be a JSON object.', {
      path: [],
      message: 'must be an object',
    });
  }
  const input: Record<string, unknown> = { ...params };
  const add = (field: string, value: unknown) => {
    if (Object.hasOwn(input, field)) {
      throw validationError(`${field} is given twice (path, query or body): give it once.`, {
        path: [field],
        message: 'given twice',
      });
    }
    input[field] = value;
  };
  for (const field of new Set(query.keys())) {
    const values = query.getAll(field);
    add(field, values.length === 1 ? values[0] : values);
  }
  for (const [field, value] of Object.entries(body)) add(field, value);
  return input;
}

/**
 * The sandbox's back-office routes: the `MockPlatform` controls, one call each.
 *
 *
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
  completeHosted: async ({ platform, body }) => {
    const { url, ...answers } = body;
    return { receipt: await platform.completeHosted(url, answers) };
  },
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
  runDisbursement: ({ platform, body }) => platform.runDisbursement(body),
  ...adminViewOperations,
};
