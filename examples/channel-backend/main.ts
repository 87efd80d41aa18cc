/**
 * Runs the demo: a sandbox platform and the WeChat channel's backend, on loopback.
 *
 *   npx tsx examples/channel-backend/main.ts [--port 8788] [--sandbox-port 8787]
 *
 * Point the mini-program examples (utils/config.ts) or the H5 page at the backend's URL.
 */
import { parseArgs } from 'node:util';
import { DEMO_PEOPLE, startDemo } from './demo.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    'sandbox-port': { type: 'string', default: '8787' },
    channel: { type: 'string', default: 'wechat' },
  },
});

const demo = await startDemo({
  channelId: values.channel,
  backendPort: Number(values.port),
  sandboxPort: Number(values['sandbox-port']),
  webhooks: {
    onAttempt: (a) => console.log(`[webhook] ${a.type} #${a.attempt} → ${a.status ?? a.error}`),
  },
});
demo.backend.events.on('notification', (n) =>
  console.log(
    `[backend] notification ${n.type} for ${n.signNo}${n.status ? ` (${n.status})` : ''}`,
  ),
);

console.log(
  `sandbox (platform):  ${demo.sandbox.url}   A SANDBOX: test data and throwaway keys only`,
);
console.log(`channel backend:     ${demo.backend.url}   channel ${values.channel}`);
console.log(`  relay:             ${demo.backend.relayUrl}`);
console.log(`  webhook:           ${demo.backend.webhookUrl}`);
console.log('');
console.log('Demo people (made-up ID numbers):');
for (const person of DEMO_PEOPLE)
  console.log(`  ${person.name} ${person.idNumber}: ${person.role}`);
console.log('');
console.log(
  `Try: curl -s -X POST ${demo.backend.url}/session -H 'content-type: application/json' -d '{"userId":"alice"}'`,
);
console.log('Press Ctrl+C to stop.');

const stop = () => {
  demo.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
