/**
 * A bridge from Node's `http` request listener (and Express, Koa's `ctx.req`/`ctx.res`,
 * Fastify's raw objects) to a fetch-style handler. Typed structurally, so this module imports
 * nothing from Node and the relay subpath still loads anywhere.
 */

/**
 * The part of Node's `IncomingMessage` the bridge reads.
 *
 * @example
 * ```ts
 * import type { IncomingMessage } from 'node:http';
 * const req: NodeRequestLike = incomingMessage satisfies IncomingMessage;
 * ```
 */
export interface NodeRequestLike extends AsyncIterable<Uint8Array | string> {
  /** The HTTP method. */
  method?: string | undefined;
  /** The path and query of the request line. */
  url?: string | undefined;
  /** Header names in lower case, as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** A TLS socket has `encrypted: true` (only used to build the request URL). */
  socket?: unknown;
}

/**
 * The part of Node's `ServerResponse` the bridge writes.
 *
 * @example
 * ```ts
 * import type { ServerResponse } from 'node:http';
 * const res: NodeResponseLike = serverResponse satisfies ServerResponse;
 * ```
 */
export interface NodeResponseLike {
  /** The status to send. */
  statusCode: number;
  /** Sets one header before the body. */
  setHeader(name: string, value: string): unknown;
  /** Sends the body and finishes the answer. */
  end(body?: Uint8Array | string): unknown;
}

/**
 * A fetch-style handler, with the body limit it enforces when it has one (a `RelayHandler`
 * does).
 */
export type FetchHandler = ((request: Request) => Promise<Response>) & {
  /** The largest body the handler reads, in bytes; the bridge buffers no more. */
  readonly maxBodyBytes?: number;
};

/** Without a limit from the handler, the bridge buffers at most this much. */
const DEFAULT_LIMIT = 64 * 1024;

/**
 * Reads the body, keeping at most `limit + 1` bytes: enough for the handler to see it is too
 * large and refuse with 413. The rest is drained unread, so the connection can still carry
 * the answer (stopping mid-stream would destroy the socket).
 */
async function readLimited(req: NodeRequestLike, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let kept = 0;
  const encoder = new TextEncoder();
  for await (const chunk of req) {
    if (kept > limit) continue;
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    const room = limit + 1 - kept;
    const part = bytes.byteLength > room ? bytes.subarray(0, room) : bytes;
    chunks.push(part);
    kept += part.byteLength;
  }
  const body = new Uint8Array(kept);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Turns a fetch-style handler (such as a `RelayHandler`) into a Node request listener for
 * `http.createServer`, Express (`app.post(path, listener)`; mount it before any body parser,
 * which would consume the body) and the like. The body is buffered up to the handler's
 * `maxBodyBytes` (plus one byte, so the handler can refuse a larger one with 413).
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createRelayHandler, toNodeListener } from 'essc-sdk/relay';
 *
 * const relay = createRelayHandler({ adapter, authenticate });
 * createServer(toNodeListener(relay)).listen(8080);
 * // or, with Express: app.post('/essc', toNodeListener(relay));
 * ```
 */
export function toNodeListener(
  handler: FetchHandler,
): (req: NodeRequestLike, res: NodeResponseLike) => Promise<void> {
  const limit = handler.maxBodyBytes ?? DEFAULT_LIMIT;
  return async (req, res) => {
    let response: Response;
    try {
      const method = (req.method ?? 'GET').toUpperCase();
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
      }
      const host = headers.get('host') ?? 'localhost';
      const scheme =
        (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true
          ? 'https'
          : 'http';
      const hasBody = method !== 'GET' && method !== 'HEAD';
      response = await handler(
        new Request(`${scheme}://${host}${req.url ?? '/'}`, {
          method,
          headers,
          ...(hasBody ? { body: await readLimited(req, limit) } : {}),
        }),
      );
    } catch {
      // The handler answers its own errors; this is the bridge failing (a malformed request
      // line or header that Request refuses), and nothing of it is sent.
      res.statusCode = 400;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      res.end(
        JSON.stringify({
          error: {
            code: 'VALIDATION_FAILED',
            message: 'The HTTP request could not be read.',
            requestId: 'bridge',
            retryable: false,
          },
        }),
      );
      return;
    }
    res.statusCode = response.status;
    response.headers.forEach((value, name) => {
      res.setHeader(name, value);
    });
    res.end(new Uint8Array(await response.arrayBuffer()));
  };
}
