/**
 * `npm run bench`: every benchmark of the project, each against a raw baseline measured in the
 * same run. The whole paths run on the published build (bench/package.ts: `dist/`, or the
 * runtime tests' build of these sources); the codec and SM2 breakdowns on the sources. Only
 * the ratios are meant to be compared; nothing here asserts a timing. The machine's load is
 * printed before and after each part: other engineers' test suites share these 2 cores.
 */
import { runChargeBench } from './charge.js';
import { runHostedBench } from './hosted.js';
import { runHttpBench } from './http.js';
import { runOfflineBench } from './offline.js';
import { loadLine, loadPackage } from './package.js';
import { runQrBench } from './qr.js';
import { runSmBench } from './sm.js';

const started = Date.now();
const pkg = await loadPackage();
console.log(`node ${process.version}, ${process.platform}/${process.arch}; package: ${pkg.from}`);
console.log(`${new Date().toISOString()} ${loadLine()}\n`);
await runQrBench();
console.log('');
await runOfflineBench();
console.log('');
await runHttpBench();
console.log('');
await runChargeBench();
console.log('');
await runHostedBench();
console.log('');
await runSmBench();
console.log(
  `\n${new Date().toISOString()} ${loadLine()}; ${((Date.now() - started) / 60_000).toFixed(1)} min`,
);
