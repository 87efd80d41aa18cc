/**
 * Cost as the work grows (issue 14): the mock platform seeded with 100, 10 000 and 100 000
 * people, each with a physical card, an e-card and a binding in one channel; at each size its
 * memory and the latency of `getCard`, `issueQr` and `apply` through the client
 * (createClient → mock adapter → engine). Then an acceptor's memory nonce store holding
 * 100 000 live codes: its memory, and `createQrVerifier().verify` beside an empty store.
 *
 *   node --expose-gc --import tsx bench/scale.ts            # the table (a child process per size)
 *   node --expose-gc --import tsx bench/scale.ts --size 1000 [--seed-client]  # one size, as JSON
 *
 * The sandbox serves the same engine (`createSandboxHandler(platform)` wraps a MockPlatform),
 * so these figures are its figures too, less the HTTP hop (bench/http.ts measures that).
 * Medians of single calls, measured with performance.now(); nothing here asserts a timing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createMemoryNonceStore, createQrVerifier } from '../src/acceptor/index.js';
import { generateSigningKeyPair, publicJwks, randomBytes } from '../src/crypto/index.js';
import type { Registry } from '../src/engine/registry.js';
import { createClient } from '../src/index.js';
import { MockPlatform } from '../src/mock/index.js';
import { engineOf } from '../src/mock/mock-platform.js';
import { QR_CARD_REF_BYTES, signQr } from '../src/qr/codec.js';
import { createQrPayload } from '../src/qr/payload.js';
import { freshIdNumber, freshName, PASSWORD } from '../src/testing/people.js';

/** The sizes of the table. */
export const SIZES = [100, 10_000, 100_000] as const;
/** Calls per measured operation at each size. */
const SAMPLES = 1_000;
/** Applications measured at each size (each adds one person). */
const APPLY_SAMPLES = 200;
/**
 * PBKDF2 iterations of the e-card password hash in this bench. The default (20 000) makes
 * `apply` cost what the hash costs and seeding 100 000 people take most of an hour; the hash
 * does not depend on the platform's size, so a low count shows the rest of the path.
 */
const HASH_ITERATIONS = 1_000;

