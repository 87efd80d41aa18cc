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
 * what is measured) and each is charged once. Several rounds; every ratio is taken within its
 * round (the machine's load moves between rounds) and the medians are printed. Only ratios are meant to be read;
 * nothing here asserts a timing.
 *
 * Run alone with `npx tsx bench/charge.ts`, or through `npm run bench`.
 */
import { createPaymentTerminal } from '../src/acceptor/index.js';
import { createHttpMerchantAdapter, generateCallerKeyPair } from '../src/http/index.js';
import { createClient, idNumberCheckChar } from '../src/index.js';
import { MockPlatform } from '../src/mock/index.js';
import { engineOf } from '../src/mock/mock-platform.js';
import { parseQrText, verifyQrSignature } from '../src/qr/codec.js';
import { startSandbox } from '../src/sandbox/index.js';
import {
  bodySha256,
  signRequest,
  signResponse,
  verifyRequestSignature,
  verifyResponseSignature,
} from '../src/wire/signatures.js';
import { median } from './harness.js';
import { forDuration } from './http.js';

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
  /** Mock order-code payments per code verification, taken within each round, median. */
  orderRatio: number;
  codeVerificationsPerSecond: number;
}

/** Charges every code, `concurrency` at a time; answers charges per second. */
async function chargeAll(
  codes: string[],
  concurrency: number,
  charge: (qrText: string, orderId: string) => Promise<unknown>,
  prefix: string,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < codes.length) {
        const i = next++;
        await charge(codes[i]!, `${prefix}-${i}`);
      }
    }),
  );
  return codes.length / ((performance.now() - started) / 1000);
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
    httpCharges?: number;
    concurrency?: number;
    log?: (line: string) => void;
  } = {},
): Promise<ChargeBenchResult> {
  const log = options.log ?? console.log;
  const rounds = options.rounds ?? 5;
  const mockCharges = options.mockCharges ?? 800;
  const httpCharges = options.httpCharges ?? 500;
  const concurrency = options.concurrency ?? 4;

  const merchantKeys = await generateCallerKeyPair('EdDSA');
  // Few password-hash iterations: applying and enabling payment are set-up, not measured.
  const platform = new MockPlatform({ passwordHashIterations: 1_000 });
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

  const sandbox = await startSandbox({ platform, port: 0 });
  try {
    const mockTerminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
    const httpTerminal = createPaymentTerminal({
      adapter: createHttpMerchantAdapter({
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

    // The crypto, done directly with the same keys and functions.
    const platformKey = await engineOf(platform).currentSigningKey();
    const jwks = await platform.jwks();
    const [sample] = await issue(1);
    const body = JSON.stringify({ qrText: sample, orderId: 'HIS-bench', amount: 100, items });
    const nonce = 'n'.repeat(22);
    const responseBody = '{"paymentId":"pay_bench","amount":100}';
    const requestPayload = async () => ({
      v: 1 as const,
      kind: 'merchant' as const,
      caller: 'GZ-HOSP-1',
      method: 'POST',
      path: '/v1/merchant/charges',
      bodySha256: await bodySha256(body),
      timestamp: Date.now(),
      nonce,
      idempotencyKey: 'idk_bench',
    });
    const responseJws = await signResponse(platformKey, {
      v: 1,
      status: 200,
      bodySha256: await bodySha256(responseBody),
      nonce,
      requestId: 'req_bench',
    });
    const verifyCode = async () => {
      if (!(await verifyQrSignature(parseQrText(sample!), jwks))) {
        throw new Error('code signature did not verify');
      }
    };
    const verifyResponse = async (jws: string) => {
      if (!(await verifyResponseSignature(jwks, jws)).ok) {
        throw new Error('response signature did not verify');
      }
    };
    const bound = async () => {
      await verifyCode();
      await signRequest(merchantKeys.privateJwk, await requestPayload());
      await bodySha256(responseBody);
      await verifyResponse(responseJws);
    };
    const fullSet = async () => {
      const requestJws = await signRequest(merchantKeys.privateJwk, await requestPayload());
      if (!(await verifyRequestSignature(merchantKeys.publicJwk, requestJws))) {
        throw new Error('request signature did not verify');
      }
      await verifyCode();
      const jws = await signResponse(platformKey, {
        v: 1,
        status: 200,
        bodySha256: await bodySha256(responseBody),
        nonce,
        requestId: 'req_bench',
      });
      await verifyResponse(jws);
    };

    // Warm-up: JIT, key imports, the JWKS fetch.
    await chargeAll(await issue(150), concurrency, chargeWith(httpTerminal), 'WARM-HTTP');
    await chargeAll(await issue(200), 1, chargeWith(mockTerminal), 'WARM-MOCK');
    await chargeAll(orders(200), 1, payByOrderCode, 'WARM-ORDER');
    await forDuration(300, bound);
    await forDuration(300, fullSet);
    await forDuration(300, verifyCode);

    const figures = { mock: [], order: [], http: [], bound: [], full: [], code: [] } as Record<
      'mock' | 'order' | 'http' | 'bound' | 'full' | 'code',
      number[]
    >;
    for (let round = 0; round < rounds; round++) {
      figures.mock.push(
        await chargeAll(await issue(mockCharges), 1, chargeWith(mockTerminal), `MOCK-${round}`),
      );
      figures.order.push(await chargeAll(orders(mockCharges), 1, payByOrderCode, `ORDER-${round}`));
      figures.http.push(
        await chargeAll(
          await issue(httpCharges),
          concurrency,
          chargeWith(httpTerminal),
          `HTTP-${round}`,
        ),
      );
      figures.bound.push(await forDuration(1_000, bound));
      figures.full.push(await forDuration(1_000, fullSet));
      figures.code.push(await forDuration(1_000, verifyCode));
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
      orderRatio: inRound('order', 'code'),
    };
    const n = (value: number) => String(Math.round(value)).padStart(6);
    log(`Charge through createPaymentTerminal (median of ${rounds} rounds, one process)`);
    log(`  code signature verification alone                      ${n(m('code'))} /s`);
    log(
      `  mock merchant adapter, 1 at a time                     ${n(m('mock'))} charges/s  ${result.mockRatio.toFixed(2)}× code verification`,
    );
    log(
      `  mock order code (R45): create, scan, pay by password  ${n(m('order'))} payments/s  ${result.orderRatio.toFixed(2)}× code verification`,
    );
    log(`  bound: code verify + request sign + response check     ${n(m('bound'))} sets/s`);
    log(`  full set: + sandbox's request check and response sign  ${n(m('full'))} sets/s`);
    log(
      `  http merchant adapter -> sandbox, ${concurrency} in flight         ${n(m('http'))} charges/s  ${result.httpRatio.toFixed(2)}× bound, ${result.httpRatioFullSet.toFixed(2)}× full set`,
    );
    return result;
  } finally {
    await sandbox.close();
  }
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]charge\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runChargeBench();
