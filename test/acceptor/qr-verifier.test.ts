import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryNonceStore, createQrVerifier } from '../../src/acceptor/index.js';
import { generateSigningKeyPair, signJwt } from '../../src/crypto/index.js';
import { type ErrorCode, isEsscError } from '../../src/domain/errors.js';
import { createClient } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { BASE45_ALPHABET } from '../../src/qr/base45.js';
import { type Demo, demoWithCard, issue, PASSWORD, SUITES, ZHANG } from './fixtures.js';

/** The code of the EsscError a promise rejects with; fails the test for anything else. */
async function rejectionCode(promise: Promise<unknown>): Promise<ErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (isEsscError(error)) return error.code;
    throw new Error(`rejected with a non-EsscError: ${String(error)}`);
  }
  throw new Error('resolved, expected a rejection');
}

const QR_TTL_MS = 60_000;

for (const suite of SUITES) {
  describe(`createQrVerifier: verify once, refuse the replay (R15, R16) (${suite} suite)`, () => {
    let demo: Demo;
    beforeAll(async () => {
      demo = await demoWithCard({ payment: true, suite });
    });

    it('verifies a fresh identity code and tells what the code carries, masked', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      const qr = await demo.client.issueQr({ signNo: demo.signNo });
      const verified = await verifier.verify(qr.text);
      expect(verified).toEqual({
        purpose: 'identity',
        issuedAt: qr.issuedAt,
        expiresAt: qr.expiresAt,
        holderName: '张*',
        regionCode: ZHANG.regionCode,
        channelId: 'wechat',
        cardRef: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
        onlineChecked: false,
      });
    });

    it('refuses the same code the second time with QR_REPLAYED', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      const text = await issue(demo);
      await verifier.verify(text);
      expect(await rejectionCode(verifier.verify(text))).toBe('QR_REPLAYED');
    });

    it('lets exactly one of two simultaneous verifications of one code through', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      const text = await issue(demo);
      const outcomes = await Promise.allSettled([verifier.verify(text), verifier.verify(text)]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(isEsscError(refused.reason, 'QR_REPLAYED')).toBe(true);
    });

    it('keeps codes of different issues apart: each fresh code verifies once', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      for (let i = 0; i < 5; i++) await verifier.verify(await issue(demo));
    });
  });
}

describe('expiry with a bounded clock tolerance', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await demoWithCard();
  });

  it('accepts a code up to 30 s past its expiry and refuses it after (QR_EXPIRED)', async () => {
    const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
    const issuedAt = demo.clock.ms;
    const within = await issue(demo);
    const beyond = await issue(demo);
    const expiry = Math.floor(issuedAt / 1000) * 1000 + QR_TTL_MS;
    demo.clock.ms = expiry + 30_000;
    await expect(verifier.verify(within)).resolves.toMatchObject({ purpose: 'identity' });
    demo.clock.ms = expiry + 30_001;
    expect(await rejectionCode(verifier.verify(beyond))).toBe('QR_EXPIRED');
  });

  it('uses a smaller tolerance when asked', async () => {
    const verifier = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: demo.clock.now,
      clockToleranceSeconds: 0,
    });
    const issuedAt = demo.clock.ms;
    const text = await issue(demo);
    demo.clock.ms = Math.floor(issuedAt / 1000) * 1000 + QR_TTL_MS + 1;
    expect(await rejectionCode(verifier.verify(text))).toBe('QR_EXPIRED');
  });

  it('refuses a code issued further in the future than the tolerance (a clock far behind)', async () => {
    const platformNow = demo.clock.ms;
    const text = await issue(demo);
    const behind = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: () => platformNow - 31_000,
    });
    expect(await rejectionCode(behind.verify(text))).toBe('QR_EXPIRED');
    const slightlyBehind = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: () => platformNow - 29_000,
    });
    await expect(slightlyBehind.verify(text)).resolves.toBeDefined();
  });

  it('refuses a tolerance above 30 s, or a negative one, when created (R16)', async () => {
    const jwks = await demo.platform.jwks();
    for (const clockToleranceSeconds of [31, 300, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let thrown: unknown;
      try {
        createQrVerifier({ jwks, clockToleranceSeconds });
      } catch (error) {
        thrown = error;
      }
      expect(isEsscError(thrown, 'VALIDATION_FAILED'), String(clockToleranceSeconds)).toBe(true);
    }
  });
});

