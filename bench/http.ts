/**
 * QR issue through the http adapter against the sandbox on loopback, beside the crypto-bound
 * limit of the same request measured in the same run: the signatures one request must make
 * and check (request signature, its verification, the QR signature, the response signature,
 * its verification), done directly one after another with the same keys and functions.
 *
 * Client and sandbox share this one process (and its event loop), as do the direct
 * signatures, so the two figures are comparable. Only ratios are meant to be read; nothing
 * here asserts a timing.
 *
 * Run alone with `npx tsx bench/http.ts`, or through `npm run bench`.
 */
import { randomBytes } from '../src/crypto/index.js';
import { createHttpAdapter, generateCallerKeyPair } from '../src/http/index.js';
import { createClient, idNumberCheckChar } from '../src/index.js';
import { MockPlatform } from '../src/mock/index.js';
import { engineOf } from '../src/mock/mock-platform.js';
import { QR_CARD_REF_BYTES, QR_NONCE_BYTES, shortKeyId, signQr } from '../src/qr/codec.js';
import { startSandbox } from '../src/sandbox/index.js';
import {
  bodySha256,
  signRequest,
  signResponse,
  verifyRequestSignature,
  verifyResponseSignature,
} from '../src/wire/signatures.js';
import { median } from './harness.js';

/** The figures of one run: medians over its rounds. */
export interface HttpBenchResult {
  rounds: number;
  /** Requests per second with `concurrency` requests in flight. */
  requestsPerSecond: number;
  concurrency: number;
  /** Latency of one request at a time, milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** The crypto-bound limit: complete sets of the request's signatures per second. */
  cryptoLimitPerSecond: number;
  /** `requestsPerSecond / cryptoLimitPerSecond` taken within each round, median. */
  ratio: number;
}

