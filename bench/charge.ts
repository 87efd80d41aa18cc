/**
 * A charge (R21–R23) through `createPaymentTerminal`, on the mock's in-process merchant adapter
 * and over `createHttpMerchantAdapter` → sandbox on loopback, beside the crypto a charge
 * cannot avoid, measured in the same run:
 *
 * - the brief's bound: the code's signature verification, the merchant's request signature
 *   and the check of the platform's response signature (the three the merchant's side and the
 *   code need);
 * - the whole set one in-process http charge pays: those three plus the sandbox's check of the
 *   request signature and its signing of the response.
 *
 * Over http in two set-ups, in the same rounds: the sandbox as users run it, the package's
 * `essc-sandbox` command in a process of its own (bench/sandbox-process.ts, seeded through its
 * admin routes, its codes issued over http), and client and sandbox sharing this process (the
 * figure before issue 25's second pass). The raw sets run one call at a time in this process,
 * on one core; the separate sandbox may use the other core, so the run prints the cores each
 * side used.
 *
 * Payment codes are issued before each round (in-process, outside the timing, each with a
 * fresh real-person proof: a password costs a PBKDF2 verification more, and issuing is not
 * what is measured) and each is charged once. Several rounds; in each, five passes of a slice
 * of every path and raw set in turn (interleaved: harness.ts says why); every ratio is taken
 * within its round and the medians are printed, with the spread. All raw sets are
 * `node:crypto` alone (bench/raw.ts). Only ratios are meant to be read; nothing here asserts
 * a timing.
 *
 * Run alone with `npx tsx bench/charge.ts`, or through `npm run bench`.
 */

import type { JWK } from 'jose';
import { parseQrText } from '../src/qr/codec.js';
import { median, slice } from './harness.js';
import { forDuration } from './http.js';
import { loadLine, loadPackage, type Package } from './package.js';
import {
  rawBodyHash,
  rawExchange,
  rawKey,
  rawPasswordCheck,
  rawSealAndOpen,
  rawSign,
  rawVerify,
  wireSigningInputs,
} from './raw.js';
import { coresLine, cpuMeter, startSandboxProcess } from './sandbox-process.js';

/** The medians of one run, per second. */
export interface ChargeBenchResult {
  mockChargesPerSecond: number;
  httpChargesPerSecond: number;
  /** Charges per second over http to the sandbox in its own process (`essc-sandbox`). */
  apartChargesPerSecond: number;
  /** Those per bound set, taken within each round, median. */
  apartRatio: number;
  /** Those per full set, taken within each round, median. */
  apartRatioFullSet: number;
  /** Cores the client's process used while it charged the sandbox apart. */
  clientCores: number;
  /** Cores the sandbox's process used meanwhile (`undefined` off Linux). */
  sandboxCores: number | undefined;
  concurrency: number;
  /** Sets of the three operations the brief names, per second. */
  boundPerSecond: number;
  /** Sets of all five signature operations an in-process http charge does, per second. */
  fullSetPerSecond: number;
  /** Charges over http per bound set, taken within each round, median. */
  httpRatio: number;
  /** Charges over http per full set, taken within each round, median. */
  httpRatioFullSet: number;
  /** Mock charges per code verification, taken within each round, median. */
  mockRatio: number;
  /** Order-code payments (R45: create → scan → pay with the password) on the mock, per second. */
  mockOrderPaymentsPerSecond: number;
  /** Mock order-code payments per raw order-code set (below), taken within each round, median. */
  orderRatio: number;
  /**
   * Raw sets of an order-code payment's crypto per second: the code signed and verified, the
   * password sealed and opened (P-256 ECDH both sides, AES-GCM), its PBKDF2 hash checked.
   */
  orderBoundPerSecond: number;
  codeVerificationsPerSecond: number;
}

/**
 * `work`, or a failure naming `what` when it is not done in `ms`: a bench must not hang
 * silently (one run stopped at 0 % CPU in this part; where is what a next occurrence says).
 */
