/**
 * A CPU profile of the http charge alone (what bench/charge.ts times), on the published build:
 *
 *   npx tsx bench/profile-charge.ts [charges] [out.cpuprofile]
 *
 * Set-up as bench/charge.ts (payment codes issued first), 200 charges to warm up, then
 * `charges` (default 3 000) http charges, 4 in flight, under V8's sampling profiler (the one
 * `node --cpu-prof` starts, here around the charges only: the set-up's sealed proofs would
 * otherwise fill the profile). Summarise it with `npx tsx bench/profile-summary.ts <file>`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { chargeWorld } from './charge.js';
import { loadLine } from './package.js';

const total = Number(process.argv[2] ?? 3_000);
const { pkg, platform, merchantKeys, issue, items } = await chargeWorld();
const codes = await issue(total + 200);
const sandbox = await pkg.sandbox.startSandbox({ platform, port: 0 });
const terminal = pkg.acceptor.createPaymentTerminal({
  adapter: pkg.http.createHttpMerchantAdapter({
    baseUrl: sandbox.url,
    merchantId: 'GZ-HOSP-1',
    merchantKey: merchantKeys.privateJwk,
    retries: 0,
  }),
});
let next = 0;
const run = async (until: number) => {
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < until) {
        const i = next++;
        await terminal.charge({ qrText: codes[i]!, orderId: `P-${i}`, amount: 100, items });
      }
    }),
  );
};
await run(200);
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const started = performance.now();
await run(total + 200);
const seconds = (performance.now() - started) / 1000;
const { profile } = await session.post('Profiler.stop');
const out = process.argv[3] ?? 'charge.cpuprofile';
writeFileSync(out, JSON.stringify(profile));
console.log(`profile: ${out}`);
console.log(`${total} http charges: ${(total / seconds).toFixed(0)}/s; ${loadLine()}`);
await sandbox.close();
