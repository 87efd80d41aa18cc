import { describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client/client.js';
import { isEsscError } from '../../src/domain/errors.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import type { PlatformAdapter } from '../../src/platform/port.js';
import {
  createRelayAdapter,
  createRelayHandler,
  type RelayErrorEvent,
  type RelayHandlerOptions,
} from '../../src/relay/index.js';
import { headerSession, inProcessTransport, post, RELAY_URL, TEST_USER_HEADER } from './helpers.js';

const zhang = DEMO_PEOPLE[0]!;
const li = DEMO_PEOPLE[2]!;
const PASSWORD = '258046';
const WRONG_PASSWORD = '902468';

/** A demo platform, a relay handler in front of its `wechat` adapter, and a spy on that adapter. */
function relayWorld(options: Partial<RelayHandlerOptions> = {}) {
  const platform = MockPlatform.demo();
  const upstream = platform.adapter('wechat');
  const calls: string[] = [];
  const spied = new Proxy(upstream, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function' || property === 'subscribe') return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as PlatformAdapter;
  const errors: RelayErrorEvent[] = [];
  const handler = createRelayHandler({
    adapter: spied,
    authenticate: headerSession,
    onError: (event) => errors.push(event),
    ...options,
  });
  /** The client of a mini-program signed in as `user` (or signed out). */
  const clientOf = (user: string | undefined, retries = 0) =>
    createClient({
      adapter: createRelayAdapter({
        url: RELAY_URL,
        channelId: 'wechat',
        retries,
        backoff: { baseMs: 1, maxMs: 1 },
        transport: inProcessTransport(handler),
        headers: (): Record<string, string> => (user ? { [TEST_USER_HEADER]: user } : {}),
      }),
    });
  const applyAs = async (user: string, person = zhang) =>
    clientOf(user).apply({
      channelUserId: user,
      name: person.name,
      idNumber: person.idNumber,
      realPerson: platform.realPersonProof(person.idNumber),
      password: PASSWORD,
    });
  return { platform, handler, calls, errors, clientOf, applyAs };
}

async function rejection(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  return expect.unreachable('the call succeeded');
}

describe('the relay handler', () => {
  it('refuses a request without a session with CHANNEL_UNAUTHORIZED (401), reaching nothing', async () => {
    const w = relayWorld();
    const error = await rejection(w.clientOf(undefined).getCard({ signNo: 'SN3F9K2Q7B' }));
    expect(isEsscError(error, 'CHANNEL_UNAUTHORIZED')).toBe(true);
    expect((error as { statusCode?: number }).statusCode).toBe(401);
    const raw = await post(
      w.handler,
      JSON.stringify({ op: 'getCard', input: { signNo: 'SN3F9K2Q7B' } }),
    );
    expect(raw.status).toBe(401);
    expect(raw.json).toMatchObject({ error: { code: 'CHANNEL_UNAUTHORIZED', retryable: false } });
    expect(w.calls).toEqual([]);
  });

  it('lets a mini-program apply only for its own user', async () => {
    const w = relayWorld();
    const mallory = w.clientOf('mallory');
    const error = await rejection(
      mallory.apply({
        channelUserId: 'victim',
        name: zhang.name,
        idNumber: zhang.idNumber,
        realPerson: w.platform.realPersonProof(zhang.idNumber),
        password: PASSWORD,
      }),
    );
    expect(isEsscError(error, 'CHANNEL_UNAUTHORIZED')).toBe(true);
    expect((error as { statusCode?: number }).statusCode).toBe(403);
    expect(w.calls).toEqual([]);
    // Nothing was bound: the person can still apply, as themself.
    const card = await w.applyAs('victim');
    expect(card.status).toBe('active');
  });

  it('applies for the session user when the body names no channelUserId', async () => {
    const w = relayWorld();
    const raw = await post(
      w.handler,
      JSON.stringify({
        op: 'apply',
        idempotencyKey: 'idk_own-user',
        input: {
          name: li.name,
          idNumber: li.idNumber,
          realPerson: w.platform.realPersonProof(li.idNumber),
          password: PASSWORD,
        },
      }),
      { [TEST_USER_HEADER]: 'li-si' },
    );
    expect(raw.status).toBe(200);
    expect(raw.json).toMatchObject({ result: { channelId: 'wechat', status: 'active' } });
  });

  it.each([
    ['not JSON', '{"op":', 400, []],
    ['JSON but not an object', '[1,2,3]', 400, []],
    ['an unknown operation', JSON.stringify({ op: 'deleteEverything', input: {} }), 400, ['op']],
    [
      'an input that is not an object',
      JSON.stringify({ op: 'getCard', input: 'SN3F9K2Q7B' }),
      400,
      ['input'],
    ],
    [
      'a mutating operation without an idempotency key',
      JSON.stringify({ op: 'issueQr', input: { signNo: 'SN3F9K2Q7B' } }),
      400,
      ['idempotencyKey'],
    ],
    [
      'an unknown field',
      JSON.stringify({ op: 'getCard', input: { signNo: 'SN3F9K2Q7B' }, as: 'admin' }),
      400,
      [],
    ],
    [
      '1 MB of JSON',
      JSON.stringify({ op: 'getCard', input: { pad: 'x'.repeat(1024 * 1024) } }),
      413,
      [],
    ],
  ] as const)(
    'refuses %s with VALIDATION_FAILED (%i), and keeps serving',
    async (_what, body, status, path) => {
      const w = relayWorld();
      const raw = await post(w.handler, body, { [TEST_USER_HEADER]: 'zhang' });
      expect(raw.status).toBe(status);
      expect(raw.json).toMatchObject({ error: { code: 'VALIDATION_FAILED', retryable: false } });
      if (path.length > 0) {
        expect(
          (raw.json as { error: { details: { issues: { path: string[] }[] } } }).error.details
            .issues,
        ).toContainEqual(expect.objectContaining({ path }));
      }
      expect(w.calls).toEqual([]);
      // The handler is still there for the next request.
      await expect(w.applyAs('zhang')).resolves.toMatchObject({ status: 'active' });
    },
  );

  it('refuses a 1 MB body it is told about up front, and one that streams without a length', async () => {
    const w = relayWorld();
    const big = new TextEncoder().encode(
      JSON.stringify({ op: 'getCard', input: { pad: 'x'.repeat(1 << 20) } }),
    );
    const declared = await post(w.handler, big, {
      [TEST_USER_HEADER]: 'zhang',
      'content-length': String(big.byteLength),
    });
    expect(declared.status).toBe(413);
    let pulls = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        if (pulls === 64) controller.close();
      },
    });
    const response = await w.handler(
      new Request(RELAY_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TEST_USER_HEADER]: 'zhang' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    // It stopped reading soon after the limit (64 KB), not at the end of the 1 MB stream.
    expect(pulls).toBeLessThan(16);
  });

  it('accepts POST with application/json only (405, 415)', async () => {
    const w = relayWorld();
    const get = await post(w.handler, '', { [TEST_USER_HEADER]: 'zhang' }, 'GET');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const form = await post(w.handler, 'op=getCard', {
      [TEST_USER_HEADER]: 'zhang',
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(415);
    expect(form.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it("validates each operation's input as the client does, before the adapter is called", async () => {
    const w = relayWorld();
    const raw = await post(
      w.handler,
      JSON.stringify({
        op: 'changePassword',
        idempotencyKey: 'idk_weak',
        input: { signNo: 'SN3F9K2Q7B', oldPassword: PASSWORD, newPassword: '123456' },
      }),
      { [TEST_USER_HEADER]: 'zhang' },
    );
    expect(raw.status).toBe(422);
    expect(raw.json).toMatchObject({
      error: { code: 'WEAK_PASSWORD', details: { reason: 'sequence' } },
    });
    expect(w.calls).toEqual([]);
  });

  it('answers errors with code, message, details and request id — no stack, no password', async () => {
    const w = relayWorld();
    const { signNo } = await w.applyAs('zhang');
    const raw = await post(
      w.handler,
      JSON.stringify({
        op: 'changePassword',
        idempotencyKey: 'idk_wrong-password',
        input: { signNo, oldPassword: WRONG_PASSWORD, newPassword: '739164' },
      }),
      { [TEST_USER_HEADER]: 'zhang' },
    );
    expect(raw.status).toBe(401);
    const body = raw.json as { error: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({
      code: 'PASSWORD_INCORRECT',
      details: { attemptsLeft: 4 },
      requestId: raw.headers.get('x-request-id'),
      retryable: false,
    });
    expect(Object.keys(body.error).sort()).toEqual([
      'code',
      'details',
      'message',
      'requestId',
      'retryable',
    ]);
    for (const secret of [WRONG_PASSWORD, '739164', PASSWORD])
      expect(raw.text).not.toContain(secret);
    expect(raw.text).not.toMatch(/stack|\n\s+at /);
    expect(raw.headers.get('cache-control')).toBe('no-store');
  });

  it("replaces an error message that quotes the request's password or proof", async () => {
    const platform = MockPlatform.demo();
    const careless: PlatformAdapter = {
      ...platform.adapter('wechat'),
      changePassword: async (input) => {
        throw Object.assign(new Error(`bad password ${input.oldPassword}`), {
          name: 'EsscError',
          code: 'PASSWORD_INCORRECT',
        });
      },
      unbind: async (input) => {
        const proof = 'realPerson' in input.verification ? input.verification.realPerson : '';
        const { EsscError } = await import('../../src/domain/errors.js');
        throw new EsscError('REAL_PERSON_FAILED', `proof ${proof} was rejected`);
      },
    };
    const handler = createRelayHandler({ adapter: careless, authenticate: headerSession });
    const changed = await post(
      handler,
      JSON.stringify({
        op: 'changePassword',
        idempotencyKey: 'idk_careless-1',
        input: { signNo: 'SN3F9K2Q7B', oldPassword: '２５８０４６', newPassword: '739164' },
      }),
      { [TEST_USER_HEADER]: 'zhang' },
    );
    expect(changed.text).not.toContain('258046');
    expect(changed.text).not.toContain('２５８０４６');
    const proof = 'proof-token-0123456789';
    const unbound = await post(
      handler,
      JSON.stringify({
        op: 'unbind',
        idempotencyKey: 'idk_careless-2',
        input: { signNo: 'SN3F9K2Q7B', verification: { realPerson: proof } },
      }),
      { [TEST_USER_HEADER]: 'zhang' },
    );
    expect(unbound.status).toBe(422);
    expect(unbound.json).toMatchObject({ error: { code: 'REAL_PERSON_FAILED' } });
    expect(unbound.text).not.toContain(proof);
  });

  it('turns an unexpected error into a generic PLATFORM_UNAVAILABLE 500 and tells onError', async () => {
    const platform = MockPlatform.demo();
    const broken: PlatformAdapter = {
      ...platform.adapter('wechat'),
      getCard: async () => {
        throw new TypeError('cannot read properties of undefined (secret internals)');
      },
    };
    const errors: RelayErrorEvent[] = [];
    const handler = createRelayHandler({
      adapter: broken,
      authenticate: headerSession,
      onError: (event) => {
        errors.push(event);
        throw new Error('a logger that fails');
      },
    });
    const raw = await post(
      handler,
      JSON.stringify({ op: 'getCard', input: { signNo: 'SN3F9K2Q7B' } }),
      {
        [TEST_USER_HEADER]: 'zhang',
      },
    );
    expect(raw.status).toBe(500);
    expect(raw.json).toMatchObject({ error: { code: 'PLATFORM_UNAVAILABLE', retryable: true } });
    expect(raw.text).not.toContain('secret internals');
    expect(errors).toEqual([
      expect.objectContaining({
        op: 'getCard',
        code: 'PLATFORM_UNAVAILABLE',
        status: 500,
        error: expect.any(TypeError),
      }),
    ]);
  });

  it('returns the first outcome to a retry after a lost response, and binds once', async () => {
    const w = relayWorld();
    w.platform.failNext('apply', { afterCommit: true });
    const client = w.clientOf('zhang', 2);
    const requests: unknown[] = [];
    client.on('request', (event) => requests.push(event));
    const card = await client.apply({
      channelUserId: 'zhang',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: w.platform.realPersonProof(zhang.idNumber),
      password: PASSWORD,
    });
    expect(card.status).toBe('active');
    // Two attempts reached the platform (the first one's answer was lost), one binding exists.
    expect(w.calls.filter((c) => c === 'apply')).toHaveLength(2);
    expect(requests).toHaveLength(1);
    await expect(w.clientOf('zhang').getCard({ signNo: card.signNo })).resolves.toEqual(card);
    const again = await rejection(w.applyAs('zhang'));
    expect(isEsscError(again, 'ALREADY_BOUND')).toBe(true);
  });

  it("gives no user another user's outcome for the same idempotency key", async () => {
    const w = relayWorld();
    const body = (user: string, person: typeof zhang) =>
      JSON.stringify({
        op: 'apply',
        idempotencyKey: 'idk_shared-key',
        input: {
          channelUserId: user,
          name: person.name,
          idNumber: person.idNumber,
          realPerson: w.platform.realPersonProof(person.idNumber),
          password: PASSWORD,
        },
      });
    const first = await post(w.handler, body('zhang', zhang), { [TEST_USER_HEADER]: 'zhang' });
    expect(first.status).toBe(200);
    const replayed = await post(w.handler, body('mallory', zhang), {
      [TEST_USER_HEADER]: 'mallory',
    });
    expect(replayed.status).toBe(400);
    expect(replayed.text).not.toContain(
      (first.json as { result: { signNo: string } }).result.signNo,
    );
  });

  it('keeps users to their own cards with authorizeCard (NOT_BOUND), before the adapter is called', async () => {
    const owners = new Map<string, string>();
    const w = relayWorld({
      authorizeCard: (user, signNo) => owners.get(signNo) === user.channelUserId,
    });
    const card = await w.applyAs('zhang');
    owners.set(card.signNo, 'zhang');
    await expect(w.clientOf('zhang').getCard({ signNo: card.signNo })).resolves.toEqual(card);
    const before = w.calls.length;
    const error = await rejection(w.clientOf('mallory').issueQr({ signNo: card.signNo }));
    expect(isEsscError(error, 'NOT_BOUND')).toBe(true);
    expect(w.calls.length).toBe(before);
  });

  it('refuses options it cannot work with at creation', () => {
    const adapter = MockPlatform.demo().adapter('wechat');
    expect(() => createRelayHandler({ adapter } as unknown as RelayHandlerOptions)).toThrow(
      /authenticate/,
    );
    expect(() =>
      createRelayHandler({ authenticate: headerSession } as unknown as RelayHandlerOptions),
    ).toThrow(/adapter/);
    expect(() =>
      createRelayHandler({ adapter, authenticate: headerSession, maxBodyBytes: 0 }),
    ).toThrow(/maxBodyBytes/);
  });

  it('sends an error authenticate throws as is, and a crash of it as PLATFORM_UNAVAILABLE', async () => {
    const adapter = MockPlatform.demo().adapter('wechat');
    const { EsscError } = await import('../../src/domain/errors.js');
    const expired = createRelayHandler({
      adapter,
      authenticate: () => {
        throw new EsscError('CHANNEL_UNAUTHORIZED', 'The session expired.');
      },
    });
    const down = createRelayHandler({
      adapter,
      authenticate: vi.fn().mockRejectedValue(new Error('redis down')),
    });
    const body = JSON.stringify({ op: 'getCard', input: { signNo: 'SN3F9K2Q7B' } });
    expect((await post(expired, body)).json).toMatchObject({
      error: { code: 'CHANNEL_UNAUTHORIZED', message: 'The session expired.' },
    });
    const crashed = await post(down, body);
    expect(crashed.status).toBe(500);
    expect(crashed.text).not.toContain('redis');
  });
});
