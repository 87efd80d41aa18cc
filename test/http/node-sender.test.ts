/**
 * The http adapters' default sender on Node (node:http with its keep-alive agent, no fetch):
 * the same timeouts, retries and failure codes as with a `fetch` (test/http/idempotency.test.ts
 * covers those through a recording fetch).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isEsscError } from '../../src/domain/errors.js';
import { createHttpAdapter, generateCallerKeyPair } from '../../src/http/index.js';
import { WireTransport } from '../../src/http/transport.js';
import type { EsscError } from '../../src/index.js';
import { PLATFORM_ROUTES } from '../../src/wire/routes.js';

const SIGN_NO = '440100D156AAAAAAAAAA';
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server that hands each request to `answer`, recording it. */
async function serve(
  answer: (req: IncomingMessage, res: import('node:http').ServerResponse) => void,
) {
  const seen: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    seen.push(req);
    req.resume();
    answer(req, res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

async function adapterFor(baseUrl: string, options: { retries?: number; timeoutMs?: number } = {}) {
  const { privateJwk } = await generateCallerKeyPair('EdDSA');
  return createHttpAdapter({
    baseUrl,
    channelId: 'wechat',
    channelKey: privateJwk,
    jwks: { keys: [] },
    backoff: { baseMs: 1, maxMs: 5 },
    ...options,
  });
}

async function failure(call: Promise<unknown>): Promise<EsscError> {
  try {
    await call;
  } catch (error) {
    if (isEsscError(error)) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('the node:http sender', () => {
  it('sends the signed request headers and the path', async () => {
    const { url, seen } = await serve((_, res) => res.end());
    const adapter = await adapterFor(url, { retries: 0 });
    await failure(adapter.getCard({ signNo: SIGN_NO }, {}));
    const [req] = seen;
    expect(req?.method).toBe('GET');
    expect(req?.url).toBe(`/v1/cards/${SIGN_NO}`);
    expect(req?.headers['x-essc-channel']).toBe('wechat');
    expect(req?.headers['x-essc-signature']).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('sends, and signs, the path the URL parser makes: base path, route, query; a dot segment is normalised as before', async () => {
    const { url, seen } = await serve((_, res) => res.end());
    const { privateJwk } = await generateCallerKeyPair('EdDSA');
    const transport = new WireTransport(
      { baseUrl: `${url}/gw/v1.x`, jwks: { keys: [] }, retries: 0 },
      { kind: 'channel', id: 'wechat', key: privateJwk },
    );
    const cases: { signNo: string; query: Record<string, string> | undefined }[] = [
      { signNo: SIGN_NO, query: { memberId: 'a b&c=é/?', x: '1' } },
      { signNo: SIGN_NO, query: {} },
      { signNo: '..', query: { y: '%2e' } },
      { signNo: 'a%2E.', query: undefined },
    ];
    for (const { signNo, query } of cases) {
      await failure(
        transport.call(PLATFORM_ROUTES.getCard, { signNo }, undefined, {
          ...(query ? { query } : {}),
        }),
      );
      // What `new URL` made of it (the transport's way for every request before).
      const expected = new URL(`${url}/gw/v1.x/v1/cards/${encodeURIComponent(signNo)}`);
      for (const [field, value] of Object.entries(query ?? {}))
        expected.searchParams.append(field, value);
      const req = seen.at(-1)!;
      expect(req.url).toBe(expected.pathname + expected.search);
      const signed = JSON.parse(
        Buffer.from(String(req.headers['x-essc-signature']).split('.')[1]!, 'base64url').toString(),
      ) as { path: string };
      expect(signed.path).toBe(req.url);
    }
  });

  it('no answer in time → TIMEOUT, after the retries', async () => {
    const { url, seen } = await serve(() => undefined);
    const adapter = await adapterFor(url, { retries: 1, timeoutMs: 50 });
    const error = await failure(adapter.getCard({ signNo: SIGN_NO }, {}));
    expect(error.code).toBe('TIMEOUT');
    expect(error.retryable).toBe(true);
    expect(seen.length).toBe(2);
  });

  it('an unreachable port → NETWORK, after the retries', async () => {
    const { url } = await serve(() => undefined);
    const server = servers.pop()!;
    await new Promise((resolve) => server.close(resolve));
    const adapter = await adapterFor(url, { retries: 2 });
    const error = await failure(adapter.getCard({ signNo: SIGN_NO }, {}));
    expect(error.code).toBe('NETWORK');
    expect(error.retryable).toBe(true);
  });

  it('an unsigned 503 is retried (Retry-After honoured up to maxMs), then refused', async () => {
    const { url, seen } = await serve((_, res) => {
      res.writeHead(503, { 'retry-after': '1' });
      res.end('busy');
    });
    const adapter = await adapterFor(url, { retries: 2 });
    const error = await failure(adapter.getCard({ signNo: SIGN_NO }, {}));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.statusCode).toBe(503);
    expect(seen.length).toBe(3);
  });

  it('an unsigned 4xx is not retried by the transport and refused as not the platform’s: an unknown outcome, retryable by the caller', async () => {
    const { url, seen } = await serve((_, res) => {
      res.writeHead(404);
      res.end('{}');
    });
    const adapter = await adapterFor(url, { retries: 2 });
    const error = await failure(adapter.getCard({ signNo: SIGN_NO }, {}));
    expect(error.code).toBe('PLATFORM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(seen.length).toBe(1);
  });

  it('an aborted call stops at once, without retries', async () => {
    const { url, seen } = await serve(() => undefined);
    const adapter = await adapterFor(url, { retries: 2, timeoutMs: 10_000 });
    const controller = new AbortController();
    const call = failure(adapter.getCard({ signNo: SIGN_NO }, { signal: controller.signal }));
    await vi.waitFor(() => expect(seen.length).toBe(1)); // the request reached the server
    controller.abort();
    const error = await call;
    expect(error.code).toBe('NETWORK');
    expect(seen.length).toBe(1);
  });
});