/** What one size measured. */
export interface ScaleRow {
  people: number;
  seedSeconds: number;
  /** Heap used after GC, bytes: the empty platform, and after seeding (steady state). */
  heapEmpty: number;
  heapSeeded: number;
  rssSeeded: number;
  /** Medians, ms. */
  getCardMs: number;
  issueQrMs: number;
  applyMs: number;
  /** CPU time per `apply`, ms (all threads of the process; other processes' load excluded). */
  applyCpuMs: number;
  /** Median of a card status change (back office; notifies the bound channels, R13). */
  statusChangeMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc;

function heapAfterGc(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed(times: number, call: (i: number) => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    await call(i);
    samples.push(performance.now() - start);
  }
  return median(samples);
}

type Person = { name: string; idNumber: string };
type Seeded = { signNo: string; cardNo: string };

async function seedThroughClient(
  people: number,
  person: () => Person,
  apply: (p: Person, i: number) => Promise<{ signNo: string }>,
  platform: MockPlatform,
): Promise<Seeded[]> {
  const seeded: Seeded[] = [];
  for (let i = 0; i < people; i++) {
    const p = person();
    const { signNo } = await apply(p, i);
    seeded.push({ signNo, cardNo: platform.currentCard(p.idNumber).cardNo });
  }
  return seeded;
}

/**
 * Writes each person's e-card and binding straight into the engine's registry: the records
 * `apply` writes, of the same shape (own sign number, card reference and password-hash
 * string each), without the per-call sealing, opening and hashing that make `apply` through
 * the client cost some 18 ms of CPU here (100 000 would take half an hour). `--seed client`
 * seeds through `client.apply` instead, to compare at small sizes.
 */
function seedRecords(platform: MockPlatform, people: number, person: () => Person): Seeded[] {
  // The engine's shared records; internal, reached here on purpose (a bench, not an API).
  const { records } = (engineOf(platform) as unknown as { ctx: { records: Registry } }).ctx;
  const template = records.ecardOf(records.signNoOfCard([...records.cards.keys()][0]!)!)!;
  const seeded: Seeded[] = [];
  for (let i = 0; i < people; i++) {
    const { idNumber } = person();
    const card = records.cards.get(records.persons.get(idNumber)!.cardNo)!;
    const signNo = records.newSignNo(card.regionCode);
    records.addECard({
      signNo,
      cardNo: card.cardNo,
      idNumber,
      cardRef: randomBytes(QR_CARD_REF_BYTES),
      // A string of its own per e-card, as a fresh salted hash would be.
      passwordHash: Buffer.from(template.ecard.passwordHash).toString(),
      failures: 0,
      level: 1,
    });
    records.addBinding({
      channelId: 'wechat',
      signNo,
      channelUserId: `user-${i}`,
      boundAt: Date.now(),
    });
    seeded.push({ signNo, cardNo: card.cardNo });
  }
  return seeded;
}

/** Seeds one platform with `people` people, e-cards and bindings, and measures it. */
export async function measureSize(
  people: number,
  seed: 'records' | 'client' = 'records',
): Promise<ScaleRow> {
  let clock = Date.now();
  const platform = new MockPlatform({ now: () => clock, passwordHashIterations: HASH_ITERATIONS });
  platform.enableRegion('440100', '广州市');
  platform.registerChannel({ id: 'wechat', name: '微信' });
  const client = createClient({ adapter: platform.adapter('wechat') });
  const person = () => {
    const idNumber = freshIdNumber({ district: '440106' });
    const name = freshName();
    platform.addPerson({ name, idNumber, regionCode: '440100' });
    return { name, idNumber };
  };
  const apply = (p: { name: string; idNumber: string }, i: number) =>
    client.apply({
      channelUserId: `user-${i}`,
      name: p.name,
      idNumber: p.idNumber,
      realPerson: platform.realPersonProof(p.idNumber),
      password: PASSWORD,
    });
  // Warm the path (key import, JIT) before the first figure.
  await apply(person(), -1);
  const heapEmpty = heapAfterGc();

  const started = performance.now();
  const seeded =
    seed === 'client'
      ? await seedThroughClient(people, person, apply, platform)
      : seedRecords(platform, people, person);
  const signNos = seeded.map((s) => s.signNo);
  const seedSeconds = (performance.now() - started) / 1000;
  // Past every idempotency entry's and proof's lifetime, so what stays is what the records
  // cost; the next mutating call sweeps the rest.
  clock += 25 * 60 * 60 * 1000;
  await client.issueQr({ signNo: signNos[0]! });
  platform.realPersonProof(person().idNumber);
  const heapSeeded = heapAfterGc();
  const rssSeeded = process.memoryUsage().rss;

  const pick = (i: number) => signNos[(i * 7919) % signNos.length]!;
  const getCardMs = await timed(SAMPLES, (i) => client.getCard({ signNo: pick(i) }));
  const issueQrMs = await timed(SAMPLES, (i) => client.issueQr({ signNo: pick(i) }));
  const fresh = Array.from({ length: APPLY_SAMPLES }, person);
  const cpu = process.cpuUsage();
  const applyMs = await timed(APPLY_SAMPLES, (i) => apply(fresh[i]!, people + i));
  const used = process.cpuUsage(cpu);
  const applyCpuMs = (used.user + used.system) / 1000 / APPLY_SAMPLES;
  const statuses = ['lost', 'normal'] as const;
  // Each card is reported lost, then normal again: two changes, each telling the bound channel.
  const statusChangeMs = await timed(SAMPLES, (i) =>
    platform.setCardStatus(seeded[((i >> 1) * 7919) % seeded.length]!.cardNo, statuses[i % 2]!),
  );
  return {
    people,
    seedSeconds,
    heapEmpty,
    heapSeeded,
    rssSeeded,
    getCardMs,
    issueQrMs,
    applyMs,
    applyCpuMs,
    statusChangeMs,
  };
}

/** What the nonce store measured. */
export interface NonceRow {
  liveCodes: number;
  /** Heap used after GC, bytes: empty store, and holding `liveCodes` nonces. */
  heapEmpty: number;
  heapFull: number;
  /** Median `verify` of a fresh code, ms: with an empty store and with `liveCodes` live. */
  verifyEmptyMs: number;
  verifyFullMs: number;
}

/** An acceptor's memory nonce store with `liveCodes` live nonces. */
export async function measureNonceStore(liveCodes = 100_000): Promise<NonceRow> {
  const key = await generateSigningKeyPair();
  const base = {
    key,
    purpose: 'identity' as const,
    ttlSeconds: 60,
    channelId: 'wechat',
    regionCode: '440100',
    holderName: '张*',
  };
  const codes = async (n: number) => {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const payload = await createQrPayload({
        ...base,
        now: Date.now(),
        cardRef: randomBytes(QR_CARD_REF_BYTES),
      });
      out.push(await signQr(payload, key));
    }
    return out;
  };
  const verifyAll = async (store: ReturnType<typeof createMemoryNonceStore>) => {
    const verifier = createQrVerifier({
      jwks: publicJwks([key]),
      cardRefSecret: 'bench-card-ref-secret-32-bytes!!',
      nonceStore: store,
    });
    const batch = await codes(SAMPLES + 100);
    for (const text of batch.slice(0, 100)) await verifier.verify(text); // warm-up
    return timed(SAMPLES, (i) => verifier.verify(batch[100 + i]!));
  };

