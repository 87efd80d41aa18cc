import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client/client.js';
import { EsscError, isEsscError } from '../../src/domain/errors.js';
import {
  createMyTransport,
  createRelayAdapter,
  createWxTransport,
  detectMiniProgramTransport,
  type MyLike,
  type MyRequestOptions,
  type RelayRequest,
  type WxLike,
  type WxRequestOptions,
} from '../../src/miniprogram/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { createRelayHandler, type RelayHandler } from '../../src/relay/index.js';
import { headerSession, RELAY_URL, TEST_USER_HEADER } from '../relay/helpers.js';

const BODY = JSON.stringify({ op: 'getCard', input: { signNo: 'SN3F9K2Q7B' } });

function relayRequest(overrides: Partial<RelayRequest> = {}): RelayRequest {
  return {
    url: RELAY_URL,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer s1' },
    body: BODY,
    timeoutMs: 5_000,
    ...overrides,
  };
}

interface FakeTask {
  abort: ReturnType<typeof vi.fn>;
}

/** A fake `wx` (or `my`) that records each call and lets the test decide what happens. */
function fake<O>(behave: (options: O) => void) {
  const calls: O[] = [];
  const tasks: FakeTask[] = [];
  const api = {
    request(options: O) {
      calls.push(options);
      const task = { abort: vi.fn() };
      tasks.push(task);
      // The runtimes call back asynchronously, after request() has returned its task.
      queueMicrotask(() => behave(options));
      return task;
    },
  };
  return { api, calls, tasks };
}

const never = () => {};

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

describe('createWxTransport (wx.request)', () => {
  it('sends the body as text and asks for text back', async () => {
    const wx = fake<WxRequestOptions>((o) =>
      o.success({ statusCode: 200, header: {}, data: '{"result":null}' }),
    );
    await createWxTransport(wx.api)(relayRequest());
    expect(wx.calls).toHaveLength(1);
    expect(wx.calls[0]).toMatchObject({
      url: RELAY_URL,
      method: 'POST',
      header: { 'content-type': 'application/json', authorization: 'Bearer s1' },
      data: BODY,
      timeout: 5_000,
      dataType: 'text',
      responseType: 'text',
    });
  });

  it('maps statusCode and header to status and lower-case headers, for every status', async () => {
    const wx = fake<WxRequestOptions>((o) =>
      o.success({
        statusCode: 401,
        header: {
          'Content-Type': 'application/json',
          'X-Request-Id': 'rq_9',
          'Set-Cookie': ['a=1', 'b=2'],
        },
        data: '{"error":{"code":"CHANNEL_UNAUTHORIZED"}}',
      }),
    );
    await expect(createWxTransport(wx.api)(relayRequest())).resolves.toEqual({
      status: 401,
      headers: {
        'content-type': 'application/json',
        'x-request-id': 'rq_9',
        'set-cookie': 'a=1, b=2',
      },
      body: '{"error":{"code":"CHANNEL_UNAUTHORIZED"}}',
    });
  });

  it('serialises a body the runtime parsed anyway', async () => {
    const wx = fake<WxRequestOptions>((o) =>
      o.success({ statusCode: 200, data: { result: null } }),
    );
    await expect(createWxTransport(wx.api)(relayRequest())).resolves.toMatchObject({
      body: '{"result":null}',
    });
  });

  it('aborts the request task when the signal aborts', async () => {
    const wx = fake<WxRequestOptions>(never);
    const controller = new AbortController();
    const sent = rejection(createWxTransport(wx.api)(relayRequest({ signal: controller.signal })));
    controller.abort();
    const error = await sent;
    expect(error.code).toBe('NETWORK');
    expect(error.message).toMatch(/aborted/);
    expect(wx.tasks[0]!.abort).toHaveBeenCalledTimes(1);
  });

  it('rejects with the reason the adapter aborted with', async () => {
    const wx = fake<WxRequestOptions>(never);
    const controller = new AbortController();
    const sent = rejection(createWxTransport(wx.api)(relayRequest({ signal: controller.signal })));
    controller.abort(new EsscError('TIMEOUT', 'the adapter gave up'));
    expect(await sent).toMatchObject({ code: 'TIMEOUT', message: 'the adapter gave up' });
  });

  it('does not send when the signal is already aborted', async () => {
    const wx = fake<WxRequestOptions>(never);
    const controller = new AbortController();
    controller.abort();
    await rejection(createWxTransport(wx.api)(relayRequest({ signal: controller.signal })));
    expect(wx.calls).toHaveLength(0);
  });

  it('times out on its own timer too (TIMEOUT), aborting the task, and ignores late callbacks', async () => {
    vi.useFakeTimers();
    const wx = fake<WxRequestOptions>(never);
    const sent = rejection(createWxTransport(wx.api)(relayRequest({ timeoutMs: 3_000 })));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await sent).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(wx.tasks[0]!.abort).toHaveBeenCalledTimes(1);
    // WeChat then reports the abort; the outcome is already decided.
    expect(() => wx.calls[0]!.fail({ errMsg: 'request:fail abort' })).not.toThrow();
    expect(() => wx.calls[0]!.success({ statusCode: 200, data: '' })).not.toThrow();
  });

  it.each([
    ['request:fail timeout', 'TIMEOUT', true],
    ['request:fail url not in domain list', 'NETWORK', false],
    ['request:fail -101:net::ERR_CONNECTION_RESET', 'NETWORK', true],
    [undefined, 'NETWORK', true],
  ] as const)('maps fail "%s" to %s (retryable %s)', async (errMsg, code, retryable) => {
    const wx = fake<WxRequestOptions>((o) => o.fail(errMsg === undefined ? {} : { errMsg }));
    const error = await rejection(createWxTransport(wx.api)(relayRequest()));
    expect(error).toMatchObject({ code, retryable });
  });

  it('maps a request() that throws to NETWORK', async () => {
    const api: WxLike = {
      request() {
        throw new Error('bad options');
      },
    };
    expect(await rejection(createWxTransport(api)(relayRequest()))).toMatchObject({
      code: 'NETWORK',
    });
  });

  it('needs wx (UNSUPPORTED_RUNTIME outside WeChat)', () => {
    expect(() => createWxTransport()).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_RUNTIME' }),
    );
  });
});

