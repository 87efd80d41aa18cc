/**
 * A channel's backend: the one place that holds the channel's private key. Its mini-programs
 * and H5 pages talk to it over the relay (no key on the device); it talks to the platform
 * with the http adapter (signed requests, sealed secrets) and receives the platform's signed
 * notifications on a webhook.
 *
 * Routes (JSON; errors are `{ error: { code, message, retryable, requestId? } }`):
 * - `POST /session` `{ userId }` → `{ token, channelUserId }`: the demo's sign-in (see
 *   sessions.ts: a real channel uses its own login).
 * - `GET /me` (bearer) → `{ channelUserId, cards: [{ signNo, bound, status }] }`.
 * - `POST /relay` (bearer): the relay handler (`essc-sdk/relay`).
 * - `POST /demo/face-check` (bearer) `{ idNumber }` → `{ realPerson }`: a STUB of the
 *   real-person check, minted by the sandbox's admin route (see `faceCheck`).
 * - `POST /webhooks/essc`: the platform's notifications, verified with `verifyNotification`.
 * - `POST /hosted/launch` (bearer) `{ action, person?, signNo?, returnUrl? }` →
 *   `{ url, busiSeq, expiresAt }`: a platform hosted page for the signed-in user
 *   (essc-sdk/hosted, R35); the app opens `url`. `returnUrl`: the asking H5 page's own (its
 *   origin is the request's `Origin`), or this backend's bridge page for a mini-program's
 *   web-view; default `GET /hosted/return` (see hosted.ts).
 * - `POST /hosted/receipt` (bearer) `{ receipt }` → the verified receipt (R36), for an H5 page
 *   that came back with `?receipt=`.
 * - `GET /hosted/mini-program?app=wechat|alipay&receipt=…` → the web-view's return page: checks
 *   the receipt and sends the mini-program to its result page.
 * - `GET /hosted/return?receipt=…` → the verified receipt. The `hosted.completed` notification
 *   carries the same receipt.
 * - `GET /health` → `{ ok: true, channelId }`.
 * - CORS on every route for the H5 pages (`allowOrigin`).
 */
import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createClient,
  type ErrorCode,
  EsscError,
  idNumberSchema,
  isEsscError,
  type RealPersonProof,
} from 'essc-sdk';
import { createMemoryNonceStore } from 'essc-sdk/acceptor';
import { createHostedPages } from 'essc-sdk/hosted';
import { createHttpAdapter, type VerifiedNotification, verifyNotification } from 'essc-sdk/http';
import { createRelayHandler, toNodeListener } from 'essc-sdk/relay';
import type { JWK } from 'jose';
import { CardRegistry, type HeldCard, recordingAdapter } from './cards.js';
import { hostedRoutes } from './hosted.js';
import { DemoSessions } from './sessions.js';

/** Options of {@link startChannelBackend}. */
export interface ChannelBackendOptions {
  /** The platform gateway's base URL (here: a sandbox's `url`). */
  platformUrl: string;
  /** The channel number the platform registered this channel under (渠道编号). */
  channelId: string;
  /** The channel's PRIVATE JWK. A real channel loads it from its secret store, never from code. */
  channelKey: JWK;
  /** TCP port; 0 (the default) picks a free one — read it from `url`. */
  port?: number;
  /** Interface to listen on (default `127.0.0.1`). */
  host?: string;
  /** Where the platform POSTs notifications (default `/webhooks/essc`). */
  webhookPath?: string;
  /**
   * The `Access-Control-Allow-Origin` of every answer: the H5 page's origin, or `*` (the
   * default, fine for a demo: the API is bearer-token only, no cookies).
   */
  allowOrigin?: string;
  /**
   * The demo's face check (实人认证) behind `POST /demo/face-check`: a real-person proof for
   * an ID number. Default: minted by the sandbox's admin route
   * (`POST {platformUrl}/admin/persons/{idNumber}/real-person-proof`), which a real platform
   * does not have. `false` turns the route off. A real channel runs the platform's face-check
   * service on the device instead (e.g. WeChat's `wx.startFacialRecognitionVerify`) and gets
   * the proof from it.
   */
  faceCheck?: false | ((idNumber: string) => Promise<RealPersonProof>);
  /**
   * Where the platform's hosted pages send the browser back with `?receipt=` (R36) when the
   * launch names no `returnUrl`. Default: this backend's `GET /hosted/return` (loopback http:
   * is accepted by a sandbox only; a real channel gives an https: page of its own).
   */
  hostedReturnUrl?: string;
}

/** The events of a running backend. */
export interface ChannelBackendEvents {
  /** A verified notification of the platform, once per id (redeliveries are not repeated). */
  notification: [notification: VerifiedNotification];
}