  const verifyEmptyMs = await verifyAll(createMemoryNonceStore({ maxEntries: 2 * liveCodes }));
  const heapEmpty = heapAfterGc();
  const store = createMemoryNonceStore({ maxEntries: 2 * liveCodes });
  const expiresAt = Date.now() + 3_600_000;
  // Nonces of the size the codec makes (its base64url form), each live for the next hour.
  for (let i = 0; i < liveCodes; i++) {
    await store.consume(Buffer.from(randomBytes(16)).toString('base64url'), expiresAt + i);
  }
  const heapFull = heapAfterGc();
  const verifyFullMs = await verifyAll(store);
  if (store.size() < liveCodes) throw new Error('the store forgot live nonces');
  return { liveCodes, heapEmpty, heapFull, verifyEmptyMs, verifyFullMs };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const ms = (value: number) => `${value.toFixed(3)} ms`;

function runChild(args: string[]): unknown {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=4096', '--import', 'tsx', self, ...args],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`bench/scale.ts ${args.join(' ')}: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').at(-1)!);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizeArg = process.argv.indexOf('--size');
  const seed = process.argv.includes('--seed-client') ? 'client' : 'records';
  if (sizeArg > 0) {
    console.log(JSON.stringify(await measureSize(Number(process.argv[sizeArg + 1]), seed)));
  } else if (process.argv.includes('--nonces')) {
    console.log(JSON.stringify(await measureNonceStore()));
  } else {
    if (!gc) console.warn('no --expose-gc: heap figures include garbage');
    console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
    console.log(
      '| people, e-cards, bindings | heap (after GC) | per person | RSS | getCard | issueQr | apply (CPU) | status change |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const size of SIZES) {
      const row = runChild(['--size', String(size)]) as ScaleRow;
      const perPerson = (row.heapSeeded - row.heapEmpty) / row.people;
      console.log(
        `| ${row.people.toLocaleString('en')} | ${mb(row.heapSeeded)} | ${(perPerson / 1024).toFixed(2)} KB | ${mb(row.rssSeeded)} | ${ms(row.getCardMs)} | ${ms(row.issueQrMs)} | ${ms(row.applyMs)} (${ms(row.applyCpuMs)}) | ${ms(row.statusChangeMs)} |`,
      );
    }
    const nonces = runChild(['--nonces']) as NonceRow;
    const perNonce = (nonces.heapFull - nonces.heapEmpty) / nonces.liveCodes;
    console.log('');
    console.log('| memory nonce store | heap (after GC) | per live code | verify (median) |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| empty | ${mb(nonces.heapEmpty)} | | ${ms(nonces.verifyEmptyMs)} |`);
    console.log(
      `| ${nonces.liveCodes.toLocaleString('en')} live codes | ${mb(nonces.heapFull)} | ${perNonce.toFixed(0)} B | ${ms(nonces.verifyFullMs)} |`,
    );
  }
}
