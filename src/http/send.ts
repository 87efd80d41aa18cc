/**
 * Private: one HTTP exchange of the http adapters, without retries (the transport retries).
 * On Node it goes through `node:http`/`node:https` and their global keep-alive agents; elsewhere,
 * or when the caller passes a `fetch`, through ky over `fetch`. A web `Request`, `Response` and their
 * streams cost several times what the exchange itself costs on Node (bench/http.ts), so the
 * Node path makes none. `node:http` is reached through `process.getBuiltinModule`, so bundlers
 * for browsers never see the specifier.
 *
 * @internal
 */

import type * as NodeHttp from 'node:http';
import ky, { TimeoutError as KyTimeoutError } from 'ky';

/**
 * The answer's status line and headers; the body is read (or discarded) separately, as the
 * timeout covers only the wait for the headers.
 *
 * @internal
 */
export interface RawResponse {
  status: number;
  /** A header's value (lower-case name), or `null`. */
  header(name: string): string | null;
  /** Reads the whole body. */
  body(): Promise<Uint8Array>;
  /** Drops the body unread (a response about to be retried). */
  discard(): void;
}

/**
 * Sends one request; rejects with a {@link TimeoutError} when no answer's headers arrive in
 * `timeoutMs`, with an `AbortError` when `signal` aborts, and with the runtime's error when
 * the platform cannot be reached.
 *
 * @internal
 */
export type Sender = (request: OutgoingRequest) => Promise<RawResponse>;

/**
 * Where requests go: the base URL's scheme and authority, parsed once per adapter.
 *
 * @internal
 */
export interface Origin {
  protocol: 'http:' | 'https:';
  /** Without an IPv6 address's brackets, as `node:http` takes it. */
  hostname: string;
  /** The port, or `''` for the scheme's default. */
  port: string;
  /** The `Host` header: hostname (bracketed for IPv6) and a non-default port. */
  host: string;
  /** `protocol//host`. */
  href: string;
}

/**
 * The {@link Origin} of an http(s) URL.
 *
 * @internal
 */
export function originOf(url: URL): Origin {
  const { hostname, port, host } = url;
  return {
    protocol: url.protocol === 'https:' ? 'https:' : 'http:',
    hostname: hostname.startsWith('[') ? hostname.slice(1, -1) : hostname,
    port,
    host,
    href: `${url.protocol}//${host}`,
  };
}

/**
 * One request as a {@link Sender} sends it.
 *
 * @internal
 */
export interface OutgoingRequest {
  method: string;
  origin: Origin;
  /** The path with its query, as sent and signed. */
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/**
 * No answer's headers arrived in time.
 *
 * @internal
 */
export class TimeoutError extends Error {
  override name = 'TimeoutError';
  constructor(timeoutMs: number) {
    super(`No answer within ${timeoutMs} ms.`);
  }
}

function abortError(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if ((reason as { name?: unknown } | undefined)?.name === 'AbortError') return reason;
  const error = new Error('The request was aborted.', { cause: reason });
  error.name = 'AbortError';
  return error;
}

/**
 * The sender to use: the caller's `fetch` when given, else `node:http(s)` where present, else
 * `globalThis.fetch`.
 *
 * @internal
 */
export function selectSender(fetchImpl: typeof globalThis.fetch | undefined): Sender {
  if (fetchImpl) return fetchSender(fetchImpl);
  const node = nodeHttp();
  if (node) return nodeSender(node.http, node.https);
  return fetchSender((input, init) => globalThis.fetch(input, init));
}

function nodeHttp(): { http: typeof NodeHttp; https: typeof NodeHttp } | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const http = proc?.getBuiltinModule?.('node:http') as typeof NodeHttp | undefined;
    const https = proc?.getBuiltinModule?.('node:https') as typeof NodeHttp | undefined;
    return typeof http?.request === 'function' && typeof https?.request === 'function'
      ? { http, https }
      : undefined;
  } catch {
    return undefined;
  }
}

function nodeSender(http: typeof NodeHttp, https: typeof NodeHttp): Sender {
  return ({ method, origin, path, headers, body, timeoutMs, signal }) =>
    new Promise<RawResponse>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      // Raw header pairs go out as they are (Node still validates them), without a header
      // map built per request; `host` is then ours to send.
      const outgoing: string[] = ['host', origin.host];
      for (const name in headers) outgoing.push(name, headers[name]!);
      if (body !== undefined) outgoing.push('content-length', String(Buffer.byteLength(body)));
      // Options, not a URL: node:http would otherwise turn a URL into these on every request.
      const request = (origin.protocol === 'https:' ? https : http).request(
        {
          protocol: origin.protocol,
          hostname: origin.hostname,
          ...(origin.port === '' ? {} : { port: origin.port }),
          path,
          method,
          headers: outgoing as unknown as NodeHttp.OutgoingHttpHeaders,
        },
        (response) => {
          clearTimeout(timer);
          // Read at once (listeners attached now, so a connection lost mid-body is an error
          // of this body and nothing else); the transport reads it or drops it.
          const bytes = new Promise<Uint8Array>((resolveBody, rejectBody) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => {
              resolveBody(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
            });
            response.on('error', rejectBody);
            response.on('close', () => {
              signal?.removeEventListener('abort', onAbort);
              if (!response.complete) rejectBody(new Error('The answer was cut off.'));
            });
          });
          bytes.catch(() => undefined);
          resolve({
            status: response.statusCode ?? 0,
            header: (name) => {
              const value = response.headers[name];
              return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
            body: () => bytes,
            discard: () => undefined,
          });
        },
      );
      const timer = setTimeout(() => request.destroy(new TimeoutError(timeoutMs)), timeoutMs);
      const onAbort = () => request.destroy(abortError(signal!) as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      request.on('error', (error) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(error);
      });
      request.end(body);
    });
}

/**
 * The portable path (browsers, workers, a caller's `fetch`): ky over that `fetch`, for what ky
 * does well here — one request with its timeout and abort, errors as values. Retries are the
 * transport's (each attempt must be signed afresh), so ky's own are off.
 */
function fetchSender(fetchImpl: typeof globalThis.fetch): Sender {
  const client = ky.create({ retry: 0, throwHttpErrors: false, fetch: fetchImpl });
  return async ({ method, origin, path, headers, body, timeoutMs, signal }) => {
    if (signal?.aborted) throw abortError(signal);
    let response: Response;
    try {
      response = await client(origin.href + path, {
        method,
        headers,
        timeout: timeoutMs,
        ...(body !== undefined ? { body } : {}),
        ...(signal ? { signal } : {}),
      });
    } catch (error) {
      if (error instanceof KyTimeoutError) throw new TimeoutError(timeoutMs);
      throw error;
    }
    return {
      status: response.status,
      header: (name) => response.headers.get(name),
      body: async () => new Uint8Array(await response.arrayBuffer()),
      discard: () => {
        void response.body?.cancel().catch(() => undefined);
      },
    };
  };
}
