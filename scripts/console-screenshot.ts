/**
 * Retakes the README's picture of the sandbox console, docs/images/console.png: a `--seed demo`
 * sandbox where 张三 has applied in two channels, paid 广州市第一人民医院 with a payment code
 * (insurance paid its share), been refunded a test, added his father and been given a bill;
 * the console open on him in headless Chromium (Debian's chromium, and fonts-wqy-microhei for
 * the Chinese text).
 *
 *   npx tsx scripts/console-screenshot.ts [out.png]
 *
 * Look at the picture before committing it.
 */
import { chromium } from 'playwright-core';
import { createPaymentTerminal } from '../src/acceptor/index.js';
import { createHttpAdapter, createHttpMerchantAdapter } from '../src/http/index.js';
import { createClient, type EsscClient } from '../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../src/mock/index.js';
import {
  createTestClock,
  DEMO_MERCHANT,
  seedDemoKeys,
  startSandbox,
} from '../src/sandbox/index.js';

const out = process.argv[2] ?? 'docs/images/console.png';
const PASSWORD = '258046';
const zhang = DEMO_PEOPLE[0]!;
const father = { name: '张建国', idNumber: '440106195803120021', regionCode: '440100' };

const clock = createTestClock();
const platform = MockPlatform.demo({ now: clock.now });
const keys = await seedDemoKeys(platform);
const sandbox = await startSandbox({ platform, testClock: clock, port: 0 });
const channel = (channelId: string): EsscClient =>
  createClient({
    adapter: createHttpAdapter({
      baseUrl: sandbox.url,
      channelId,
      channelKey: keys.channels[channelId]!,
    }),
  });
const wechat = channel('wechat');
const alipay = channel('alipay');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  const apply = (client: EsscClient, channelUserId: string) =>
    client.apply({
      channelUserId,
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: platform.realPersonProof(zhang.idNumber),
      password: PASSWORD,
    });
  const { signNo } = await apply(wechat, 'wx-zhang');
  await apply(alipay, 'alipay-zhang');
  await wechat.enablePayment({ signNo, verification: { password: PASSWORD } });
  const code = await wechat.issueQr({
    signNo,
    purpose: 'payment',
    verification: { password: PASSWORD },
  });
  const terminal = createPaymentTerminal({
    adapter: createHttpMerchantAdapter({
      baseUrl: sandbox.url,
      merchantId: DEMO_MERCHANT.id,
      merchantKey: keys.merchants[DEMO_MERCHANT.id]!,
    }),
  });
  const orderId = 'HIS-20260701-0001';
  await terminal.charge({
    qrText: code.text,
    orderId,
    amount: 36_500,
    description: '门诊 · 内科',
    items: [
      { code: 'D-0123', name: '阿莫西林胶囊', amount: 30_000, coverage: 'covered' },
      { code: 'L-0042', name: '血常规', amount: 6_500, coverage: 'covered' },
    ],
  });
  await terminal.refund({ orderId, refundId: `${orderId}-R1`, amount: 6_500 });
  platform.addPerson({
    ...father,
    benefit: {
      kind: 'pension',
      certifiedAt: new Date(clock.now() - 350 * 86_400_000).toISOString(),
    },
  });
  await wechat.addFamilyMember({
    signNo,
    relation: 'parent',
    name: father.name,
    idNumber: father.idNumber,
    verification: { password: PASSWORD },
    memberProof: platform.realPersonProof(father.idNumber),
  });
  platform.addBill({
    idNumber: zhang.idNumber,
    kind: 'exam',
    title: '2026 年会计资格考试',
    amount: 5_600,
  });

  const page = await (
    await browser.newContext({ viewport: { width: 1360, height: 900 } })
  ).newPage();
  await page.goto(`${sandbox.url}/console`);
  await page.locator('#people li', { hasText: zhang.name }).first().click();
  await page.locator('#person-lists td', { hasText: DEMO_MERCHANT.name }).waitFor();
  await page.locator('#family td', { hasText: '张*国' }).waitFor();
  await page.screenshot({ path: out, fullPage: true, animations: 'disabled' });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  wechat.close();
  alipay.close();
  await sandbox.close();
}
