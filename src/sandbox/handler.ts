import * as z from 'zod';
import { randomId } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import type { AdapterOperation } from '../mock/faults.js';
import type { MockPlatform } from '../mock/mock-platform.js';
import { engineOf } from '../mock/mock-platform.js';
import type { AnyOperation } from '../platform/acceptor-operations.js';
import { readBodyAtMost } from '../platform/read-body.js';
import { protocolError, toWireError, validationFailed } from '../wire/errors.js';
import {
  IDEMPOTENCY_KEY_PATTERN,
  MAX_BODY_BYTES,
  NONCE_PATTERN,
  WIRE_HEADERS,
  WIRE_PROTOCOL_VERSION,
} from '../wire/protocol.js';
import {
  ADMIN_ROUTES,
  type AdminRouteName,
  createRouteMatcher,
  PLATFORM_ROUTES,
  type PlatformRouteName,
  type RouteMatch,
  type WireRoute,
} from '../wire/routes.js';
import { bodySha256, signResponse } from '../wire/signatures.js';
import { SandboxActivity } from './activity.js';
import { RequestAuthenticator } from './authenticate.js';
import { consoleAsset, consoleRefusal, isConsolePath } from './console/serve.js';
import { isHostedPath, serveHosted } from './hosted/serve.js';
import { NotificationFeeds } from './notifications.js';
import {
  adminOperations,
  type OperationContext,
  operationInput,
  platformOperations,
  runOperationRoute,
} from './operations.js';
import { hostGuard, requireJsonBody } from './request-guards.js';
import type { SandboxTestClock } from './test-clock.js';
import type { WebhookDispatcher } from './webhooks.js';

/**
 * Options of {@link createSandboxHandler}.
 *
 * @example
 * ```ts
 * createSandboxHandler(platform, { admin: false, maxBodyBytes: 16 * 1024 });
 * ```
 */
export interface SandboxHandlerOptions {
  /**
   * Serve the back-office routes under `/admin/` (default `true`). They are not
   * authenticated: serve them only where the network is yours (the sandbox binds to
   * loopback by default), or turn them off.
   */
  admin?: boolean;
  /**
   * The clock request timestamps are checked against (default `Date.now`). It is the
   * transport's clock, not the platform's test clock: a test that moves the platform an hour
   * ahead still talks to it with real timestamps.
   */
  now?: () => number;
  /** Request bodies above this size are refused with 413 (default 64 KB). */
  maxBodyBytes?: number;
  /**
   * Host names the sandbox answers besides the loopback ones (`localhost`, `*.localhost`,
   * `127.0.0.1`, `[::1]`, at any port): a bare name matches any port, `name:port` that port
   * only, `'*'` any Host. Other `Host` headers get 421, so a DNS-rebinding page cannot reach
   * the sandbox through a name of its own. `startSandbox` adds the `host` it listens on.
   */
  allowedHosts?: readonly string[];
  /**
   * The platform's test clock, when it runs on one (`new MockPlatform({ now: clock.now })`):
   * `POST /admin/clock/advance` and the console's clock panel move it. See `createTestClock`.
   */
  testClock?: SandboxTestClock;
}

/**
 * A handler in the fetch style: a `Request` in, a `Response` out.
 *
 * @example
 * ```ts
 * const handle: SandboxHandler = createSandboxHandler(platform);
 * const response = await handle(new Request('http://sandbox/.well-known/jwks.json'));
 * ```
 */
export type SandboxHandler = (request: Request) => Promise<Response>;

/**
 * A request as the sandbox's core reads it: what both the fetch-style handler and the
 * `node:http` server of `startSandbox` hand over, without building web objects per request.
 *
 * @internal
 */
export interface CoreRequest {
  method: string;
  /** The request URL's path and query (a `URL`, or `startSandbox`'s {@link RequestTarget}). */
  url: RequestTarget;
  /** A header's value (lower-case name), or `null`. */
  header(name: string): string | null;
  /** The body; rejects with a 413 protocol error when it exceeds the limit. */
  body(limit: number): Promise<Uint8Array>;
  /** Aborts when the caller goes away (only a long poll needs one). */
  signal?: AbortSignal | undefined;
}

/**
 * What the sandbox reads of a request URL: its path and query, as the URL parser makes them.
 *
 * @internal
 */
export type RequestTarget = Pick<URL, 'pathname' | 'search'> & {
  /** The query, to read only: a target without one shares one empty query (server.ts). */
  readonly searchParams: ReadonlyQuery;
};

/** A request's query as the sandbox reads it: no method that changes it. @internal */
export type ReadonlyQuery = Pick<URLSearchParams, 'get' | 'getAll' | 'has' | 'keys'>;

