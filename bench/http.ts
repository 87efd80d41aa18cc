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
import { parseQrText } from '../src/qr/codec.js';
import { median, slice } from './harness.js';
import { loadLine, loadPackage } from './package.js';
import { rawExchange, rawKey, rawSign, wireSigningInputs } from './raw.js';

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
 * a time for `seconds`, then `concurrency` in flight and the crypto-bound limit in interleaved
 * slices (`seconds` each in all); the ratio is taken within each round (the machine's load
 * moves between rounds) and medians printed.
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

  const pkg = await loadPackage();
  const { createClient, idNumberCheckChar } = pkg.core;
  const channelKeys = await pkg.http.generateCallerKeyPair('EdDSA');
  const platformKeys = await pkg.mock.generatePlatformKeys();
  const platform = new pkg.mock.MockPlatform({ keys: platformKeys });
  platform.enableRegion('440100', '广州市');
  platform.registerChannel({ id: 'wechat', name: '微信', publicKey: channelKeys.publicJwk });
  const idNumber = `44010619900307123${idNumberCheckChar('44010619900307123')}`;
  platform.addPerson({ name: '张三', idNumber, regionCode: '440100' });
  const sandbox = await pkg.sandbox.startSandbox({ platform, port: 0 });
  try {
    const client = createClient({
      adapter: pkg.http.createHttpAdapter({
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

    // The crypto-bound limit: the same five signatures and two body hashes a side, raw
    // node:crypto with the same keys on messages of the sizes the wire signs (bench/raw.ts).
    const platformKey = rawKey(platformKeys.signing.privateJwk);
    const code = parseQrText((await client.issueQr({ signNo: card.signNo })).text);
    const requestBody = '{"purpose":"identity"}';
    const responseBody = JSON.stringify({
      text: `EC1:${'A'.repeat(159)}`,
      purpose: 'identity',
      expiresAt: new Date().toISOString(),
      issuedAt: new Date().toISOString(),
    });
    const exchange = rawExchange({
      callerKey: rawKey(channelKeys.privateJwk),
      platformKey,
      ...wireSigningInputs('channel', 'wechat', `/v1/cards/${card.signNo}/qr`),
      requestBody,
      responseBody,
    });
    const signCode = () => void rawSign(code.signedBytes, platformKey);
    const cryptoSet = async () => exchange(signCode);
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
      // Throughput, `concurrency` requests in flight, and the limit, in interleaved slices
      // (harness.ts says why): 10 of each, `seconds` in all for each.
      let requests = 0;
      let requestMs = 0;
      let sets = 0;
      let setMs = 0;
      for (let pass = 0; pass < 10; pass++) {
        const started = performance.now();
        const counts = await Promise.all(
          Array.from({ length: concurrency }, () => forDuration(seconds * 100, issue)),
        );
        requestMs += performance.now() - started;
        requests += counts.reduce((a, b) => a + b, 0);
        const set = await slice(cryptoSet, seconds * 100);
        sets += set.calls;
        setMs += set.ms;
      }
      const requestsPerSecond = (1000 * requests) / requestMs;
      const limit = (1000 * sets) / setMs;
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
      `QR issue over HTTP (http adapter -> sandbox on 127.0.0.1, one process; median of ${rounds} rounds; ${loadLine()})`,
    );
    log(
      `  crypto-bound limit (5 raw signatures made/checked)      ${Math.round(result.cryptoLimitPerSecond)} sets/s`,
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
