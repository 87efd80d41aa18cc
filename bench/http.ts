/**
 * QR issue through the http adapter against the sandbox on loopback, beside the crypto-bound
 * limit of the same request measured in the same run: the signatures one request must make
 * and check (request signature, its verification, the QR signature, the response signature,
 * its verification), done directly one after another with the same keys and functions.
 *
 * Two set-ups, measured in the same rounds: the sandbox as users run it, the package's
 * `essc-sandbox` command in a process of its own (bench/sandbox-process.ts, seeded through its
 * admin routes), and client and sandbox sharing this one process and its event loop (the
 * figure before issue 25's second pass). The raw bound runs one call at a time in this
 * process, on one core; with the sandbox in its own process both sides may use both cores of
 * these machines, so the run prints the cores each side used. Only ratios are meant to be
 * read; nothing here asserts a timing.
 *
 * Run alone with `npx tsx bench/http.ts`, or through `npm run bench`.
 */
import { parseQrText } from '../src/qr/codec.js';
import { median, slice } from './harness.js';
import { loadLine, loadPackage } from './package.js';
import { rawExchange, rawKey, rawSign, wireSigningInputs } from './raw.js';
import { coresLine, cpuMeter, startSandboxProcess } from './sandbox-process.js';

/** The figures of one set-up: medians over the rounds. */
export interface HttpSetupResult {
  /** Requests per second with `concurrency` requests in flight. */
  requestsPerSecond: number;
  /** Latency of one request at a time, milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** `requestsPerSecond / cryptoLimitPerSecond` taken within each round, median. */
  ratio: number;
}