describe('createMyTransport (my.request)', () => {
  it('sends the body as text with Alipay’s option names', async () => {
    const my = fake<MyRequestOptions>((o) =>
      o.success({ status: 200, headers: {}, data: '{"result":null}' }),
    );
    await createMyTransport(my.api)(relayRequest());
    expect(my.calls[0]).toMatchObject({
      url: RELAY_URL,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s1' },
      data: BODY,
      timeout: 5_000,
      dataType: 'text',
    });
    expect(my.calls[0]).not.toHaveProperty('header');
  });

  it('maps status and headers', async () => {
    const my = fake<MyRequestOptions>((o) =>
      o.success({ status: 200, headers: { 'X-Request-Id': 'rq_3' }, data: '{"result":null}' }),
    );
    await expect(createMyTransport(my.api)(relayRequest())).resolves.toEqual({
      status: 200,
      headers: { 'x-request-id': 'rq_3' },
      body: '{"result":null}',
    });
  });

  it('resolves an HTTP error status that Alipay reports through fail (error 19) with the answer', async () => {
    const my = fake<MyRequestOptions>((o) =>
      o.fail({
        error: 19,
        errorMessage: 'http status error',
        status: 423,
        headers: { 'Content-Type': 'application/json' },
        data: '{"error":{"code":"PASSWORD_LOCKED"}}',
      }),
    );
    await expect(createMyTransport(my.api)(relayRequest())).resolves.toMatchObject({
      status: 423,
      body: '{"error":{"code":"PASSWORD_LOCKED"}}',
    });
  });

  it.each([
    [{ error: 13, errorMessage: '网络超时' }, 'TIMEOUT', true],
    [{ error: 11, errorMessage: '无权跨域' }, 'NETWORK', false],
    [{ error: 12, errorMessage: '网络出错' }, 'NETWORK', true],
    [{ error: 19, errorMessage: 'http status error' }, 'PLATFORM_UNAVAILABLE', false],
  ] as const)('maps fail %j to %s (retryable %s)', async (failure, code, retryable) => {
    const my = fake<MyRequestOptions>((o) => o.fail(failure));
    expect(await rejection(createMyTransport(my.api)(relayRequest()))).toMatchObject({
      code,
      retryable,
    });
  });

  it('aborts the request task when the signal aborts', async () => {
    const my = fake<MyRequestOptions>(never);
    const controller = new AbortController();
    const sent = rejection(createMyTransport(my.api)(relayRequest({ signal: controller.signal })));
    controller.abort();
    expect((await sent).code).toBe('NETWORK');
    expect(my.tasks[0]!.abort).toHaveBeenCalledTimes(1);
  });

  it('times out (TIMEOUT) and aborts the task', async () => {
    vi.useFakeTimers();
    const my = fake<MyRequestOptions>(never);
    const sent = rejection(createMyTransport(my.api)(relayRequest({ timeoutMs: 2_000 })));
    await vi.advanceTimersByTimeAsync(2_000);
    expect((await sent).code).toBe('TIMEOUT');
    expect(my.tasks[0]!.abort).toHaveBeenCalledTimes(1);
  });

  it('needs my (UNSUPPORTED_RUNTIME outside Alipay)', () => {
    expect(() => createMyTransport()).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_RUNTIME' }),
    );
  });
});

