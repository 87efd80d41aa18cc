/**
 * A charge (R21–R23) through `createPaymentTerminal`, on the mock's in-process merchant adapter
 * and over `createHttpMerchantAdapter` → sandbox on loopback, beside the crypto a charge
 * cannot avoid, measured in the same run:
 *
 * - the brief's bound: the code's signature verification, the merchant's request signature
 *   and the check of the platform's response signature (the three the merchant's side and the
 *   code need);
 * - the whole set one in-process http charge pays: those three plus the sandbox's check of the
 *   request signature and its signing of the response (client and sandbox share this process).
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
import { parseQrText } from '../src/qr/codec.js';
import { median, slice } from './harness.js';
import { forDuration } from './http.js';
import { loadLine, loadPackage } from './package.js';
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

/** The medians of one run, per second. */
export interface ChargeBenchResult {
  mockChargesPerSecond: number;
  httpChargesPerSecond: number;
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

/** Charges every code, `concurrency` at a time; answers how many, and the time they took. */
async function chargeAll(
  codes: string[],
  concurrency: number,
  charge: (qrText: string, orderId: string) => Promise<unknown>,
  prefix: string,
): Promise<{ calls: number; ms: number }> {
  let next = 0;
  const started = performance.now();
  // A bench must not hang silently: a slice that has not finished in a minute is reported.
  let watchdog: ReturnType<typeof setTimeout> | undefined;
  const stuck = new Promise<never>((_, reject) => {
    watchdog = setTimeout(
      () => reject(new Error(`${prefix}: ${next} of ${codes.length} started, not done in 60 s`)),
      60_000,
    );
  });
  try {
    await Promise.race([
      stuck,
      Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < codes.length) {
            const i = next++;
            await charge(codes[i]!, `${prefix}-${i}`);
          }
        }),
      ),
    ]);
  } finally {
    clearTimeout(watchdog);
  }
  return { calls: codes.length, ms: performance.now() - started };
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
  const { createClient, idNumberCheckChar } = pkg.core;
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
  const idNumber = `44010619900307123${idNumberCheckChar('44010619900307123')}`;
  platform.addPerson({
    name: '张三',
    idNumber,
    regionCode: '440100',
    bankAccountActive: true,
    bankBalance: 1_000_000_000,
    medical: { personalAccount: 0, coverage: 0.7 },
  });
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
  const items = [
    { code: 'D-1', name: '阿莫西林胶囊', amount: 70, coverage: 'covered' as const },
    { code: 'F-1', name: '挂号费', amount: 30, coverage: 'self' as const },
  ];

  return { pkg, platform, platformKeys, merchantKeys, wechat, card, issue, items };
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

  const { pkg, platform, platformKeys, merchantKeys, wechat, card, issue, items } =
    await chargeWorld();
  const sandbox = await pkg.sandbox.startSandbox({ platform, port: 0 });
  try {
    const mockTerminal = pkg.acceptor.createPaymentTerminal({
      adapter: platform.merchantAdapter('GZ-HOSP-1'),
    });
    const httpTerminal = pkg.acceptor.createPaymentTerminal({
      adapter: pkg.http.createHttpMerchantAdapter({
        baseUrl: sandbox.url,
        merchantId: 'GZ-HOSP-1',
        merchantKey: merchantKeys.privateJwk,
        retries: 0,
      }),
    });
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
    const [sample] = await issue(1);
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
    await chargeAll(await issue(150), concurrency, chargeWith(httpTerminal), 'WARM-HTTP');
    await chargeAll(await issue(200), 1, chargeWith(mockTerminal), 'WARM-MOCK');
    await chargeAll(orders(200), 1, payByOrderCode, 'WARM-ORDER');
    await forDuration(300, bound);
    await forDuration(300, fullSet);
    await forDuration(300, async () => verifyCode());
    await forDuration(300, orderBound);

    const figures = {
      mock: [],
      order: [],
      orderBound: [],
      http: [],
      bound: [],
      full: [],
      code: [],
    } as Record<'mock' | 'order' | 'orderBound' | 'http' | 'bound' | 'full' | 'code', number[]>;
    // Each round: its codes issued first (untimed), then five passes, each a slice of every
    // task in turn, so a path and its raw set are timed at the same moments (harness.ts).
    const passes = 5;
    for (let round = 0; round < rounds; round++) {
      const mockCodes = await issue(mockCharges);
      const httpCodes = await issue(httpCharges);
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
    log(
      `Charge through createPaymentTerminal (median of ${rounds} rounds, one process; ${loadLine()})`,
    );
    log(`  code signature verification alone                      ${n(m('code'))} /s`);
    log(
      `  mock merchant adapter, 1 at a time                     ${n(m('mock'))} charges/s  ${result.mockRatio.toFixed(2)}× code verification (${spread('mock', 'code')})`,
    );
    log(`  raw order-code set: sign, verify, seal+open, PBKDF2   ${n(m('orderBound'))} sets/s`);
    log(
      `  mock order code (R45): create, scan, pay by password  ${n(m('order'))} payments/s  ${result.orderRatio.toFixed(2)}× raw order-code set (${spread('order', 'orderBound')})`,
    );
    log(`  bound: code verify + request sign + response check     ${n(m('bound'))} sets/s`);
    log(`  full set: + sandbox's request check and response sign  ${n(m('full'))} sets/s`);
    log(
      `  http merchant adapter -> sandbox, ${concurrency} in flight         ${n(m('http'))} charges/s  ${result.httpRatio.toFixed(2)}× bound (${spread('http', 'bound')}), ${result.httpRatioFullSet.toFixed(2)}× full set`,
    );
    return result;
  } finally {
    await sandbox.close();
  }
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]charge\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runChargeBench();
