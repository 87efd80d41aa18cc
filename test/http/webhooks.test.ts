/**
 * Signed webhook deliveries (R13, R19): the sandbox POSTs each notification to the channel's
 * webhook URL as a platform-signed JWS and retries under the same id; the channel's backend
 * verifies it with `verifyNotification` and feeds it to its client with `client.receive`.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  generateSigningKeyPair,
} from '../../src/crypto/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { verifyNotification } from '../../src/http/index.js';
import {
  createClient,
  type EsscClient,
  type EsscError,
  type PlatformNotification,
} from '../../src/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import type { WebhookAttempt } from '../../src/sandbox/index.js';
import { createMemoryNonceStore } from '../../src/stores/nonce-store.js';
import { NOTIFICATION_TYP, WIRE_HEADERS, WIRE_PROTOCOL_VERSION } from '../../src/wire/protocol.js';
import { signNotification, signResponse } from '../../src/wire/signatures.js';
import { LI, type SandboxWorld, sandboxWorld, ZHANG } from '../sandbox/helpers.js';

// ─── a channel backend's webhook endpoint, on node:http ─────────────────────────────────────

interface Delivery {
  headers: Headers;
  body: string;
  /** A fresh fetch `Request` of this delivery (a body is read once). */
  request(): Request;
  /** The claims, decoded without verifying (to look at them). */
  claims(): PlatformNotification & { iat: number; iss: string };
}

type Answer = number | 'hang';

interface Receiver {
  url: string;
  deliveries: Delivery[];
  /** Answers held open (`'hang'`). */
  hanging: ServerResponse[];
  close(): Promise<void>;
}

const SKIPPED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);

function decodeClaims(jws: string) {
  return JSON.parse(new TextDecoder().decode(base64urlDecode(jws.split('.')[1]!)));
}

