/**
 * What the sandbox keeps from one request to the next to spend less per request (issue 25),
 * pinned to what it did before: the nonce window forgets exactly the nonces older than its 10
 * minutes (oldest first) without walking its entries on every request, and a route of a literal
 * path answers the same match every time (found, 405 with its Allow, for any method).
 */
import { describe, expect, it } from 'vitest';
import { randomId } from '../../src/crypto/index.js';
import { generateCallerKeyPair } from '../../src/http/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { RequestAuthenticator } from '../../src/sandbox/authenticate.js';
import { createSandboxHandler } from '../../src/sandbox/index.js';
import { WIRE_HEADERS, WIRE_PROTOCOL_VERSION } from '../../src/wire/protocol.js';
import { bodySha256, signRequest } from '../../src/wire/signatures.js';

const MINUTE = 60_000;

describe('the nonce window', () => {
  it('forgets the nonces of more than 10 minutes ago, oldest first, and refuses the others again', async () => {
    let clock = Date.UTC(2026, 11, 7, 12);
    const platform = new MockPlatform();
    const { publicJwk, privateJwk } = await generateCallerKeyPair();
    platform.registerChannel({ id: 'wechat', name: '微信', publicKey: publicJwk });
    const auth = new RequestAuthenticator(engineOf(platform), () => clock);
    const body = new Uint8Array(0);
    const signed = async (nonce: string, timestamp = clock) => {
      const headers: Record<string, string> = {
        [WIRE_HEADERS.channel]: 'wechat',
        [WIRE_HEADERS.timestamp]: String(timestamp),
        [WIRE_HEADERS.nonce]: nonce,
        [WIRE_HEADERS.signature]: await signRequest(privateJwk, {
          v: WIRE_PROTOCOL_VERSION,
          kind: 'channel',
          caller: 'wechat',
          method: 'GET',
          path: '/v1/x',
          bodySha256: await bodySha256(body, privateJwk),
          timestamp,
          nonce,
        }),
      };
      return {
        method: 'GET',
        url: { pathname: '/v1/x', search: '' },
        header: (name: string) => headers[name] ?? null,
      };
    };
    const call = async (nonce: string, timestamp = clock) =>
      auth.authenticate(await signed(nonce, timestamp), 'channel', body);
    const nonces = Array.from({ length: 6 }, () => randomId(16));
    const start = clock;
    await call(nonces[0]!);
    await call(nonces[1]!);
    expect(auth.rememberedNonces).toBe(2);
    clock = start + 5 * MINUTE;
    await call(nonces[2]!);
    expect(auth.rememberedNonces).toBe(3);
    // Within the skew window a replay is refused as a replay.
    await expect(call(nonces[2]!, clock)).rejects.toThrow(/replay/);
    clock = start + 10 * MINUTE - 1;
    await call(nonces[3]!);
    expect(auth.rememberedNonces).toBe(4); // nothing is 10 minutes old yet
    clock = start + 10 * MINUTE;
    await call(nonces[4]!);
    expect(auth.rememberedNonces).toBe(3); // the first two are gone, the newer two and this kept
    await expect(call(nonces[3]!, start + 10 * MINUTE - 1)).rejects.toThrow(/replay/);
    clock = start + 15 * MINUTE;
    await call(nonces[5]!);
    expect(auth.rememberedNonces).toBe(3); // nonces[2] (5 min) went at 15 min
    // A forgotten nonce with a fresh timestamp is a new request (its old one would be stale).
    await call(nonces[0]!);
    expect(auth.rememberedNonces).toBe(4);
    clock = start + 60 * MINUTE;
    await call(randomId(16));
    expect(auth.rememberedNonces).toBe(1);
    // Refused requests never enter the window.
    await expect(call(randomId(16), clock - 6 * MINUTE)).rejects.toThrow(/5 minutes/);
    expect(auth.rememberedNonces).toBe(1);
  });
});

describe('literal routes', () => {
  it('answer the same every time: found, or 405 with Allow, for each method', async () => {
    const platform = new MockPlatform();
    const handle = createSandboxHandler(platform, { allowedHosts: ['sandbox.test'] });
    for (let round = 0; round < 3; round++) {
      const jwks = await handle(new Request('http://sandbox.test/.well-known/jwks.json'));
      expect(jwks.status).toBe(200);
      for (const method of ['GET', 'PUT', 'DELETE', 'PATCH', 'BREW']) {
        const wrong = await handle(
          new Request('http://sandbox.test/v1/merchant/charges', { method }),
        );
        expect(wrong.status).toBe(405);
        expect(wrong.headers.get('allow')).toBe('POST');
      }
      // The literal route found: an unsigned charge is refused by authentication, not routing.
      const charge = await handle(
        new Request('http://sandbox.test/v1/merchant/charges', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        }),
      );
      expect(charge.status).toBe(401);
      expect((await charge.json()).error.code).toBe('MERCHANT_UNAUTHORIZED');
      // A path with a parameter is matched as before.
      const lookup = await handle(new Request('http://sandbox.test/v1/merchant/charges/P-1'));
      expect(lookup.status).toBe(401);
    }
  });
});