describe('detectMiniProgramTransport', () => {
  const ok = <O extends { success: (r: never) => void }>() =>
    fake<O>((o) =>
      (o.success as (r: unknown) => void)({
        status: 200,
        statusCode: 200,
        data: '{"result":null}',
      }),
    );

  it('picks wx.request in WeChat', async () => {
    const wx = ok<WxRequestOptions>();
    vi.stubGlobal('wx', wx.api);
    await detectMiniProgramTransport()(relayRequest());
    expect(wx.calls).toHaveLength(1);
  });

  it('picks my.request in Alipay', async () => {
    const my = ok<MyRequestOptions>();
    vi.stubGlobal('my', my.api);
    await detectMiniProgramTransport()(relayRequest());
    expect(my.calls).toHaveLength(1);
  });

  it('throws UNSUPPORTED_RUNTIME elsewhere', () => {
    expect(() => detectMiniProgramTransport()).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_RUNTIME' }),
    );
  });
});

describe("essc-sdk/miniprogram's createRelayAdapter", () => {
  it('needs a transport, even where there is a fetch, and says which to pass', () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    let thrown: unknown;
    try {
      createRelayAdapter({ url: RELAY_URL } as Parameters<typeof createRelayAdapter>[0]);
    } catch (error) {
      thrown = error;
    }
    expect(isEsscError(thrown, 'VALIDATION_FAILED')).toBe(true);
    expect(isEsscError(thrown, 'VALIDATION_FAILED') && thrown.details.issues).toEqual([
      { path: ['transport'], message: 'required' },
    ]);
    expect((thrown as Error).message).toMatch(/createWxTransport\(\).*essc-sdk\/relay/);
    expect(fetch).not.toHaveBeenCalled();
  });
});

/** A `wx` whose request() is served by the relay handler, as WeChat would over the network. */
function wxServedBy(handler: RelayHandler, loseAnswers = 0): WxLike & { calls: number } {
  const api = {
    calls: 0,
    request(options: WxRequestOptions) {
      api.calls++;
      const lose = api.calls <= loseAnswers;
      void (async () => {
        const response = await handler(
          new Request(options.url, {
            method: options.method,
            headers: options.header,
            body: options.data,
          }),
        );
        const header: Record<string, string> = {};
        // WeChat hands headers over in the server's case.
        response.headers.forEach((value, name) => {
          header[name.replace(/(^|-)[a-z]/g, (s) => s.toUpperCase())] = value;
        });
        const data = await response.text();
        if (lose) options.fail({ errMsg: 'request:fail timeout' });
        else options.success({ statusCode: response.status, header, data });
      })();
      return { abort: () => {} };
    },
  };
  return api;
}

/** A `my` served by the relay handler, reporting non-2xx through fail (error 19), as Alipay does. */
function myServedBy(handler: RelayHandler): MyLike {
  return {
    request(options) {
      void (async () => {
        const response = await handler(
          new Request(options.url, {
            method: options.method,
            headers: options.headers,
            body: options.data,
          }),
        );
        const headers = Object.fromEntries(response.headers);
        const data = await response.text();
        if (response.ok) options.success({ status: response.status, headers, data });
        else
          options.fail({
            error: 19,
            errorMessage: 'http status error',
            status: response.status,
            headers,
            data,
          });
      })();
      return { abort: () => {} };
    },
  };
}

