/**
 * Fuzzing the offline QR verifier (R15, R16) with what a scanner can hand it: random text,
 * valid codes truncated, bit-flipped or with one base45 character changed, huge inputs and
 * values that are not strings at all. Every input must be refused with a `QR_*` EsscError;
 * a mutated valid code is never accepted; a refused input consumes no nonce and loads no
 * keys (the work per input is bounded by counts, never by time); the untouched codes still
 * verify afterwards.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createQrVerifier, type NonceStore, type QrVerifier } from '../../src/acceptor/index.js';
import { createClient, isEsscError } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { fuzzParameters } from './config.js';

const BASE45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const PREFIX = 'EC1:';
const PASSWORD = '258046';
const QR_CODES = new Set(['QR_MALFORMED', 'QR_INVALID_SIGNATURE', 'QR_EXPIRED', 'QR_REPLAYED']);

let platform: MockPlatform;
let valid: string[];
let verifier: QrVerifier;
const counts = { keyLoads: 0, nonces: 0, inputs: 0 };
const now = Date.UTC(2026, 5, 1, 8, 0, 0);

beforeAll(async () => {
  platform = MockPlatform.demo({ now: () => now, passwordHashIterations: 1000 });
  const zhang = DEMO_PEOPLE[0];
  const client = createClient({ adapter: platform.adapter('wechat') });
  const card = await client.apply({
    channelUserId: 'fuzz-1',
    name: zhang.name,
    idNumber: zhang.idNumber,
    realPerson: platform.realPersonProof(zhang.idNumber),
    password: PASSWORD,
  });
  await client.enablePayment({ signNo: card.signNo, verification: { password: PASSWORD } });
  valid = [];
  for (let i = 0; i < 5; i++) {
    const purpose = i % 2 === 0 ? 'identity' : 'payment';
    const qr = await client.issueQr({
      signNo: card.signNo,
      purpose,
      ...(purpose === 'payment' ? { verification: { password: PASSWORD } } : {}),
    });
    valid.push(qr.text);
  }
  const jwks = await platform.jwks();
  const memory = new Map<string, number>();
  const nonceStore: NonceStore = {
    async consume(nonce, expiresAtMs) {
      counts.nonces += 1;
      if (memory.has(nonce)) return false;
      memory.set(nonce, expiresAtMs);
      return true;
    },
  };
  const warmUp = valid.pop()!;
  verifier = createQrVerifier({
    // A loader (not a fixed set) so every key fetch is counted, refreshes included.
    jwks: async () => {
      counts.keyLoads += 1;
      return jwks;
    },
    nonceStore,
    now: () => now,
  });
  // The first verification loads the keys; from then on each input may cost one refresh.
  await verifier.verify(warmUp);
});

/** Verifies one input, expecting a refusal with one of `codes`; returns the code. */
async function refused(input: unknown, codes: ReadonlySet<string> = QR_CODES): Promise<string> {
  counts.inputs += 1;
  let outcome: unknown;
  try {
    await verifier.verify(input as string);
    outcome = 'accepted';
  } catch (error) {
    outcome = error;
  }
  if (outcome === 'accepted')
    expect.fail(`accepted ${JSON.stringify(String(input)).slice(0, 200)}`);
  if (!isEsscError(outcome) || !codes.has(outcome.code)) {
    expect.fail(`refused with ${String(outcome)} (${(outcome as { code?: string })?.code})`);
  }
  return outcome.code;
}

const validCode = () => fc.nat({ max: 3 }).map((i) => valid[i]!);
const body = (text: string) => text.slice(PREFIX.length);
const FORGERY = new Set(['QR_MALFORMED', 'QR_INVALID_SIGNATURE']);

