import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomId, sealSecret } from '../../src/crypto/index.js';
import { generateCallerKeyPair } from '../../src/http/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { sealedSecretContext } from '../../src/platform/protocol.js';
import { createSandboxHandler } from '../../src/sandbox/index.js';
import { WIRE_HEADERS } from '../../src/wire/protocol.js';
import { rawRequest, type SandboxWorld, sandboxWorld, ZHANG } from './helpers.js';

let w: SandboxWorld;
beforeAll(async () => {
  w = await sandboxWorld();
});
afterAll(() => w.close());

/** A signed, sealed application body for ZHANG in any channel. */
async function applyBody(channelId = 'wechat', channelUserId = `u-${randomId(4)}`) {
  const key = await engineOf(w.platform).encryptionPublicKey();
  const ctx = sealedSecretContext(channelId);
  return {
    channelUserId,
    name: ZHANG.name,
    idNumber: ZHANG.idNumber,
    realPerson: await sealSecret(key, w.platform.realPersonProof(ZHANG.idNumber), ctx),
    password: await sealSecret(key, '258046', ctx),
  };
}

/** An error answer: 401 CHANNEL_UNAUTHORIZED with a request id, a message, and nothing internal. */
async function expectRefused(response: Response, code = 'CHANNEL_UNAUTHORIZED', status = 401) {
  const text = await response.text();
  expect(response.status).toBe(status);
  const body = JSON.parse(text);
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(response.headers.get(WIRE_HEADERS.requestId));
  expect(body.error.requestId).toMatch(/^req_/);
  expect(typeof body.error.message).toBe('string');
  expect(text).not.toMatch(/stack|\bat .+:\d+:\d+|node_modules|src\//);
  expect(Object.keys(body.error).sort()).toEqual(
    body.error.details === undefined
      ? ['code', 'message', 'requestId']
      : ['code', 'details', 'message', 'requestId'],
  );
  return body.error as { code: string; message: string };
}

/** No binding exists for ZHANG in the channel: the refused request changed nothing. */
async function expectNotBound(channelId: string) {
  const person = w.platform.currentCard(ZHANG.idNumber);
  expect(person.status).toBe('normal');
  // An application by the real channel still works and makes the first binding there.
  const response = await rawRequest(w.url, {
    method: 'POST',
    path: '/v1/cards/apply',
    body: await applyBody(channelId),
    caller: channelId,
    key: w.keys[channelId],
    idempotencyKey: randomId(),
  });
  expect(response.status).toBe(200);
  const card = await response.json();
  // Unbind again so the next test starts from "not bound".
  const unbind = await rawRequest(w.url, {
    method: 'POST',
    path: `/v1/cards/${card.signNo}/unbind`,
    body: {
      verification: {
        password: await sealSecret(
          await engineOf(w.platform).encryptionPublicKey(),
          '258046',
          sealedSecretContext(channelId),
        ),
      },
    },
    caller: channelId,
    key: w.keys[channelId],
    idempotencyKey: randomId(),
  });
  expect(unbind.status).toBe(200);
}

describe('channel authentication (R19)', () => {
  it('accepts a request signed by the channel’s registered key, EdDSA or ES256', async () => {
    for (const channelId of ['wechat', 'alipay']) {
      const response = await rawRequest(w.url, {
        method: 'GET',
        path: '/v1/cards/440100D156AAAAAAAAAA',
        caller: channelId,
        key: w.keys[channelId],
      });
      // Authenticated, and then the platform's answer: no such binding.
      await expectRefused(response, 'NOT_BOUND', 404);
    }
  });

  it('refuses a request without a signature, and applies nothing', async () => {
    const response = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: await applyBody(),
      caller: 'wechat',
      idempotencyKey: randomId(),
    });
    const error = await expectRefused(response);
    expect(error.message).toContain(WIRE_HEADERS.signature);
    await expectNotBound('wechat');
  });

  it('refuses a request signed by another key, and applies nothing', async () => {
    const stranger = await generateCallerKeyPair();
    const response = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: await applyBody(),
      caller: 'wechat',
      key: stranger.privateJwk,
      idempotencyKey: randomId(),
    });
    await expectRefused(response);
    await expectNotBound('wechat');
  });

  it('refuses a request signed by another channel’s key under this channel’s id', async () => {
    const response = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: await applyBody(),
      caller: 'wechat',
      key: w.keys.alipay,
      idempotencyKey: randomId(),
    });
    await expectRefused(response);
    await expectNotBound('wechat');
  });

  it('refuses a body changed after signing, and applies nothing', async () => {
    const signed = await applyBody();
    const response = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: signed,
      sendBody: JSON.stringify({ ...signed, channelUserId: 'someone-else' }),
      caller: 'wechat',
      key: w.keys.wechat,
      idempotencyKey: randomId(),
    });
    await expectRefused(response);
    await expectNotBound('wechat');
  });

  it('refuses a signature moved to another path or another idempotency key', async () => {
    const moved = await rawRequest(w.url, {
      method: 'GET',
      path: '/v1/cards/440100D156AAAAAAAAAA',
      caller: 'wechat',
      key: w.keys.wechat,
      after: (headers) => {
        headers[WIRE_HEADERS.nonce] = randomId(16);
      },
    });
    await expectRefused(moved);
    const rekeyed = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: await applyBody(),
      caller: 'wechat',
      key: w.keys.wechat,
      idempotencyKey: 'signed-key',
      after: (headers) => {
        headers[WIRE_HEADERS.idempotencyKey] = 'another-key';
      },
    });
    await expectRefused(rekeyed);
    await expectNotBound('wechat');
  });

  it('refuses an unknown channel', async () => {
    const stranger = await generateCallerKeyPair();
    const response = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: await applyBody(),
      caller: 'no-such-channel',
      key: stranger.privateJwk,
      idempotencyKey: randomId(),
    });
    const error = await expectRefused(response);
    expect(error.message).toContain('Unknown channel');
  });

  it('refuses a caller id that is not an id at all, without echoing it', async () => {
    const response = await rawRequest(w.url, {
      method: 'GET',
      path: '/v1/cards/440100D156AAAAAAAAAA',
      caller: '<script>alert(1)</script>',
      key: w.keys.wechat,
    });
    const text = await response.clone().text();
    await expectRefused(response);
    expect(text).not.toContain('<script>');
  });

  it('refuses a channel registered without a public key', async () => {
    w.platform.registerChannel({ id: 'keyless', name: 'keyless' });
    const stranger = await generateCallerKeyPair();
    const response = await rawRequest(w.url, {
      method: 'GET',
      path: '/v1/cards/440100D156AAAAAAAAAA',
      caller: 'keyless',
      key: stranger.privateJwk,
    });
    const error = await expectRefused(response);
    expect(error.message).toContain('publicKey');
  });

  it('refuses a timestamp more than 5 minutes off, old or ahead, and applies nothing', async () => {
    for (const offset of [-6 * 60_000, 6 * 60_000]) {
      const response = await rawRequest(w.url, {
        method: 'POST',
        path: '/v1/cards/apply',
        body: await applyBody(),
        caller: 'wechat',
        key: w.keys.wechat,
        timestamp: Date.now() + offset,
        idempotencyKey: randomId(),
      });
      const error = await expectRefused(response);
      expect(error.message).toContain('5 minutes');
    }
    await expectNotBound('wechat');
  });

  it('refuses a replayed request (same nonce) even though its signature is good', async () => {
    const request = {
      method: 'POST' as const,
      path: '/v1/cards/apply',
      body: await applyBody(),
      caller: 'wechat',
      key: w.keys.wechat,
      nonce: randomId(16),
      idempotencyKey: randomId(),
    };
    const first = await rawRequest(w.url, request);
    expect(first.status).toBe(200);
    const card = await first.json();
    // Without the replay check the idempotency store would answer 200 again: 401 shows the
    // replay never reached the engine.
    const error = await expectRefused(await rawRequest(w.url, request));
    expect(error.message).toContain('replay');
    const unbind = await rawRequest(w.url, {
      method: 'POST',
      path: `/v1/cards/${card.signNo}/unbind`,
      body: {
        verification: {
          password: await sealSecret(
            await engineOf(w.platform).encryptionPublicKey(),
            '258046',
            sealedSecretContext('wechat'),
          ),
        },
      },
      caller: 'wechat',
      key: w.keys.wechat,
      idempotencyKey: randomId(),
    });
    expect(unbind.status).toBe(200);
  });

  it('does not let a channel signature pass for a portal, nor a portal key for a channel', async () => {
    const asPortal = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/portal/login-sessions',
      body: {},
      kind: 'portal',
      caller: 'gov-portal',
      key: w.keys.wechat,
      idempotencyKey: randomId(),
    });
    await expectRefused(asPortal);
    const portalOk = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/portal/login-sessions',
      body: {},
      kind: 'portal',
      caller: 'gov-portal',
      key: w.portalKey,
      idempotencyKey: randomId(),
    });
    expect(portalOk.status).toBe(200);
    const asChannel = await rawRequest(w.url, {
      method: 'GET',
      path: '/v1/cards/440100D156AAAAAAAAAA',
      caller: 'gov-portal',
      key: w.portalKey,
    });
    await expectRefused(asChannel);
  });
});