async function startReceiver(
  answer: (delivery: Delivery, index: number) => Answer | Promise<Answer> = () => 204,
): Promise<Receiver> {
  const deliveries: Delivery[] = [];
  const hanging: ServerResponse[] = [];
  let url = '';
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !SKIPPED_HEADERS.has(name)) headers.set(name, value);
    }
    const delivery: Delivery = {
      headers,
      body,
      request: () => new Request(url, { method: 'POST', headers, body }),
      claims: () => decodeClaims(body),
    };
    deliveries.push(delivery);
    const status = await answer(delivery, deliveries.length - 1);
    if (status === 'hang') {
      hanging.push(res);
      return;
    }
    res.statusCode = status;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/essc/notifications`;
  return {
    url,
    deliveries,
    hanging,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// ─── the world ──────────────────────────────────────────────────────────────────────────────

let current: SandboxWorld | undefined;
let currentReceiver: Receiver | undefined;
const clients: EsscClient[] = [];

/** Closes the clients and the sandbox (once). */
async function closeWorld(): Promise<void> {
  for (const client of clients.splice(0)) client.close();
  const closing = current;
  current = undefined;
  await closing?.close();
}

afterEach(async () => {
  await closeWorld();
  await currentReceiver?.close();
  currentReceiver = undefined;
});

async function world(
  options: Parameters<typeof sandboxWorld>[0] = {},
  answer?: Parameters<typeof startReceiver>[0],
) {
  const w = await sandboxWorld(options);
  current = w;
  const receiver = await startReceiver(answer);
  currentReceiver = receiver;
  // The channel's onboarding: its key and where its notifications go.
  w.platform.registerChannel({
    id: 'wechat',
    name: '微信',
    publicKey: w.publicKeys.wechat,
    webhookUrl: receiver.url,
  });
  const client = createClient({ adapter: w.adapter('wechat') });
  clients.push(client);
  return { w, receiver, client, jwks: `${w.url}/.well-known/jwks.json` };
}

async function admin(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function refusal(call: Promise<unknown>): Promise<EsscError> {
  try {
    await call;
  } catch (error) {
    if (isEsscError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

const fast = { backoff: { baseMs: 5, maxMs: 20 } };

// ─── the tests ──────────────────────────────────────────────────────────────────────────────

describe('webhook deliveries (R13, R19)', () => {
  it('a card status change arrives signed; verifyNotification accepts it; client.receive emits card:status', async () => {
    const { w, receiver, client, jwks } = await world();
    const { signNo } = await client.apply(w.applyInput(ZHANG));
    const { cardNo } = w.platform.currentCard(ZHANG.idNumber);
    expect((await admin(w.url, `/admin/cards/${cardNo}/status`, { status: 'lost' })).status).toBe(
      200,
    );

    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(1));
    const delivery = receiver.deliveries[0]!;
    expect(delivery.headers.get('content-type')).toBe('application/jose');
    expect(delivery.headers.get(WIRE_HEADERS.deliveryAttempt)).toBe('1');
    const header = JSON.parse(
      new TextDecoder().decode(base64urlDecode(delivery.body.split('.')[0]!)),
    );
    const { keys } = await w.platform.jwks();
    expect(header).toEqual({ alg: 'EdDSA', kid: keys[0]!.kid, typ: NOTIFICATION_TYP });

    const notification = await verifyNotification(delivery.request(), {
      jwks,
      channelId: 'wechat',
    });
    expect(notification).toMatchObject({
      id: delivery.headers.get(WIRE_HEADERS.notificationId),
      type: 'card.status_changed',
      channelId: 'wechat',
      signNo,
      status: 'lost',
      duplicate: false,
    });
    expect(notification).not.toHaveProperty('iat');
    expect(notification).not.toHaveProperty('iss');

    const statuses: unknown[] = [];
    const seen: unknown[] = [];
    client.on('card:status', (event) => statuses.push(event));
    client.on('notification', ({ notification: n }) => seen.push(n.id));
    client.receive(notification);
    expect(statuses).toEqual([{ signNo, status: 'lost', replaced: false }]);
    expect(seen).toEqual([notification.id]);
  });

  it('a receiver failing twice gets the same id three times and, with seen, processes it once', async () => {
    const attempts: WebhookAttempt[] = [];
    const seen = createMemoryNonceStore();
    const processed: PlatformNotification[] = [];
    let jwks = '';
    const { w, receiver, client } = await world(
      { webhooks: { ...fast, onAttempt: (a) => attempts.push(a) } },
      async (delivery, index) => {
        // The backend verifies and records every delivery, but its first answer is lost (500)
        // and the second attempt meets a proxy error (503) after the check.
        const notification = await verifyNotification(delivery.request(), { jwks, seen });
        if (!notification.duplicate) processed.push(notification);
        return [500, 503][index] ?? 204;
      },
    );
    jwks = `${w.url}/.well-known/jwks.json`;
    await client.apply(w.applyInput(ZHANG));
    w.platform.setCardStatus(w.platform.currentCard(ZHANG.idNumber).cardNo, 'sealed');

    await vi.waitFor(() => expect(attempts.at(-1)?.outcome).toBe('delivered'));
    const ids = receiver.deliveries.map((d) => d.headers.get(WIRE_HEADERS.notificationId));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(1);
    expect(receiver.deliveries.map((d) => d.claims().id)).toEqual(ids);
    expect(receiver.deliveries.map((d) => d.headers.get(WIRE_HEADERS.deliveryAttempt))).toEqual([
      '1',
      '2',
      '3',
    ]);
    expect(attempts.map((a) => [a.attempt, a.status, a.outcome])).toEqual([
      [1, 500, 'retrying'],
      [2, 503, 'retrying'],
      [3, 204, 'delivered'],
    ]);
    expect(processed.map((n) => [n.type, n.status])).toEqual([['card.status_changed', 'sealed']]);
  });

  it('gives up after maxAttempts, network failures and timeouts included', async () => {
    const attempts: WebhookAttempt[] = [];
    const { w, receiver, client } = await world(
      { webhooks: { ...fast, maxAttempts: 3, timeoutMs: 200, onAttempt: (a) => attempts.push(a) } },
      (_delivery, index) => (index === 0 ? 'hang' : 502),
    );
    await client.apply(w.applyInput(ZHANG));
    w.platform.setCardStatus(w.platform.currentCard(ZHANG.idNumber).cardNo, 'locked');
    await vi.waitFor(() => expect(attempts.at(-1)?.outcome).toBe('gave-up'));
    expect(attempts.map((a) => [a.attempt, a.status ?? a.error, a.outcome])).toEqual([
      [1, 'timeout', 'retrying'],
      [2, 502, 'retrying'],
      [3, 502, 'gave-up'],
    ]);
    expect(receiver.deliveries).toHaveLength(3);
    for (const attempt of attempts.slice(0, 2)) {
      expect(attempt.retryInMs).toBeGreaterThanOrEqual(2);
      expect(attempt.retryInMs).toBeLessThanOrEqual(20);
    }

    // A receiver that is not there at all.
    await receiver.close();
    w.platform.setCardStatus(w.platform.currentCard(ZHANG.idNumber).cardNo, 'normal');
    await vi.waitFor(() => expect(attempts).toHaveLength(6));
    expect(attempts.slice(3).map((a) => a.error)).toEqual(['network', 'network', 'network']);
  });

  it("delivers a channel's notifications one at a time, in order", async () => {
    const { w, receiver, client } = await world({ webhooks: fast }, (delivery) =>
      delivery.headers.get(WIRE_HEADERS.deliveryAttempt) === '1' ? 500 : 204,
    );
    await client.apply(w.applyInput(ZHANG));
    const { cardNo } = w.platform.currentCard(ZHANG.idNumber);
    w.platform.setCardStatus(cardNo, 'lost');
    w.platform.setCardStatus(cardNo, 'normal');
    w.platform.setCardStatus(cardNo, 'sealed');
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(6));
    expect(
      receiver.deliveries.map(
        (d) => `${d.claims().status}#${d.headers.get(WIRE_HEADERS.deliveryAttempt)}`,
      ),
    ).toEqual(['lost#1', 'lost#2', 'active#1', 'active#2', 'sealed#1', 'sealed#2']);
  });

  it('an apply is not slowed by a webhook that never answers', async () => {
    const { w, receiver, client } = await world({ webhooks: { timeoutMs: 60_000 } }, () => 'hang');
    const zhang = await client.apply(w.applyInput(ZHANG));
    w.platform.setCardStatus(w.platform.currentCard(ZHANG.idNumber).cardNo, 'lost');
    await vi.waitFor(() => expect(receiver.hanging).toHaveLength(1));

    // The delivery hangs for its whole 60 s timeout, far past this test's own; had any call
    // below waited for it, the test would fail by timing out.
    const li = await client.apply(w.applyInput(LI));
    // More news for the same channel queues behind the hanging delivery; nothing waits for it.
    w.platform.setCardStatus(w.platform.currentCard(LI.idNumber).cardNo, 'sealed');
    expect((await client.getCard({ signNo: li.signNo })).status).toBe('sealed');
    expect((await client.getCard({ signNo: zhang.signNo })).status).toBe('lost');
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.hanging).toHaveLength(1);
  });

  it('closes with no pending timers: retries dropped, attempts under way aborted', async () => {
    const pending = new Set<ReturnType<typeof setTimeout>>();
    const schedule = (run: () => void, ms: number) => {
      const timer = setTimeout(() => {
        pending.delete(timer);
        run();
      }, ms);
      pending.add(timer);
      return () => {
        clearTimeout(timer);
        pending.delete(timer);
      };
    };
    const attempts: WebhookAttempt[] = [];
    // The first delivery fails and waits a minute to retry; the other channel's hangs.
    const { w, receiver, client } = await world(
      {
        webhooks: {
          schedule,
          backoff: { baseMs: 60_000, maxMs: 60_000 },
          timeoutMs: 60_000,
          onAttempt: (a) => attempts.push(a),
        },
      },
      (_delivery, index) => (index === 0 ? 500 : 'hang'),
    );
    w.platform.registerChannel({
      id: 'alipay',
      name: '支付宝',
      publicKey: w.publicKeys.alipay,
      webhookUrl: receiver.url,
    });
    const alipay = createClient({ adapter: w.adapter('alipay') });
    clients.push(alipay);
    await client.apply(w.applyInput(ZHANG));
    await alipay.apply(w.applyInput(ZHANG));
    w.platform.setCardStatus(w.platform.currentCard(ZHANG.idNumber).cardNo, 'lost');
    await vi.waitFor(() => {
      expect(attempts.map((a) => a.outcome)).toEqual(['retrying']);
      expect(receiver.hanging).toHaveLength(1);
    });
    expect(pending.size).toBe(2); // one retry wait, one attempt timeout
    const hung = receiver.hanging[0]!;
    const aborted = new Promise<void>((resolve) => hung.req.socket.once('close', () => resolve()));

    await closeWorld();
    expect(pending.size).toBe(0);
    await aborted; // the attempt under way was cut, not left to its 60 s timeout
    expect(attempts).toHaveLength(1); // nothing reported after close
  });

  it('with the default scheduler, leaves no timer behind either', async () => {
    const timeouts = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timeouts();
    const attempts: WebhookAttempt[] = [];
    const { w, receiver, client } = await world(
      {
        webhooks: {
          backoff: { baseMs: 60_000, maxMs: 60_000 },
          onAttempt: (a) => attempts.push(a),
        },
      },
      () => 500,
    );
    expect(w).toBe(current);
    await client.apply(w.applyInput(ZHANG));
    w.platform.setCardStatus(w.platform.currentCard(ZHANG.idNumber).cardNo, 'lost');
    // The failed attempt is reported once its retry is scheduled: the timer now exists.
    await vi.waitFor(() => expect(attempts.map((a) => a.outcome)).toEqual(['retrying']));
    const during = timeouts();
    await closeWorld();
    await receiver.close();
    expect(timeouts()).toBeLessThan(during);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });

  it('registers a webhook URL through the admin route, http(s) only', async () => {
    const w = await sandboxWorld();
    current = w;
    const body = {
      id: 'bank-app',
      name: '某银行App',
      publicKey: w.publicKeys.wechat,
      webhookUrl: 'https://bank.example.cn/essc/notifications',
    };
    expect((await admin(w.url, '/admin/channels', body)).status).toBe(200);
    expect(engineOf(w.platform).channel('bank-app')?.webhookUrl).toBe(body.webhookUrl);
    const refused = await admin(w.url, '/admin/channels', { ...body, webhookUrl: 'ftp://x/y' });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('VALIDATION_FAILED');
    expect(() =>
      new MockPlatform().registerChannel({ id: 'x', name: 'x', webhookUrl: 'javascript:alert(1)' }),
    ).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});