describe('a mini-program client over wx.request / my.request → relay handler → platform', () => {
  const zhang = DEMO_PEOPLE[0]!;

  function backend() {
    const platform = MockPlatform.demo();
    const handler = createRelayHandler({
      adapter: platform.adapter('wechat'),
      authenticate: headerSession,
    });
    return { platform, handler };
  }

  const session = (user: string | undefined) => (): Record<string, string> =>
    user ? { [TEST_USER_HEADER]: user } : {};

  it('applies, reads the card, issues a QR code and reports a wrong password over wx.request', async () => {
    const { platform, handler } = backend();
    const client = createClient({
      adapter: createRelayAdapter({
        url: RELAY_URL,
        channelId: 'wechat',
        transport: createWxTransport(wxServedBy(handler)),
        headers: session('zhang'),
      }),
    });
    const card = await client.apply({
      channelUserId: 'zhang',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: platform.realPersonProof(zhang.idNumber),
      password: '258046',
    });
    await expect(client.getCard({ signNo: card.signNo })).resolves.toEqual(card);
    await expect(client.issueQr({ signNo: card.signNo })).resolves.toMatchObject({
      purpose: 'identity',
    });
    const error = await rejection(
      client.changePassword({ signNo: card.signNo, oldPassword: '902468', newPassword: '739164' }),
    );
    expect(error).toMatchObject({ code: 'PASSWORD_INCORRECT', details: { attemptsLeft: 4 } });
  });

  it('retries over wx.request after a lost answer and gets the first outcome', async () => {
    const { platform, handler } = backend();
    const wx = wxServedBy(handler, 1);
    const client = createClient({
      adapter: createRelayAdapter({
        url: RELAY_URL,
        transport: createWxTransport(wx),
        headers: session('zhang'),
        backoff: { baseMs: 1, maxMs: 1 },
      }),
    });
    const card = await client.apply({
      channelUserId: 'zhang',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: platform.realPersonProof(zhang.idNumber),
      password: '258046',
    });
    expect(wx.calls).toBe(2);
    expect(card.status).toBe('active');
  });

  it('keeps the relay’s error codes over my.request, whose fail carries HTTP errors', async () => {
    const { platform, handler } = backend();
    const signedOut = createClient({
      adapter: createRelayAdapter({
        url: RELAY_URL,
        transport: createMyTransport(myServedBy(handler)),
      }),
    });
    expect(await rejection(signedOut.getCard({ signNo: 'SN3F9K2Q7B' }))).toMatchObject({
      code: 'CHANNEL_UNAUTHORIZED',
      statusCode: 401,
    });
    const client = createClient({
      adapter: createRelayAdapter({
        url: RELAY_URL,
        transport: createMyTransport(myServedBy(handler)),
        headers: session('zhang'),
      }),
    });
    const card = await client.apply({
      channelUserId: 'zhang',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: platform.realPersonProof(zhang.idNumber),
      password: '258046',
    });
    expect(
      await rejection(
        client.apply({
          channelUserId: 'zhang',
          name: zhang.name,
          idNumber: zhang.idNumber,
          realPerson: platform.realPersonProof(zhang.idNumber),
          password: '258046',
        }),
      ),
    ).toMatchObject({ code: 'ALREADY_BOUND', details: { signNo: card.signNo } });
  });
});

describe('in a runtime without fetch, AbortController, WebCrypto or URL', () => {
  it('a client on the relay adapter and the detected wx transport still works', async () => {
    for (const name of [
      'fetch',
      'AbortController',
      'crypto',
      'URL',
      'Request',
      'Response',
      'Headers',
    ]) {
      vi.stubGlobal(name, undefined);
    }
    const card = {
      signNo: 'SN3F9K2Q7B',
      channelId: 'wechat',
      name: '张*',
      idNumber: '440106********1237',
      cardNo: 'A1****678',
      regionCode: '440100',
      status: 'active',
      level: 1,
      boundAt: '2026-01-01T00:00:00.000Z',
    };
    const wx = fake<WxRequestOptions>((o) =>
      o.success({
        statusCode: 200,
        header: { 'Content-Type': 'application/json' },
        data: JSON.stringify({ result: card }),
      }),
    );
    vi.stubGlobal('wx', wx.api);
    const client = createClient({
      adapter: createRelayAdapter({
        url: RELAY_URL,
        channelId: 'wechat',
        transport: detectMiniProgramTransport(),
      }),
    });
    await expect(client.getCard({ signNo: card.signNo })).resolves.toEqual(card);
    await expect(
      client.enablePayment({ signNo: card.signNo, verification: { password: '258046' } }),
    ).resolves.toEqual(card);
    // The idempotency key was made without crypto.getRandomValues.
    expect(JSON.parse(wx.calls[1]!.data)).toMatchObject({
      op: 'enablePayment',
      idempotencyKey: expect.stringMatching(/^idk_/),
    });
  });
});