describe('the nonce window', () => {
  it('forgets nonces after 10 minutes, when their timestamps are stale anyway', async () => {
    let clock = Date.now();
    const platform = new MockPlatform();
    const { publicJwk, privateJwk } = await generateCallerKeyPair();
    platform.registerChannel({ id: 'wechat', name: '微信', publicKey: publicJwk });
    const handle = createSandboxHandler(platform, {
      now: () => clock,
      allowedHosts: ['sandbox.test'],
    });
    // The handler is fetch-shaped: no server needed.
    const request = (nonce: string, timestamp: number) =>
      rawRequest(
        'http://sandbox.test',
        {
          method: 'GET',
          path: '/v1/cards/440100D156AAAAAAAAAA',
          caller: 'wechat',
          key: privateJwk,
          nonce,
          timestamp,
        },
        async (input, init) => handle(new Request(input, init)),
      );
    const nonce = randomId(16);
    const signedAt = clock;
    expect((await request(nonce, signedAt)).status).toBe(404); // authenticated: NOT_BOUND
    expect((await request(nonce, signedAt)).status).toBe(401); // replay
    clock += 11 * 60_000;
    // Another request sweeps the window; the old one is still refused, now for its timestamp.
    expect((await request(randomId(16), clock)).status).toBe(404);
    const replay = await request(nonce, signedAt);
    expect(replay.status).toBe(401);
    expect((await replay.json()).error.message).toContain('5 minutes');
  });
});