for (const suite of SUITES) {
  describe(`signatures: only the platform’s keys (${suite} suite)`, () => {
    let demo: Demo;
    let otherPlatformCode: string;
    let otherSuiteCode: string;
    beforeAll(async () => {
      demo = await demoWithCard({ suite });
      const other = MockPlatform.demo({ now: demo.clock.now, passwordHashIterations: 1000, suite });
      const client = createClient({ adapter: other.adapter('wechat') });
      const card = await client.apply({
        channelUserId: 'u',
        name: ZHANG.name,
        idNumber: ZHANG.idNumber,
        realPerson: other.realPersonProof(ZHANG.idNumber),
        password: PASSWORD,
      });
      otherPlatformCode = (await client.issueQr({ signNo: card.signNo })).text;
      const otherSuite = await demoWithCard({ suite: suite === 'sm' ? 'jose' : 'sm' });
      otherSuiteCode = await issue(otherSuite);
    });

    it('refuses a code of the other crypto suite with QR_INVALID_SIGNATURE (R34)', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      expect((await demo.platform.jwks()).keys[0]?.crv).toBe(suite === 'sm' ? 'SM2' : 'Ed25519');
      expect(await rejectionCode(verifier.verify(otherSuiteCode))).toBe('QR_INVALID_SIGNATURE');
      expect((await verifier.verify(await issue(demo))).purpose).toBe('identity');
    });

    it('refuses a well-formed code signed by another platform (QR_INVALID_SIGNATURE)', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      expect(await rejectionCode(verifier.verify(otherPlatformCode))).toBe('QR_INVALID_SIGNATURE');
    });

    it('refuses every altered code with QR_MALFORMED or QR_INVALID_SIGNATURE, nothing else', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      const text = await issue(demo);
      const alphabet = `${BASE45_ALPHABET}abcxyz\u0000é张`;
      const mutation = fc.oneof(
        fc.record({
          kind: fc.constant('replace' as const),
          at: fc.nat(),
          char: fc.constantFrom(...alphabet),
        }),
        fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), char: fc.constant('') }),
        fc.record({
          kind: fc.constant('insert' as const),
          at: fc.nat(),
          char: fc.constantFrom(...alphabet),
        }),
      );
      await fc.assert(
        fc.asyncProperty(mutation, async ({ kind, at, char }) => {
          const i = at % text.length;
          const mutated =
            kind === 'replace'
              ? text.slice(0, i) + char + text.slice(i + 1)
              : kind === 'delete'
                ? text.slice(0, i) + text.slice(i + 1)
                : text.slice(0, i) + char + text.slice(i);
          fc.pre(mutated !== text);
          const code = await rejectionCode(verifier.verify(mutated));
          expect(['QR_MALFORMED', 'QR_INVALID_SIGNATURE']).toContain(code);
        }),
        { numRuns: 300 },
      );
      // The original was never consumed by its altered copies.
      await expect(verifier.verify(text)).resolves.toBeDefined();
    });

    it('refuses garbage with QR_MALFORMED: empty, 100 KB, binary, lower case, a JWS, not a string', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      const text = await issue(demo);
      const key = await generateSigningKeyPair();
      const jws = await signJwt(key, { sub: 'x' }, { expiresInSeconds: 60 });
      const binary = String.fromCharCode(...Array.from({ length: 160 }, (_, i) => (i * 37) % 256));
      const garbage: unknown[] = [
        '',
        ' ',
        'EC1:',
        'A'.repeat(100 * 1024),
        `EC1:${'0'.repeat(100 * 1024)}`,
        binary,
        text.toLowerCase(),
        `${text}\n`,
        jws,
        'ESSCLOGIN:ABCDEFGH',
        'https://example.com/qr',
        undefined,
        null,
        42,
        { text },
      ];
      for (const input of garbage) {
        expect(
          await rejectionCode(verifier.verify(input as string)),
          String(input).slice(0, 40),
        ).toBe('QR_MALFORMED');
      }
    });

    it('never crashes on any string: only QR_MALFORMED or QR_INVALID_SIGNATURE', async () => {
      const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
      const base45Text = fc
        .array(fc.constantFrom(...BASE45_ALPHABET), { minLength: 150, maxLength: 174 })
        .map((chars) => `EC1:${chars.join('')}`);
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ maxLength: 300 }), base45Text), async (input) => {
          const code = await rejectionCode(verifier.verify(input));
          expect(['QR_MALFORMED', 'QR_INVALID_SIGNATURE']).toContain(code);
        }),
        { numRuns: 300 },
      );
    });
  });
}