/**
 * The core's answer: status, headers (lower-case names) and the body text, or `'drop'` for a
 * lost connection (a `NETWORK` fault).
 *
 * @internal
 */
export type CoreResponse =
  | { status: number; headers: Record<string, string>; body: string | null }
  | 'drop';

/**
 * The sandbox's one implementation of routing, authentication and response signing.
 *
 * @internal
 */
export type SandboxCore = (request: CoreRequest) => Promise<CoreResponse>;

interface Outcome {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Thrown inside the handler when a fault asks to lose the connection. */
const DROP = Symbol('drop connection');

const matchPlatformRoute = createRouteMatcher(PLATFORM_ROUTES);
const matchAdmin = createRouteMatcher(ADMIN_ROUTES);
/** The platform routes' literal paths (no `{param}`): their match depends on the method alone. */
const LITERAL_PLATFORM_PATHS: ReadonlySet<string> = new Set(
  Object.values<WireRoute>(PLATFORM_ROUTES)
    .map((route) => route.path)
    .filter((path) => !path.includes('{')),
);
/** Methods whose matches on those paths are kept (a fetch-style caller may send any name). */
const KEPT_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const literalMatches = new Map<string, RouteMatch<PlatformRouteName>>();

/**
 * The platform route of a request: what `createRouteMatcher` answers, kept per method for a
 * route's literal path — every request of a literal route (a charge, a QR issue) matched the
 * whole table's patterns before. The answer of such a path has no parameters, so it is the
 * same every time; other paths are matched as before, and nothing a caller chooses is kept
 * beyond the table's own paths and five methods.
 */
function matchPlatform(method: string, pathname: string): RouteMatch<PlatformRouteName> {
  if (!LITERAL_PLATFORM_PATHS.has(pathname) || !KEPT_METHODS.has(method)) {
    return matchPlatformRoute(method, pathname);
  }
  const key = `${method} ${pathname}`;
  let match = literalMatches.get(key);
  if (match === undefined) {
    match = matchPlatformRoute(method, pathname);
    // Shared by every request of the route: nobody may change it.
    if (match.kind === 'found') Object.freeze(match.params);
    Object.freeze(match);
    literalMatches.set(key, match);
  }
  return match;
}
const publicPaths = Object.values<WireRoute>(PLATFORM_ROUTES)
  .filter((route) => route.auth === 'public')
  .map((route) => route.path);
/** The public routes' paths, when all are literal (`undefined` when one has a parameter). */
const PUBLIC_PATHS: ReadonlySet<string> | undefined = publicPaths.some((path) => path.includes('{'))
  ? undefined
  : new Set(publicPaths);

/**
 * The sandbox as a fetch-style handler: the wire protocol (v1) served by the reference engine
 * of a `MockPlatform`, the same engine its in-process adapters call. Mount it in any server
 * that speaks `Request`/`Response` (Node's `startSandbox`, Deno, Bun, Hono, a service worker).
 *
 * - Channel, portal and merchant routes check the caller's request signature (R19) and answer
 *   401 `CHANNEL_UNAUTHORIZED` (`MERCHANT_UNAUTHORIZED` for a merchant) before anything changes.
 * - Every answer carries `x-request-id` and `x-essc-response-signature` (the platform's JWS
 *   over status, body hash and the request's nonce).
 * - The platform's fault injection applies: `platform.failNext('apply', { afterCommit: true })`
 *   lets the engine commit, then answers 504 (`TIMEOUT`, the default code) or 503; a `NETWORK`
 *   fault answers `Response.error()`, which `startSandbox` turns into a dropped connection.
 * - Errors are `{ error: { code, message, requestId, details? } }`, never a stack.
 * - `/hosted/<action>?launch=<id>` serves the platform's hosted pages (R38, HTML forms; see
 *   `hosted/serve.ts`), with or without the admin routes.
 *
 * @example
 * ```ts
 * import { MockPlatform } from 'essc-sdk/mock';
 * import { createSandboxHandler } from 'essc-sdk/sandbox';
 *
 * const handle = createSandboxHandler(MockPlatform.demo());
 * Bun.serve({ port: 8787, fetch: handle });
 * ```
 */
export function createSandboxHandler(
  platform: MockPlatform,
  options: SandboxHandlerOptions = {},
): SandboxHandler {
  return buildSandboxHandler(platform, options, undefined);
}

/**
 * {@link createSandboxHandler} with the webhook deliveries `startSandbox` runs beside it: a
 * channel is followed from its first authenticated request or its registration through the
 * admin route.
 *
 * @internal
 */
export function buildSandboxHandler(
  platform: MockPlatform,
  options: SandboxHandlerOptions,
  webhooks: WebhookDispatcher | undefined,
): SandboxHandler {
  const core = buildSandboxCore(platform, options, webhooks);
  return async (request) => {
    const answer = await core({
      method: request.method,
      url: new URL(request.url),
      // A fetch Request keeps its authority in the URL, not in a Host header.
      header: (name) =>
        request.headers.get(name) ?? (name === 'host' ? new URL(request.url).host : null),
      body: (limit) => readBody(request, limit),
      signal: request.signal,
    });
    if (answer === 'drop') return Response.error();
    return new Response(answer.body, { status: answer.status, headers: answer.headers });
  };
}

/**
 * The core behind {@link buildSandboxHandler} and `startSandbox`: a {@link CoreRequest} in, a
 * {@link CoreResponse} out.
 *
 * @internal
 */
export function buildSandboxCore(
  platform: MockPlatform,
  options: SandboxHandlerOptions,
  webhooks: WebhookDispatcher | undefined,
  activity?: SandboxActivity,
): SandboxCore {
  const admin = options.admin ?? true;
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const authenticator = new RequestAuthenticator(engineOf(platform), options.now ?? Date.now);
  const notifications = new NotificationFeeds(engineOf(platform));
  const checkHost = hostGuard(options.allowedHosts);
  const log = activity ?? new SandboxActivity(engineOf(platform), options.now);

  async function dispatch(request: CoreRequest, requestId: string): Promise<Outcome> {
    const url = request.url;
    checkHost(request.header('host'));
    const isAdmin = url.pathname.startsWith('/admin/');
    if (isAdmin && !admin)
      throw protocolError(404, 'The admin routes are turned off on this sandbox.');
    const match = isAdmin
      ? matchAdmin(request.method, url.pathname)
      : matchPlatform(request.method, url.pathname);
    if (match.kind === 'not-found') {
      throw protocolError(
        404,
        `No route ${request.method} ${url.pathname} in wire protocol v${WIRE_PROTOCOL_VERSION}.`,
      );
    }
    if (match.kind === 'method-not-allowed') {
      const error = protocolError(
        405,
        `${request.method} is not allowed here; use ${match.allow.join(' or ')}.`,
      );
      return { ...toWireError(error, requestId), headers: { allow: match.allow.join(', ') } };
    }
    const { route, name, params } = match;
    const body = await request.body(maxBodyBytes);
    requireJsonBody(
      request.header('content-type'),
      body.byteLength > 0,
      route.auth === 'admin' && request.method !== 'GET',
    );

    let caller = '';
    if (route.auth === 'channel' || route.auth === 'portal' || route.auth === 'merchant') {
      caller = await authenticator.authenticate(request, route.auth, body);
      // A channel's feed starts at its first contact, so nothing about the cards it binds
      // from then on is missed, whenever its first poll arrives.
      if (route.auth === 'channel') {
        notifications.follow(caller);
        webhooks?.follow(caller);
        log.follow(caller);
      }
    }
    const idempotencyKey = request.header(WIRE_HEADERS.idempotencyKey) ?? undefined;
    if (route.mutating && route.auth !== 'admin' && !idempotencyKey) {
      throw new EsscError(
        'VALIDATION_FAILED',
        'A mutating request needs an idempotency-key header (R20).',
        {
          details: { issues: [{ path: ['idempotency-key'], message: 'required' }] },
        },
      );
    }
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey)) {
      throw new EsscError(
        'VALIDATION_FAILED',
        'The idempotency-key must be 1–255 printable ASCII characters.',
        {
          details: { issues: [{ path: ['idempotency-key'], message: 'malformed' }] },
        },
      );
    }
    if (route.operation) {
      // A row of the operation table: the engine's pipeline parses the whole input itself.
      const input = operationInput(params, request.url.searchParams, parseJson(body));
      const operation = route.operation;
      const answer = await withFaults(operation, () =>
        runOperationRoute(platform, operation, caller, input, idempotencyKey),
      );
      return { status: 200, body: z.parse(route.response, answer) };
    }
    const parsedParams = z.safeParse(route.params, params);
    if (!parsedParams.success) throw validationFailed(parsedParams.error, 'path');
    const parsedBody = z.safeParse(route.body, parseJson(body));
    if (!parsedBody.success) throw validationFailed(parsedBody.error, 'body');
    const context: OperationContext<WireRoute> = {
      platform,
      notifications,
      webhooks,
      activity: log,
      testClock: options.testClock,
      signal: request.signal,
      caller,
      params: parsedParams.data,
      body: parsedBody.data,
      idempotencyKey,
    };
    const result = isAdmin
      ? await (adminOperations[name as AdminRouteName] as Operation)(context)
      : await (platformOperations[name as ServedRouteName] as Operation)(context);
    // Parsing the answer with its schema strips anything the schema does not name.
    return { status: 200, body: z.parse(route.response, result) };
  }

  /**
   * Operations go through the platform's fault injector, as the in-process adapters do (so a
   * test can lose a charge's answer after the platform committed it).
   */
  async function withFaults<T>(name: AdapterOperation, call: () => Promise<T>): Promise<T> {
    try {
      return await platform.faults.run(name, call);
    } catch (error) {
      // The engine never raises NETWORK: it is the injector asking for a lost connection.
      if (isEsscError(error, 'NETWORK')) throw DROP;
      throw error;
    }
  }

  /**
   * Public routes (the JWKS, the encryption key) hold only public keys and take no
   * credentials: browsers on any origin may read them, e.g. an acceptor's H5 desk page.
   */
  function isPublicRoute(pathname: string): boolean {
    // Every request asks; a scan of the whole route table is paid only by paths a public
    // route has (they are literal paths; a parameterised one would be matched every time).
    if (PUBLIC_PATHS !== undefined && !PUBLIC_PATHS.has(pathname)) return false;
    const match = matchPlatform('GET', pathname);
    return match.kind === 'found' && match.route.auth === 'public';
  }
  const CORS_PUBLIC = { 'access-control-allow-origin': '*' };

  function serveConsole(request: CoreRequest): CoreResponse {
    try {
      checkHost(request.header('host'));
    } catch (error) {
      return consoleRefusal(421, (error as Error).message);
    }
    return consoleAsset(request.method, request.url.pathname);
  }

  return async (request) => {
    // The platform's own pages (R38): served with or without the admin routes.
    if (isHostedPath(request.url.pathname)) {
      return serveHosted(engineOf(platform), request, checkHost);
    }
    // The console is served exactly when the admin routes are, behind the same Host check.
    if (admin && isConsolePath(request.url.pathname)) return serveConsole(request);
    const requestId = `req_${randomId(12)}`;
    const publicRoute = isPublicRoute(request.url.pathname);
    if (publicRoute && request.method === 'OPTIONS') {
      return {
        status: 204,
        headers: {
          ...CORS_PUBLIC,
          'access-control-allow-methods': 'GET',
          'access-control-max-age': '600',
        },
        body: null,
      };
    }
    const nonceHeader = request.header(WIRE_HEADERS.nonce);
    const nonce = nonceHeader !== null && NONCE_PATTERN.test(nonceHeader) ? nonceHeader : null;
    let outcome: Outcome;
    try {
      outcome = await dispatch(request, requestId);
    } catch (error) {
      if (error === DROP) return 'drop';
      outcome = toWireError(error, requestId);
    }
    const text = JSON.stringify(outcome.body);
    const signingKey = await engineOf(platform).currentSigningKey();
    const signature = await signResponse(signingKey, {
      v: WIRE_PROTOCOL_VERSION,
      status: outcome.status,
      bodySha256: await bodySha256(text, signingKey),
      nonce,
      requestId,
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      [WIRE_HEADERS.requestId]: requestId,
      [WIRE_HEADERS.responseSignature]: signature,
    };
    // Added only when there are some: no object spread per answer.
    if (publicRoute) Object.assign(headers, CORS_PUBLIC);
    if (outcome.headers) Object.assign(headers, outcome.headers);
    return { status: outcome.status, headers, body: text };
  };
}

type Operation = (context: OperationContext<WireRoute>) => Promise<unknown>;

/** The platform routes the sandbox serves one by one: every route but the operations'. */
type ServedRouteName = Exclude<PlatformRouteName, AnyOperation>;

/**
 * The 413 answer to a body above `limit` bytes.
 *
 * @internal
 */
export function bodyTooLarge(limit: number): EsscError {
  return protocolError(413, `The request body is larger than ${Math.floor(limit / 1024)} KB.`);
}

/** Reads the body, refusing more than `limit` bytes without buffering them (413). */
function readBody(request: Request, limit: number): Promise<Uint8Array> {
  return readBodyAtMost(request, limit, () => bodyTooLarge(limit));
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** An empty body is `{}`; anything else must be a JSON document. */
function parseJson(body: Uint8Array): unknown {
  if (body.byteLength === 0) return {};
  try {
    return JSON.parse(strictUtf8.decode(body));
  } catch {
    throw new EsscError('VALIDATION_FAILED', 'The request body is not JSON (UTF-8).', {
      details: { issues: [{ path: [], message: 'not JSON' }] },
    });
  }
}
