/**
 * The H5 demo in one call: the sandbox platform and the channel backend
 * (`examples/channel-backend`, which holds the channel key), the pages built with esbuild and
 * served by a static server on another origin, and a government portal's server side for the
 * scan-to-login page. `main.ts` runs it from a shell; `test/examples/h5.test.ts` drives it in
 * headless Chromium.
 *
 * Origins: the pages (static server), the channel backend and the platform listen on three
 * ports, so every call the pages make is cross-origin, as in production. The backend answers
 * CORS. For the platform's JWKS, which the acceptor page fetches, the demo checks whether the
 * platform answers CORS: if it does, the page fetches the JWKS from the platform itself;
 * otherwise the static server relays it (`GET /platform/jwks.json`) — an acceptor's own
 * server may always do that, as the keys are public and the page checks every signature.
 */
import { isEsscError, maskIdNumber, maskName } from 'essc-sdk';
import {
  createLoginPortal,
  createPaymentTerminal,
  type LoginPortal,
  type LoginScope,
  type LoginSessionStatus,
  type Payment,
  type PaymentTerminal,
} from 'essc-sdk/acceptor';
import {
  createHttpMerchantAdapter,
  createHttpPortalAdapter,
  generateCallerKeyPair,
} from 'essc-sdk/http';
import { settle, type Visit, visitCharge } from '../acceptor-node/cashier.js';
import { type RunningDemo, startDemo } from '../channel-backend/demo.js';
import { buildPages, DEFAULT_OUT_DIR } from './build.js';
import {
  type H5Config,
  type JsonReply,
  type JsonRoute,
  type RunningStaticServer,
  startStaticServer,
} from './serve.js';

/**
 * The claims the demo portal asks for (R30, 个人授权访问): the name and the issuing city, not
 * the ID number nor the level. Its registration allows all four; it asks for what it needs.
 */
export const PORTAL_SCOPES: readonly LoginScope[] = ['name', 'regionCode'];

/** What the portal page polls: the session's state and, once confirmed, what it received. */
export interface PortalSessionView {
  state: LoginSessionStatus['state'];
  /** The claims the session asked for. */
  scopes: LoginScope[];
  /** Once confirmed: only the claims the user released, masked for the screen. */
  identity?: {
    /** Masked (`张*`); the portal's server holds the full name. */
    name?: string;
    /** Masked. */
    idNumber?: string;
    regionCode?: string;
    level?: 1 | 2;
    method: 'password' | 'real-person';
    channelId: string;
  };
}

/** The hospital of the cashier page. */
export const DEMO_HOSPITAL = { id: 'GZ-HOSP-1', name: '广州市第一人民医院' } as const;

/** The visit the cashier page charges (its order id comes from the page, one per visit). */
export const DEMO_VISIT: Omit<Visit, 'orderId'> = {
  description: '门诊 · 内科',
  items: [
    { code: 'D-0123', name: '阿莫西林胶囊', amount: 12_800, coverage: 'covered' },
    { code: 'L-0042', name: '血常规', amount: 2_500, coverage: 'covered' },
    { code: 'F-0001', name: '挂号费', amount: 1_500, coverage: 'self' },
  ],
};

/** Options of {@link startH5Demo}. */
export interface H5DemoOptions {
  /** The static server's port (default 0: any free one). */
  port?: number;
  /** The sandbox's port (default 0). */
  sandboxPort?: number;
  /** The channel backend's port (default 0). */
  backendPort?: number;
  /** Everything listens here (default `127.0.0.1`). */
  host?: string;
  /** The channel of the H5 page: `wechat` (default), `alipay` or `bank-app`. */
  channelId?: string;
  /** Show code texts beside the QR symbols, for a scanner without a camera (default true). */
  demoScanner?: boolean;
  /** Where the pages are built (default `examples/h5/dist`). */
  outDir?: string;
}

