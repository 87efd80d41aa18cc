import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client/client.js';
import { EsscError, isEsscError } from '../../src/domain/errors.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import {
  createFetchTransport,
  createRelayAdapter,
  createRelayHandler,
  type RelayRequest,
  type RelayResponse,
  type RelayTransport,
  toNodeListener,
} from '../../src/relay/index.js';
import { headerSession, RELAY_URL, TEST_USER_HEADER } from './helpers.js';

const SIGN_NO = 'SN3F9K2Q7B';
const CARD = {
  signNo: SIGN_NO,
  channelId: 'wechat',
  name: '张*',
  idNumber: '440106********1237',
  cardNo: 'A1****678',
  regionCode: '440100',
  status: 'active',
  level: 1,
  boundAt: '2026-01-01T00:00:00.000Z',
};

const json = (
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): RelayResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** A transport that answers from a script, one entry per attempt, and records the requests. */
function scripted(...answers: (RelayResponse | Error | 'hang')[]) {
  const requests: RelayRequest[] = [];
  const transport: RelayTransport = async (request) => {
    requests.push(request);
    const next = answers.shift();
    if (next === undefined) throw new Error('the script has no more answers');
    if (next === 'hang') return new Promise<never>(() => {});
    if (next instanceof Error) throw next;
    return next;
  };
  return { transport, requests };
}

const fast = { backoff: { baseMs: 1, maxMs: 1 } };

