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
import { Bench } from 'tinybench';
import {
  base64urlDecode,
  generateSigningKeyPair,
  randomBytes,
  type SigningKeyPair,
  signBytes,
  verifyBytes,
} from '../src/crypto/index.js';
import {
  createQrPayload,
  encodeQrPayload,
  parseQrText,
  QR_CARD_REF_BYTES,
  signQr,
} from '../src/qr/codec.js';

/** One measured task. */
export interface SmBenchRow {
  name: string;
  /** Operations per second: 1000 / mean latency in ms. */
  opsPerSecond: number;
  /** `opsPerSecond` divided by the raw primitive it wraps (the jose rows: by raw SM2). */
  ratioToRaw: number;
}

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
  const log = options.log ?? console.log;
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
  const perRound: Record<string, number[]> = {};
  const ratios: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: options.time ?? 1000, warmupTime: 200 });
    bench
      // Baselines as async tasks too, so tinybench's per-iteration await is charged to both.
      .add(names.rawSign, async () => {
        sm2.doSignature(message, d, { hash: true, publicKey, userId });
      })
      .add(names.rawVerify, async () => {
        if (!sm2.doVerifySignature(message, rawSignature, point, { hash: true, userId })) {
          throw new Error('raw verify failed');
        }
      })
      .add(names.sign, async () => {
        await signBytes(key, message);
      })
      .add(names.verify, async () => {
        if (!(await verifyBytes(key.publicJwk, message, sdkSignature))) {
          throw new Error('verify failed');
        }
      })
      .add(names.issue, async () => {
        await signQr(payload, key);
      })
      .add(names.check, async () => {
        const parsed = parseQrText(text);
        if (!(await verifyBytes(key.publicJwk, parsed.signedBytes, parsed.signature))) {
          throw new Error('QR verify failed');
        }
      })
      .add(names.joseIssue, async () => {
        await signQr(josePayload, joseKey);
      })
      .add(names.joseCheck, async () => {
        const parsed = parseQrText(joseText);
        if (!(await verifyBytes(joseKey.publicJwk, parsed.signedBytes, parsed.signature))) {
          throw new Error('QR verify failed');
        }
      });
    await bench.run();
    const ops = (name: string): number => {
      const result = bench.tasks.find((t) => t.name === name)?.result;
      return result?.state === 'completed' ? 1000 / result.period : Number.NaN;
    };
    const signBase = ops(names.rawSign);
    const verifyBase = ops(names.rawVerify);
    const baseline: Record<string, number> = {
      [names.rawSign]: signBase,
      [names.rawVerify]: verifyBase,
      [names.sign]: signBase,
      [names.verify]: verifyBase,
      [names.issue]: signBase,
      [names.check]: verifyBase,
      [names.joseIssue]: signBase,
      [names.joseCheck]: verifyBase,
    };
    for (const name of Object.values(names)) {
      perRound[name] = [...(perRound[name] ?? []), ops(name)];
      ratios[name] = [...(ratios[name] ?? []), ops(name) / baseline[name]!];
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const rows: SmBenchRow[] = Object.values(names).map((name) => ({
    name,
    opsPerSecond: median(perRound[name]!),
    ratioToRaw: median(ratios[name]!),
  }));
  log(
    `SM suite: QR codes of ${text.length} characters (jose: ${joseText.length}); median of ${rounds} rounds; ratios to raw SM2`,
  );
  for (const row of rows) {
    log(
      `${row.name.padEnd(48)} ${Math.round(row.opsPerSecond).toString().padStart(8)} ops/s  ${row.ratioToRaw.toFixed(2)}× raw`,
    );
  }
  return rows;
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]sm\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runSmBench();