export async function within<T>(what: string, work: Promise<T>, ms = 60_000): Promise<T> {
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<never>((_, reject) => {
    watchdog = setTimeout(() => reject(new Error(`${what}: not done in ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([stuck, work]);
  } finally {
    clearTimeout(watchdog);
  }
}

/** Charges every code, `concurrency` at a time; answers how many, and the time they took. */
async function chargeAll(
  codes: string[],
  concurrency: number,
  charge: (qrText: string, orderId: string) => Promise<unknown>,
  prefix: string,
): Promise<{ calls: number; ms: number }> {
  let next = 0;
  const started = performance.now();
  // A slice that has not finished in a minute is reported, with how far it got.
  const all = Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < codes.length) {
        const i = next++;
        await charge(codes[i]!, `${prefix}-${i}`);
      }
    }),
  );
  await within(prefix, all).catch((error: Error) => {
    throw new Error(`${error.message} (${next} of ${codes.length} started)`);
  });
  return { calls: codes.length, ms: performance.now() - started };
}

/** What each measured charge is for: 100 fen, one covered item and one self-paid. */
export const CHARGE_ITEMS = [
  { code: 'D-1', name: '阿莫西林胶囊', amount: 70, coverage: 'covered' as const },
  { code: 'F-1', name: '挂号费', amount: 30, coverage: 'self' as const },
];

/**
 * 张三 as the charge benches add him: payment enabled, a large bank balance, medical cover.
 *
 * @example
 * ```ts
 * platform.addPerson(chargePerson(pkg));
 * ```
 */
export function chargePerson(pkg: Package) {
  const { idNumberCheckChar } = pkg.core;
  return {
    name: '张三',
    idNumber: `44010619900307123${idNumberCheckChar('44010619900307123')}`,
    regionCode: '440100',
    bankAccountActive: true,
    bankBalance: 1_000_000_000,
    medical: { personalAccount: 0, coverage: 0.7 },
  };
}

/**
 * A payment terminal of the hospital GZ-HOSP-1 over http to the sandbox at `url`.
 *
 * @example
 * ```ts
 * const terminal = hospitalTerminal(pkg, sandbox.url, merchantKeys.privateJwk);
 * ```
 */
export function hospitalTerminal(pkg: Package, url: string, merchantKey: JWK) {
  return pkg.acceptor.createPaymentTerminal({
    adapter: pkg.http.createHttpMerchantAdapter({
      baseUrl: url,
      merchantId: 'GZ-HOSP-1',
      merchantKey,
      retries: 0,
    }),
  });
}

/**
 * What a charge is measured on: the published build, a platform with 张三 (payment enabled, a
 * large bank balance), the hospital GZ-HOSP-1 with its key, and a way to issue payment codes
 * (each with a fresh real-person proof: a password costs a PBKDF2 verification more, and issuing
 * is not what is measured). Shared with bench/profile-charge.ts.
 *
 * @example
 * ```ts
 * const { platform, issue, items } = await chargeWorld();
 * const codes = await issue(100);
 * ```
 */
export async function chargeWorld() {
  const pkg = await loadPackage();
  const { createClient } = pkg.core;
  const merchantKeys = await pkg.http.generateCallerKeyPair('EdDSA');
  const platformKeys = await pkg.mock.generatePlatformKeys();
  // Few password-hash iterations: applying and enabling payment are set-up, not measured.
  const platform = new pkg.mock.MockPlatform({ passwordHashIterations: 1_000, keys: platformKeys });
  platform.enableRegion('440100', '广州市');
  platform.registerChannel({ id: 'wechat', name: '微信' });
  platform.registerMerchant({
    id: 'GZ-HOSP-1',
    name: '广州市第一人民医院',
    kind: 'hospital',
    publicKey: merchantKeys.publicJwk,
  });
  const person = chargePerson(pkg);
  const { idNumber } = person;
  platform.addPerson(person);
  const wechat = createClient({ adapter: platform.adapter('wechat') });
  const card = await wechat.apply({
    channelUserId: 'bench',
    name: '张三',
    idNumber,
    realPerson: platform.realPersonProof(idNumber),
    password: '258046',
  });
  await wechat.enablePayment({ signNo: card.signNo, verification: { password: '258046' } });
  const issue = async (count: number) => {
    const codes: string[] = [];
    for (let i = 0; i < count; i++) {
      const verification = { realPerson: platform.realPersonProof(idNumber) };
      codes.push(
        (await wechat.issueQr({ signNo: card.signNo, purpose: 'payment', verification })).text,
      );
    }
    return codes;
  };
  const items = CHARGE_ITEMS;

  return { pkg, platform, platformKeys, merchantKeys, wechat, card, issue, items, person };
}

/**
 * The same world on the sandbox as users run it: the package's `essc-sandbox` command in its
 * own process (bench/sandbox-process.ts), seeded through its admin routes — the region, the
 * channel and the hospital with their public keys, 张三 with payment's accounts — his e-card
 * applied for and payment enabled over http, and payment codes issued over http (each with a
 * real-person proof from the admin route, 4 at a time). Shared with bench/profile-charge.ts.
 *
 * @example
 * ```ts
 * const apart = await chargeWorldApart(world);
 * const codes = await apart.issue(100);
 * await apart.sandbox.close();
 * ```
 */
export async function chargeWorldApart(
  world: Pick<Awaited<ReturnType<typeof chargeWorld>>, 'pkg' | 'merchantKeys' | 'person'>,
  /** The build whose `essc-sandbox` to run (default: the package under measurement). */
  packageDir?: string,
) {
  const { pkg, merchantKeys, person } = world;
  const channelKeys = await pkg.http.generateCallerKeyPair('EdDSA');
  const sandbox = await startSandboxProcess([], packageDir);
  try {
    await sandbox.admin('/admin/regions', { regionCode: '440100', name: '广州市' });
    await sandbox.admin('/admin/channels', {
      id: 'wechat',
      name: '微信',
      publicKey: channelKeys.publicJwk,
    });
    await sandbox.admin('/admin/merchants', {
      id: 'GZ-HOSP-1',
      name: '广州市第一人民医院',
      kind: 'hospital',
      publicKey: merchantKeys.publicJwk,
    });
    await sandbox.admin('/admin/persons', person);
    const proof = async () =>
      (
        await sandbox.admin<{ realPerson: string }>(
          `/admin/persons/${person.idNumber}/real-person-proof`,
        )
      ).realPerson;
    const wechat = pkg.core.createClient({
      adapter: pkg.http.createHttpAdapter({
        baseUrl: sandbox.url,
        channelId: 'wechat',
        channelKey: channelKeys.privateJwk,
        retries: 0,
      }),
    });
    const card = await wechat.apply({
      channelUserId: 'bench',
      name: person.name,
      idNumber: person.idNumber,
      realPerson: await proof(),
      password: '258046',
    });
    await wechat.enablePayment({ signNo: card.signNo, verification: { password: '258046' } });
    const issue = async (count: number) => {
      const codes: string[] = new Array(count);
      let next = 0;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (next < count) {
            const i = next++;
            const verification = { realPerson: await proof() };
            codes[i] = (
              await wechat.issueQr({ signNo: card.signNo, purpose: 'payment', verification })
            ).text;
          }
        }),
      );
      return codes;
    };
    return { sandbox, issue, wechat, card };
  } catch (error) {
    await sandbox.close();
    throw error;
  }
}

/**
 * Runs the charge benchmark and prints its figures.
 *
 * @example
 * ```ts
 * const { httpRatio } = await runChargeBench({ rounds: 3 });
 * ```
 */
export async function runChargeBench(
  options: {
    rounds?: number;
    mockCharges?: number;
    orderPayments?: number;
    httpCharges?: number;
    concurrency?: number;
    log?: (line: string) => void;
  } = {},
): Promise<ChargeBenchResult> {
  const log = options.log ?? console.log;
  const rounds = options.rounds ?? 5;
  const mockCharges = options.mockCharges ?? 800;
  const orderPayments = options.orderPayments ?? 200;
  const httpCharges = options.httpCharges ?? 500;
  const concurrency = options.concurrency ?? 4;

  const world = await within('the charge bench set-up', chargeWorld());
  const { pkg, platform, platformKeys, merchantKeys, wechat, card, issue, items } = world;
  const sandbox = await pkg.sandbox.startSandbox({ platform, port: 0 });
  // The sandbox as users run it: the package's command in its own process.
  const apart = await chargeWorldApart(world).catch(async (error) => {
    await sandbox.close();
    throw error;
  });
  try {
    const terminalOver = (url: string) => hospitalTerminal(pkg, url, merchantKeys.privateJwk);
    const mockTerminal = pkg.acceptor.createPaymentTerminal({
      adapter: platform.merchantAdapter('GZ-HOSP-1'),
    });
    const httpTerminal = terminalOver(sandbox.url);
    const apartTerminal = terminalOver(apart.sandbox.url);
    const chargeWith =
      (terminal: typeof mockTerminal) => async (qrText: string, orderId: string) => {
        await terminal.charge({ qrText, orderId, amount: 100, items });
      };
    // R45 the other way round: the terminal shows an order code, the holder scans and pays it.
    const verification = { password: '258046' };
    const payByOrderCode = async (_: string, orderId: string) => {
      const { qrText } = await mockTerminal.createOrderCode({ orderId, amount: 100, items });
      const { requestId } = await wechat.scanOrder({ signNo: card.signNo, qrText });
      await wechat.payOrder({ signNo: card.signNo, requestId, verification });
    };
    const orders = (count: number) => Array.from({ length: count }, () => '');

    // The crypto a charge cannot avoid, raw node:crypto with the same keys, on messages of
    // the sizes the wire signs (bench/raw.ts): no SDK code.
    const platformKey = rawKey(platformKeys.signing.privateJwk);
    const merchantKey = rawKey(merchantKeys.privateJwk);
    const [sample] = await within('issuing a code', issue(1));
    const code = parseQrText(sample!);
    const body = JSON.stringify({
      qrText: sample,
      orderId: 'HIS-bench-000001',
      amount: 100,
      items,
    });
    const responseBody = JSON.stringify({
      paymentId: 'pay_0123456789abcdef0123',
      orderId: 'HIS-bench-000001',
      amount: 100,
      split: { fund: 49, personalAccount: 0, self: 51 },
      status: 'succeeded',
      paidAt: new Date().toISOString(),
    });
    const { request, response } = wireSigningInputs(
      'merchant',
      'GZ-HOSP-1',
      '/v1/merchant/charges',
    );
    const responseSignature = rawSign(response, platformKey);
    const verifyCode = () => rawVerify(code.signedBytes, platformKey, code.signature);
    // The issue's bound: what the terminal's side and the code need.
    const bound = async () => {
      verifyCode();
      rawBodyHash(body);
      rawSign(request, merchantKey);
      rawBodyHash(responseBody);
      rawVerify(response, platformKey, responseSignature);
    };
    // And what the sandbox does in the same process: the request's check, the response's
    // signature (the whole exchange, with the code's verification in between).
    const exchange = rawExchange({
      callerKey: merchantKey,
      platformKey,
      request,
      response,
      requestBody: body,
      responseBody,
    });
    const fullSet = async () => exchange(verifyCode);
    // An order code's: the platform signs the code and checks it when scanned, the password is
    // sealed by the channel and opened by the platform, and its hash checked (PBKDF2 at the
    // bench's 1 000 iterations).
    const sealAndOpen = rawSealAndOpen();
    const orderBound = async () => {
      const signature = rawSign(code.signedBytes, platformKey);
      rawVerify(code.signedBytes, platformKey, signature);
      sealAndOpen('258046');
      rawPasswordCheck('258046', 1_000);
    };

    // Warm-up: JIT, key imports, the JWKS fetch.
    const warmCodes = await within('issuing the warm-up codes', issue(350));
    const warmApart = await within('issuing the warm-up codes over http', apart.issue(150));
    await chargeAll(warmCodes.slice(0, 150), concurrency, chargeWith(httpTerminal), 'WARM-HTTP');
    await chargeAll(warmApart, concurrency, chargeWith(apartTerminal), 'WARM-APART');
    await chargeAll(warmCodes.slice(150), 1, chargeWith(mockTerminal), 'WARM-MOCK');
    await chargeAll(orders(200), 1, payByOrderCode, 'WARM-ORDER');
    await forDuration(300, bound);
    await forDuration(300, fullSet);
    await forDuration(300, async () => verifyCode());
    await forDuration(300, orderBound);

    const figures = {
      apart: [],
      mock: [],
      order: [],
      orderBound: [],
      http: [],
      bound: [],
      full: [],
      code: [],
    } as Record<
      'apart' | 'mock' | 'order' | 'orderBound' | 'http' | 'bound' | 'full' | 'code',
      number[]
    >;
    const meter = cpuMeter(apart.sandbox);
    // Each round: its codes issued first (untimed), then five passes, each a slice of every
    // task in turn, so a path and its raw set are timed at the same moments (harness.ts).
    const passes = 5;
    for (let round = 0; round < rounds; round++) {
      const mockCodes = await within(`round ${round}: issuing codes`, issue(mockCharges));
      const httpCodes = await within(`round ${round}: issuing codes`, issue(httpCharges));
      const apartCodes = await within(
        `round ${round}: issuing codes over http`,
        apart.issue(httpCharges),
      );
      const spent = Object.fromEntries(
        Object.keys(figures).map((key) => [key, { calls: 0, ms: 0 }]),
      ) as Record<keyof typeof figures, { calls: number; ms: number }>;
      const add = (key: keyof typeof figures, done: { calls: number; ms: number }) => {
        spent[key].calls += done.calls;
        spent[key].ms += done.ms;
      };
      const part = (codes: string[], pass: number) =>
        codes.slice((pass * codes.length) / passes, ((pass + 1) * codes.length) / passes);
      for (let pass = 0; pass < passes; pass++) {
        const tag = `${round}-${pass}`;
        add(
          'http',
          await chargeAll(
            part(httpCodes, pass),
            concurrency,
            chargeWith(httpTerminal),
            `HTTP-${tag}`,
          ),
        );
        meter.start();
        add(
          'apart',
          await chargeAll(
            part(apartCodes, pass),
            concurrency,
            chargeWith(apartTerminal),
            `APART-${tag}`,
          ),
        );
        meter.stop();
        add('bound', await slice(bound, 200));
        add('full', await slice(fullSet, 200));
        add(
          'mock',
          await chargeAll(part(mockCodes, pass), 1, chargeWith(mockTerminal), `MOCK-${tag}`),
        );
        add('code', await slice(verifyCode, 200));
        add(
          'order',
          await chargeAll(orders(orderPayments / passes), 1, payByOrderCode, `ORDER-${tag}`),
        );
        add('orderBound', await slice(orderBound, 200));
      }
      for (const key of Object.keys(figures) as (keyof typeof figures)[]) {
        figures[key].push((1000 * spent[key].calls) / spent[key].ms);
      }
    }
    const m = (key: keyof typeof figures) => median(figures[key]);
    const inRound = (a: keyof typeof figures, b: keyof typeof figures) =>
      median(figures[a].map((value, round) => value / figures[b][round]!));
    const result: ChargeBenchResult = {
      mockChargesPerSecond: m('mock'),
      httpChargesPerSecond: m('http'),
      apartChargesPerSecond: m('apart'),
      apartRatio: inRound('apart', 'bound'),
      apartRatioFullSet: inRound('apart', 'full'),
      clientCores: meter.used.clientCpu / meter.used.wall,
      sandboxCores:
        meter.used.sandboxCpu === undefined ? undefined : meter.used.sandboxCpu / meter.used.wall,
      concurrency,
      boundPerSecond: m('bound'),
      fullSetPerSecond: m('full'),
      codeVerificationsPerSecond: m('code'),
      httpRatio: inRound('http', 'bound'),
      httpRatioFullSet: inRound('http', 'full'),
      mockRatio: inRound('mock', 'code'),
      mockOrderPaymentsPerSecond: m('order'),
      orderRatio: inRound('order', 'orderBound'),
      orderBoundPerSecond: m('orderBound'),
    };
    const n = (value: number) => String(Math.round(value)).padStart(6);
    const spread = (a: keyof typeof figures, b: keyof typeof figures) => {
      const r = figures[a].map((value, round) => value / figures[b][round]!);
      return `rounds ${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)}`;
    };
    log(`Charge through createPaymentTerminal (median of ${rounds} rounds; ${loadLine()})`);
    log(`  code signature verification alone                      ${n(m('code'))} /s`);
    log(
      `  mock merchant adapter, 1 at a time                     ${n(m('mock'))} charges/s  ${result.mockRatio.toFixed(2)}× code verification (${spread('mock', 'code')})`,
    );
    log(`  raw order-code set: sign, verify, seal+open, PBKDF2   ${n(m('orderBound'))} sets/s`);
    log(
      `  mock order code (R45): create, scan, pay by password  ${n(m('order'))} payments/s  ${result.orderRatio.toFixed(2)}× raw order-code set (${spread('order', 'orderBound')})`,
    );
    log(
      `  bound: code verify + request sign + response check     ${n(m('bound'))} sets/s (one core)`,
    );
    log(
      `  full set: + sandbox's request check and response sign  ${n(m('full'))} sets/s (one core)`,
    );
    log(
      `  http -> sandbox in its own process, ${concurrency} in flight       ${n(m('apart'))} charges/s  ${result.apartRatio.toFixed(2)}× bound (${spread('apart', 'bound')}), ${result.apartRatioFullSet.toFixed(2)}× full set`,
    );
    log(`    ${coresLine(apart.sandbox, meter.used)}`);
    log(
      `  http -> sandbox in this process, ${concurrency} in flight          ${n(m('http'))} charges/s  ${result.httpRatio.toFixed(2)}× bound (${spread('http', 'bound')}), ${result.httpRatioFullSet.toFixed(2)}× full set`,
    );
    return result;
  } finally {
    await sandbox.close();
    await apart.sandbox.close();
  }
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]charge\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runChargeBench();
