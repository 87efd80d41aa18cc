/**
 * The route table of the wire protocol, version 1. The http adapter builds its requests from
 * it, the sandbox dispatches on it and the OpenAPI document is generated from it, so a route
 * cannot exist on one side only. Channel routes are named after the operations they carry
 * (`src/platform/operations.ts`) and take their `mutating` flag from that table.
 *
 * @internal
 */
import type * as z from 'zod';
import { merchantIdSchema } from '../domain/payment-schemas.js';
import { OPERATION_TRAITS, type PlatformOperation } from '../platform/operations.js';
import {
  addBillRequestSchema,
  addBillResponseSchema,
  balancesResponseSchema,
  billListSchema,
  billParamsSchema,
  billSchema,
  merchantKindSchema,
  paymentListSchema,
} from './payment-schemas.js';

import {
  addPersonRequestSchema,
  addPersonResponseSchema,
  applyRequestSchema,
  bankAccountRequestSchema,
  cardNoParamsSchema,
  cardStatusChangeRequestSchema,
  cardStatusRequestSchema,
  cardStatusResponseSchema,
  changePasswordRequestSchema,
  confirmLoginRequestSchema,
  dynamicQrSchema,
  eCardSchema,
  emptyRequestSchema,
  emptyResponseSchema,
  enableRegionRequestSchema,
  encryptionKeySchema,
  failNextRequestSchema,
  faultSettingsRequestSchema,
  idNumberParamsSchema,
  issueQrRequestSchema,
  jwksSchema,
  loginRequestSchema,
  loginSessionSchema,
  loginSessionStateSchema,
  noParamsSchema,
  pollNotificationsRequestSchema,
  pollNotificationsResponseSchema,
  realPersonProofResponseSchema,
  registerChannelRequestSchema,
  registerPartyRequestSchema,
  rejectLoginRequestSchema,
  replaceCardResponseSchema,
  requestIdParamsSchema,
  resetPasswordRequestSchema,
  rotateKeyResponseSchema,
  scanLoginRequestSchema,
  sessionIdParamsSchema,
  signNoParamsSchema,
  verificationRequestSchema,
} from './schemas.js';
import {
  addRecordRequestSchema,
  applicationIdParamsSchema,
  applicationListSchema,
  applicationParamsSchema,
  applicationSchema,
  authorizationListSchema,
  createLoginSessionRequestSchema,
  queryRequestSchema,
  queryResultSchema,
  registerPortalRequestSchema,
  reviewApplicationRequestSchema,
  submitApplicationRequestSchema,
} from './service-schemas.js';

/** Admin: register a merchant (R21): a party with a kind. */
const registerMerchantRequestSchema = registerPartyRequestSchema.extend({
  id: merchantIdSchema,
  kind: merchantKindSchema,
});

/**
 * Who may call a route:
 * - `channel`: a registered channel app, signed with its key (R19);
 * - `portal`: a registered government portal, signed with its key;
 * - `public`: anyone (public keys, the online card-status check of a signed QR code);
 * - `admin`: the sandbox's back-office controls; not part of a real platform.
 *
 * @example
 * ```ts
 * if (route.auth === 'channel') await authenticate(request);
 * ```
 */
export type RouteAuth = 'channel' | 'portal' | 'public' | 'admin';

/**
 * The HTTP methods the protocol uses.
 *
 * @example
 * ```ts
 * const method: WireMethod = PLATFORM_ROUTES.apply.method; // 'POST'
 * ```
 */
export type WireMethod = 'GET' | 'POST' | 'DELETE';

/**
 * One route: where it lives, who may call it, whether it changes state (then it needs an
 * `idempotency-key`, R20), and the shapes of its path parameters, body and answer.
 *
 * @example
 * ```ts
 * const route: WireRoute = PLATFORM_ROUTES.getCard;
 * ```
 */
export interface WireRoute<
  P extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
  A extends RouteAuth = RouteAuth,