/** A running H5 demo. */
export interface RunningH5Demo {
  /** The sandbox, the channel backend, the demo credentials, the platform. */
  world: RunningDemo;
  /** The static server of the pages. */
  site: RunningStaticServer;
  /** The pages' URLs. */
  pages: { channel: string; acceptor: string; portal: string; cashier: string };
  /** How the acceptor page reaches the platform's JWKS. */
  jwks: { mode: 'direct' | 'proxy'; url: string };
  /** The portal's server side (the portal page's sessions). */
  portal: LoginPortal;
  /** Stops the static server, the backend and the sandbox. */
  close(): Promise<void>;
}

/** Whether a cross-origin page may read the platform's JWKS (the platform answers CORS). */
async function jwksAllowsCors(jwksUrl: string): Promise<boolean> {
  const origin = 'http://h5.invalid';
  const response = await fetch(jwksUrl, { headers: { origin } });
  await response.arrayBuffer();
  const allowed = response.headers.get('access-control-allow-origin');
  return response.ok && (allowed === '*' || allowed === origin);
}

/** The portal page's routes: open a login session asking for {@link PORTAL_SCOPES}, poll it. */
function portalRoutes(portal: LoginPortal): Record<string, JsonRoute> {
  const scopesOf = new Map<string, LoginScope[]>();
  return {
    'POST /demo/portal/sessions': async () => {
      const session = await portal.createSession({ scopes: [...PORTAL_SCOPES] });
      scopesOf.set(session.sessionId, [...PORTAL_SCOPES]);
      return { body: { ...session, scopes: PORTAL_SCOPES } };
    },
    'GET /demo/portal/session': async (_body, url) => {
      const sessionId = url.searchParams.get('id') ?? '';
      let status: LoginSessionStatus;
      try {
        status = await portal.getSession(sessionId);
      } catch (error) {
        if (!isEsscError(error)) throw error;
        return {
          status: error.code === 'LOGIN_NOT_FOUND' ? 404 : 502,
          body: { error: { code: error.code } },
        };
      }
      const view: PortalSessionView = {
        state: status.state,
        scopes: scopesOf.get(sessionId) ?? [],
      };
      if (status.identity) {
        // R30: a claim the user did not release is not in the identity at all.
        const { name, idNumber, regionCode, level, method, channelId } = status.identity;
        view.identity = {
          ...(name === undefined ? {} : { name: maskName(name) }),
          ...(idNumber === undefined ? {} : { idNumber: maskIdNumber(idNumber) }),
          ...(regionCode === undefined ? {} : { regionCode }),
          ...(level === undefined ? {} : { level }),
          method,
          channelId,
        };
      }
      return { body: view };
    },
  };
}

/** An error as the cashier page receives it: the code and message only. */
function cashierRefusal(error: unknown): JsonReply {
  if (!isEsscError(error)) throw error;
  return { status: 422, body: { error: { code: error.code, message: error.message } } };
}

/** A payment as the cashier page shows it (holder masked by the platform already). */
function receipt(payment: Payment) {
  const { paymentId, orderId, amount, refunded, status, split, holderName, paidAt } = payment;
  return { paymentId, orderId, amount, refunded, status, split, holderName, paidAt };
}

/**
 * The cashier page's routes: the hospital's server side, which holds the terminal. The page
 * sends the scanned code and the visit's order id; the server charges the visit with the
 * cashier's loop (`settle`: an unknown outcome is settled under the same order id), and
 * refunds on request.
 */
function cashierRoutes(terminal: PaymentTerminal): Record<string, JsonRoute> {
  return {
    'GET /demo/cashier/visit': () => ({ body: { hospital: DEMO_HOSPITAL, ...DEMO_VISIT } }),
    'POST /demo/cashier/charge': async (body) => {
      const { qrText, orderId } = (body ?? {}) as { qrText?: unknown; orderId?: unknown };
      try {
        const charge = visitCharge(String(qrText ?? ''), {
          ...DEMO_VISIT,
          orderId: String(orderId ?? ''),
        });
        return { body: { payment: receipt(await settle(terminal, charge)) } };
      } catch (error) {
        return cashierRefusal(error);
      }
    },
    'POST /demo/cashier/refund': async (body) => {
      const { orderId, refundId, amount } = (body ?? {}) as Record<string, unknown>;
      try {
        const payment = await terminal.refund({
          orderId: String(orderId ?? ''),
          refundId: String(refundId ?? ''),
          amount: Number(amount),
        });
        return { body: { payment: receipt(payment) } };
      } catch (error) {
        return cashierRefusal(error);
      }
    },
  };
}