describe('key rotation and the JWKS URL', () => {
  let demo: Demo;
  let server: Server;
  let url: string;
  let requests = 0;
  let failNext: number | undefined;

  beforeAll(async () => {
    demo = await demoWithCard();
    server = createServer((_req, res) => {
      requests += 1;
      if (failNext !== undefined) {
        res.writeHead(failNext).end();
        failNext = undefined;
        return;
      }
      demo.platform.jwks().then((jwks) => {
        res.writeHead(200, { 'content-type': 'application/jwk-set+json' });
        res.end(JSON.stringify(jwks));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('verifies a code signed before a rotation with the key set published after it', async () => {
    const platform = MockPlatform.demo({ now: demo.clock.now });
    const client = createClient({ adapter: platform.adapter('alipay') });
    const person = DEMO_PEOPLE[2]!;
    const card = await client.apply({
      channelUserId: 'a',
      name: person.name,
      idNumber: person.idNumber,
      realPerson: platform.realPersonProof(person.idNumber),
      password: PASSWORD,
    });
    const before = (await client.issueQr({ signNo: card.signNo })).text;
    await platform.rotateSigningKey();
    const after = (await client.issueQr({ signNo: card.signNo })).text;
    const verifier = createQrVerifier({ jwks: await platform.jwks(), now: demo.clock.now });
    await expect(verifier.verify(before)).resolves.toMatchObject({ holderName: '李*' });
    await expect(verifier.verify(after)).resolves.toMatchObject({ holderName: '李*' });
  });

  it('refreshes a stale key set once when a code names a new key, then at most every 30 s', async () => {
    const verifier = createQrVerifier({ jwks: url, now: demo.clock.now });
    requests = 0;
    await verifier.verify(await issue(demo));
    expect(requests).toBe(1); // loaded on first use, then cached
    await verifier.verify(await issue(demo));
    expect(requests).toBe(1);

    await demo.platform.rotateSigningKey();
    await verifier.verify(await issue(demo)); // names the new key: one refresh
    expect(requests).toBe(2);

    // Codes naming keys nobody publishes cannot make the verifier hammer the platform.
    const other = MockPlatform.demo({ now: demo.clock.now, passwordHashIterations: 1000 });
    const otherClient = createClient({ adapter: other.adapter('wechat') });
    const otherCard = await otherClient.apply({
      channelUserId: 'u',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: other.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    const foreign = async () => (await otherClient.issueQr({ signNo: otherCard.signNo })).text;
    const codes = await Promise.all(Array.from({ length: 10 }, foreign));
    const results = await Promise.all(codes.map((c) => rejectionCode(verifier.verify(c))));
    expect(new Set(results)).toEqual(new Set(['QR_INVALID_SIGNATURE']));
    expect(requests).toBe(2);

    demo.clock.advance(30_000);
    const later = await Promise.all(Array.from({ length: 5 }, foreign));
    const laterResults = await Promise.all(later.map((c) => rejectionCode(verifier.verify(c))));
    expect(new Set(laterResults)).toEqual(new Set(['QR_INVALID_SIGNATURE']));
    expect(requests).toBe(3); // one more look after 30 s, shared by the simultaneous codes
  });

  it('reports an unreachable or failing JWKS as such, and recovers', async () => {
    const down = createQrVerifier({
      jwks: url,
      now: demo.clock.now,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    expect(await rejectionCode(down.verify(await issue(demo)))).toBe('NETWORK');

    const verifier = createQrVerifier({ jwks: url, now: demo.clock.now });
    failNext = 503;
    const text = await issue(demo);
    expect(await rejectionCode(verifier.verify(text))).toBe('PLATFORM_UNAVAILABLE');
    // The code was not consumed, and the verifier tries again a few seconds later.
    demo.clock.advance(5_000);
    await expect(verifier.verify(text)).resolves.toBeDefined();
  });

  it('accepts only https JWKS URLs (plain http to localhost only)', () => {
    for (const bad of ['http://platform.example/jwks.json', 'not a url', 'ftp://127.0.0.1/x']) {
      let thrown: unknown;
      try {
        createQrVerifier({ jwks: bad });
      } catch (error) {
        thrown = error;
      }
      expect(isEsscError(thrown, 'VALIDATION_FAILED'), bad).toBe(true);
    }
    expect(() => createQrVerifier({ jwks: 'https://platform.example/jwks.json' })).not.toThrow();
  });
});

for (const suite of SUITES) {
  describe(`cardRef: stable per acceptor, unlinkable across acceptors (${suite} suite)`, () => {
    let demo: Demo;
    beforeAll(async () => {
      demo = await demoWithCard({ suite });
    });

    it('is the same for every code of a card under one secret, and differs under another', async () => {
      const jwks = await demo.platform.jwks();
      const secretA = 'pharmacy-a-secret-0123456789';
      const a1 = createQrVerifier({ jwks, now: demo.clock.now, cardRefSecret: secretA });
      const a2 = createQrVerifier({ jwks, now: demo.clock.now, cardRefSecret: secretA });
      const b = createQrVerifier({
        jwks,
        now: demo.clock.now,
        cardRefSecret: 'hospital-b-secret-9876543210',
      });
      const first = await a1.verify(await issue(demo));
      const second = await a1.verify(await issue(demo));
      const sameSecret = await a2.verify(await issue(demo));
      const otherSecret = await b.verify(await issue(demo));
      expect(second.cardRef).toBe(first.cardRef);
      expect(sameSecret.cardRef).toBe(first.cardRef);
      expect(otherSecret.cardRef).not.toBe(first.cardRef);
    });

    it('differs between two cards, and between verifiers without a secret', async () => {
      const jwks = await demo.platform.jwks();
      const secret = 'pharmacy-a-secret-0123456789';
      const verifier = createQrVerifier({ jwks, now: demo.clock.now, cardRefSecret: secret });
      const person = DEMO_PEOPLE[1]!;
      const other = await demo.client.apply({
        channelUserId: 'wx-user-2',
        name: person.name,
        idNumber: person.idNumber,
        realPerson: demo.platform.realPersonProof(person.idNumber),
        password: PASSWORD,
      });
      const zhang = await verifier.verify(await issue(demo));
      const maimaiti = await verifier.verify(
        (await demo.client.issueQr({ signNo: other.signNo })).text,
      );
      expect(maimaiti.cardRef).not.toBe(zhang.cardRef);
      expect(maimaiti.holderName).toBe('买*');

      const random1 = createQrVerifier({ jwks, now: demo.clock.now });
      const random2 = createQrVerifier({ jwks, now: demo.clock.now });
      const r1 = await random1.verify(await issue(demo));
      const r1again = await random1.verify(await issue(demo));
      const r2 = await random2.verify(await issue(demo));
      expect(r1again.cardRef).toBe(r1.cardRef);
      expect(r2.cardRef).not.toBe(r1.cardRef);
    });

    it('refuses a secret shorter than 16 bytes', async () => {
      let thrown: unknown;
      try {
        createQrVerifier({ jwks: await demo.platform.jwks(), cardRefSecret: 'short' });
      } catch (error) {
        thrown = error;
      }
      expect(isEsscError(thrown, 'VALIDATION_FAILED')).toBe(true);
    });
  });
}

describe('the memory replay store follows live codes, not traffic', () => {
  it('holds a nonce per live code and none once they have all expired', async () => {
    const demo = await demoWithCard();
    const nonceStore = createMemoryNonceStore({ now: demo.clock.now });
    const verifier = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: demo.clock.now,
      nonceStore,
    });
    for (let i = 0; i < 25; i++) await verifier.verify(await issue(demo));
    expect(nonceStore.size()).toBe(25);
    // Past expiry + tolerance + the skew margin, nothing needs remembering.
    demo.clock.advance(QR_TTL_MS + 30_000 + 60_000 + 1_000);
    expect(nonceStore.size()).toBe(0);
  });
});

describe('online status check for payments', () => {
  let demo: Demo;
  let cardNo: string;
  beforeAll(async () => {
    demo = await demoWithCard({ payment: true });
    cardNo = demo.platform.currentCard(ZHANG.idNumber).cardNo;
  });

  it('refuses a payment code of a card reported lost (CARD_INACTIVE), consuming it anyway', async () => {
    const verifier = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: demo.clock.now,
      statusCheck: demo.platform.cardStatusCheck(),
    });
    const text = await issue(demo, 'payment');
    demo.platform.setCardStatus(cardNo, 'lost');
    try {
      let thrown: unknown;
      try {
        await verifier.verify(text);
      } catch (error) {
        thrown = error;
      }
      expect(isEsscError(thrown, 'CARD_INACTIVE')).toBe(true);
      expect((thrown as { details: unknown }).details).toEqual({ status: 'lost' });
      // R15: the first verification consumed the code, though the status check failed.
      demo.platform.setCardStatus(cardNo, 'normal');
      expect(await rejectionCode(verifier.verify(text))).toBe('QR_REPLAYED');
    } finally {
      demo.platform.setCardStatus(cardNo, 'normal');
    }
  });

  it('checks payment codes by default and identity codes on request', async () => {
    const verifier = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: demo.clock.now,
      statusCheck: demo.platform.cardStatusCheck(),
    });
    await expect(verifier.verify(await issue(demo, 'payment'))).resolves.toMatchObject({
      purpose: 'payment',
      onlineChecked: true,
    });
    await expect(verifier.verify(await issue(demo))).resolves.toMatchObject({
      purpose: 'identity',
      onlineChecked: false,
    });
    const identity = await issue(demo);
    demo.platform.setCardStatus(cardNo, 'sealed');
    try {
      expect(await rejectionCode(verifier.verify(identity, { online: true }))).toBe(
        'CARD_INACTIVE',
      );
    } finally {
      demo.platform.setCardStatus(cardNo, 'normal');
    }
  });

  it('asks for a statusCheck before consuming a code verified with { online: true }', async () => {
    const verifier = createQrVerifier({ jwks: await demo.platform.jwks(), now: demo.clock.now });
    const text = await issue(demo);
    expect(await rejectionCode(verifier.verify(text, { online: true }))).toBe('VALIDATION_FAILED');
    await expect(verifier.verify(text)).resolves.toBeDefined();
  });

  it('reports a failing status check as PLATFORM_UNAVAILABLE, the code consumed', async () => {
    const verifier = createQrVerifier({
      jwks: await demo.platform.jwks(),
      now: demo.clock.now,
      statusCheck: () => Promise.reject(new Error('socket hang up')),
    });
    const text = await issue(demo, 'payment');
    expect(await rejectionCode(verifier.verify(text))).toBe('PLATFORM_UNAVAILABLE');
    expect(await rejectionCode(verifier.verify(text))).toBe('QR_REPLAYED');
  });
});