/** The figures of one run: medians over its rounds. */
export interface HttpBenchResult extends HttpSetupResult {
  rounds: number;
  concurrency: number;
  /** The crypto-bound limit: complete sets of the request's signatures per second. */
  cryptoLimitPerSecond: number;
  /** The sandbox in its own process (the top-level figures are the one-process set-up's). */
  separate: HttpSetupResult & {
    /** Cores each side used while measured (CPU seconds over wall seconds). */
    clientCores: number;
    sandboxCores: number | undefined;
  };
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
 * a time for `seconds` per set-up, then `concurrency` in flight for each set-up and the
 * crypto-bound limit in interleaved slices (`seconds` each in all); the ratio is taken within
 * each round (the machine's load moves between rounds) and medians printed.
 *
 * @example
 * ```ts
 * const { ratio, separate } = await runHttpBench({ rounds: 3, seconds: 1 });
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
  const person = { name: '张三', idNumber, regionCode: '440100' };
  platform.addPerson(person);
  const sandbox = await pkg.sandbox.startSandbox({ platform, port: 0 });
  // The sandbox as users run it: the package's command in its own process, seeded alike
  // through its admin routes.
  const process2 = await startSandboxProcess();
  try {
    await process2.admin('/admin/regions', { regionCode: '440100', name: '广州市' });
    await process2.admin('/admin/channels', {
      id: 'wechat',
      name: '微信',
      publicKey: channelKeys.publicJwk,
    });
    await process2.admin('/admin/persons', person);
    let signNo = '';
    const clientOf = async (url: string, realPerson: string) => {
      const client = createClient({
        adapter: pkg.http.createHttpAdapter({
          baseUrl: url,
          channelId: 'wechat',
          channelKey: channelKeys.privateJwk,
          retries: 0,
        }),
      });
      const card = await client.apply({
        channelUserId: 'bench',
        name: '张三',
        idNumber,
        realPerson,
        password: '258046',
      });
      signNo = card.signNo;
      return async () => (await client.issueQr({ signNo: card.signNo })).text;
    };
    const issueText = await clientOf(sandbox.url, platform.realPersonProof(idNumber));
    const { realPerson } = await process2.admin<{ realPerson: string }>(
      `/admin/persons/${idNumber}/real-person-proof`,
    );
    const issueTextApart = await clientOf(process2.url, realPerson);
    const setups = {
      together: async () => void (await issueText()),
      apart: async () => void (await issueTextApart()),
    };

    // Warm-up: JIT, key imports, JWKS and encryption-key fetches.
    await forDuration(500, setups.together);
    await forDuration(500, setups.apart);

    // The crypto-bound limit: the same five signatures and two body hashes a side, raw
    // node:crypto with the same keys on messages of the sizes the wire signs (bench/raw.ts).
    const platformKey = rawKey(platformKeys.signing.privateJwk);
    const code = parseQrText(await issueText());
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
      ...wireSigningInputs('channel', 'wechat', `/v1/cards/${signNo}/qr`),
      requestBody,
      responseBody,
    });
    const signCode = () => void rawSign(code.signedBytes, platformKey);
    const cryptoSet = async () => exchange(signCode);
    await forDuration(300, cryptoSet);

    type Figures = Record<'p50' | 'p99' | 'rps' | 'ratio', number[]>;
    const empty = (): Figures => ({ p50: [], p99: [], rps: [], ratio: [] });
    const figures = { together: empty(), apart: empty() };
    const limits: number[] = [];
    const meter = cpuMeter(process2);
    for (let round = 0; round < rounds; round++) {
      // Latency, one request at a time.
      for (const name of ['together', 'apart'] as const) {
        const latencies: number[] = [];
        await forDuration(seconds * 1000, async () => {
          const started = performance.now();
          await setups[name]();
          latencies.push(performance.now() - started);
        });
        latencies.sort((a, b) => a - b);
        figures[name].p50.push(percentile(latencies, 50));
        figures[name].p99.push(percentile(latencies, 99));
      }
      // Throughput, `concurrency` requests in flight, and the limit, in interleaved slices
      // (harness.ts says why): 10 of each, `seconds` in all for each.
      const spent = { together: { calls: 0, ms: 0 }, apart: { calls: 0, ms: 0 } };
      let sets = 0;
      let setMs = 0;
      for (let pass = 0; pass < 10; pass++) {
        const order =
          pass % 2 === 0 ? (['together', 'apart'] as const) : (['apart', 'together'] as const);
        for (const name of order) {
          if (name === 'apart') meter.start();
          const started = performance.now();
          const counts = await Promise.all(
            Array.from({ length: concurrency }, () => forDuration(seconds * 100, setups[name])),
          );
          spent[name].ms += performance.now() - started;
          if (name === 'apart') meter.stop();
          spent[name].calls += counts.reduce((a, b) => a + b, 0);
        }
        const set = await slice(cryptoSet, seconds * 100);
        sets += set.calls;
        setMs += set.ms;
      }
      const limit = (1000 * sets) / setMs;
      limits.push(limit);
      for (const name of ['together', 'apart'] as const) {
        const requestsPerSecond = (1000 * spent[name].calls) / spent[name].ms;
        figures[name].rps.push(requestsPerSecond);
        figures[name].ratio.push(requestsPerSecond / limit);
      }
    }
    const summary = (f: Figures): HttpSetupResult => ({
      requestsPerSecond: median(f.rps),
      p50Ms: median(f.p50),
      p99Ms: median(f.p99),
      ratio: median(f.ratio),
    });
    const { used } = meter;
    const result: HttpBenchResult = {
      rounds,
      concurrency,
      cryptoLimitPerSecond: median(limits),
      ...summary(figures.together),
      separate: {
        ...summary(figures.apart),
        clientCores: used.clientCpu / used.wall,
        sandboxCores: used.sandboxCpu === undefined ? undefined : used.sandboxCpu / used.wall,
      },
    };
    const spread = (f: Figures) =>
      `${Math.min(...f.ratio).toFixed(2)}–${Math.max(...f.ratio).toFixed(2)}`;
    log(
      `QR issue over HTTP (http adapter -> sandbox on 127.0.0.1; median of ${rounds} rounds; ${loadLine()})`,
    );
    log(
      `  crypto-bound limit (5 raw signatures made/checked, one core)   ${Math.round(result.cryptoLimitPerSecond)} sets/s`,
    );
    const row = (title: string, f: Figures, r: HttpSetupResult) => {
      log(
        `  ${title.padEnd(56)} ${Math.round(r.requestsPerSecond)} req/s  ${r.ratio.toFixed(2)}× limit (rounds ${spread(f)})`,
      );
      log(
        `    latency, one at a time                                  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms`,
      );
    };
    row(
      `sandbox in its own process (essc-sandbox), ${concurrency} in flight`,
      figures.apart,
      result.separate,
    );
    log(`    ${coresLine(process2, used)}`);
    row(`client and sandbox in one process, ${concurrency} in flight`, figures.together, result);
    return result;
  } finally {
    await sandbox.close();
    await process2.close();
  }
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]http\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runHttpBench();
