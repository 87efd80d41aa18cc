/**
 * `npm run bench`: every benchmark of the project, each against a raw baseline measured in the
 * same run. Only the ratios are meant to be compared; nothing here asserts a timing.
 */
import { runChargeBench } from './charge.js';
import { runHttpBench } from './http.js';
import { runQrBench } from './qr.js';
import { runSmBench } from './sm.js';

console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
await runQrBench();
console.log('');
await runSmBench();
console.log('');
await runHttpBench();
console.log('');
await runChargeBench();