> {
  method: WireMethod;
  /** The path template, parameters in braces: `/v1/cards/{signNo}`. */
  path: `/${string}`;
  auth: A;
  /** A mutating route requires an `idempotency-key` and answers a retry with the first outcome. */
  mutating: boolean;
  params: P;
  /** The JSON body; `GET` and `DELETE` routes take none (`{}`). */
  body: B;
  /** The JSON answer on success (HTTP 200). */
  response: R;
  summary: string;
  /** The OpenAPI tag. */
  tag: 'channel' | 'portal' | 'keys' | 'acceptor' | 'sandbox admin';
}

const route = <P extends z.ZodType, B extends z.ZodType, R extends z.ZodType, A extends RouteAuth>(
  definition: WireRoute<P, B, R, A>,
): WireRoute<P, B, R, A> => definition;

/**
 * The platform's routes. Channel routes carry the names of the operations (one row each in
 * `OPERATION_TRAITS`), which the type below checks.
 *
 * @example
 * ```ts
 * const { method, path } = PLATFORM_ROUTES.apply; // 'POST', '/v1/cards/apply'
 * ```
 */
export const PLATFORM_ROUTES = {
  apply: route({
    method: 'POST',
    path: '/v1/cards/apply',
    auth: 'channel',
    mutating: OPERATION_TRAITS.apply.mutating === true,
    params: noParamsSchema,
    body: applyRequestSchema,
    response: eCardSchema,
    summary: 'Apply for the e-card in this channel (R5–R8): real name, real person, real card.',
    tag: 'channel',
  }),
  getCard: route({
    method: 'GET',
    path: '/v1/cards/{signNo}',
    auth: 'channel',
    mutating: OPERATION_TRAITS.getCard.mutating === true,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: eCardSchema,
    summary: "This channel's e-card, in any status (R13).",
    tag: 'channel',
  }),
  unbind: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/unbind',
    auth: 'channel',
    mutating: OPERATION_TRAITS.unbind.mutating === true,
    params: signNoParamsSchema,
    body: verificationRequestSchema,
    response: emptyResponseSchema,
    summary: "Remove this channel's binding (R12), with user verification.",
    tag: 'channel',
  }),
  changePassword: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/password/change',
    auth: 'channel',
    mutating: OPERATION_TRAITS.changePassword.mutating === true,
    params: signNoParamsSchema,
    body: changePasswordRequestSchema,
    response: emptyResponseSchema,
    summary: 'Change the shared e-card password with the old one (R9–R11).',
    tag: 'channel',
  }),
  resetPassword: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/password/reset',
    auth: 'channel',
    mutating: OPERATION_TRAITS.resetPassword.mutating === true,
    params: signNoParamsSchema,
    body: resetPasswordRequestSchema,
    response: emptyResponseSchema,
    summary: 'Reset the shared password with a real-person proof (R10, R11).',
    tag: 'channel',
  }),
  enablePayment: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/payment/enable',
    auth: 'channel',
    mutating: OPERATION_TRAITS.enablePayment.mutating === true,
    params: signNoParamsSchema,
    body: verificationRequestSchema,
    response: eCardSchema,
    summary: 'Raise the e-card to level 2 (R7).',
    tag: 'channel',
  }),
  issueQr: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/qr',
    auth: 'channel',
    mutating: OPERATION_TRAITS.issueQr.mutating === true,
    params: signNoParamsSchema,
    body: issueQrRequestSchema,
    response: dynamicQrSchema,
    summary: 'Issue a dynamic, single-use, platform-signed QR code (R15).',
    tag: 'channel',
  }),
  scanLogin: route({
    method: 'POST',
    path: '/v1/login/scan',
    auth: 'channel',
    mutating: OPERATION_TRAITS.scanLogin.mutating === true,
    params: noParamsSchema,
    body: scanLoginRequestSchema,
    response: loginRequestSchema,
    summary: "Read a portal's login code the user scanned (R17).",
    tag: 'channel',
  }),
  confirmLogin: route({
    method: 'POST',
    path: '/v1/login/{requestId}/confirm',
    auth: 'channel',
    mutating: OPERATION_TRAITS.confirmLogin.mutating === true,
    params: requestIdParamsSchema,
    body: confirmLoginRequestSchema,
    response: emptyResponseSchema,
    summary: 'Confirm a scanned login with user verification (R17).',
    tag: 'channel',
  }),
  rejectLogin: route({
    method: 'POST',
    path: '/v1/login/{requestId}/reject',
    auth: 'channel',
    mutating: OPERATION_TRAITS.rejectLogin.mutating === true,
    params: requestIdParamsSchema,
    body: rejectLoginRequestSchema,
    response: emptyResponseSchema,
    summary: 'Reject a scanned login (R17).',
    tag: 'channel',
  }),
  listPayments: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/payments',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: paymentListSchema,
    summary:
      'Every payment of the e-card (消费记录), whichever channel showed the code, newest first (R27).',
    tag: 'channel',
  }),
  listBills: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/bills',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: billListSchema,
    summary: "The holder's bills (缴费: 参保, 考试, 培训), newest first (R26, R27).",
    tag: 'channel',
  }),
  payBill: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/bills/{billId}/pay',
    auth: 'channel',
    mutating: true,
    params: billParamsSchema,
    body: verificationRequestSchema,
    response: billSchema,
    summary: 'Pay a bill from the bank account with user verification, once (R26).',
    tag: 'channel',
  }),
  pollNotifications: route({
    method: 'POST',
    path: '/v1/notifications/poll',
    auth: 'channel',
    mutating: false,
    params: noParamsSchema,
    body: pollNotificationsRequestSchema,
    response: pollNotificationsResponseSchema,
    summary:
      "Long-poll this channel's notifications (R13): status changes, replacements, password and payment changes made elsewhere. At least once; deduplicate by id.",
    tag: 'channel',
  }),
  createLoginSession: route({
    method: 'POST',
    path: '/v1/portal/login-sessions',
    auth: 'portal',
    mutating: true,
    params: noParamsSchema,
    body: createLoginSessionRequestSchema,
    response: loginSessionSchema,
    summary:
      'Open a scan-to-login session and get the QR text to show (R17), asking for some claims (R30).',
    tag: 'portal',
  }),
  getLoginSession: route({
    method: 'GET',
    path: '/v1/portal/login-sessions/{sessionId}',
    auth: 'portal',
    mutating: false,
    params: sessionIdParamsSchema,
    body: emptyRequestSchema,
    response: loginSessionStateSchema,
    summary: "A login session's state, with the signed assertion once confirmed (R17).",
    tag: 'portal',
  }),
  jwks: route({
    method: 'GET',
    path: '/.well-known/jwks.json',
    auth: 'public',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: jwksSchema,
    summary: "The platform's public signing keys: current and previous (R16, R19).",
    tag: 'keys',
  }),
  encryptionKey: route({
    method: 'GET',
    path: '/v1/platform/encryption-key',
    auth: 'public',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: encryptionKeySchema,
    summary: 'The public key channels seal passwords and real-person proofs to (R18).',
    tag: 'keys',
  }),
  cardStatus: route({
    method: 'POST',
    path: '/v1/acceptor/card-status',
    auth: 'public',
    mutating: false,
    params: noParamsSchema,
    body: cardStatusRequestSchema,
    response: cardStatusResponseSchema,
    summary:
      "An acceptor's online check (payments): the current status of the card behind a verified QR code's card reference.",
    tag: 'acceptor',
  }),
  query: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/query',
    auth: 'channel',
    mutating: true,
    params: signNoParamsSchema,
    body: queryRequestSchema,
    response: queryResultSchema,
    summary: "The holder's records of a topic (信息查询, R28), with user verification.",
    tag: 'channel',
  }),
  submitApplication: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/applications',
    auth: 'channel',
    mutating: true,
    params: signNoParamsSchema,
    body: submitApplicationRequestSchema,
    response: applicationSchema,
    summary: 'Apply for a service online (业务申办, R29), with user verification.',
    tag: 'channel',
  }),
  getApplication: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/applications/{applicationId}',
    auth: 'channel',
    mutating: false,
    params: applicationParamsSchema,
    body: emptyRequestSchema,
    response: applicationSchema,
    summary: 'One of the holder’s applications (R29).',
    tag: 'channel',
  }),
  listApplications: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/applications',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: applicationListSchema,
    summary: "The holder's applications, newest first (R29).",
    tag: 'channel',
  }),
  withdrawApplication: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/applications/{applicationId}/withdraw',
    auth: 'channel',
    mutating: true,
    params: applicationParamsSchema,
    body: verificationRequestSchema,
    response: applicationSchema,
    summary: 'Withdraw an application while it is submitted (R29), with user verification.',
    tag: 'channel',
  }),
  listAuthorizations: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/authorizations',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: authorizationListSchema,
    summary: 'Which portal received which claims, and when (个人授权访问, R30).',
    tag: 'channel',
  }),
} as const;

