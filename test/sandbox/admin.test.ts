import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoginPortal } from '../../src/acceptor/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import {
  createHttpAdapter,
  createHttpPortalAdapter,
  generateCallerKeyPair,
} from '../../src/http/index.js';
import { createClient, type EsscClient, idNumberCheckChar } from '../../src/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

/**
 * What `curl -X POST url -H 'content-type: application/json' -d '{…}'` sends. The header is
 * required on every admin change (415 without it), so no web page can send one unpreflighted.
 */
async function curl(url: string, method: 'POST' | 'DELETE', body?: unknown) {
  const response = await fetch(url, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    headers: { 'content-type': 'application/json' },
  });
  return { status: response.status, json: await response.json() };
}

async function code(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (isEsscError(error)) return error.code;
    throw error;
  }
  return 'ok';
}

const ID = (() => {
  const first17 = '44010619880214301';
  return first17 + idNumberCheckChar(first17);
})();

let sandbox: RunningSandbox;
let client: EsscClient;
beforeAll(async () => {
  // An empty platform: everything below is set up over the admin routes.
  sandbox = await startSandbox();
});
afterAll(async () => {
  client?.close();
  await sandbox.close();
});

describe('rehearsing a lost card from curl (admin routes)', () => {
  let cardNo: string;
  let signNo: string;

  it('sets up a region, a channel with its key, and a person', async () => {
    expect(
      (await curl(`${sandbox.url}/admin/regions`, 'POST', { regionCode: '440100', name: '广州市' }))
        .status,
    ).toBe(200);
    const { publicJwk, privateJwk } = await generateCallerKeyPair('ES256');
    const channel = await curl(`${sandbox.url}/admin/channels`, 'POST', {
      id: 'my-app',
      name: '我的App',
      publicKey: publicJwk,
    });
    expect(channel.status).toBe(200);
    const person = await curl(`${sandbox.url}/admin/persons`, 'POST', {
      name: '赵六',
      idNumber: ID,
      regionCode: '440100',
    });
    expect(person.status).toBe(200);
    cardNo = person.json.cardNo;
    expect(cardNo).toMatch(/^[A-Z0-9]{9}$/);
    client = createClient({
      adapter: createHttpAdapter({
        baseUrl: sandbox.url,
        channelId: 'my-app',
        channelKey: privateJwk,
      }),
    });
  });

  it('applies with a real-person proof minted over admin', async () => {
    const { json } = await curl(`${sandbox.url}/admin/persons/${ID}/real-person-proof`, 'POST');
    const card = await client.apply({
      channelUserId: 'u1',
      name: '赵六',
      idNumber: ID,
      realPerson: json.realPerson,
      password: '258046',
    });
    signNo = card.signNo;
    expect(card.status).toBe('active');
  });

  it('reports the card lost: the e-card can only be unbound (R13)', async () => {
    expect(
      (await curl(`${sandbox.url}/admin/cards/${cardNo}/status`, 'POST', { status: 'lost' }))
        .status,
    ).toBe(200);
    expect((await client.getCard({ signNo })).status).toBe('lost');
    expect(await code(client.issueQr({ signNo }))).toBe('CARD_INACTIVE');
  });

  it('replaces the card: unbind the old e-card, apply again for a new sign number (R14)', async () => {
    const replaced = await curl(`${sandbox.url}/admin/persons/${ID}/replace-card`, 'POST');
    expect(replaced.json.oldCardNo).toBe(cardNo);
    const proof = async () =>
      (await curl(`${sandbox.url}/admin/persons/${ID}/real-person-proof`, 'POST')).json.realPerson;
    const input = { channelUserId: 'u1', name: '赵六', idNumber: ID, password: '258046' };
    expect(await code(client.apply({ ...input, realPerson: await proof() }))).toBe('ALREADY_BOUND');
    await client.unbind({ signNo, verification: { password: '258046' } });
    const fresh = await client.apply({ ...input, realPerson: await proof() });
    expect(fresh.signNo).not.toBe(signNo);
    signNo = fresh.signNo;
  });

  it('injects a fault over admin: a 503 the adapter retries through', async () => {
    const fault = await curl(`${sandbox.url}/admin/faults/next`, 'POST', {
      operation: 'getCard',
      code: 'PLATFORM_UNAVAILABLE',
    });
    expect(fault.status).toBe(200);
    expect((await client.getCard({ signNo })).status).toBe('active');
    expect((await curl(`${sandbox.url}/admin/faults`, 'DELETE')).status).toBe(200);
  });

  it('refuses a malformed admin request with VALIDATION_FAILED and the field', async () => {
    const bad = await curl(`${sandbox.url}/admin/cards/${cardNo}/status`, 'POST', {
      status: 'gone',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('VALIDATION_FAILED');
    expect(bad.json.error.details.issues[0].path).toEqual(['status']);
    const unknown = await curl(
      `${sandbox.url}/admin/persons/${ID.slice(0, 17)}0/replace-card`,
      'POST',
    );
    expect(unknown.json.error.code).toBe('VALIDATION_FAILED');
  });

  it('rotates the signing key; the previous one stays published', async () => {
    const before = (await (await fetch(`${sandbox.url}/.well-known/jwks.json`)).json()).keys;
    const { json } = await curl(`${sandbox.url}/admin/keys/rotate`, 'POST');
    const after = (await (await fetch(`${sandbox.url}/.well-known/jwks.json`)).json()).keys;
    expect(after.map((k: { kid: string }) => k.kid)).toEqual([json.kid, before[0].kid]);
    expect(JSON.stringify(after)).not.toContain('"d"');
    // The adapter follows the rotation on its own.
    expect((await client.getCard({ signNo })).status).toBe('active');
  });

  it('registers a portal for the sign number (R30): it gets signNo only when it asks', async () => {
    const { publicJwk, privateJwk } = await generateCallerKeyPair('ES256');
    const unknown = await curl(`${sandbox.url}/admin/portals`, 'POST', {
      id: 'my-portal',
      name: '某政务门户',
      scopes: ['regionCode', 'salary'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('VALIDATION_FAILED');
    const registered = await curl(`${sandbox.url}/admin/portals`, 'POST', {
      id: 'my-portal',
      name: '某政务门户',
      publicKey: publicJwk,
      scopes: ['regionCode', 'signNo'],
    });
    expect(registered.status).toBe(200);
    const portal = createLoginPortal({
      adapter: createHttpPortalAdapter({
        baseUrl: sandbox.url,
        portalId: 'my-portal',
        portalKey: privateJwk,
      }),
    });
    const login = async (scopes?: ('regionCode' | 'signNo')[]) => {
      const session = await portal.createSession(scopes ? { scopes } : {});
      const request = await client.scanLogin({ signNo, qrText: session.qrText });
      await client.confirmLogin({
        signNo,
        requestId: request.requestId,
        verification: { password: '258046' },
      });
      return { scopes: request.scopes, ...(await portal.getSession(session.sessionId)) };
    };
    const asked = await login(['signNo']);
    expect(asked.scopes).toEqual(['signNo']);
    expect(asked.identity?.signNo).toBe(signNo);
    const all = await login();
    expect(all.scopes).toEqual(['regionCode']);
    expect(all.identity).toEqual({
      regionCode: '440100',
      subject: asked.identity!.subject,
      method: 'password',
      channelId: 'my-app',
    });
  });
});

describe('admin routes can be turned off', () => {
  it('answers 404 under /admin/ when admin is false', async () => {
    const closed = await startSandbox({ platform: new MockPlatform(), admin: false });
    try {
      const response = await curl(`${closed.url}/admin/regions`, 'POST', { regionCode: '440100' });
      expect(response.status).toBe(404);
      expect(response.json.error.code).toBe('VALIDATION_FAILED');
    } finally {
      await closed.close();
    }
  });
});

describe('public keys are readable from a browser on any origin', () => {
  it('the JWKS answers with access-control-allow-origin: * and a preflight is allowed', async () => {
    const sandbox = await startSandbox();
    try {
      const jwks = await fetch(`${sandbox.url}/.well-known/jwks.json`, {
        headers: { origin: 'http://desk.example' },
      });
      expect(jwks.status).toBe(200);
      expect(jwks.headers.get('access-control-allow-origin')).toBe('*');
      const preflight = await fetch(`${sandbox.url}/.well-known/jwks.json`, { method: 'OPTIONS' });
      expect(preflight.status).toBe(204);
      // Channel routes stay closed to browsers: they need a channel signature anyway.
      const card = await fetch(`${sandbox.url}/v1/cards/440100D156ABCDEFGH`);
      expect(card.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await sandbox.close();
    }
  });
});