/** A running channel backend. */
export interface RunningChannelBackend {
  /** Base URL, e.g. `http://127.0.0.1:53123`. */
  url: string;
  /** The relay's URL, for `createRelayAdapter({ url })`: `${url}/relay`. */
  relayUrl: string;
  /** The webhook's URL, to register with the platform as the channel's `webhookUrl`. */
  webhookUrl: string;
  /** Verified notifications, in the order received (duplicates left out). */
  notifications: VerifiedNotification[];
  /** Emits `notification` for each entry added to `notifications`. */
  events: EventEmitter<ChannelBackendEvents>;
  /** The e-cards of a user, as the backend knows them (what `GET /me` answers). */
  cardsOf(channelUserId: string): HeldCard[];
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE } });
}

function refusal(status: number, code: ErrorCode, message: string, retryable = false): Response {
  return json(status, { error: { code, message, retryable } });
}

async function readJson(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    const body: unknown = await request.json();
    return typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The sandbox's stand-in for a face check: its admin route mints a real-person proof. */
function sandboxFaceCheck(platformUrl: string): (idNumber: string) => Promise<RealPersonProof> {
  return async (idNumber) => {
    const response = await fetch(
      `${platformUrl}/admin/persons/${encodeURIComponent(idNumber)}/real-person-proof`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' },
    );
    const body = (await response.json().catch(() => ({}))) as {
      realPerson?: string;
      error?: { code?: ErrorCode; message?: string };
    };
    if (response.ok && typeof body.realPerson === 'string') return body.realPerson;
    throw new EsscError(
      body.error?.code ?? 'PLATFORM_UNAVAILABLE',
      body.error?.message ?? `The sandbox's face-check stub answered ${response.status}.`,
    );
  };
}

/**
 * Starts the channel backend on `node:http`.
 *
 * @example
 * ```ts
 * const backend = await startChannelBackend({
 *   platformUrl: sandbox.url, channelId: 'wechat', channelKey: credentials.channels.wechat,
 * });
 * const client = createClient({ adapter: createRelayAdapter({ url: backend.relayUrl, headers }) });
 * ```
 */
export async function startChannelBackend(
  options: ChannelBackendOptions,
): Promise<RunningChannelBackend> {
  const platformUrl = options.platformUrl.replace(/\/+$/, '');
  const { channelId } = options;
  const webhookPath = options.webhookPath ?? '/webhooks/essc';
  const allowOrigin = options.allowOrigin ?? '*';
  const faceCheck =
    options.faceCheck === undefined ? sandboxFaceCheck(platformUrl) : options.faceCheck;

  const sessions = new DemoSessions();
  const cards = new CardRegistry();
  const platform = createHttpAdapter({
    baseUrl: platformUrl,
    channelId,
    channelKey: options.channelKey,
  });

  const relay = createRelayHandler({
    adapter: recordingAdapter(platform, cards),
    authenticate: (request) => {
      const session = sessions.userOf(request.headers.get('authorization'));
      return session ? { channelUserId: session.channelUserId } : null;
    },
    authorizeCard: (user, signNo) => cards.belongsTo(signNo, user.channelUserId),
    // Codes and ids only: the bodies on this route hold passwords (see essc-sdk/relay).
    onError: ({ requestId, op, code, status, error }) => {
      if (status >= 500) console.error(`[relay] ${requestId} ${op ?? '-'} ${code}`, error);
    },
  });

  // The backend's own client: it turns the platform's notifications into typed events.
  const client = createClient({ adapter: platform, cardEvents: 'all' });
  client.on('card:status', ({ signNo, status }) => cards.recordStatus(signNo, status));
  const notifications: VerifiedNotification[] = [];
  const events = new EventEmitter<ChannelBackendEvents>();
  const seen = createMemoryNonceStore();
  const jwks = `${platformUrl}/.well-known/jwks.json`;
  // Hosted pages (R35, R36): launched with the channel's key, receipts checked once. Several
  // processes would share a createRedisNonceStore (essc-sdk/redis) as `store`.
  const hosted = createHostedPages({ adapter: platform, store: createMemoryNonceStore() });
  let url = '';
  const hostedPages = hostedRoutes({
    hosted,
    cards,
    origin: () => url,
    defaultReturnUrl: () => options.hostedReturnUrl ?? `${url}/hosted/return`,
    allowOrigin,
    json,
    refusal,
    readJson,
  });

  async function receiveNotification(request: Request): Promise<Response> {
    try {
      const notification = await verifyNotification(request, { jwks, channelId, seen });
      // A redelivery (our earlier 2xx got lost) is answered 2xx and nothing else.
      if (!notification.duplicate) {
        if (notification.type === 'binding.removed') cards.recordUnbound(notification.signNo);
        // The page's receipt, in case the browser never came back (R36). Accepted once: after
        // the redirect it is RECEIPT_REPLAYED, and one of another server's launches is refused.
        if (notification.type === 'hosted.completed' && notification.receipt) {
          await hostedPages.acceptReceipt(notification.receipt).catch(() => undefined);
        }
        client.receive(notification);
        notifications.push(notification);
        events.emit('notification', notification);
      }
      return new Response(null, { status: 204 });
    } catch (error) {
      if (!isEsscError(error) || error.retryable) {
        // JWKS unreachable: the platform retries later.
        return refusal(503, 'PLATFORM_UNAVAILABLE', 'Try again later.', true);
      }
      const status = error.code === 'VALIDATION_FAILED' ? 400 : 401;
      return refusal(status, error.code, error.message);
    }
  }

  async function route(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    const method = request.method;
    if (pathname === '/relay') return relay(request);
    if (pathname === webhookPath) {
      if (method !== 'POST') return refusal(405, 'VALIDATION_FAILED', 'POST only.');
      return receiveNotification(request);
    }
    if (pathname === '/health' && method === 'GET') return json(200, { ok: true, channelId });
    if (pathname === '/session' && method === 'POST') {
      const body = await readJson(request);
      const signedIn = sessions.signIn(body?.userId);
      if (!signedIn) {
        return refusal(
          400,
          'VALIDATION_FAILED',
          'Send { "userId": "…" }: 1–128 printable characters.',
        );
      }
      return json(200, signedIn);
    }
    const session = sessions.userOf(request.headers.get('authorization'));
    if (pathname === '/hosted/return' && method === 'GET') return hostedPages.return(request);
    if (pathname === '/hosted/mini-program' && method === 'GET') {
      return hostedPages.miniProgram(request);
    }
    if ((pathname === '/hosted/launch' || pathname === '/hosted/receipt') && method === 'POST') {
      if (!session) return refusal(401, 'CHANNEL_UNAUTHORIZED', 'Sign in: POST /session.');
      return pathname === '/hosted/launch'
        ? hostedPages.launch(request, session.channelUserId)
        : hostedPages.receipt(request, session.channelUserId);
    }
    if (pathname === '/me' && method === 'GET') {
      if (!session) return refusal(401, 'CHANNEL_UNAUTHORIZED', 'Sign in: POST /session.');
      return json(200, {
        channelUserId: session.channelUserId,
        cards: cards.cardsOf(session.channelUserId),
      });
    }
    if (pathname === '/demo/face-check' && method === 'POST' && faceCheck) {
      if (!session) return refusal(401, 'CHANNEL_UNAUTHORIZED', 'Sign in: POST /session.');
      const idNumber = idNumberSchema.safeParse((await readJson(request))?.idNumber);
      if (!idNumber.success) {
        return refusal(
          400,
          'VALIDATION_FAILED',
          'Send { "idNumber": "…" }: an 18-character ID number.',
        );
      }
      try {
        return json(200, { realPerson: await faceCheck(idNumber.data) });
      } catch (error) {
        if (isEsscError(error) && error.code === 'CARD_NOT_FOUND') {
          return refusal(404, error.code, 'Nobody with this ID number holds a card.');
        }
        return refusal(502, 'PLATFORM_UNAVAILABLE', 'The face check is unavailable.', true);
      }
    }
    return refusal(404, 'VALIDATION_FAILED', `No route ${method} ${pathname}.`);
  }

  async function handle(request: Request): Promise<Response> {
    if (request.method === 'OPTIONS') return withCors(new Response(null, { status: 204 }));
    return withCors(await route(request));
  }

  function withCors(response: Response): Response {
    const headers = new Headers(response.headers);
    headers.set('access-control-allow-origin', allowOrigin);
    headers.set('access-control-allow-methods', 'GET, POST, OPTIONS');
    headers.set('access-control-allow-headers', 'authorization, content-type');
    headers.set('access-control-expose-headers', 'x-request-id');
    headers.set('access-control-max-age', '600');
    if (allowOrigin !== '*') headers.append('vary', 'origin');
    return new Response(response.body, { status: response.status, headers });
  }

  const listener = toNodeListener(Object.assign(handle, { maxBodyBytes: relay.maxBodyBytes }));
  const server = createServer((req, res) => {
    // Only writing to a socket the client already closed fails here.
    listener(req, res).catch(() => res.destroy());
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  return {
    url,
    relayUrl: `${url}/relay`,
    webhookUrl: `${url}${webhookPath}`,
    notifications,
    events,
    cardsOf: (channelUserId) => cards.cardsOf(channelUserId),
    close: async () => {
      client.close();
      events.removeAllListeners();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