/**
 * The sandbox's back-office routes (the controls of `MockPlatform`). Unauthenticated: the
 * sandbox binds to loopback by default. A real platform has no such routes.
 *
 * @example
 * ```ts
 * // curl -X POST localhost:8787/admin/cards/A12345678/status -H 'content-type: application/json' -d '{"status":"lost"}'
 * ADMIN_ROUTES.setCardStatus.path; // '/admin/cards/{cardNo}/status'
 * ```
 */
export const ADMIN_ROUTES = {
  enableRegion: route({
    method: 'POST',
    path: '/admin/regions',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: enableRegionRequestSchema,
    response: emptyResponseSchema,
    summary: 'Enable the e-card service in a city (R4).',
    tag: 'sandbox admin',
  }),
  addPerson: route({
    method: 'POST',
    path: '/admin/persons',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: addPersonRequestSchema,
    response: addPersonResponseSchema,
    summary: 'Add a person holding a physical card; answers the card number.',
    tag: 'sandbox admin',
  }),
  setCardStatus: route({
    method: 'POST',
    path: '/admin/cards/{cardNo}/status',
    auth: 'admin',
    mutating: true,
    params: cardNoParamsSchema,
    body: cardStatusChangeRequestSchema,
    response: emptyResponseSchema,
    summary: "Set the physical card's status, e.g. report it lost (R13).",
    tag: 'sandbox admin',
  }),
  setBankAccountActive: route({
    method: 'POST',
    path: '/admin/cards/{cardNo}/bank-account',
    auth: 'admin',
    mutating: true,
    params: cardNoParamsSchema,
    body: bankAccountRequestSchema,
    response: emptyResponseSchema,
    summary: "Activate or deactivate the card's bank account (R7).",
    tag: 'sandbox admin',
  }),
  replaceCard: route({
    method: 'POST',
    path: '/admin/persons/{idNumber}/replace-card',
    auth: 'admin',
    mutating: true,
    params: idNumberParamsSchema,
    body: emptyRequestSchema,
    response: replaceCardResponseSchema,
    summary: "Replace the person's card (R14): the old one is cancelled.",
    tag: 'sandbox admin',
  }),
  realPersonProof: route({
    method: 'POST',
    path: '/admin/persons/{idNumber}/real-person-proof',
    auth: 'admin',
    mutating: true,
    params: idNumberParamsSchema,
    body: emptyRequestSchema,
    response: realPersonProofResponseSchema,
    summary: 'Mint a real-person proof, as a passed face check would.',
    tag: 'sandbox admin',
  }),
  registerChannel: route({
    method: 'POST',
    path: '/admin/channels',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: registerChannelRequestSchema,
    response: emptyResponseSchema,
    summary: 'Register a channel app with its public key (R19) and webhook URL.',
    tag: 'sandbox admin',
  }),
  registerPortal: route({
    method: 'POST',
    path: '/admin/portals',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: registerPortalRequestSchema,
    response: emptyResponseSchema,
    summary:
      'Register a government portal with its public key (R17) and the claims it may ask for (R30).',
    tag: 'sandbox admin',
  }),
  registerMerchant: route({
    method: 'POST',
    path: '/admin/merchants',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: registerMerchantRequestSchema,
    response: emptyResponseSchema,
    summary:
      'Register a merchant (hospital, pharmacy, clinic, transit, shop) with its public key (R21).',
    tag: 'sandbox admin',
  }),
  balances: route({
    method: 'GET',
    path: '/admin/persons/{idNumber}/balances',
    auth: 'admin',
    mutating: false,
    params: idNumberParamsSchema,
    body: emptyRequestSchema,
    response: balancesResponseSchema,
    summary: "A person's bank, personal-account balance and deductible left, fen (R23).",
    tag: 'sandbox admin',
  }),
  addBill: route({
    method: 'POST',
    path: '/admin/bills',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: addBillRequestSchema,
    response: addBillResponseSchema,
    summary: 'Add a bill (参保, 考试, 培训缴费) for a person (R26).',
    tag: 'sandbox admin',
  }),
  setFaults: route({
    method: 'POST',
    path: '/admin/faults',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: faultSettingsRequestSchema,
    response: emptyResponseSchema,
    summary: 'Standing faults on every channel call: latency, a failure rate.',
    tag: 'sandbox admin',
  }),
  failNext: route({
    method: 'POST',
    path: '/admin/faults/next',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: failNextRequestSchema,
    response: emptyResponseSchema,
    summary: 'Fail the next call of an operation, before or after the platform commits it.',
    tag: 'sandbox admin',
  }),
  clearFaults: route({
    method: 'DELETE',
    path: '/admin/faults',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: emptyResponseSchema,
    summary: 'Remove every fault.',
    tag: 'sandbox admin',
  }),
  rotateSigningKey: route({
    method: 'POST',
    path: '/admin/keys/rotate',
    auth: 'admin',
    mutating: true,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: rotateKeyResponseSchema,
    summary: "Rotate the platform's signing key; the previous key stays in the JWKS.",
    tag: 'sandbox admin',
  }),
  addRecord: route({
    method: 'POST',
    path: '/admin/persons/{idNumber}/records',
    auth: 'admin',
    mutating: true,
    params: idNumberParamsSchema,
    body: addRecordRequestSchema,
    response: emptyResponseSchema,
    summary: 'Add a record of a topic for a person (R28).',
    tag: 'sandbox admin',
  }),
  reviewApplication: route({
    method: 'POST',
    path: '/admin/applications/{applicationId}/review',
    auth: 'admin',
    mutating: true,
    params: applicationIdParamsSchema,
    body: reviewApplicationRequestSchema,
    response: applicationSchema,
    summary: 'The back office moves an application (R29): accepted, approved or rejected.',
    tag: 'sandbox admin',
  }),
} as const;

