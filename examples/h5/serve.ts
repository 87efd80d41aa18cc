/**
 * A tiny static server (node:http) for the built H5 pages, with two extras the demo needs:
 *
 * - `GET /config.json`: where the pages find the channel backend and the platform, so the
 *   same build runs against any ports.
 * - `routes`: a few JSON routes of the demo's own (`demo.ts` uses them for the portal's
 *   server side and, when the platform sends no CORS headers, the JWKS relay).
 *
 * It serves files from one folder only (no directory listing, no `..`), with `nosniff` and a
 * Content-Security-Policy that lets the pages talk to the origins in `connectSrc` and nowhere
 * else. Development only: no TLS, no caching, no compression.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

/** What the pages read from `/config.json`. */
export interface H5Config {
  /** The channel backend (`examples/channel-backend`): `POST /session`, `POST /relay`. */
  backendUrl: string;
  /** The channel the backend acts for, e.g. `wechat`. */
  channelId: string;
  /** Where the acceptor page fetches the platform's JWK Set. */
  jwksUrl: string;
  /**
   * Show the dynamic code's text beside the QR symbol, for the demo scanner (there is no
   * camera in a test, and a person trying the demo on one computer has no second device to
   * scan with). A real channel never shows or logs it: the text is a bearer credential.
   */
  demoScanner: boolean;
}

/** A JSON route: the parsed body (`undefined` for GET) and the URL in, a JSON value out. */
export type JsonRoute = (body: unknown, url: URL) => Promise<JsonReply> | JsonReply;

/** A route's answer: a status (default 200) and a JSON body. */
export interface JsonReply {
  status?: number;
  body: unknown;
}

/** Options of {@link startStaticServer}. */
export interface StaticServerOptions {
  /** The folder served (the build's output). */
  root: string;
  /** Served as `/config.json`. */
  config: H5Config;
  /** JSON routes by `"METHOD /path"`, e.g. `"POST /demo/real-person-proof"`. */
  routes?: Record<string, JsonRoute>;
  /** Origins the pages may `fetch` besides their own (the backend, the platform). */
  connectSrc?: string[];
  /** Default 0: any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** A running static server. */
export interface RunningStaticServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const MAX_JSON_BODY = 16 * 1024;

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, TYPES['.json']!, JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > MAX_JSON_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/**
 * Starts the static server.
 *
 * @example
 * ```ts
 * const site = await startStaticServer({ root: await buildPages(), config });
 * console.log(`${site.url}/acceptor.html`);
 * ```
 */
export async function startStaticServer(
  options: StaticServerOptions,
): Promise<RunningStaticServer> {
  const root = normalize(options.root + sep);
  const routes = options.routes ?? {};
  const csp = [
    "default-src 'self'",
    `connect-src 'self' ${(options.connectSrc ?? []).join(' ')}`.trim(),
    // The QR symbol is an inline <svg>; uqr draws it with attributes, not style sheets.
    "img-src 'self' data:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');

  const server = createServer(async (req, res) => {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      const url = new URL(req.url ?? '/', 'http://h5.localhost');
      const method = req.method ?? 'GET';
      const route = routes[`${method} ${url.pathname}`];
      if (route) {
        let body: unknown;
        if (method !== 'GET' && method !== 'HEAD') {
          try {
            body = await readJson(req);
          } catch {
            sendJson(res, 400, { error: 'The body must be JSON (at most 16 KB).' });
            return;
          }
        }
        const reply = await route(body, url);
        sendJson(res, reply.status ?? 200, reply.body);
        return;
      }
      if (method !== 'GET' && method !== 'HEAD') {
        sendJson(res, 405, { error: 'Method not allowed.' });
        return;
      }
      if (url.pathname === '/config.json') {
        sendJson(res, 200, options.config);
        return;
      }
      const name = url.pathname === '/' ? '/channel.html' : decodeURIComponent(url.pathname);
      const file = normalize(join(root, name));
      const type = TYPES[extname(file)];
      if (!file.startsWith(root) || !type) {
        send(res, 404, 'text/plain; charset=utf-8', 'Not found');
        return;
      }
      let content: Buffer;
      try {
        content = await readFile(file);
      } catch {
        send(res, 404, 'text/plain; charset=utf-8', 'Not found');
        return;
      }
      if (type.startsWith('text/html')) res.setHeader('content-security-policy', csp);
      send(res, 200, type, content);
    } catch (error) {
      // A route that threw: a demo bug; the page shows the status, the console the reason.
      console.error('h5 static server:', error);
      if (!res.headersSent) sendJson(res, 500, { error: 'Internal error.' });
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
