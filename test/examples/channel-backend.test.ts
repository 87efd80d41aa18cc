/**
 * The channel backend example (examples/channel-backend) against a sandbox over loopback:
 * what its mini-programs and H5 pages rely on, and the webhook the platform calls.
 */
import {
  createClient,
  type EsscClient,
  type EsscError,
  idNumberCheckChar,
  isEsscError,
} from 'essc-sdk';
import type { VerifiedNotification } from 'essc-sdk/http';
import { createRelayAdapter } from 'essc-sdk/relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE, type RunningDemo, startDemo } from '../../examples/channel-backend/demo.js';

const zhang = DEMO_PEOPLE[0]!;
const li = DEMO_PEOPLE[2]!;

/** Webhook deliveries the sandbox made: body and headers, to replay one. */
const deliveries: { body: string; headers: Record<string, string> }[] = [];

let demo: RunningDemo;

beforeAll(async () => {
  demo = await startDemo({
    webhooks: {
      backoff: { baseMs: 5, maxMs: 20 },
      fetch: async (input, init) => {
        deliveries.push({
          body: String(init?.body),
          headers: { ...(init?.headers as Record<string, string>) },
        });
        return fetch(input, init);
      },
    },
  });
});

afterAll(async () => {
  await demo?.close();
});

async function post(path: string, body: unknown, token?: string): Promise<Response> {
  return fetch(`${demo.backend.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function signIn(userId: string): Promise<{ token: string; client: EsscClient }> {
  const response = await post('/session', { userId });
  expect(response.status).toBe(200);
  const { token, channelUserId } = (await response.json()) as {
    token: string;
    channelUserId: string;
  };
  expect(channelUserId).toBe(userId);
  const client = createClient({
    adapter: createRelayAdapter({
      url: demo.backend.relayUrl,
      channelId: 'wechat',
      headers: () => ({ authorization: `Bearer ${token}` }),
    }),
  });
  return { token, client };
}

async function faceCheck(token: string, idNumber: string): Promise<string> {
  const response = await post('/demo/face-check', { idNumber }, token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { realPerson: string }).realPerson;
}

async function rejection(call: Promise<unknown>): Promise<EsscError> {
  try {
    await call;
  } catch (error) {
    if (isEsscError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

/** The first notification that matches, received already or still to come. */
function notification(match: (n: VerifiedNotification) => boolean): Promise<VerifiedNotification> {
  const found = demo.backend.notifications.find(match);
  if (found) return Promise.resolve(found);
  return new Promise((resolve) => {
    const listener = (n: VerifiedNotification) => {
      if (!match(n)) return;
      demo.backend.events.off('notification', listener);
      resolve(n);
    };
    demo.backend.events.on('notification', listener);
  });
}

describe('the channel backend', () => {
  it('answers its health check and the CORS preflight of an H5 page', async () => {
    const health = await fetch(`${demo.backend.url}/health`);
    expect(await health.json()).toEqual({ ok: true, channelId: 'wechat' });
    expect(health.headers.get('access-control-allow-origin')).toBe('*');

    const preflight = await fetch(demo.backend.relayUrl, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://h5.example.test',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('refuses a sign-in without a user id, and the relay without a session', async () => {
    expect((await post('/session', {})).status).toBe(400);
    const anonymous = createClient({
      adapter: createRelayAdapter({ url: demo.backend.relayUrl }),
    });
    const error = await rejection(anonymous.getCard({ signNo: 'SN3F9K2Q7B' }));
    expect(error.code).toBe('CHANNEL_UNAUTHORIZED');
    expect((await post('/demo/face-check', { idNumber: zhang.idNumber })).status).toBe(401);
  });

  it('relays an application, and keeps each user to their own e-cards', async () => {
    const alice = await signIn('alice');
    const card = await alice.client.apply({
      channelUserId: 'alice',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: await faceCheck(alice.token, zhang.idNumber),
      password: '258046',
    });
    expect(card.name).toBe('张*');
    expect(card.channelId).toBe('wechat');
    expect((await alice.client.getCard({ signNo: card.signNo })).status).toBe('active');

    const me = await fetch(`${demo.backend.url}/me`, {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(await me.json()).toEqual({
      channelUserId: 'alice',
      cards: [{ signNo: card.signNo, bound: true, status: 'active' }],
    });

    // Another user of the channel cannot read alice's card, nor apply in her name.
    const mallory = await signIn('mallory');
    expect((await rejection(mallory.client.getCard({ signNo: card.signNo }))).code).toBe(
      'NOT_BOUND',
    );
    const impersonation = await rejection(
      mallory.client.apply({
        channelUserId: 'alice',
        name: li.name,
        idNumber: li.idNumber,
        realPerson: await faceCheck(mallory.token, li.idNumber),
        password: '258046',
      }),
    );
    expect(impersonation.code).toBe('CHANNEL_UNAUTHORIZED');
  });

  it("receives the platform's signed notification when the physical card is reported lost", async () => {
    const bob = await signIn('bob');
    const card = await bob.client.apply({
      channelUserId: 'bob',
      name: li.name,
      idNumber: li.idNumber,
      realPerson: await faceCheck(bob.token, li.idNumber),
      password: '258046',
    });
    const { cardNo } = demo.platform.currentCard(li.idNumber);
    demo.platform.setCardStatus(cardNo, 'lost');

    const told = await notification(
      (n) => n.signNo === card.signNo && n.type === 'card.status_changed',
    );
    expect(told).toMatchObject({ channelId: 'wechat', status: 'lost', duplicate: false });
    expect(demo.backend.cardsOf('bob')).toEqual([
      { signNo: card.signNo, bound: true, status: 'lost' },
    ]);
    expect((await bob.client.getCard({ signNo: card.signNo })).status).toBe('lost');
  });

  it('answers a redelivered notification with 2xx without handling it twice, and refuses a forged one', async () => {
    await notification(() => true);
    const delivered = deliveries[0]!;
    const before = demo.backend.notifications.length;

    const again = await fetch(demo.backend.webhookUrl, {
      method: 'POST',
      headers: delivered.headers,
      body: delivered.body,
    });
    expect(again.status).toBe(204);
    expect(demo.backend.notifications.length).toBe(before);

    const [header, payload] = delivered.body.split('.');
    const forged = await fetch(demo.backend.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/jose' },
      body: `${header}.${payload}.${'A'.repeat(86)}`,
    });
    expect(forged.status).toBe(401);
    expect(demo.backend.notifications.length).toBe(before);
  });
});

describe('the channel backend: the payment history and bills over the relay', () => {
  type RelayAnswer = { result?: unknown; error?: { code: string } };
  /** A raw relay request, as the SDK's relay adapter sends it. */
  async function relay(body: unknown, token?: string) {
    const response = await post('/relay', body, token);
    return { status: response.status, json: (await response.json()) as RelayAnswer };
  }

  it('serves them over the relay to the card’s own user only, and pays a bill once', async () => {
    const buyer = DEMO_PEOPLE[1]!;
    const carol = await signIn('carol');
    const card = await carol.client.apply({
      channelUserId: 'carol',
      name: buyer.name,
      idNumber: buyer.idNumber,
      realPerson: await faceCheck(carol.token, buyer.idNumber),
      password: '258046',
    });
    const { signNo } = card;
    await demo.platform.setBankAccountActive(
      demo.platform.currentCard(buyer.idNumber).cardNo,
      true,
    );
    await carol.client.enablePayment({ signNo, verification: { password: '258046' } });
    const { billId } = demo.platform.addBill({
      idNumber: buyer.idNumber,
      kind: 'insurance',
      title: '2026 年失业保险个人缴费',
      amount: 12_000,
    });

    const bills = await relay({ op: 'listBills', input: { signNo } }, carol.token);
    expect(bills.status).toBe(200);
    expect(bills.json.result).toEqual([
      expect.objectContaining({ billId, amount: 12_000, status: 'unpaid' }),
    ]);
    expect((await relay({ op: 'listPayments', input: { signNo } }, carol.token)).json).toEqual({
      result: [],
    });

    // No session; another user; a payBill without an idempotency key: refused, nothing paid.
    expect((await relay({ op: 'listBills', input: { signNo } })).status).toBe(401);
    const dave = await signIn('dave');
    const foreign = await relay({ op: 'listPayments', input: { signNo } }, dave.token);
    expect(foreign).toMatchObject({ status: 404, json: { error: { code: 'NOT_BOUND' } } });
    const pay = { op: 'payBill', input: { signNo, billId, verification: { password: '258046' } } };
    const keyless = await relay(pay, carol.token);
    expect(keyless).toMatchObject({ status: 400, json: { error: { code: 'VALIDATION_FAILED' } } });

    // Paid with a key; the same request again (a retry) answers the first outcome, paid once.
    const before = demo.platform.balances(buyer.idNumber).bank;
    const keyed = { ...pay, idempotencyKey: 'idem-pay-bill-carol-000001' };
    const paid = await relay(keyed, carol.token);
    expect(paid).toMatchObject({ status: 200, json: { result: { billId, status: 'paid' } } });
    expect((await relay(keyed, carol.token)).json.result).toEqual(paid.json.result);
    expect(demo.platform.balances(buyer.idNumber).bank).toBe(before - 12_000);
    // A new request for the paid bill: BILL_ALREADY_PAID.
    const again = await relay(
      { ...pay, idempotencyKey: 'idem-pay-bill-carol-000002' },
      carol.token,
    );
    expect(again.json.error?.code).toBe('BILL_ALREADY_PAID');
    // The password never comes back in an answer.
    expect(JSON.stringify([keyless, paid, again])).not.toContain('258046');
  });
});

describe('the channel backend: hosted pages (R35, R36)', () => {
  it('launches a hosted apply for the signed-in user, and takes the receipt once: the card is then the user’s', async () => {
    const { token } = await signIn('hosted-user');
    // Someone the demo has not bound anywhere: a new cardholder in Guangzhou.
    const idNumber = `44010619881224531${idNumberCheckChar('44010619881224531')}`;
    demo.platform.addPerson({ name: '赵六', idNumber, regionCode: '440100' });
    const launched = await post(
      '/hosted/launch',
      { action: 'apply', person: { name: '赵六', idNumber } },
      token,
    );
    expect(launched.status).toBe(200);
    const { url, busiSeq } = (await launched.json()) as { url: string; busiSeq: string };
    expect(url.startsWith(`${demo.sandbox.url}/hosted/apply?launch=`)).toBe(true);
    // The citizen finishes the platform's page (here without a browser).
    const receipt = await demo.platform.completeHosted(url, { face: 'pass', password: '258046' });
    const back = await fetch(
      `${demo.backend.url}/hosted/return?receipt=${encodeURIComponent(receipt)}`,
    );
    expect(back.status).toBe(200);
    const verified = (await back.json()) as { kind: string; busiSeq: string; signNo: string };
    expect(verified).toMatchObject({ kind: 'applied', busiSeq, channelUserId: 'hosted-user' });
    const me = (await (
      await fetch(`${demo.backend.url}/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { cards: { signNo: string }[] };
    expect(me.cards.map((c) => c.signNo)).toContain(verified.signNo);
    // Reloaded: the same receipt again is refused, and changes nothing.
    const again = await fetch(
      `${demo.backend.url}/hosted/return?receipt=${encodeURIComponent(receipt)}`,
    );
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe(
      'RECEIPT_REPLAYED',
    );
    // The password never comes back in an answer.
    expect(JSON.stringify(verified)).not.toContain('258046');
  });

  it('refuses a launch for an e-card the user does not hold', async () => {
    const { token } = await signIn('hosted-stranger');
    const response = await post(
      '/hosted/launch',
      { action: 'unbind', signNo: 'ABCDEFGH2345' },
      token,
    );
    expect(response.status).toBe(404);
  });
});
