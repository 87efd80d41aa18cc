/**
 * Hosted pages (R35, R36), the way a channel's server meets them (`essc-sdk/hosted` on the
 * published build), beside the raw crypto each cannot avoid, in the same run:
 *
 * - **launch**: `hosted.launch` over `createHttpAdapter` → sandbox on 127.0.0.1 (client and
 *   sandbox in one process, as bench/http.ts), one at a time, against its raw bound: the
 *   request's signature and its check, the response's signature and its check, each body
 *   hashed once a side (raw `node:crypto`, bench/raw.ts);
 * - **receipt**: `hosted.verifyReceipt` of fresh receipts (each accepted once, R36: the JWS,
 *   its claims, the launch in the store, the replay record) against one raw Ed25519 verify of
 *   a message of the receipt's size.
 *
 * Each round launches `count` pages (timed) in five slices, each followed by a slice of the
 * raw launch set, completes them as their citizens would (`platform.completeHosted`, untimed)
 * and verifies the receipts in five slices, each followed by a slice of raw verifies
 * (interleaved, harness.ts says why). Ratios are taken within the round; medians printed.
 *
 * Run alone with `npx tsx bench/hosted.ts`, or through `npm run bench`.
 */
import { median, slice } from './harness.js';
import { forDuration } from './http.js';
import { loadLine, loadPackage } from './package.js';
import { rawExchange, rawKey, rawSign, rawVerify, wireSigningInputs } from './raw.js';

/** The medians of one run, per second. */
export interface HostedBenchResult {
  launchesPerSecond: number;
  /** `launchesPerSecond` over the raw launch set's, within each round. */
  launchRatio: number;
  receiptsPerSecond: number;
  /** `receiptsPerSecond` over raw verifies', within each round. */
  receiptRatio: number;
}

/**
 * Runs the hosted-pages benchmark and prints its figures.
 *
 * @example
 * ```ts
 * const { receiptRatio } = await runHostedBench({ rounds: 3 });
 * ```
 */
export async function runHostedBench(
  options: { rounds?: number; count?: number; log?: (line: string) => void } = {},
): Promise<HostedBenchResult> {
  const log = options.log ?? console.log;
  const rounds = options.rounds ?? 5;
  const count = options.count ?? 400;
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
    const adapter = pkg.http.createHttpAdapter({
      baseUrl: sandbox.url,
      channelId: 'wechat',
      channelKey: channelKeys.privateJwk,
      retries: 0,
    });
    const { signNo } = await createClient({ adapter }).apply({
      channelUserId: 'bench',
      name: '张三',
      idNumber,
      realPerson: platform.realPersonProof(idNumber),
      password: '258046',
    });
    const hosted = pkg.hosted.createHostedPages({ adapter });
    const input = {
      action: 'verify-face' as const,
      channelUserId: 'bench',
      signNo,
      returnUrl: 'https://channel.example.cn/essc/return',
    };
    const launchAll = async (n: number) => {
      const urls: string[] = [];
      const started = performance.now();
      for (let i = 0; i < n; i++) urls.push((await hosted.launch(input)).url);
      return { urls, calls: n, ms: performance.now() - started };
    };
    const complete = (urls: string[]) =>
      Promise.all(urls.map((url) => platform.completeHosted(url, { face: 'pass' })));
    const verifyAll = async (receipts: string[]) => {
      const started = performance.now();
      for (const receipt of receipts) await hosted.verifyReceipt(receipt);
      return { calls: receipts.length, ms: performance.now() - started };
    };

    // Raw bounds: the wire's four signature operations, and the receipt's one verify.
    const platformKey = rawKey(platformKeys.signing.privateJwk);
    const warm = await launchAll(50);
    const sampleReceipts = await complete(warm.urls);
    const [header, payload] = sampleReceipts[0]!.split('.');
    const receiptInput = Buffer.from(`${header}.${payload}`);
    const receiptSignature = rawSign(receiptInput, platformKey);
    const requestBody = JSON.stringify(input);
    const responseBody = JSON.stringify({
      url: `${sandbox.url}/hosted/verify-face?launch=${'l'.repeat(22)}`,
      busiSeq: `hs_${'s'.repeat(22)}`,
      expiresAt: new Date().toISOString(),
    });
    const exchange = rawExchange({
      callerKey: rawKey(channelKeys.privateJwk),
      platformKey,
      ...wireSigningInputs('channel', 'wechat', '/v1/hosted/launches'),
      requestBody,
      responseBody,
    });
    const launchSet = async () => exchange();
    const receiptVerify = async () => rawVerify(receiptInput, platformKey, receiptSignature);
    await verifyAll(sampleReceipts);
    await forDuration(200, launchSet);
    await forDuration(200, receiptVerify);

    const figures = { launch: [], launchRaw: [], receipt: [], receiptRaw: [] } as Record<
      'launch' | 'launchRaw' | 'receipt' | 'receiptRaw',
      number[]
    >;
    // Interleaved (harness.ts): five passes of a slice of the path, then of its raw set.
    const passes = 5;
    const perSecond = (done: { calls: number; ms: number }[]) =>
      (1000 * done.reduce((n, d) => n + d.calls, 0)) / done.reduce((n, d) => n + d.ms, 0);
    for (let round = 0; round < rounds; round++) {
      const urls: string[] = [];
      const launches = [];
      const launchSets = [];
      for (let pass = 0; pass < passes; pass++) {
        const launched = await launchAll(count / passes);
        urls.push(...launched.urls);
        launches.push(launched);
        launchSets.push(await slice(launchSet, 200));
      }
      figures.launch.push(perSecond(launches));
      figures.launchRaw.push(perSecond(launchSets));
      const receipts = await complete(urls);
      const verified = [];
      const verifies = [];
      for (let pass = 0; pass < passes; pass++) {
        const share = receipts.slice((pass * count) / passes, ((pass + 1) * count) / passes);
        verified.push(await verifyAll(share));
        verifies.push(await slice(receiptVerify, 100));
      }
      figures.receipt.push(perSecond(verified));
      figures.receiptRaw.push(perSecond(verifies));
    }
    const ratios = (a: keyof typeof figures, b: keyof typeof figures) =>
      figures[a].map((value, round) => value / figures[b][round]!);
    const describe = (r: number[]) =>
      `${median(r).toFixed(2)}× (rounds ${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
    const n = (value: number) => String(Math.round(value)).padStart(6);
    log(`Hosted pages (essc-sdk/hosted; median of ${rounds} rounds; ${loadLine()})`);
    log(
      `  raw launch set (4 signature operations, 4 hashes)    ${n(median(figures.launchRaw))} sets/s`,
    );
    log(
      `  hosted.launch, http -> sandbox, 1 at a time          ${n(median(figures.launch))} /s  ${describe(ratios('launch', 'launchRaw'))}`,
    );
    log(
      `  raw Ed25519 verify (receipt's size)                  ${n(median(figures.receiptRaw))} /s`,
    );
    log(
      `  hosted.verifyReceipt of fresh receipts               ${n(median(figures.receipt))} /s  ${describe(ratios('receipt', 'receiptRaw'))}`,
    );
    return {
      launchesPerSecond: median(figures.launch),
      launchRatio: median(ratios('launch', 'launchRaw')),
      receiptsPerSecond: median(figures.receipt),
      receiptRatio: median(ratios('receipt', 'receiptRaw')),
    };
  } finally {
    await sandbox.close();
  }
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]hosted\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runHostedBench();
