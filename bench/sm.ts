/**
 * The national suite (R34): SM2 sign/verify and the QR issue/verify under `sm`, against the raw
 * primitive of the same implementation (`sm-crypto-v2`'s `doSignature`/`doVerifySignature`,
 * keys prepared once), in one tinybench run; the jose suite's QR issue/verify run beside them
 * for comparison. Only the ratios within one run are meant to be read; nothing here asserts a
 * timing.
 *
 * Run alone with `npx tsx bench/sm.ts`, or call {@link runSmBench} from `bench/index.ts`.
 */
import { sm2 } from 'sm-crypto-v2';
import {
  base64urlDecode,
  generateSigningKeyPair,
  randomBytes,
  type SigningKeyPair,
  signBytes,
  verifyBytes,
} from '../src/crypto/index.js';
import { encodeQrPayload, parseQrText, QR_CARD_REF_BYTES, signQr } from '../src/qr/codec.js';
import { createQrPayload } from '../src/qr/payload.js';
import { type BenchRow, measure, printRows } from './harness.js';

/** One measured task; the jose rows' ratios are to raw SM2. */
export type SmBenchRow = BenchRow;

const hex = (b: Uint8Array) => Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');

async function payloadFor(key: SigningKeyPair) {
  return createQrPayload({
    key,
    purpose: 'identity',
    now: Date.now(),
    ttlSeconds: 60,
    channelId: 'wechat',
    cardRef: randomBytes(QR_CARD_REF_BYTES),
    regionCode: '440100',
    holderName: '张三',
  });
}

/**
 * Measures raw SM2 sign/verify against the SDK's `signBytes`/`verifyBytes` and QR issue/verify
 * on an `sm` key, and the jose suite's QR issue/verify, prints a table and returns the rows.
 *
 * @example
 * ```ts
 * const rows = await runSmBench({ time: 500 });
 * ```
 */
export async function runSmBench(
  options: { time?: number; rounds?: number; log?: (line: string) => void } = {},
): Promise<SmBenchRow[]> {
  const key = await generateSigningKeyPair(undefined, 'sm');
  const joseKey = await generateSigningKeyPair();
  const payload = await payloadFor(key);
  const josePayload = await payloadFor(joseKey);
  const message = encodeQrPayload(payload);
  const d = hex(base64urlDecode(key.privateJwk.d as string));
  const publicKey = `04${hex(base64urlDecode(key.publicJwk.x as string))}${hex(base64urlDecode(key.publicJwk.y as string))}`;
  const point = sm2.precomputePublicKey(publicKey);
  const userId = '1234567812345678';
  const rawSignature = sm2.doSignature(message, d, { hash: true, publicKey, userId });
  const sdkSignature = await signBytes(key, message);
  const text = await signQr(payload, key);
  const joseText = await signQr(josePayload, joseKey);

  const names = {
    rawSign: 'sm-crypto-v2 SM2 sign (raw)',
    rawVerify: 'sm-crypto-v2 SM2 verify (raw)',
    sign: 'signBytes (SM2)',
    verify: 'verifyBytes (SM2)',
    issue: 'signQr under sm (issue a QR code)',
    check: 'parseQrText + verifyBytes under sm',
    joseIssue: 'signQr under jose (Ed25519)',
    joseCheck: 'parseQrText + verifyBytes under jose',
  } as const;
  const rounds = options.rounds ?? 5;
  const checkQr = async (qr: string, publicJwk: SigningKeyPair['publicJwk']) => {
    const parsed = parseQrText(qr);
    if (!(await verifyBytes(publicJwk, parsed.signedBytes, parsed.signature))) {
      throw new Error('QR verify failed');
    }
  };
  const rows = await measure(
    [
      {
        name: names.rawSign,
        run: () => void sm2.doSignature(message, d, { hash: true, publicKey, userId }),
      },
      {
        name: names.rawVerify,
        run: () => {
          if (!sm2.doVerifySignature(message, rawSignature, point, { hash: true, userId })) {
            throw new Error('raw verify failed');
          }
        },
      },
      {
        name: names.sign,
        baseline: names.rawSign,
        run: async () => void (await signBytes(key, message)),
      },
      {
        name: names.verify,
        baseline: names.rawVerify,
        run: async () => {
          if (!(await verifyBytes(key.publicJwk, message, sdkSignature))) {
            throw new Error('verify failed');
          }
        },
      },
      {
        name: names.issue,
        baseline: names.rawSign,
        run: async () => void (await signQr(payload, key)),
      },
      { name: names.check, baseline: names.rawVerify, run: () => checkQr(text, key.publicJwk) },
      {
        name: names.joseIssue,
        baseline: names.rawSign,
        run: async () => void (await signQr(josePayload, joseKey)),
      },
      {
        name: names.joseCheck,
        baseline: names.rawVerify,
        run: () => checkQr(joseText, joseKey.publicJwk),
      },
    ],
    { rounds, ...(options.time ? { time: options.time } : {}) },
  );
  printRows(
    `SM suite: QR codes of ${text.length} characters (jose: ${joseText.length}); median of ${rounds} rounds; ratios to raw SM2`,
    rows,
    options.log,
  );
  return rows;
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]sm\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runSmBench();
