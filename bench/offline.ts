/**
 * Offline codes (R39–R41), the way a user meets them, beside the raw signatures each cannot
 * avoid, in the same run (bench/harness.ts):
 *
 * - **issue**: `offline.issueCode` on the phone (storage read, credential, nonce, codec, the
 *   device's Ed25519 signature by @noble/curves, base45) against a raw @noble/curves Ed25519
 *   sign of the same bytes — the same library, so the ratio is the SDK's own cost;
 * - **verify**: `createQrVerifier().verify` of fresh offline codes (parse, two signatures,
 *   times, the status list's bit, the replay store, the card reference) against two raw
 *   `node:crypto` Ed25519 verifies (a code carries two signatures);
 * - **status list**: a list of 1 000 000 credentials, 1 % revoked: its token's size, gzipped as
 *   on the wire, and the verifier's lookup of one bit.
 *
 * The whole paths run on the published build (bench/package.ts); the status list's lookup on
 * the sources.
 *
 * Run alone with `npx tsx bench/offline.ts`, or call {@link runOfflineBench} from `bench/index.ts`.
 */
import { createPublicKey, verify } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ed25519 } from '@noble/curves/ed25519';
import { StatusListCache } from '../src/acceptor/status-list.js';
import { base64urlEncode, generateSigningKeyPair, signCompactJws } from '../src/crypto/index.js';
import type { OfflineStorage } from '../src/offline/index.js';
import { parseOfflineCodeText } from '../src/qr/offline-codec.js';
import { deviceJwk } from '../src/qr/offline-keys.js';
import { type BenchRow, measure, printRows } from './harness.js';
import { loadPackage } from './package.js';

/** The task names, as the table prints them. */
export const OFFLINE_TASKS = {
  rawSign: 'raw @noble/curves Ed25519 sign',
  rawVerify2: 'raw node:crypto Ed25519 verify ×2',
  issue: 'offline.issueCode (whole path, no network)',
  verify: 'createQrVerifier().verify, offline code (whole path)',
  lookup: 'status list: one bit of 1 000 000',
} as const;

/**
 * Measures issuing and verifying offline codes against raw signatures, and a status list of a
 * million credentials; prints a table and returns the rows.
 *
 * @example
 * ```ts
 * const rows = await runOfflineBench({ time: 500 });
 * ```
 */
export async function runOfflineBench(
  options: { time?: number; rounds?: number; log?: (line: string) => void } = {},
): Promise<BenchRow[]> {
  const log = options.log ?? console.log;
  const rounds = options.rounds ?? 5;
  const pkg = await loadPackage();
  const { createClient, idNumberCheckChar } = pkg.core;
  const platform = new pkg.mock.MockPlatform();
  platform.enableRegion('440100', '广州市');
  platform.registerChannel({ id: 'wechat', name: '微信' });
  const idNumber = `44010619900307123${idNumberCheckChar('44010619900307123')}`;
  platform.addPerson({ name: '张三', idNumber, regionCode: '440100' });
  const client = createClient({ adapter: platform.adapter('wechat') });
  const verification = { password: '258046' };
  const { signNo } = await client.apply({
    channelUserId: 'bench',
    name: '张三',
    idNumber,
    realPerson: platform.realPersonProof(idNumber),
    ...verification,
  });
  const values = new Map<string, string>();
  const storage: OfflineStorage = {
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
    remove: (key) => void values.delete(key),
  };
  const offline = pkg.offline.createOfflineCodes({ client, storage, suite: 'jose' });
  await offline.provision({ signNo, verification });

  // The same bytes the device signs, with the same library, for the raw baseline.
  const sample = parseOfflineCodeText((await offline.issueCode({ signNo })).text);
  const stored = JSON.parse(values.values().next().value as string) as {
    entries: { key: { d: string } }[];
  };
  const d = Buffer.from(stored.entries[0]!.key.d, 'base64url');
  const message = sample.signedBytes;
  const rawSignature = ed25519.sign(message, d);
  const devicePublic = createPublicKey({
    key: deviceJwk('Ed25519', sample.credential.fields.devicePublicKey) as never,
    format: 'jwk',
  });

  const pool: string[] = [];
  // One fresh code per verify (single use): more than the verifier gets through in a round.
  for (let i = 0; i < 8_000 * rounds; i++) pool.push((await offline.issueCode({ signNo })).text);
  const verifier = pkg.acceptor.createQrVerifier({
    jwks: await platform.jwks(),
    statusList: () => platform.statusList(),
    cardRefSecret: 'bench-card-ref-secret-32-bytes!!',
  });
  let next = 0;
  // The first code verifies, or the bench says why before measuring.
  await verifier.verify(pool[next++]!);

  // A million credentials, 1 % revoked, as the platform signs the list.
  const key = await generateSigningKeyPair();
  const size = 1_000_000;
  const bits = new Uint8Array(size / 8);
  for (let i = 0; i < size; i += 100) bits[i >>> 3]! |= 0x80 >>> (i & 7);
  const token = await signCompactJws(
    key,
    new TextEncoder().encode(
      JSON.stringify({
        kind: 'offline-status',
        version: 1,
        issuedAt: Math.floor(Date.now() / 1000),
        ttl: 300,
        size,
        bits: base64urlEncode(bits),
      }),
    ),
    { typ: 'essc-status+jws' },
  );
  const list = new StatusListCache(async () => token, {
    keys: async () => [key.publicJwk],
    now: Date.now,
    maxAgeMs: 3_600_000,
  });
  if (!(await list.isRevoked(500_000))) throw new Error('the bit of 500 000 is set');
  let index = 0;

  const rows = await measure(
    [
      { name: OFFLINE_TASKS.rawSign, run: () => void ed25519.sign(message, d) },
      {
        name: OFFLINE_TASKS.rawVerify2,
        run: () => {
          const a = verify(null, message, devicePublic, rawSignature);
          const b = verify(null, message, devicePublic, rawSignature);
          if (!a || !b) throw new Error('raw verify failed');
        },
      },
      {
        name: OFFLINE_TASKS.issue,
        baseline: OFFLINE_TASKS.rawSign,
        run: async () => {
          await offline.issueCode({ signNo });
        },
      },
      {
        name: OFFLINE_TASKS.verify,
        baseline: OFFLINE_TASKS.rawVerify2,
        run: async () => {
          await verifier.verify(pool[next++ % pool.length]!);
        },
      },
      {
        name: OFFLINE_TASKS.lookup,
        run: async () => {
          index = (index + 7919) % size;
          await list.isRevoked(index);
        },
      },
    ],
    { rounds, ...(options.time ? { time: options.time } : {}) },
  );
  printRows(
    `Offline codes (${sample.signedBytes.length + 64} bytes, ${pool[0]!.length} characters); median of ${rounds} rounds`,
    rows,
    log,
  );
  log(
    `status list of ${size.toLocaleString('en')} credentials (1 % revoked): token ${token.length.toLocaleString('en')} characters, ${gzipSync(token).length.toLocaleString('en')} bytes gzipped on the wire`,
  );
  return rows;
}

const invokedDirectly =
  typeof process !== 'undefined' && /[\\/]bench[\\/]offline\.ts$/.test(process.argv[1] ?? '');
if (invokedDirectly) await runOfflineBench();
