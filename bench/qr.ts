/**
 * QR issue/verify cost against the raw Ed25519 primitive, in one tinybench run. These machines
 * are noisy, so the ratios within one run are the figures to read, never absolute times; nothing
 * here asserts a timing.
 *
 * Run alone with `npx tsx bench/qr.ts`, or call {@link runQrBench} from `bench/index.ts`.
 */
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { Bench } from 'tinybench';
import { createQrVerifier } from '../src/acceptor/index.js';
import {
  generateSigningKeyPair,
  publicJwks,
  randomBytes,
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
export interface QrBenchRow {
  name: string;
  /** Operations per second: 1000 / mean latency in ms. */
  opsPerSecond: number;
  /** `opsPerSecond` divided by the raw node:crypto primitive it wraps. */
  ratioToRaw: number;
}

/**
 * Measures raw node:crypto Ed25519 sign/verify (KeyObjects made once, message of the same size
 * as a QR code's signed bytes) against `signQr` (issue) and `parseQrText` + `verifyBytes`
 * (verify), prints a table and returns the rows.
 *
 * @example
 * ```ts
 * const rows = await runQrBench({ time: 500 });
 * ```
 */
export async function runQrBench(
  options: { time?: number; rounds?: number; log?: (line: string) => void } = {},
): Promise<QrBenchRow[]> {
  const log = options.log ?? console.log;
  const key = await generateSigningKeyPair();
  const payload = await createQrPayload({
    key,
    purpose: 'identity',
    now: Date.now(),
    ttlSeconds: 60,
    channelId: 'wechat',
    cardRef: randomBytes(QR_CARD_REF_BYTES),
    regionCode: '440100',
    holderName: '张三',
  });
  const message = encodeQrPayload(payload);
  const privateKey = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
  const publicKey = createPublicKey({ key: key.publicJwk as never, format: 'jwk' });
  const rawSignature = sign(null, message, privateKey);
  const text = await signQr(payload, key);

  const names = {
    rawSign: 'node:crypto Ed25519 sign (raw)',
    rawVerify: 'node:crypto Ed25519 verify (raw)',
    issue: 'signQr (issue a QR code)',
    check: 'parseQrText + verifyBytes (verify a QR code)',
    acceptor: 'createQrVerifier().verify (parse, verify, expiry, nonce, card ref)',
  } as const;
  const rounds = options.rounds ?? 5;
  // The acceptor's verify consumes each code once (R15), so it needs a fresh code per call.
  const pool: string[] = [];
  for (let i = 0; i < 16_000 * rounds; i++) {
    pool.push(await signQr({ ...payload, nonce: randomBytes(payload.nonce.length) }, key));
  }
  const verifier = createQrVerifier({
    jwks: publicJwks([key]),
    cardRefSecret: 'bench-card-ref-secret-32-bytes!!',
  });
  let next = 0;

  // Several rounds, each task once per round; the median of the per-round figures is reported
  // (these machines are noisy: one round's ratio can be off by 0.1).
  const perRound: Record<string, number[]> = {};
  const ratios: Record<string, number[]> = {};
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({ time: options.time ?? 1000, warmupTime: 200 });
    bench
      // The baselines run as async tasks too: tinybench times an async task with an extra
      // await per iteration, which would otherwise be charged to the SDK's side alone.
      .add(names.rawSign, async () => {
        sign(null, message, privateKey);
      })
      .add(names.rawVerify, async () => {
        if (!verify(null, message, publicKey, rawSignature)) throw new Error('raw verify failed');
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
      .add(names.acceptor, async () => {
        const code = pool[next++ % pool.length]!;
        await verifier.verify(code);
      });
    await bench.run();
    const ops = (name: string): number => {
      const result = bench.tasks.find((t) => t.name === name)?.result;
      return result?.state === 'completed' ? 1000 / result.period : Number.NaN;
    };
    for (const name of Object.values(names)) {
      perRound[name] = [...(perRound[name] ?? []), ops(name)];
    }
    const baseline = {
      [names.rawSign]: ops(names.rawSign),
      [names.rawVerify]: ops(names.rawVerify),
      [names.issue]: ops(names.rawSign),
      [names.check]: ops(names.rawVerify),
      [names.acceptor]: ops(names.rawVerify),
    };
    for (const name of Object.values(names)) {
      ratios[name] = [...(ratios[name] ?? []), ops(name) / baseline[name]!];
    }
  }
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
  };
  const rows: QrBenchRow[] = Object.values(names).map((name) => ({
    name,
    opsPerSecond: median(perRound[name]!),
    ratioToRaw: median(ratios[name]!),
  }));
  log(
    `QR codes (${text.length} characters, ${message.length + 64} bytes signed+signature); median of ${rounds} rounds`,
  );
  for (const row of rows) {
    log(
      `${row.name.padEnd(48)} ${Math.round(row.opsPerSecond).toString().padStart(8)} ops/s  ${row.ratioToRaw.toFixed(2)}× raw`,
    );
  }
  return rows;
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]qr\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runQrBench();