describe('verifyNotification', () => {
  /** A genuine delivery to look at and tamper with. */
  async function genuine() {
    const made = await world();
    await made.client.apply(made.w.applyInput(ZHANG));
    made.w.platform.setCardStatus(made.w.platform.currentCard(ZHANG.idNumber).cardNo, 'lost');
    await vi.waitFor(() => expect(made.receiver.deliveries).toHaveLength(1));
    return { ...made, delivery: made.receiver.deliveries[0]! };
  }

  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    new Request('http://backend.example/essc/notifications', { method: 'POST', body, headers });

  it('refuses an altered body, a wrong key and a delivery too old, as CHANNEL_UNAUTHORIZED', async () => {
    const { w, delivery, jwks } = await genuine();
    const [h, p, s] = delivery.body.split('.') as [string, string, string];
    const claims = delivery.claims();
    const swapped = base64urlEncode(
      new TextEncoder().encode(JSON.stringify({ ...claims, status: 'active' })),
    );
    const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
    const platformKid = (await w.platform.jwks()).keys[0]!.kid!;
    const notification = { ...claims } as PlatformNotification & { iat?: number; iss?: string };
    delete notification.iat;
    delete notification.iss;
    const impostor = await generateSigningKeyPair(platformKid); // the platform's kid, another key
    const stranger = await generateSigningKeyPair(); // a kid the JWKS does not hold
    const responseSignature = await signResponse(await engineOf(w.platform).currentSigningKey(), {
      v: WIRE_PROTOCOL_VERSION,
      status: 200,
      bodySha256: 'x',
      nonce: null,
      requestId: 'req_1',
    });

    const cases: [string, Request, Parameters<typeof verifyNotification>[1]?][] = [
      ['altered claims', post(`${h}.${swapped}.${s}`)],
      ['altered signature', post(`${h}.${p}.${flipped}`)],
      ['another key, same kid', post(await signNotification(impostor, notification, Date.now()))],
      ['an unknown key', post(await signNotification(stranger, notification, Date.now()))],
      ['a response signature', post(responseSignature)],
      ['too old', delivery.request(), { jwks, now: () => Date.now() + 301_000 }],
      [
        'older than maxAgeSeconds',
        delivery.request(),
        { jwks, maxAgeSeconds: 60, now: () => Date.now() + 61_000 },
      ],
      ['from the future', delivery.request(), { jwks, now: () => Date.now() - 120_000 }],
      ['for another channel', delivery.request(), { jwks, channelId: 'alipay' }],
      [
        'a header id that is not the signed one',
        post(delivery.body, { [WIRE_HEADERS.notificationId]: 'ntf_other' }),
      ],
    ];
    for (const [name, request, options] of cases) {
      const error = await refusal(verifyNotification(request, options ?? { jwks }));
      expect(error.code, name).toBe('CHANNEL_UNAUTHORIZED');
      expect(error.retryable, name).toBe(false);
    }
    // The genuine one still passes, within its age.
    const ok = await verifyNotification(delivery.request(), {
      jwks,
      now: () => Date.now() + 200_000,
    });
    expect(ok.type).toBe('card.status_changed');
  });

  it('refuses garbage without crashing: empty, 100 KB, not a JWS, not UTF-8', async () => {
    const platform = new MockPlatform();
    const jwks = await platform.jwks();
    const big = 'a'.repeat(100 * 1024);
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 100; i++)
            controller.enqueue(new TextEncoder().encode(big.slice(0, 1024)));
          controller.close();
        },
      });
    const requests: [string, Request][] = [
      ['empty', post('')],
      ['no body', new Request('http://backend.example/', { method: 'GET' })],
      ['100 KB', post(big)],
      [
        '100 KB streamed, no length',
        new Request('http://backend.example/', {
          method: 'POST',
          body: stream(),
          duplex: 'half',
        } as RequestInit),
      ],
      ['not a JWS', post('hello')],
      ['JSON', post(JSON.stringify({ id: 'ntf_1', type: 'card.status_changed' }))],
      ['three dots', post('a.b.c')],
      [
        'JWS-shaped junk',
        post(`${base64urlEncode(new TextEncoder().encode('{"alg":"none"}'))}.e30.`),
      ],
      ['not UTF-8', post(new Uint8Array([0xff, 0xfe, 0x2e, 0x2e]))],
    ];
    for (const [name, request] of requests) {
      const error = await refusal(verifyNotification(request, { jwks }));
      expect(error.code, name).toBe('CHANNEL_UNAUTHORIZED');
    }
  });

  it('with seen, a second delivery of the same id is a duplicate; without, it is not', async () => {
    const { delivery, jwks } = await genuine();
    const seen = createMemoryNonceStore();
    const first = await verifyNotification(delivery.request(), { jwks, seen });
    const second = await verifyNotification(delivery.request(), { jwks, seen });
    expect([first.duplicate, second.duplicate]).toEqual([false, true]);
    expect(second.id).toBe(first.id);
    expect((await verifyNotification(delivery.request(), { jwks })).duplicate).toBe(false);
    // A refused delivery records nothing.
    const other = createMemoryNonceStore();
    await refusal(
      verifyNotification(delivery.request(), { jwks, seen: other, channelId: 'alipay' }),
    );
    expect(other.size()).toBe(0);
  });

  it('loads the JWKS once, and once more when the platform rotated its key', async () => {
    const { w, receiver, delivery } = await genuine();
    const load = vi.fn(() => w.platform.jwks());
    await verifyNotification(delivery.request(), { jwks: load });
    await verifyNotification(delivery.request(), { jwks: load });
    expect(load).toHaveBeenCalledTimes(1);

    const rotated = await admin(w.url, '/admin/keys/rotate', {});
    const { kid } = (await rotated.json()) as { kid: string };
    w.platform.setCardStatus(w.platform.currentCard(ZHANG.idNumber).cardNo, 'normal');
    await vi.waitFor(() => expect(receiver.deliveries).toHaveLength(2));
    const next = receiver.deliveries[1]!;
    expect(
      JSON.parse(new TextDecoder().decode(base64urlDecode(next.body.split('.')[0]!))).kid,
    ).toBe(kid);
    expect((await verifyNotification(next.request(), { jwks: load })).status).toBe('active');
    expect(load).toHaveBeenCalledTimes(2);

    // A pinned key set is never refreshed: the new key is unknown to it.
    const pinned = { keys: [(await w.platform.jwks()).keys[1]!] };
    expect((await refusal(verifyNotification(next.request(), { jwks: pinned }))).code).toBe(
      'CHANNEL_UNAUTHORIZED',
    );
  });

  it('a JWKS that cannot be loaded is a retryable failure (answer 503, the platform retries)', async () => {
    const { delivery } = await genuine();
    const error = await refusal(
      verifyNotification(delivery.request(), {
        jwks: async () => {
          throw new Error('vault down');
        },
      }),
    );
    expect(error.retryable).toBe(true);
  });

  it('refuses bad options with VALIDATION_FAILED', async () => {
    const request = post('a.b.c');
    const jwks = { keys: [] };
    for (const options of [
      { jwks: 'http://platform.example/jwks.json' },
      { jwks: 42 },
      { jwks, maxAgeSeconds: 0 },
      { jwks, seen: {} },
    ]) {
      const error = await refusal(
        verifyNotification(request, options as Parameters<typeof verifyNotification>[1]),
      );
      expect(error.code, JSON.stringify(options)).toBe('VALIDATION_FAILED');
    }
    const notARequest = await refusal(verifyNotification({} as Request, { jwks }));
    expect(notARequest.code).toBe('VALIDATION_FAILED');
  });
});
