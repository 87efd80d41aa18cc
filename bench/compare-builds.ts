/**
 * Before/after of two builds on this shared machine: CPU time per call of the http charge (or
 * the http QR issue), client and sandbox each in its own process, the two builds **in
 * alternating slices of one run** so both meet the same load:
 *
 *   npx tsx bench/compare-builds.ts <dirA> <dirB> [charge|qr] [slices] [calls per slice]
 *
 * A `<dir>` is laid out like the package (`<dir>/dist/…`: `git archive <commit>`, then
 * `ESSC_BUILD_DTS=0 ESSC_DIST_DIR=dist npx tsup` in it). Both builds are loaded in this process
 * (two module graphs; only the one measured runs in a slice), each talks to its own
 * `essc-sandbox` process (bench/sandbox-process.ts). Per slice: `calls` calls, 4 in flight;
 * CPU per call of the client (`process.cpuUsage`) and of the sandbox (its threads' `schedstat`, bench/sandbox-process.ts).
 * Printed: the medians per build and the median of B/A taken pair by pair.
 */
import { CHARGE_ITEMS, chargePerson, chargeWorldApart, hospitalTerminal } from './charge.js';
import { median } from './harness.js';
import { loadLine, loadPackageFrom } from './package.js';

const [dirA, dirB, path = 'charge', slicesText = '16', callsText = '150'] = process.argv.slice(2);
if (!dirA || !dirB)
  throw new Error('usage: compare-builds.ts <dirA> <dirB> [charge|qr] [slices] [calls]');
const slices = Number(slicesText);
const calls = Number(callsText);

/** One build's side: its sandbox process and the work of one slice. */
async function side(dir: string, name: string) {
  const pkg = await loadPackageFrom(dir);
  const person = chargePerson(pkg);
  const merchantKeys = await pkg.http.generateCallerKeyPair('EdDSA');
  const apart = await chargeWorldApart({ pkg, merchantKeys, person }, dir);
  let work: (i: number) => Promise<unknown>;
  let total = slices * calls + 200;
  if (path === 'charge') {
    const codes = await apart.issue(total);
    const terminal = hospitalTerminal(pkg, apart.sandbox.url, merchantKeys.privateJwk);
    work = (i) =>
      terminal.charge({ qrText: codes[i]!, orderId: `C-${i}`, amount: 100, items: CHARGE_ITEMS });
  } else {
    total = Number.POSITIVE_INFINITY;
    work = () => apart.wechat.issueQr({ signNo: apart.card.signNo });
  }
  let next = 0;
  const run = async (count: number) => {
    const until = Math.min(next + count, total);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < until) await work(next++);
      }),
    );
  };
  await run(200); // warm-up
  const perCall = { client: [] as number[], sandbox: [] as number[], rate: [] as number[] };
  return {
    name,
    sandbox: apart.sandbox,
    perCall,
    async slice() {
      const cpu = process.cpuUsage();
      const child = apart.sandbox.cpuSeconds() ?? Number.NaN;
      const started = performance.now();
      await run(calls);
      const ms = performance.now() - started;
      const spent = process.cpuUsage(cpu);
      perCall.client.push((spent.user + spent.system) / 1000 / calls);
      perCall.sandbox.push((1000 * ((apart.sandbox.cpuSeconds() ?? Number.NaN) - child)) / calls);
      perCall.rate.push((1000 * calls) / ms);
    },
  };
}

const a = await side(dirA, 'A');
const b = await side(dirB, 'B');
try {
  console.log(`${path}: ${slices} slices of ${calls} calls per build, alternating; ${loadLine()}`);
  for (let i = 0; i < slices; i++) {
    for (const s of i % 2 === 0 ? [a, b] : [b, a]) await s.slice();
  }
  const ms = (x: number) => `${x.toFixed(3)} ms`;
  for (const s of [a, b]) {
    console.log(
      `  ${s.name} (${s.name === 'A' ? dirA : dirB}): CPU per call client ${ms(median(s.perCall.client))}, sandbox ${ms(median(s.perCall.sandbox))}, both ${ms(median(s.perCall.client.map((c, i) => c + s.perCall.sandbox[i]!)))}; ${median(s.perCall.rate).toFixed(0)} calls/s`,
    );
  }
  const ratio = (key: 'client' | 'sandbox') =>
    median(b.perCall[key].map((v, i) => v / a.perCall[key][i]!)).toFixed(3);
  const both = median(
    b.perCall.client.map(
      (v, i) => (v + b.perCall.sandbox[i]!) / (a.perCall.client[i]! + a.perCall.sandbox[i]!),
    ),
  ).toFixed(3);
  console.log(
    `  B/A, pair by pair (median): client ${ratio('client')}, sandbox ${ratio('sandbox')}, both ${both}; ${loadLine()}`,
  );
} finally {
  await a.sandbox.close();
  await b.sandbox.close();
}
