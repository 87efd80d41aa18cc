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
import { createLoginPortal, type LoginPortal, type LoginSessionStatus } from 'essc-sdk/acceptor';
import { createHttpPortalAdapter } from 'essc-sdk/http';
import { type RunningDemo, startDemo } from '../channel-backend/demo.js';
import { buildPages, DEFAULT_OUT_DIR } from './build.js';
import {
  type H5Config,
  type JsonRoute,
  type RunningStaticServer,
  startStaticServer,
} from './serve.js';

/** What the portal page polls: the session's state and, once confirmed, who (masked). */
export interface PortalSessionView {
  state: LoginSessionStatus['state'];
  identity?: {
    /** Masked for the screen (`张*`); the portal's server holds the full name. */
    name: string;
    /** Masked. */
    idNumber: string;
    regionCode: string;
    method: 'password' | 'real-person';
    channelId: string;
  };
}

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
  pages: { channel: string; acceptor: string; portal: string };
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

/** The portal page's routes: open a login session, poll it. */
function portalRoutes(portal: LoginPortal): Record<string, JsonRoute> {
  return {
    'POST /demo/portal/sessions': async () => ({ body: await portal.createSession() }),
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
      const view: PortalSessionView = { state: status.state };
      if (status.identity) {
        const { name, idNumber, regionCode, method, channelId } = status.identity;
        view.identity = {
          // R30: a claim the session did not ask for is not in the identity.
          name: name === undefined ? '（未授权）' : maskName(name),
          idNumber: idNumber === undefined ? '（未授权）' : maskIdNumber(idNumber),
          regionCode: regionCode ?? '（未授权）',
          method,
          channelId,
        };
      }
      return { body: view };
    },
  };
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
    const routes = portalRoutes(portal);
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