/**
 * The name of a platform route.
 *
 * @example
 * ```ts
 * const name: PlatformRouteName = 'apply';
 * ```
 */
export type PlatformRouteName = keyof typeof PLATFORM_ROUTES;
/**
 * The name of a sandbox admin route.
 *
 * @example
 * ```ts
 * const name: AdminRouteName = 'setCardStatus';
 * ```
 */
export type AdminRouteName = keyof typeof ADMIN_ROUTES;

/**
 * The channel routes: exactly the adapter's operations.
 *
 * @example
 * ```ts
 * const name: ChannelRouteName = 'unbind';
 * ```
 */
export type ChannelRouteName = {
  [N in PlatformRouteName]: (typeof PLATFORM_ROUTES)[N]['auth'] extends 'channel' ? N : never;
}[PlatformRouteName];

/**
 * The channel routes that carry an adapter operation, by operation. The type makes every row
 * of the operation table have a channel route of the same name; the sandbox applies the mock's
 * faults to exactly these.
 *
 * @example
 * ```ts
 * if (Object.hasOwn(ADAPTER_OPERATION_ROUTES, name)) faults.run(name, call);
 * ```
 */
export const ADAPTER_OPERATION_ROUTES: Readonly<Record<PlatformOperation, ChannelRouteName>> =
  Object.fromEntries(Object.keys(OPERATION_TRAITS).map((name) => [name, name])) as Record<
    PlatformOperation,
    ChannelRouteName
  >;
