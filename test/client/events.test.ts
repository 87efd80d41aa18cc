import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client/client.js';
import type { EsscClientEvents } from '../../src/client/events.js';
import type { RequestContext } from '../../src/platform/port.js';
import { PASSWORD } from '../../src/testing/people.js';
import { mockPlatform, SIGN_NO, spyAdapter } from './helpers.js';

type Recorded = {
  [E in keyof EsscClientEvents]: [E, EsscClientEvents[E][0]];
}[keyof EsscClientEvents];

/** Records the named events of a client, in order. */
function record<E extends keyof EsscClientEvents>(
  client: ReturnType<typeof createClient>,
  ...events: E[]
): Recorded[] {
  const seen: Recorded[] = [];
  for (const event of events) {
    client.on(event, ((payload: EsscClientEvents[E][0]) => {
      seen.push([event, payload] as Recorded);
    }) as never);
  }
  return seen;
}

async function errorOf(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.unreachable('the call was accepted'),
    (e: unknown) => e,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('request and response events', () => {
  it('tell each call that reached the adapter: operation, outcome, error code', async () => {
    const { platform, person } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const seen = record(client, 'request', 'response');

    await client.apply(person().application());
    await errorOf(client.getCard({ signNo: SIGN_NO }));

    expect(seen).toEqual([
      ['request', { operation: 'apply', idempotencyKey: expect.any(String) }],
      [
        'response',
        {
          operation: 'apply',
          ok: true,
          durationMs: expect.any(Number),
          idempotencyKey: expect.any(String),
        },
      ],
      ['request', { operation: 'getCard' }],
      [
        'response',
        { operation: 'getCard', ok: false, durationMs: expect.any(Number), errorCode: 'NOT_BOUND' },
      ],
    ]);
    const [request, response] = seen;
    expect((response![1] as { idempotencyKey: string }).idempotencyKey).toBe(
      (request![1] as { idempotencyKey: string }).idempotencyKey,
    );
  });
});

describe('idempotency keys (R20)', () => {
  it('go with every mutating call, a new one per call, and never with getCard', async () => {
    const adapter = spyAdapter();
    const client = createClient({ adapter });
    const verification = { password: PASSWORD };
    await client.apply({
      channelUserId: 'u1',
      name: '张三',
      idNumber: '11010519491231002X',
      realPerson: 'rp',
      password: PASSWORD,
    });
    await client.getCard({ signNo: SIGN_NO });
    await client.unbind({ signNo: SIGN_NO, verification });
    await client.changePassword({ signNo: SIGN_NO, oldPassword: PASSWORD, newPassword: '739164' });
    await client.resetPassword({ signNo: SIGN_NO, realPerson: 'rp', newPassword: '739164' });
    await client.enablePayment({ signNo: SIGN_NO, verification });
    await client.issueQr({ signNo: SIGN_NO });
    await client.scanLogin({ signNo: SIGN_NO, qrText: 'ESSCLOGIN:ABC' });
    await client.confirmLogin({ signNo: SIGN_NO, requestId: 'lr_1', verification });
    await client.rejectLogin({ signNo: SIGN_NO, requestId: 'lr_1' });

    const contextOf = (spy: { mock: { calls: unknown[][] } }) =>
      spy.mock.calls[0]![1] as RequestContext;
    expect(contextOf(adapter.getCard).idempotencyKey).toBeUndefined();
    const mutating = [
      adapter.apply,
      adapter.unbind,
      adapter.changePassword,
      adapter.resetPassword,
      adapter.enablePayment,
      adapter.issueQr,
      adapter.scanLogin,
      adapter.confirmLogin,
      adapter.rejectLogin,
    ];
    const keys = mutating.map((spy) => contextOf(spy).idempotencyKey);
    for (const key of keys) expect(key).toMatch(/\S{16,}/);
    expect(new Set(keys).size).toBe(mutating.length);
  });

  it('is the caller’s own when given, so a retry sends the same one', async () => {
    const adapter = spyAdapter();
    const client = createClient({ adapter });
    const change = { signNo: SIGN_NO, oldPassword: PASSWORD, newPassword: '739164' };
    await client.changePassword(change, { idempotencyKey: 'order-42-change' });
    await client.changePassword(change, { idempotencyKey: 'order-42-change' });
    expect(adapter.changePassword.mock.calls.map(([, ctx]) => ctx.idempotencyKey)).toEqual([
      'order-42-change',
      'order-42-change',
    ]);
  });
});

describe('listeners', () => {
  it('that throw do not turn a successful application into a failure; their error is reported asynchronously', async () => {
    const reported: unknown[] = [];
    const queue = globalThis.queueMicrotask;
    vi.stubGlobal('queueMicrotask', (callback: () => void) =>
      queue(() => {
        try {
          callback();
        } catch (error) {
          reported.push(error);
        }
      }),
    );
    const { platform, person } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    client.on('card:applied', () => {
      throw new Error('bug in card:applied listener');
    });
    client.on('response', () => {
      throw new Error('bug in response listener');
    });

    const card = await client.apply(person().application());

    expect(card.status).toBe('active');
    client.removeAllListeners();
    expect(await client.getCard({ signNo: card.signNo })).toEqual(card);
    await vi.waitFor(() => {
      expect(reported.map((e) => (e as Error).message)).toEqual(
        expect.arrayContaining(['bug in card:applied listener', 'bug in response listener']),
      );
    });
  });
});

describe('card events', () => {
  it("'known-cards' passes only the cards this client has seen; 'all' passes the whole channel's", async () => {
    const { platform, person } = mockPlatform();
    const zhang = person('张三');
    const li = person('李四');
    const app = createClient({ adapter: platform.adapter('wechat') });
    const backend = createClient({ adapter: platform.adapter('wechat'), cardEvents: 'all' });
    const fromApp = record(app, 'card:status', 'notification');
    const fromBackend = record(backend, 'card:status', 'notification');
    const zhangCard = await app.apply(zhang.application());
    const liCard = await backend.apply(li.application());

    platform.setCardStatus(li.cardNo, 'lost');
    platform.setCardStatus(zhang.cardNo, 'sealed');
    await vi.waitFor(() => {
      expect(fromApp.filter(([event]) => event === 'notification')).toHaveLength(2);
      expect(fromBackend.filter(([event]) => event === 'notification')).toHaveLength(2);
    });

    const statuses = (seen: Recorded[]) =>
      seen.filter(([event]) => event === 'card:status').map(([, e]) => e);
    expect(statuses(fromApp)).toEqual([
      { signNo: zhangCard.signNo, status: 'sealed', replaced: false },
    ]);
    expect(statuses(fromBackend)).toEqual([
      { signNo: liCard.signNo, status: 'lost', replaced: false },
      { signNo: zhangCard.signNo, status: 'sealed', replaced: false },
    ]);
  });

  it('tell this channel and the others what happened to the shared password (R10, R11)', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    const wechat = createClient({ adapter: platform.adapter('wechat') });
    const alipay = createClient({ adapter: platform.adapter('alipay') });
    const inWechat = record(wechat, 'password:locked', 'password:changed');
    const inAlipay = record(alipay, 'password:locked', 'password:changed');
    const { signNo } = await wechat.apply(zhang.application());
    await alipay.apply(zhang.application());

    for (let attempt = 0; attempt < 5; attempt++) {
      await errorOf(
        wechat.changePassword({ signNo, oldPassword: '902468', newPassword: '739164' }),
      );
    }
    await alipay.resetPassword({
      signNo,
      realPerson: platform.realPersonProof(zhang.idNumber),
      newPassword: '739164',
    });

    await vi.waitFor(() => {
      expect(inWechat).toEqual([
        ['password:locked', { signNo }],
        ['password:changed', { signNo, via: 'reset', origin: 'other-channel' }],
      ]);
      expect(inAlipay).toEqual([
        ['password:locked', { signNo }],
        ['password:changed', { signNo, via: 'reset', origin: 'this-channel' }],
      ]);
    });
  });

  it('tell an application and an unbinding in this channel', async () => {
    const { platform, person } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const seen = record(client, 'card:applied', 'card:unbound');
    const card = await client.apply(person().application());
    await client.unbind({ signNo: card.signNo, verification: { password: PASSWORD } });
    expect(seen).toEqual([
      ['card:applied', { card }],
      ['card:unbound', { signNo: card.signNo, channelId: 'wechat' }],
    ]);
  });

  it('stop when the client is closed', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const watcher = createClient({ adapter: platform.adapter('wechat'), cardEvents: 'all' });
    const seen = record(client, 'notification');
    const watched = record(watcher, 'notification');
    await client.apply(zhang.application());
    client.close();
    platform.setCardStatus(zhang.cardNo, 'lost');
    await vi.waitFor(() => expect(watched).toHaveLength(1));
    expect(seen).toEqual([]);
  });
});
