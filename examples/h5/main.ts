/**
 * Runs the H5 demo: the sandbox platform, the channel backend, and the pages on a static
 * server, all on loopback.
 *
 *   npx tsx examples/h5/main.ts [--port 8080] [--backend-port 8788] [--sandbox-port 8787]
 *
 * Then open the four pages: the channel's H5 view (sign in, apply, my card and its QR
 * code, scan-to-login), the hospital desk (paste a code as a scanner would type it) and the
 * government portal (its login code, to paste into the channel page), and the hospital's
 * cashier (paste a payment code from the channel page: the charge, its split, a refund).
 */
import { parseArgs } from 'node:util';
import { DEMO_PEOPLE } from 'essc-sdk/mock';
import { startH5Demo } from './demo.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8080' },
    'backend-port': { type: 'string', default: '8788' },
    'sandbox-port': { type: 'string', default: '8787' },
  },
});

const demo = await startH5Demo({
  port: Number(values.port),
  backendPort: Number(values['backend-port']),
  sandboxPort: Number(values['sandbox-port']),
});

console.log('电子社保卡 · H5 demo (a SANDBOX: made-up people, throwaway keys)');
console.log('');
console.log(`  channel H5 page:   ${demo.pages.channel}`);
console.log(`  hospital desk:     ${demo.pages.acceptor}`);
console.log(`  portal login:      ${demo.pages.portal}`);
console.log(`  hospital cashier:  ${demo.pages.cashier}`);
console.log('');
console.log(`  channel backend:   ${demo.world.backend.url}  (holds the channel key)`);
console.log(`  sandbox platform:  ${demo.world.sandbox.url}`);
console.log(
  `  JWKS for the desk: ${demo.jwks.url}  (${demo.jwks.mode === 'direct' ? 'the platform answers CORS' : 'relayed by the static server: the platform sends no CORS headers'})`,
);
console.log('');
console.log('Demo people (made-up ID numbers) to apply with; the face check is simulated:');
for (const person of DEMO_PEOPLE)
  console.log(`  ${person.name} ${person.idNumber}  ${person.role}`);
console.log('');
console.log('Press Ctrl+C to stop.');

const stop = () => {
  demo.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