/**
 * The hospital's payment terminal, on the hospital's server: a key pair made here (a real
 * hospital keeps its private key in its secret store), the public half registered with the
 * platform — the merchant's onboarding, which the sandbox's admin route stands in for — and
 * every charge a request signed with the private half (`createHttpMerchantAdapter`).
 */
async function hospitalTerminal(platformUrl: string): Promise<PaymentTerminal> {
  const { privateJwk, publicJwk } = await generateCallerKeyPair('EdDSA');
  const registered = await fetch(`${platformUrl}/admin/merchants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...DEMO_HOSPITAL, kind: 'hospital', publicKey: publicJwk }),
  });
  if (!registered.ok) {
    throw new Error(
      `Registering the hospital failed: ${registered.status} ${await registered.text()}`,
    );
  }
  return createPaymentTerminal({
    adapter: createHttpMerchantAdapter({
      baseUrl: platformUrl,
      merchantId: DEMO_HOSPITAL.id,
      merchantKey: privateJwk,
    }),
  });
}

/**
 * Builds the pages and starts everything they talk to.
 *
 * @example
 * ```ts
 * const demo = await startH5Demo();
 * console.log(demo.pages.channel);
 * await demo.close();
 * ```
 */
export async function startH5Demo(options: H5DemoOptions = {}): Promise<RunningH5Demo> {
  const host = options.host ?? '127.0.0.1';
  const channelId = options.channelId ?? 'wechat';
  const root = await buildPages(options.outDir ?? DEFAULT_OUT_DIR);
  const world = await startDemo({
    channelId,
    host,
    sandboxPort: options.sandboxPort ?? 0,
    backendPort: options.backendPort ?? 0,
  });
  try {
    const platformJwks = `${world.sandbox.url}/.well-known/jwks.json`;
    const direct = await jwksAllowsCors(platformJwks);
    const portalKey = world.credentials.portals['gov-portal'];
    if (!portalKey) throw new Error('The demo platform has no gov-portal key.');
    const portal = createLoginPortal({
      adapter: createHttpPortalAdapter({
        baseUrl: world.sandbox.url,
        portalId: 'gov-portal',
        portalKey,
      }),
    });
    const terminal = await hospitalTerminal(world.sandbox.url);
    const routes = { ...portalRoutes(portal), ...cashierRoutes(terminal) };
    if (!direct) {
      routes['GET /platform/jwks.json'] = async () => {
        const response = await fetch(platformJwks);
        return { status: response.ok ? 200 : 502, body: await response.json() };
      };
    }
    const config: H5Config = {
      backendUrl: world.backend.url,
      channelId,
      jwksUrl: direct ? platformJwks : '/platform/jwks.json',
      demoScanner: options.demoScanner ?? true,
    };
    const site = await startStaticServer({
      root,
      config,
      routes,
      connectSrc: direct ? [world.backend.url, world.sandbox.url] : [world.backend.url],
      host,
      port: options.port ?? 0,
    });
    return {
      world,
      site,
      pages: {
        channel: `${site.url}/channel.html`,
        acceptor: `${site.url}/acceptor.html`,
        portal: `${site.url}/portal.html`,
        cashier: `${site.url}/cashier.html`,
      },
      jwks: direct
        ? { mode: 'direct', url: platformJwks }
        : { mode: 'proxy', url: `${site.url}/platform/jwks.json` },
      portal,
      close: async () => {
        await site.close();
        await world.close();
      },
    };
  } catch (error) {
    await world.close();
    throw error;
  }
}