// An operation without a channel route of its name fails to compile.
const operationsHaveRoutes: Record<PlatformOperation, ChannelRouteName> = {} as {
  [N in PlatformOperation]: N;
};
void operationsHaveRoutes;

/**
 * The path parameters of a route, as the caller gives them.
 *
 * @example
 * ```ts
 * const params: RouteParams<typeof PLATFORM_ROUTES.getCard> = { signNo };
 * ```
 */
export type RouteParams<R extends WireRoute> = z.input<R['params']>;
/**
 * The body of a route, as the caller sends it.
 *
 * @example
 * ```ts
 * const body: RouteBody<typeof PLATFORM_ROUTES.scanLogin> = { signNo, qrText };
 * ```
 */
export type RouteBody<R extends WireRoute> = z.input<R['body']>;
/**
 * The answer of a route, as parsed.
 *
 * @example
 * ```ts
 * const card: RouteResponse<typeof PLATFORM_ROUTES.getCard> = await transport.call(PLATFORM_ROUTES.getCard, { signNo }, undefined);
 * ```
 */
export type RouteResponse<R extends WireRoute> = z.output<R['response']>;

/**
 * The concrete path of a route: the template with each `{name}` replaced by its
 * URI-encoded parameter.
 *
 * @example
 * ```ts
 * routePath(PLATFORM_ROUTES.getCard, { signNo: '440100D156ABC' }); // '/v1/cards/440100D156ABC'
 * ```
 */