/** Runs `work` one call after another for `ms`; answers how many calls completed. */
export async function forDuration(ms: number, work: () => Promise<void>): Promise<number> {
  const end = performance.now() + ms;
  let count = 0;
  while (performance.now() < end) {
    await work();
    count++;
  }
  return count;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * Runs the http benchmark and prints its figures: `rounds` rounds, each timing one request at
 * a time, then `concurrency` in flight, then the crypto-bound limit, `seconds` each; the ratio
 * is taken within each round (the machine's load moves between rounds) and medians printed.
 *
 * @example
 * ```ts
 * const { ratio } = await runHttpBench({ rounds: 3, seconds: 1 });
 * ```
 */
export async function runHttpBench(
  options: {
    rounds?: number;
    seconds?: number;
    concurrency?: number;
    log?: (line: string) => void;
  } = {},
): Promise<HttpBenchResult> {
  const log = options.log ?? console.log;
  const rounds = options.rounds ?? 5;
  const seconds = options.seconds ?? 1;
  const concurrency = options.concurrency ?? 4;

  const channelKeys = await generateCallerKeyPair('EdDSA');
  const platform = new MockPlatform();
  platform.enableRegion('440100', '广州市');
  platform.registerChannel({ id: 'wechat', name: '微信', publicKey: channelKeys.publicJwk });
  const idNumber = `44010619900307123${idNumberCheckChar('44010619900307123')}`;
  platform.addPerson({ name: '张三', idNumber, regionCode: '440100' });
  const sandbox = await startSandbox({ platform, port: 0 });
  try {
    const client = createClient({
      adapter: createHttpAdapter({
        baseUrl: sandbox.url,
        channelId: 'wechat',
        channelKey: channelKeys.privateJwk,
        retries: 0,
      }),
    });
    const card = await client.apply({
      channelUserId: 'bench',
      name: '张三',
      idNumber,
      realPerson: platform.realPersonProof(idNumber),
      password: '258046',
    });
    const issue = async () => {
      await client.issueQr({ signNo: card.signNo });
    };

    // Warm-up: JIT, key imports, JWKS and encryption-key fetches.
    await forDuration(500, issue);

    // The crypto-bound limit: the same signatures, done directly.
    const platformKey = await engineOf(platform).currentSigningKey();
    const jwks = await platform.jwks();
    const keyId = await shortKeyId(platformKey.publicJwk);
    const cryptoSet = async () => {
      const requestJws = await signRequest(channelKeys.privateJwk, {
        v: 1,
        kind: 'channel',
        caller: 'wechat',
        method: 'POST',
        path: `/v1/cards/${card.signNo}/qr`,
        bodySha256: await bodySha256('{"purpose":"identity"}'),
        timestamp: Date.now(),
        nonce: 'n'.repeat(22),
        idempotencyKey: 'idk_bench',
      });
      if (!(await verifyRequestSignature(channelKeys.publicJwk, requestJws))) {
        throw new Error('request signature did not verify');
      }
      const issuedAt = Math.floor(Date.now() / 1000);
      await signQr(
        {
          version: 1,
          keyId,
          purpose: 'identity',
          issuedAt,
          expiresAt: issuedAt + 60,
          channelId: 'wechat',
          cardRef: randomBytes(QR_CARD_REF_BYTES),
          regionCode: '440100',
          holderSurname: '张',
          nonce: randomBytes(QR_NONCE_BYTES),
        },
        platformKey,
      );
      const responseJws = await signResponse(platformKey, {
        v: 1,
        status: 200,
        bodySha256: await bodySha256('{"text":"…"}'),
        nonce: 'n'.repeat(22),
        requestId: 'req_bench',
      });
      if (!(await verifyResponseSignature(jwks, responseJws)).ok) {
        throw new Error('response signature did not verify');
      }
    };
    await forDuration(300, cryptoSet);

    const figures = { p50: [], p99: [], rps: [], limit: [], ratio: [] } as Record<
      'p50' | 'p99' | 'rps' | 'limit' | 'ratio',
      number[]
    >;
    for (let round = 0; round < rounds; round++) {
      // Latency, one request at a time.
      const latencies: number[] = [];
      await forDuration(seconds * 1000, async () => {
        const started = performance.now();
        await issue();
        latencies.push(performance.now() - started);
      });
      latencies.sort((a, b) => a - b);
      figures.p50.push(percentile(latencies, 50));
      figures.p99.push(percentile(latencies, 99));
      // Throughput, `concurrency` requests in flight.
      const counts = await Promise.all(
        Array.from({ length: concurrency }, () => forDuration(seconds * 1000, issue)),
      );
      const requestsPerSecond = counts.reduce((a, b) => a + b, 0) / seconds;
      const limit = (await forDuration(seconds * 1000, cryptoSet)) / seconds;
      figures.rps.push(requestsPerSecond);
      figures.limit.push(limit);
      figures.ratio.push(requestsPerSecond / limit);
    }
    const result: HttpBenchResult = {
      rounds,
      requestsPerSecond: median(figures.rps),
      concurrency,
      p50Ms: median(figures.p50),
      p99Ms: median(figures.p99),
      cryptoLimitPerSecond: median(figures.limit),
      ratio: median(figures.ratio),
    };
    const spread = `${Math.min(...figures.ratio).toFixed(2)}–${Math.max(...figures.ratio).toFixed(2)}`;
    log(
      `QR issue over HTTP (http adapter -> sandbox on 127.0.0.1, one process; median of ${rounds} rounds)`,
    );
    log(
      `  crypto-bound limit (5 signatures made/checked directly)  ${Math.round(result.cryptoLimitPerSecond)} sets/s`,
    );
    log(
      `  http adapter, ${concurrency} in flight                          ${Math.round(result.requestsPerSecond)} req/s  ${result.ratio.toFixed(2)}× limit (rounds ${spread})`,
    );
    log(
      `  latency, one at a time                                p50 ${result.p50Ms.toFixed(2)} ms  p99 ${result.p99Ms.toFixed(2)} ms`,
    );
    return result;
  } finally {
    await sandbox.close();
  }
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]http\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runHttpBench();
