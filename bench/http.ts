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
import { QR_CARD_REF_BYTES, QR_NONCE_BYTES, shortKeyId, signQr } from '../src/qr/codec.js';
import { startSandbox } from '../src/sandbox/index.js';
import {
  bodySha256,
  signRequest,
  signResponse,
  verifyRequestSignature,
  verifyResponseSignature,
} from '../src/wire/signatures.js';

/** The figures of one run. */
export interface HttpBenchResult {
  /** Requests per second with `concurrency` requests in flight. */
  requestsPerSecond: number;
  concurrency: number;
  /** Latency of one request at a time, milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** The crypto-bound limit: complete sets of the request's signatures per second. */
  cryptoLimitPerSecond: number;
  /** `requestsPerSecond / cryptoLimitPerSecond`. */
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
 * Runs the http benchmark and prints its figures.
 *
 * @example
 * ```ts
 * const { ratio } = await runHttpBench({ seconds: 3 });
 * ```
 */
export async function runHttpBench(
  options: { seconds?: number; concurrency?: number; log?: (line: string) => void } = {},
): Promise<HttpBenchResult> {
  const log = options.log ?? console.log;
  const seconds = options.seconds ?? 3;
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

    // Latency, one request at a time.
    const latencies: number[] = [];
    await forDuration(seconds * 1000, async () => {
      const started = performance.now();
      await issue();
      latencies.push(performance.now() - started);
    });
    latencies.sort((a, b) => a - b);

    // Throughput, `concurrency` requests in flight.
    const counts = await Promise.all(
      Array.from({ length: concurrency }, () => forDuration(seconds * 1000, issue)),
    );
    const requestsPerSecond = counts.reduce((a, b) => a + b, 0) / seconds;

    // The crypto-bound limit: the same signatures, done directly.
    const platformKey = await platform.engine.currentSigningKey();
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
    const sets = await forDuration(seconds * 1000, cryptoSet);
    const cryptoLimitPerSecond = sets / seconds;

    const result: HttpBenchResult = {
      requestsPerSecond,
      concurrency,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      cryptoLimitPerSecond,
      ratio: requestsPerSecond / cryptoLimitPerSecond,
    };
    log('QR issue over HTTP (http adapter -> sandbox on 127.0.0.1, one process)');
    log(
      `  crypto-bound limit (5 signatures made/checked directly)  ${Math.round(cryptoLimitPerSecond)} sets/s`,
    );
    log(
      `  http adapter, ${concurrency} in flight                          ${Math.round(requestsPerSecond)} req/s  ${result.ratio.toFixed(2)}× limit`,
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
