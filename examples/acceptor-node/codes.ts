/**
 * Something for the desks to scan: starts the sandbox platform (demo people, fresh keys),
 * applies for 张三's e-card in the WeChat channel over HTTP, and prints a fresh dynamic code
 * each time you press Enter — the text a USB scanner would type at a desk.
 *
 *   npx tsx examples/acceptor-node/codes.ts [--port 8787] [--for-parent]
 *
 * With `--for-parent`, 张三 adds his father 张建国 to his family (亲情服务: the father's own
 * face check, 张三's password) and the codes are the father's, shown by 张三 on his behalf:
 * the desks print `on-behalf=parent` (R32).
 *
 * A sandbox: made-up people, throwaway keys. The codes are single-use and live 60 seconds.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createClient } from 'essc-sdk';
import { createHttpAdapter } from 'essc-sdk/http';
import { DEMO_PEOPLE, MockPlatform } from 'essc-sdk/mock';
import { seedDemoKeys, startSandbox } from 'essc-sdk/sandbox';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    'for-parent': { type: 'boolean', default: false },
  },
});

const platform = MockPlatform.demo();
const { channels } = await seedDemoKeys(platform);
const sandbox = await startSandbox({ platform, port: Number(values.port), webhooks: false });
const zhang = DEMO_PEOPLE[0]!;

// The channel's side: in production its backend holds this key (examples/channel-backend).
const client = createClient({
  adapter: createHttpAdapter({
    baseUrl: sandbox.url,
    channelId: 'wechat',
    channelKey: channels.wechat!,
  }),
});
const card = await client.apply({
  channelUserId: 'wx-openid-zhang',
  name: zhang.name,
  idNumber: zhang.idNumber,
  realPerson: platform.realPersonProof(zhang.idNumber), // the sandbox's stand-in for a face check
  password: '258046',
});

/** 张三's father: a Guangzhou pensioner with a physical card, and no phone. */
const FATHER = { name: '张建国', idNumber: '440106195803120021', regionCode: '440100' };
let memberId: string | undefined;
if (values['for-parent']) {
  platform.addPerson(FATHER);
  const father = await client.addFamilyMember({
    signNo: card.signNo,
    relation: 'parent',
    name: FATHER.name,
    idNumber: FATHER.idNumber,
    verification: { password: '258046' },
    memberProof: platform.realPersonProof(FATHER.idNumber), // his consent: his own face check
  });
  memberId = father.memberId;
  console.error(`${card.name} added his father ${father.name}: the codes are his, shown for him.`);
}

console.error(`sandbox platform: ${sandbox.url}`);
console.error(`  the desks' JWKS: ${sandbox.url}/.well-known/jwks.json`);
console.error(
  `e-card of ${card.name} (${card.regionCode}) in wechat. Enter: a new code; Ctrl+C: stop.`,
);

const printCode = async () =>
  console.log(
    (await client.issueQr({ signNo: card.signNo, ...(memberId ? { memberId } : {}) })).text,
  );
let queue = printCode();
const lines = createInterface({ input: process.stdin });
lines.on('line', () => {
  queue = queue.then(printCode).catch((error: unknown) => console.error(error));
});
lines.on('close', () => {
  queue.finally(() => sandbox.close()).then(() => process.exit(0));
});
process.once('SIGINT', () => lines.close());