describe('protocol errors', () => {
  it('answers 404 for an unknown route and 405 with Allow for a wrong method', async () => {
    await expectRefused(await fetch(`${w.url}/v1/nothing-here`), 'VALIDATION_FAILED', 404);
    const wrong = await fetch(`${w.url}/v1/login/scan`, { method: 'PUT' });
    expect(wrong.headers.get('allow')).toBe('POST');
    await expectRefused(wrong, 'VALIDATION_FAILED', 405);
  });

  it('refuses a body over 64 KB with 413', async () => {
    const response = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: { padding: 'x'.repeat(70 * 1024) },
      caller: 'wechat',
      key: w.keys.wechat,
      idempotencyKey: randomId(),
    });
    await expectRefused(response, 'VALIDATION_FAILED', 413);
  });

  it('refuses a mutating request without an idempotency key (R20)', async () => {
    const response = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: await applyBody(),
      caller: 'wechat',
      key: w.keys.wechat,
    });
    const error = await expectRefused(response, 'VALIDATION_FAILED', 400);
    expect(error.message).toContain('idempotency-key');
    await expectNotBound('wechat');
  });

  it('refuses a password sent unsealed, without echoing it (R18)', async () => {
    const response = await rawRequest(w.url, {
      method: 'POST',
      path: '/v1/cards/apply',
      body: { ...(await applyBody()), password: '258046' },
      caller: 'wechat',
      key: w.keys.wechat,
      idempotencyKey: randomId(),
    });
    const text = await response.clone().text();
    await expectRefused(response, 'VALIDATION_FAILED', 400);
    expect(text).not.toContain('258046');
    expect(text).toContain('password');
  });

  it('turns an internal failure into PLATFORM_UNAVAILABLE 500 with a generic message', async () => {
    const engine = engineOf(w.platform);
    const original = engine.call;
    engine.call = async () => {
      throw new Error('database password is hunter2 at /srv/platform/db.ts:42:7');
    };
    try {
      const response = await rawRequest(w.url, {
        method: 'GET',
        path: '/v1/cards/440100D156AAAAAAAAAA',
        caller: 'wechat',
        key: w.keys.wechat,
      });
      const text = await response.clone().text();
      const error = await expectRefused(response, 'PLATFORM_UNAVAILABLE', 500);
      expect(text).not.toContain('hunter2');
      expect(error.message).toBe('The platform failed to process the request; retry later.');
    } finally {
      engine.call = original;
    }
  });

  it('puts x-request-id and a response signature on every answer', async () => {
    for (const response of [
      await fetch(`${w.url}/.well-known/jwks.json`),
      await fetch(`${w.url}/v1/nothing`),
      await fetch(`${w.url}/v1/cards/apply`, { method: 'POST', body: '{}' }),
    ]) {
      expect(response.headers.get(WIRE_HEADERS.requestId)).toMatch(/^req_/);
      expect(response.headers.get(WIRE_HEADERS.responseSignature)).toMatch(
        /^[\w-]+\.[\w-]+\.[\w-]+$/,
      );
    }
  });
});
