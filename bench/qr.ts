/**
 * The dynamic QR code's two whole paths, the way a user meets them, beside the raw Ed25519
 * primitive each cannot avoid, in the same run (bench/harness.ts):
 *
 * - **issue**: `client.issueQr` on the embedded mock (createClient → validation → mock adapter
 *   → engine: records, lock, idempotency, payload, signature, base45) against raw
 *   `node:crypto` Ed25519 sign;
 * - **verify**: `createQrVerifier().verify` of fresh codes (parse, key lookup, signature,
 *   expiry, replay store, card reference) against raw `node:crypto` Ed25519 verify;
 *
 * and, as the breakdown, the codec alone (`signQr`; `parseQrText` + `verifyBytes`), from the
 * sources. The whole paths run on the published build (bench/package.ts).
 *
 * Run alone with `npx tsx bench/qr.ts`, or call {@link runQrBench} from `bench/index.ts`.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { publicJwks, randomBytes, verifyBytes } from '../src/crypto/index.js';
import { encodeQrPayload, parseQrText, signQr } from '../src/qr/codec.js';
import { createQrPayload } from '../src/qr/payload.js';
import { type BenchRow, measure, printRows } from './harness.js';
import { loadLine, loadPackage } from './package.js';

/** One measured task (kept for callers of the earlier bench). */
export type QrBenchRow = BenchRow;

/** The task names, as the table prints them. */
export const QR_TASKS = {
  rawSign: 'raw node:crypto Ed25519 sign',
  rawVerify: 'raw node:crypto Ed25519 verify',
  issue: 'client.issueQr on the mock (whole path)',
  verify: 'createQrVerifier().verify (whole path)',
  codecIssue: '  breakdown: signQr (codec only)',
  codecVerify: '  breakdown: parseQrText + verifyBytes',
} as const;

/**
 * Measures the whole issue and verify paths and their codec breakdown against raw
 * node:crypto, prints a table and returns the rows.
 *
 * @example
 * ```ts
 * const rows = await runQrBench({ time: 500 });
 * ```
 */
export async function runQrBench(
  options: { time?: number; rounds?: number; log?: (line: string) => void } = {},
): Promise<QrBenchRow[]> {
  const rounds = options.rounds ?? 5;
  const pkg = await loadPackage();
  const { createClient, idNumberCheckChar } = pkg.core;
  const keys = await pkg.mock.generatePlatformKeys();
  const platform = new pkg.mock.MockPlatform({ keys });
  platform.enableRegion('440100', '广州市');
  platform.registerChannel({ id: 'wechat', name: '微信' });
  const idNumber = `44010619900307123${idNumberCheckChar('44010619900307123')}`;
  platform.addPerson({ name: '张三', idNumber, regionCode: '440100' });
  const client = createClient({ adapter: platform.adapter('wechat') });
  const { signNo } = await client.apply({
    channelUserId: 'bench',
    name: '张三',
    idNumber,
    realPerson: platform.realPersonProof(idNumber),
    password: '258046',
  });

  const key = keys.signing;
  const sample = parseQrText((await client.issueQr({ signNo })).text);
  const message = sample.signedBytes;
  const privateKey = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
  const publicKey = createPublicKey({ key: key.publicJwk as never, format: 'jwk' });
  const rawSignature = sign(null, message, privateKey);
  const payload = await createQrPayload({
    key,
    purpose: 'identity',
    now: Date.now(),
    ttlSeconds: 60,
    channelId: 'wechat',
    cardRef: sample.payload.cardRef,
    regionCode: '440100',
    holderName: '张三',
  });
  if (encodeQrPayload(payload).length !== message.length) throw new Error('payload sizes differ');
  const text = await signQr(payload, key);

  // The verifier consumes each code once (R15), so it needs a fresh code per call: made with
  // the platform's key up front (the codec, not the client, to keep the set-up short).
  const pool: string[] = [];
  for (let i = 0; i < 16_000 * rounds; i++) {
    pool.push(await signQr({ ...payload, nonce: randomBytes(payload.nonce.length) }, key));
  }
  const verifier = pkg.acceptor.createQrVerifier({
    jwks: publicJwks([key]),
    cardRefSecret: 'bench-card-ref-secret-32-bytes!!',
  });
  let next = 0;

  const rows = await measure(
    [
      { name: QR_TASKS.rawSign, run: () => void sign(null, message, privateKey) },
      {
        name: QR_TASKS.rawVerify,
        run: () => {
          if (!verify(null, message, publicKey, rawSignature)) throw new Error('raw verify failed');
        },
      },
      {
        name: QR_TASKS.issue,
        baseline: QR_TASKS.rawSign,
        run: async () => {
          await client.issueQr({ signNo });
        },
      },
      {
        name: QR_TASKS.verify,
        baseline: QR_TASKS.rawVerify,
        run: async () => {
          await verifier.verify(pool[next++ % pool.length]!);
        },
      },
      {
        name: QR_TASKS.codecIssue,
        baseline: QR_TASKS.rawSign,
        run: async () => {
          await signQr(payload, key);
        },
      },
      {
        name: QR_TASKS.codecVerify,
        baseline: QR_TASKS.rawVerify,
        run: async () => {
          const parsed = parseQrText(text);
          if (!(await verifyBytes(key.publicJwk, parsed.signedBytes, parsed.signature))) {
            throw new Error('QR verify failed');
          }
        },
      },
    ],
    { rounds, ...(options.time ? { time: options.time } : {}) },
  );
  printRows(
    `QR codes (${text.length} characters, ${message.length} bytes signed); median of ${rounds} rounds; ${loadLine()}`,
    rows,
    options.log,
  );
  return rows;
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]qr\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runQrBench();
