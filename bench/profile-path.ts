/**
 * A CPU profile of one whole path on the published build, for `npx tsx bench/profile-summary.ts`:
 *
 *   npx tsx bench/profile-path.ts issue|verify|http [calls] [out.cpuprofile]
 *
 * `issue`: `client.issueQr` (identity) on the mock; `verify`: `createQrVerifier().verify` of
 * fresh codes; `http`: `client.issueQr` over the http adapter → sandbox on 127.0.0.1, 4 in
 * flight (bench/http.ts). 2 000 calls to warm up, then `calls` (default 50 000) under V8's sampling
 * profiler (the one `node --cpu-prof` starts, here around the calls only).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadLine, loadPackage } from './package.js';

const [path = 'issue', callsText = '50000', out = `${path}.cpuprofile`] = process.argv.slice(2);
const calls = Number(callsText);
const pkg = await loadPackage();
const { createClient, idNumberCheckChar } = pkg.core;
const keys = await pkg.mock.generatePlatformKeys();
const platform = new pkg.mock.MockPlatform({ keys });
platform.enableRegion('440100', '广州市');
const channelKeys = await pkg.http.generateCallerKeyPair('EdDSA');
platform.registerChannel({ id: 'wechat', name: '微信', publicKey: channelKeys.publicJwk });
const sandbox = path === 'http' ? await pkg.sandbox.startSandbox({ platform, port: 0 }) : undefined;
const idNumber = `44010619900307123${idNumberCheckChar('44010619900307123')}`;
platform.addPerson({ name: '张三', idNumber, regionCode: '440100' });
const client = createClient({
  adapter: sandbox
    ? pkg.http.createHttpAdapter({
        baseUrl: sandbox.url,
        channelId: 'wechat',
        channelKey: channelKeys.privateJwk,
        retries: 0,
      })
    : platform.adapter('wechat'),
});
const { signNo } = await client.apply({
  channelUserId: 'bench',
  name: '张三',
  idNumber,
  realPerson: platform.realPersonProof(idNumber),
  password: '258046',
});
let work: () => Promise<unknown>;
if (path === 'http') {
  // Four in flight: each call of `work` runs four issues at once.
  work = () => Promise.all([0, 1, 2, 3].map(() => client.issueQr({ signNo })));
} else if (path === 'issue') {
  work = () => client.issueQr({ signNo });
} else {
  const pool: string[] = [];
  for (let i = 0; i < calls + 2_000; i++) pool.push((await client.issueQr({ signNo })).text);
  const verifier = pkg.acceptor.createQrVerifier({
    jwks: await platform.jwks(),
    cardRefSecret: 'bench-card-ref-secret-32-bytes!!',
  });
  let next = 0;
  work = () => verifier.verify(pool[next++]!);
}
for (let i = 0; i < 2_000; i++) await work();
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 100 });
await session.post('Profiler.start');
const started = performance.now();
for (let i = 0; i < calls; i++) await work();
const seconds = (performance.now() - started) / 1000;
const { profile } = await session.post('Profiler.stop');
writeFileSync(out, JSON.stringify(profile));
console.log(`${calls} ${path}: ${(calls / seconds).toFixed(0)}/s; ${loadLine()}; profile: ${out}`);
await sandbox?.close();