describe('createQrVerifier under fuzzed input', () => {
  it('refuses random text with a QR_* code', async () => {
    const text = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: fc.constantFrom(...BASE45), maxLength: 200 }).map((s) => PREFIX + s),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
    );
    await fc.assert(
      fc.asyncProperty(text, async (t) => {
        await refused(t);
      }),
      fuzzParameters(1000),
    );
  });

  it('never accepts a valid code truncated, bit-flipped or with one base45 character changed', async () => {
    const truncated = validCode().chain((code) =>
      fc.nat({ max: code.length - 1 }).map((n) => code.slice(0, n)),
    );
    const bitFlipped = validCode().chain((code) =>
      fc
        .tuple(fc.nat({ max: code.length - 1 }), fc.nat({ max: 15 }))
        .map(
          ([i, bit]) =>
            code.slice(0, i) +
            String.fromCharCode(code.charCodeAt(i) ^ (1 << bit)) +
            code.slice(i + 1),
        ),
    );
    const oneChar = validCode().chain((code) =>
      fc
        .tuple(fc.nat({ max: body(code).length - 1 }), fc.nat({ max: BASE45.length - 2 }))
        .map(([i, k]) => {
          const at = PREFIX.length + i;
          const others = BASE45.replace(code[at]!, '');
          return code.slice(0, at) + others[k]! + code.slice(at + 1);
        }),
    );
    const appended = validCode().chain((code) =>
      fc
        .string({ unit: fc.constantFrom(...BASE45), minLength: 1, maxLength: 6 })
        .map((s) => code + s),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(truncated, bitFlipped, oneChar, appended), async (mutant) => {
        fc.pre(!valid.includes(mutant));
        const before = { ...counts };
        await refused(mutant, FORGERY);
        // A forgery is refused before its nonce is looked at: it cannot burn the real code.
        expect(counts.nonces).toBe(before.nonces);
        // At most one key refresh per input (for a key id the set does not hold).
        expect(counts.keyLoads - before.keyLoads).toBeLessThanOrEqual(1);
      }),
      fuzzParameters(2000),
    );
  });

  it('refuses huge inputs before parsing them (no key load, no nonce)', async () => {
    const huge = fc.oneof(
      fc.integer({ min: 179, max: 4096 }).map((n) => PREFIX + 'A'.repeat(n)),
      fc
        .constantFrom(1_000_000, 4_000_000)
        .map((n) => PREFIX + BASE45.repeat(Math.ceil(n / 45)).slice(0, n)),
      validCode().map((code) => code.repeat(20)),
    );
    await fc.assert(
      fc.asyncProperty(huge, async (text) => {
        const before = { ...counts };
        expect(await refused(text)).toBe('QR_MALFORMED');
        expect(counts.keyLoads).toBe(before.keyLoads);
        expect(counts.nonces).toBe(before.nonces);
      }),
      fuzzParameters(30),
    );
    const megabyte = PREFIX + '0'.repeat(1_000_000);
    expect(await refused(megabyte)).toBe('QR_MALFORMED');
  });

  it('refuses values that are not strings with QR_MALFORMED', async () => {
    const notText = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.bigInt(),
      fc.constant(null),
      fc.constant(undefined),
      fc.object(),
      fc.array(fc.anything(), { maxLength: 5 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      validCode().map((code) => Buffer.from(code)),
      validCode().map((code) => ({ toString: () => code })),
      validCode().map((code) => [code]),
      fc.constant(new String('EC1:')),
    );
    await fc.assert(
      fc.asyncProperty(notText, async (value) => {
        expect(await refused(value)).toBe('QR_MALFORMED');
      }),
      fuzzParameters(500),
    );
  });

  it('still accepts each untouched code exactly once afterwards', async () => {
    for (const code of valid) {
      await expect(verifier.verify(code)).resolves.toMatchObject({ regionCode: '440100' });
      expect(await refused(code)).toBe('QR_REPLAYED');
    }
    console.info(
      `test/fuzz/qr-verifier: ${counts.inputs} inputs refused, ${counts.keyLoads} key loads`,
    );
  });
});
