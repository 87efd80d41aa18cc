import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { engineOf, MockPlatform } from '../mock/mock-platform.js';
import { MAX_BODY_BYTES } from '../wire/protocol.js';
import { PLATFORM_ROUTES } from '../wire/routes.js';
import { SandboxActivity } from './activity.js';
import {
  bodyTooLarge,
  buildSandboxCore,
  type RequestTarget,
  type SandboxCore,
  type SandboxHandlerOptions,
} from './handler.js';
import { WebhookDispatcher, type WebhookOptions } from './webhooks.js';

/**
 * Options of {@link startSandbox}.
 *
 * @example
 * ```ts
 * await startSandbox({ platform: MockPlatform.demo(), port: 8787, host: '127.0.0.1' });
 * ```
 */
export interface StartSandboxOptions extends SandboxHandlerOptions {
  /** The platform to serve (default: a new, empty `MockPlatform`; see `MockPlatform.demo()`). */
  platform?: MockPlatform;
  /** The TCP port; `0` (the default) picks any free port — read it from `url`. */
  port?: number;
  /**
   * The interface to listen on (default `127.0.0.1`). The admin routes are not
   * authenticated: listen beyond loopback only on a network that is yours, or pass
   * `admin: false`.
   */
  host?: string;
  /**
   * How notifications are delivered to the webhook URLs channels registered
   * (`registerChannel({ id, name, publicKey, webhookUrl })`, or `webhookUrl` in
   * `POST /admin/channels`): retries, backoff, timeout, a log hook. `false` delivers none.
   * A channel's deliveries start with its first request to the sandbox or its registration
   * through the admin route. Channel backends check them with `verifyNotification` from
   * `essc-sdk/http`.
   */
  webhooks?: WebhookOptions | false;
  /**
   * Milliseconds a client has to send the request headers (default 10 000); a slow sender
   * (slowloris) is answered 408 and its connection closed.
   */
  headersTimeoutMs?: number;
  /** Milliseconds a client has to send the whole request, body included (default 30 000). */
  requestTimeoutMs?: number;
  /** Milliseconds an idle keep-alive connection stays open (default 5 000). */
  keepAliveTimeoutMs?: number;
  /**
   * Open connections at most (default 256); one more is closed as soon as it is accepted,
   * so trickling sockets cannot exhaust the process's file descriptors.
   */
  maxConnections?: number;
}

/**
 * A running sandbox.
 *
 * @example
 * ```ts
 * const sandbox: RunningSandbox = await startSandbox();
 * sandbox.platform.enableRegion('440100');
 * await sandbox.close();
 * ```
 */
export interface RunningSandbox {
  /** The base URL, e.g. `http://127.0.0.1:53122`, to pass to `createHttpAdapter({ baseUrl })`. */
  url: string;
  /** The platform it serves: its admin controls work in-process too. */
  platform: MockPlatform;
  /**
   * Stops listening and closes every open connection; webhook deliveries under way are
   * aborted and pending retries dropped, leaving no timer behind.
   */
  close(): Promise<void>;
}

/**
 * Starts the sandbox on `node:http`: the reference platform served over the wire protocol,
 * for channel developers and for the http adapter's tests. See {@link createSandboxHandler}
 * for what it answers.
 *
 * @example
 * ```ts
 * import { MockPlatform } from 'essc-sdk/mock';
 * import { startSandbox } from 'essc-sdk/sandbox';
 *
 * const sandbox = await startSandbox({ platform: MockPlatform.demo(), port: 0 });
 * console.log(sandbox.url);
 * await sandbox.close();
 * ```
 */