async function rejection(call: Promise<unknown>): Promise<EsscError> {
  try {
    await call;
  } catch (error) {
    if (isEsscError(error)) return error;
    throw error;
  }
  return expect.unreachable('the call succeeded');
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the relay adapter', () => {
  it('sends one JSON POST per call and returns the result', async () => {
    const { transport, requests } = scripted(json(200, { result: CARD }));
    const adapter = createRelayAdapter({
      url: RELAY_URL,
      transport,
      headers: () => ({ authorization: 'Bearer session-1' }),
    });
    await expect(adapter.getCard({ signNo: SIGN_NO }, {})).resolves.toEqual(CARD);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({
      url: RELAY_URL,
      method: 'POST',
      headers: { authorization: 'Bearer session-1', 'content-type': 'application/json' },
      timeoutMs: 10_000,
    });
    // A read carries no idempotency key; there is nothing to apply twice.
    expect(JSON.parse(requests[0]!.body)).toEqual({ op: 'getCard', input: { signNo: SIGN_NO } });
  });

  it('gives back the relay error with its code, details, request id and status', async () => {
    const { transport } = scripted(
      json(401, {
        error: {
          code: 'PASSWORD_INCORRECT',
          message: 'The e-card password is wrong.',
          details: { attemptsLeft: 3 },
          requestId: 'rq_1',
          retryable: false,
        },
      }),
    );
    const adapter = createRelayAdapter({ url: RELAY_URL, transport });
    const error = await rejection(
      adapter.unbind(
        { signNo: SIGN_NO, verification: { password: '902468' } },
        { idempotencyKey: 'k1' },
      ),
    );
    expect(error).toMatchObject({
      code: 'PASSWORD_INCORRECT',
      details: { attemptsLeft: 3 },
      requestId: 'rq_1',
      statusCode: 401,
      retryable: false,
    });
  });

  it('retries retryable failures with the same idempotency key, and fresh headers', async () => {
    const { transport, requests } = scripted(
      new EsscError('NETWORK', 'offline'),
      json(503, {
        error: {
          code: 'PLATFORM_UNAVAILABLE',
          message: 'busy',
          requestId: 'rq_2',
          retryable: true,
        },
      }),
      json(200, { result: null }),
    );
    let token = 0;
    const adapter = createRelayAdapter({
      url: RELAY_URL,
      transport,
      retries: 2,
      ...fast,
      headers: () => ({ authorization: `Bearer ${++token}` }),
    });
    await adapter.rejectLogin(
      { signNo: SIGN_NO, requestId: 'lr_1' },
      { idempotencyKey: 'idk_same' },
    );
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect(JSON.parse(requests[0]!.body)).toMatchObject({ idempotencyKey: 'idk_same' });
    expect(requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer 1',
      'Bearer 2',
      'Bearer 3',
    ]);
  });

  it('makes an idempotency key for a mutating call that has none, and keeps it across attempts', async () => {
    const { transport, requests } = scripted(
      new Error('socket hang up'),
      json(200, { result: null }),
    );
    const adapter = createRelayAdapter({ url: RELAY_URL, transport, ...fast });
    await adapter.confirmLogin(
      { signNo: SIGN_NO, requestId: 'lr_1', verification: { password: '258046' } },
      {},
    );
    const keys = requests.map(
      (r) => (JSON.parse(r.body) as { idempotencyKey?: string }).idempotencyKey,
    );
    expect(keys[0]).toMatch(/^idk_/);
    expect(keys[1]).toBe(keys[0]);
  });

  it('does not retry a failure that is not retryable', async () => {
    const { transport, requests } = scripted(
      json(409, {
        error: {
          code: 'CARD_INACTIVE',
          message: 'sealed',
          details: { status: 'sealed' },
          requestId: 'rq',
        },
      }),
    );
    const adapter = createRelayAdapter({ url: RELAY_URL, transport, retries: 3, ...fast });
    const error = await rejection(
      adapter.issueQr({ signNo: SIGN_NO, purpose: 'identity' }, { idempotencyKey: 'k' }),
    );
    expect(error).toMatchObject({ code: 'CARD_INACTIVE', details: { status: 'sealed' } });
    expect(requests).toHaveLength(1);
  });

  it('reads an answer that is not the relay’s as PLATFORM_UNAVAILABLE, retryable when it is a 5xx', async () => {
    const gateway: RelayResponse = {
      status: 502,
      headers: { 'content-type': 'text/html' },
      body: '<html>Bad Gateway</html>',
    };
    const { transport, requests } = scripted(gateway, gateway);
    const adapter = createRelayAdapter({ url: RELAY_URL, transport, retries: 1, ...fast });
    const error = await rejection(adapter.getCard({ signNo: SIGN_NO }, {}));
    expect(error).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', statusCode: 502, retryable: true });
    expect(requests).toHaveLength(2);

    const portal = scripted({ status: 200, headers: {}, body: '<html>Wi-Fi login</html>' });
    const captive = createRelayAdapter({
      url: RELAY_URL,
      transport: portal.transport,
      retries: 3,
      ...fast,
    });
    const refused = await rejection(captive.getCard({ signNo: SIGN_NO }, {}));
    expect(refused).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: false });
    expect(portal.requests).toHaveLength(1);
  });

  it('maps a transport that throws something else to NETWORK', async () => {
    const { transport } = scripted(new TypeError('fetch failed'));
    const adapter = createRelayAdapter({ url: RELAY_URL, transport, retries: 0 });
    const error = await rejection(adapter.getCard({ signNo: SIGN_NO }, {}));
    expect(error).toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it('times an attempt out after timeoutMs (TIMEOUT), aborting the transport, then retries', async () => {
    vi.useFakeTimers();
    const { transport, requests } = scripted('hang', json(200, { result: CARD }));
    const adapter = createRelayAdapter({
      url: RELAY_URL,
      transport,
      timeoutMs: 1_000,
      retries: 1,
      ...fast,
    });
    const call = adapter.getCard({ signNo: SIGN_NO }, {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(requests[0]!.signal?.aborted).toBe(true);
    expect(requests[0]!.signal?.reason).toMatchObject({ code: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(10);
    await expect(call).resolves.toEqual(CARD);
    expect(requests).toHaveLength(2);
  });

  it('gives up with TIMEOUT when every attempt times out', async () => {
    vi.useFakeTimers();
    const { transport } = scripted('hang');
    const adapter = createRelayAdapter({ url: RELAY_URL, transport, timeoutMs: 500, retries: 0 });
    const call = rejection(adapter.getCard({ signNo: SIGN_NO }, {}));
    await vi.advanceTimersByTimeAsync(500);
    expect(await call).toMatchObject({ code: 'TIMEOUT', retryable: true });
  });

  it("stops at the caller's abort, without retrying", async () => {
    const { transport, requests } = scripted('hang', json(200, { result: null }));
    const adapter = createRelayAdapter({ url: RELAY_URL, transport, retries: 3, ...fast });
    const controller = new AbortController();
    const call = rejection(
      adapter.rejectLogin(
        { signNo: SIGN_NO, requestId: 'lr_1' },
        { idempotencyKey: 'k', signal: controller.signal },
      ),
    );
    await vi.waitFor(() => expect(requests).toHaveLength(1));
    controller.abort();
    const error = await call;
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/aborted/);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.signal?.aborted).toBe(true);
  });

  it('turns a failing headers() into CHANNEL_UNAUTHORIZED and sends nothing', async () => {
    const { transport, requests } = scripted(json(200, { result: CARD }));
    const adapter = createRelayAdapter({
      url: RELAY_URL,
      transport,
      headers: () => {
        throw new Error('no session');
      },
    });
    const error = await rejection(adapter.getCard({ signNo: SIGN_NO }, {}));
    expect(error.code).toBe('CHANNEL_UNAUTHORIZED');
    expect(requests).toHaveLength(0);
  });

  it('refuses a URL that is not https (loopback http is fine) and bad numbers, at creation', () => {
    const { transport } = scripted();
    const make = (options: object) => () =>
      createRelayAdapter({ url: RELAY_URL, transport, ...options });
    expect(make({ url: 'http://api.example.cn/essc' })).toThrow(/https/);
    expect(make({ url: 'api.example.cn/essc' })).toThrow(/https/);
    expect(make({ url: 'http://127.0.0.1:8787/essc' })).not.toThrow();
    expect(make({ url: 'http://localhost/essc' })).not.toThrow();
    expect(make({ url: 'http://192.168.1.20:8787/essc', allowHttp: true })).not.toThrow();
    expect(make({ timeoutMs: 0 })).toThrow(/timeoutMs/);
    expect(make({ retries: -1 })).toThrow(/retries/);
  });

  it('needs a transport where there is no fetch (UNSUPPORTED_RUNTIME)', () => {
    vi.stubGlobal('fetch', undefined);
    let thrown: unknown;
    try {
      createRelayAdapter({ url: RELAY_URL });
    } catch (error) {
      thrown = error;
    }
    expect(isEsscError(thrown, 'UNSUPPORTED_RUNTIME')).toBe(true);
    expect((thrown as Error).message).toMatch(/essc-sdk\/miniprogram/);
  });
});

describe('the relay over real HTTP: toNodeListener and the fetch transport', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function serve(listener: Parameters<typeof createServer>[1]): Promise<string> {
    server = createServer(listener);
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/essc`;
  }

  it('runs a mini-program journey through node:http on loopback', async () => {
    const platform = MockPlatform.demo();
    const relay = createRelayHandler({
      adapter: platform.adapter('wechat'),
      authenticate: headerSession,
    });
    const url = await serve(toNodeListener(relay));
    const client = createClient({
      adapter: createRelayAdapter({
        url,
        channelId: 'wechat',
        transport: createFetchTransport(),
        headers: () => ({ [TEST_USER_HEADER]: 'zhang' }),
      }),
    });
    const zhang = DEMO_PEOPLE[0]!;
    const card = await client.apply({
      channelUserId: 'zhang',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: platform.realPersonProof(zhang.idNumber),
      password: '258046',
    });
    expect(card).toMatchObject({ channelId: 'wechat', status: 'active' });
    const qr = await client.issueQr({ signNo: card.signNo });
    expect(qr.purpose).toBe('identity');
    const error = await rejection(
      client.changePassword({ signNo: card.signNo, oldPassword: '902468', newPassword: '739164' }),
    );
    expect(error).toMatchObject({
      code: 'PASSWORD_INCORRECT',
      details: { attemptsLeft: 4 },
      statusCode: 401,
    });
  });

  it('refuses a large body with 413 and still answers on the same server', async () => {
    const relay = createRelayHandler({
      adapter: MockPlatform.demo().adapter('wechat'),
      authenticate: headerSession,
      maxBodyBytes: 1024,
    });
    const url = await serve(toNodeListener(relay));
    const big = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [TEST_USER_HEADER]: 'zhang' },
      body: JSON.stringify({ op: 'getCard', input: { pad: 'x'.repeat(200_000) } }),
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const small = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'getCard', input: { signNo: SIGN_NO } }),
    });
    expect(small.status).toBe(401);
  });

  it('maps a relay that cannot be reached to NETWORK, and one that stalls to TIMEOUT', async () => {
    const unreachable = createFetchTransport();
    const closed = await serve((_req, res) => res.end());
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    await expect(
      unreachable({ url: closed, method: 'POST', headers: {}, body: '{}', timeoutMs: 5_000 }),
    ).rejects.toMatchObject({ code: 'NETWORK' });

    const stalled = await serve(() => {
      // Never answers.
    });
    await expect(
      createFetchTransport()({
        url: stalled,
        method: 'POST',
        headers: {},
        body: '{}',
        timeoutMs: 200,
      }),
    ).rejects.toMatchObject({ code: 'TIMEOUT' });
    // `serve` set it again; TypeScript's narrowing does not see through the call.
    (server as Server | undefined)?.closeAllConnections();
  });
});
