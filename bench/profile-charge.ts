/**
 * A CPU profile of the http charge alone (what bench/charge.ts times), on the published build:
 *
 *   npx tsx bench/profile-charge.ts [charges] [out.cpuprofile] [--apart] [--cpu-only]
 *
 * Set-up as bench/charge.ts (payment codes issued first), 200 charges to warm up, then
 * `charges` (default 3 000) http charges, 4 in flight, under V8's sampling profiler (the one
 * `node --cpu-prof` starts, here around the charges only: the set-up's sealed proofs would
 * otherwise fill the profile). Summarise it with `npx tsx bench/profile-summary.ts <file>`.
 *
 * With `--apart` the sandbox is the package's `essc-sandbox` command in its own process
 * (bench/sandbox-process.ts) and both sides are profiled: the client's profile goes to
 * `<out>` and the sandbox's to `<out>` with `.sandbox` before its extension. Either way the
 * CPU time per charge of each process is printed (`process.cpuUsage`; the sandbox's threads' `schedstat`):
 * the figure to compare before and after a change on this shared machine, since it does not
 * count the time the process waited for a core. `--cpu-only` measures it without the
 * profiler (whose sampling adds to it).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { chargeWorld, chargeWorldApart, hospitalTerminal } from './charge.js';
import { loadLine } from './package.js';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const apartMode = process.argv.includes('--apart');
// `--cpu-only`: no profiler, the CPU time per charge alone (the profiler's sampling adds to it).
const profiling = !process.argv.includes('--cpu-only');
const total = Number(args[0] ?? 3_000);
const out = args[1] ?? 'charge.cpuprofile';
const world = await chargeWorld();
const { pkg, platform, merchantKeys, issue, items } = world;
const apart = apartMode ? await chargeWorldApart(world) : undefined;
const codes = apart ? await apart.issue(total + 200) : await issue(total + 200);
const sandbox = apart ? undefined : await pkg.sandbox.startSandbox({ platform, port: 0 });
const terminal = hospitalTerminal(
  pkg,
  apart ? apart.sandbox.url : sandbox!.url,
  merchantKeys.privateJwk,
);
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
if (profiling) {
  await apart?.sandbox.startProfile();
  await session.post('Profiler.start');
}
const cpuBefore = process.cpuUsage();
const sandboxBefore = apart?.sandbox.cpuSeconds();
const started = performance.now();
await run(total + 200);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const sandboxAfter = apart?.sandbox.cpuSeconds();
if (profiling) {
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(out, JSON.stringify(profile));
  const sandboxOut = out.replace(/(\.cpuprofile)?$/, '.sandbox$1');
  if (apart) await apart.sandbox.stopProfile(sandboxOut);
  console.log(`profile: ${out}${apart ? ` (client), ${sandboxOut} (sandbox)` : ''}`);
}
const perCharge = (cpuSeconds: number) => `${((1000 * cpuSeconds) / total).toFixed(3)} ms`;
const clientCpu = (cpu.user + cpu.system) / 1e6;
console.log(
  `${total} http charges${apart ? ' (sandbox in its own process)' : ' (one process)'}: ${(total / seconds).toFixed(0)}/s; CPU per charge: ${apart ? 'client' : 'client + sandbox'} ${perCharge(clientCpu)}${
    apart && sandboxBefore !== undefined && sandboxAfter !== undefined
      ? `, sandbox ${perCharge(sandboxAfter - sandboxBefore)}, both ${perCharge(clientCpu + sandboxAfter - sandboxBefore)}`
      : ''
  }; ${loadLine()}`,
);
await sandbox?.close();
await apart?.sandbox.close();