export async function startSandbox(options: StartSandboxOptions = {}): Promise<RunningSandbox> {
  const platform = options.platform ?? new MockPlatform();
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const activity = new SandboxActivity(engineOf(platform), options.now);
  const webhookOptions = options.webhooks === false ? undefined : (options.webhooks ?? {});
  const webhooks = webhookOptions
    ? new WebhookDispatcher(engineOf(platform), options.now ?? Date.now, {
        ...webhookOptions,
        // The console lists every attempt; the caller's own hook still hears of each.
        onAttempt: (attempt) => {
          activity.recordDelivery(attempt);
          webhookOptions.onAttempt?.(attempt);
        },
      })
    : undefined;
  // The interface it listens on is a name it is reached by (a wildcard is no name).
  const allowedHosts = WILDCARD_HOSTS.has(host)
    ? options.allowedHosts
    : [...(options.allowedHosts ?? []), host.includes(':') ? `[${host}]` : host];
  const core = buildSandboxCore(
    platform,
    { ...options, maxBodyBytes, allowedHosts },
    webhooks,
    activity,
  );
  const headersTimeout = options.headersTimeoutMs ?? 10_000;
  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(headersTimeout, options.requestTimeoutMs ?? 30_000),
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 5_000,
      // How often node looks for requests past those timeouts (its default is 30 s).
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
    },
    (req, res) => {
      serve(core, req, res, maxBodyBytes).catch(() => {
        // Only writing to a socket the client already closed gets here; nothing to tell anyone.
        res.destroy();
      });
    },
  );
  server.maxConnections = options.maxConnections ?? 256;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await webhooks?.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}`;
  // The hosted pages (R38) are served here: launches answer urls of this origin.
  engineOf(platform).setHostedBaseUrl(url);
  return {
    url,
    platform,
    close: async () => {
      await webhooks?.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections would hold `close` open until they time out.
        server.closeAllConnections();
      });
    },
  };
}

const WILDCARD_HOSTS: ReadonlySet<string> = new Set(['0.0.0.0', '::', '[::]']);

/** The one route that waits (notifications long poll). */
const LONG_POLL_PATH = PLATFORM_ROUTES.pollNotifications.path;

/**
 * node:http ⇄ the sandbox's core: the same routing, authentication and signing as the
 * fetch-style handler, without a web `Request`, `Response` or stream per request (they were
 * the larger part of a sandbox request's cost, bench/http.ts).
 */
async function serve(
  core: SandboxCore,
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<void> {
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  const body = hasBody ? await readAtMost(req, maxBodyBytes + 1) : undefined;
  if (!hasBody) req.resume();
  // Only a long poll waits: it gets a signal that aborts when the connection closes, so it
  // stops waiting for a poller that left. Other requests skip it: an AbortSignal per request
  // is a measurable share of a sandbox request's cost (bench/http.ts).
  let signal: AbortSignal | undefined;
  if (req.url?.startsWith(LONG_POLL_PATH)) {
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    signal = gone.signal;
  }
  const headers = req.headers;
  const answer = await core({
    method,
    url: requestTarget(req.url ?? '/'),
    header: (name) => {
      const value = headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    body: async (limit) => {
      const declared = headers['content-length'];
      if (declared !== undefined && Number(declared) > limit) throw bodyTooLarge(limit);
      if (!body) return new Uint8Array(0);
      if (body.byteLength > limit) throw bodyTooLarge(limit);
      return body;
    },
    signal,
  });
  if (answer === 'drop') {
    // A NETWORK fault: the commit happened, the answer is lost on the way.
    req.socket.destroy();
    return;
  }
  const payload = answer.body === null ? '' : answer.body;
  // Raw header pairs: written as they are (Node still validates them), no header map.
  const headersOut: string[] = [];
  for (const name in answer.headers) headersOut.push(name, answer.headers[name]!);
  headersOut.push('content-length', String(Buffer.byteLength(payload)));
  // A body cut off at the limit leaves the rest unread on the socket: do not reuse it.
  if (body && body.byteLength > maxBodyBytes) headersOut.push('connection', 'close');
  res.writeHead(answer.status, headersOut);
  res.end(payload);
}

/** What `encodeURIComponent` writes, and `/`, with no query: a path the URL parser keeps… */
const PLAIN_PATH = /^\/[A-Za-z0-9\-_.!~*'()%/]*$/;
/** …unless a segment is a dot segment, which it removes (`%2e` counts as a dot). */
const DOT_SEGMENT = /\/(?:\.|%2e){1,2}(?:\/|$)/i;
const NO_QUERY: RequestTarget['searchParams'] = new URLSearchParams();

/**
 * The path and query of a request target as `new URL(target, base)` makes them. A plain path
 * without a query — every request the http adapters send but a GET with fields — is what the
 * parser would answer and is not parsed; anything else is (the authority is not used for
 * routing or signatures, so a fixed one keeps a hostile Host header out of the parser).
 */
function requestTarget(target: string): RequestTarget {
  if (PLAIN_PATH.test(target) && !target.startsWith('//') && !DOT_SEGMENT.test(target)) {
    return { pathname: target, search: '', searchParams: NO_QUERY };
  }
  return new URL(target, 'http://sandbox.localhost');
}

/**
 * Reads at most `limit` bytes of the body; anything beyond is drained unbuffered, so an
 * oversized upload costs no memory and the client still reads the 413.
 */
function readAtMost(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      // A request of a few hundred bytes is one chunk: used as it is, not copied.
      const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      resolve(new Uint8Array(all.buffer, all.byteOffset, Math.min(all.byteLength, limit)));
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      chunks.push(chunk);
      size += chunk.byteLength;
      if (size >= limit) finish();
    });
    req.on('end', finish);
    req.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
  });
}