export function routePath(route: WireRoute, params: Record<string, string>): string {
  let parts = templates.get(route.path);
  if (!parts) {
    // Literals at even indexes, parameter names at odd ones.
    parts = route.path.split(/\{(\w+)\}/);
    templates.set(route.path, parts);
  }
  let path = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = params[name];
    if (value === undefined)
      throw new TypeError(`Missing path parameter "${name}" of ${route.path}.`);
    path += encodeURIComponent(value) + parts[i + 1]!;
  }
  return path;
}

/** Each route path's template, split once. */
const templates = new Map<string, string[]>();

interface CompiledRoute<N extends string> {
  name: N;
  route: WireRoute;
  pattern: RegExp;
  names: string[];
}

function compile<N extends string>(table: Readonly<Record<N, WireRoute>>): CompiledRoute<N>[] {
  return (Object.keys(table) as N[]).map((name) => {
    const route = table[name];
    const names: string[] = [];
    const source = route.path
      .split(/(\{\w+\})/)
      .map((part) => {
        const param = /^\{(\w+)\}$/.exec(part);
        if (param) {
          names.push(param[1]!);
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    return { name, route, pattern: new RegExp(`^${source}$`), names };
  });
}

/**
 * The outcome of {@link matchRoute}.
 *
 * @example
 * ```ts
 * const match: RouteMatch<PlatformRouteName> = matchPlatform('GET', url.pathname);
 * ```
 */
export type RouteMatch<N extends string> =
  | { kind: 'found'; name: N; route: WireRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: WireMethod[] }
  | { kind: 'not-found' };

/**
 * A matcher over a route table: finds the route of a method and a path (without the query),
 * with its decoded path parameters. A path that exists under another method is told apart
 * from one that does not exist, so the answer can be 405 with `Allow`.
 *
 * @example
 * ```ts
 * const match = createRouteMatcher(PLATFORM_ROUTES);
 * match('GET', '/v1/cards/440100D156ABC'); // { kind: 'found', name: 'getCard', params: { signNo: … } }
 * ```
 */
export function createRouteMatcher<N extends string>(
  table: Readonly<Record<N, WireRoute>>,
): (method: string, pathname: string) => RouteMatch<N> {
  const compiled = compile(table);
  return (method, pathname) => {
    const allow: WireMethod[] = [];
    for (const entry of compiled) {
      const found = entry.pattern.exec(pathname);
      if (!found) continue;
      if (entry.route.method !== method) {
        allow.push(entry.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      for (const [i, name] of entry.names.entries()) {
        try {
          params[name] = decodeURIComponent(found[i + 1]!);
        } catch {
          // A malformed escape cannot name anything; the parameter schema reports it.
          params[name] = '';
        }
      }
      return { kind: 'found', name: entry.name, route: entry.route, params };
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  };
}
