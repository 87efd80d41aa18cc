/**
 * The sandbox console at /console in headless Chromium (Debian's `chromium`, driven by
 * playwright-core, as test/examples/h5.test.ts): a back-office user finds a person and
 * reports the card lost while a channel's client, running over the http adapter and
 * subscribed to notifications, receives the status event; mints a real-person proof that the
 * channel then applies with; and reviews an application to approved while the channel is told.
 *
 * Screenshots are kept in `test-results/console/` (gitignored) to look at; the README's
 * docs/images/console.png is retaken with scripts/console-screenshot.ts.
 *
 * Without `/usr/bin/chromium` the suite is skipped with the reason printed — except in CI
 * (`CI` set), which installs it: there it fails.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPaymentTerminal } from '../../src/acceptor/index.js';
import { createHttpAdapter } from '../../src/http/index.js';
import { createClient, type EsscClient, idNumberCheckChar } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import {
  createTestClock,
  type DemoCredentials,
  type RunningSandbox,
  seedDemoKeys,
  startSandbox,
} from '../../src/sandbox/index.js';
import { skipMessage, warnSkipped } from '../system-packages.js';

const CHROMIUM = '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
warnSkipped('test/sandbox/console', 'chromium', installed);

const ARTEFACTS = join('test-results', 'console');
const PASSWORD = '258046';
const ZHANG = DEMO_PEOPLE[0]!;
const MAIMAITI = DEMO_PEOPLE[1]!;
const LI = DEMO_PEOPLE[2]!;

describe('chromium for the console test', () => {
  it.runIf(inCi)('is installed in CI', () => {
    expect(installed, skipMessage('test/sandbox/console', 'chromium')).toBe(true);
  });
});

describe.skipIf(!installed)('the sandbox console in headless Chromium', () => {
  let browser: Browser;
  let sandbox: RunningSandbox;
  let platform: MockPlatform;
  let credentials: DemoCredentials;
  let clients: EsscClient[] = [];
  let contexts: BrowserContext[] = [];
  /** Errors thrown in the page, and Content-Security-Policy refusals: none expected. */
  let pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir(ARTEFACTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    const clock = createTestClock();
    platform = MockPlatform.demo({ now: clock.now });
    credentials = await seedDemoKeys(platform);
    sandbox = await startSandbox({ platform, testClock: clock });
    pageErrors = [];
  });
  afterEach(async () => {
    // The pages stop polling before the sandbox goes away.
    for (const context of contexts) await context.close();
    contexts = [];
    for (const client of clients) client.close();
    clients = [];
    await sandbox.close();
    expect(pageErrors).toEqual([]);
  });

  /** A channel app's client over the wire, listening to the platform's notifications. */
  function channelClient(channelId = 'wechat'): EsscClient {
    const client = createClient({
      adapter: createHttpAdapter({
        baseUrl: sandbox.url,
        channelId,
        channelKey: credentials.channels[channelId]!,
        notifications: true,
      }),
    });
    clients.push(client);
    return client;
  }

  async function openConsole(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    await page.goto(`${sandbox.url}/console`);
    return page;
  }

  /** Types into the search box and opens the one person it finds. */
  async function findPerson(page: Page, query: string, name: string): Promise<void> {
    await page.fill('#search', query);
    const item = page.locator('#people li', { hasText: name });
    await expect.poll(() => page.locator('#people li').count()).toBe(1);
    await item.click();
    await page.locator('#person-card h2', { hasText: name }).waitFor();
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({
      path: join(ARTEFACTS, `${name}.png`),
      fullPage: true,
      animations: 'disabled',
    });
  }

  it('says it is a sandbox, lists people with masked ID numbers, and shows no private key', async () => {
    const page = await openConsole();
    expect(await page.locator('.banner').textContent()).toContain('沙箱 SANDBOX');
    await page.locator('#people li', { hasText: ZHANG.name }).waitFor();
    const list = (await page.locator('#people').textContent()) ?? '';
    expect(list).toContain('440106********');
    // Regions by name, the code beside.
    expect(list).toContain('广州市 440100');
    expect(list).toContain('乌鲁木齐市 650100');
    for (const person of DEMO_PEOPLE) expect(list).not.toContain(person.idNumber);

    await page.click('#tabs button[data-tab="parties"]');
    await page.locator('#channels td', { hasText: 'wechat' }).waitFor();
    const html = await page.content();
    for (const jwk of [
      ...Object.values(credentials.channels),
      ...Object.values(credentials.portals),
    ]) {
      expect(html).not.toContain(String(jwk.d));
    }
    expect(html).toContain(String(engineOf(platform).channel('wechat')?.publicKey?.kid));
    await screenshot(page, 'parties');
  });

  it('reporting the card lost in the console reaches a running client as card:status', async () => {
    const client = channelClient();
    const card = await client.apply({
      channelUserId: 'u-zhang',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: platform.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    const told = new Promise<{ signNo: string; status: string }>((resolve) =>
      client.on('card:status', resolve),
    );

    const page = await openConsole();
    await findPerson(page, '张三', ZHANG.name);
    await page.locator('#person-card td', { hasText: 'wechat' }).waitFor();
    // Family and certification (R31, R33) are part of the person's view.
    await page.locator('#certification-status').waitFor();
    await page.locator('#family', { hasText: '没有家庭成员' }).waitFor();
    await page.click('#report-lost');

    expect(await told).toMatchObject({ signNo: card.signNo, status: 'lost' });
    await page.locator('#toast', { hasText: '卡状态 → 挂失 / Card status → lost' }).waitFor();
    await page.locator('#card-status', { hasText: '挂失' }).waitFor();
    expect((await client.getCard({ signNo: card.signNo })).status).toBe('lost');
    await screenshot(page, 'report-lost');

    await page.click('#tabs button[data-tab="activity"]');
    await page.locator('#notifications td', { hasText: 'card.status_changed' }).waitFor();
    await screenshot(page, 'activity');
  });

  it('shows who reported a loss, and pays this month’s benefits from its button (R43, R44)', async () => {
    const client = channelClient();
    const { signNo } = await client.apply({
      channelUserId: 'u-li',
      name: LI.name,
      idNumber: LI.idNumber,
      realPerson: platform.realPersonProof(LI.idNumber),
      password: PASSWORD,
    });
    await client.reportLoss({ signNo, verification: { password: PASSWORD } });
    // A pensioner certified ten days ago: this month is paid, once however often it is pressed.
    const idNumber = '44010619520911003';
    const pensioner = `${idNumber}${idNumberCheckChar(idNumber)}`;
    platform.addPerson({
      name: '张建国',
      idNumber: pensioner,
      regionCode: '440100',
      benefit: {
        kind: 'pension',
        monthlyAmount: 312_550,
        certifiedAt: new Date(engineOf(platform).now() - 10 * 24 * 3600 * 1000).toISOString(),
      },
    });
    const bank = platform.balances(pensioner).bank;

    const page = await openConsole();
    await findPerson(page, '李四', LI.name);
    await page.locator('#loss-reported-by', { hasText: '持卡人在线挂失' }).waitFor();
    await page.click('#tabs button[data-tab="controls"]');
    await page.click('#run-disbursement');
    await page.locator('#disbursement-result', { hasText: '已发放 1 人，暂停 0 人' }).waitFor();
    await page.click('#run-disbursement');
    await page.locator('#disbursement-result', { hasText: '已发放 0 人，暂停 0 人' }).waitFor();
    expect(platform.balances(pensioner).bank).toBe(bank + 312_550);
    await page.click('#tabs button[data-tab="people"]');
    await findPerson(page, '张建国', '张建国');
    await page.locator('#benefit-payments td', { hasText: '¥3125.50' }).waitFor();
    await page.locator('#benefit-payments', { hasText: '已发放' }).waitFor();
    // The certification's due date reads as a date, not as an element's name.
    expect(await page.locator('#certification-status').textContent()).not.toContain('[object');
    await screenshot(page, 'benefits');
  });

  it('a proof minted and copied in the console lets the channel apply with it', async () => {
    const page = await openConsole();
    // A whole ID number is looked up on the platform (the list holds masked ones only).
    await findPerson(page, LI.idNumber, LI.name);
    await page.click('#mint-proof');
    const proofBox = page.locator('#proof-output');
    await expect.poll(() => proofBox.inputValue()).not.toBe('');
    await page.click('#copy-proof');
    await page.locator('#toast', { hasText: '已复制' }).waitFor();
    const proof = await page.evaluate(() => navigator.clipboard.readText());
    expect(proof).toBe(await proofBox.inputValue());

    const client = channelClient('alipay');
    const card = await client.apply({
      channelUserId: 'u-li',
      name: LI.name,
      idNumber: LI.idNumber,
      realPerson: proof,
      password: PASSWORD,
    });
    expect(card.status).toBe('active');
    // The page follows: the new binding shows without a reload.
    await page.locator('#person-card td', { hasText: 'alipay' }).waitFor();
    await screenshot(page, 'proof-applied');
  });

  it('reviewing an application to approved in the console tells the channel at each step', async () => {
    const client = channelClient();
    const card = await client.apply({
      channelUserId: 'u-maimaiti',
      name: MAIMAITI.name,
      idNumber: MAIMAITI.idNumber,
      realPerson: platform.realPersonProof(MAIMAITI.idNumber),
      password: PASSWORD,
    });
    const application = await client.submitApplication({
      signNo: card.signNo,
      service: 'unemployment-benefit',
      form: {
        reason: 'contract-ended',
        lastEmployer: '乌鲁木齐某商贸公司',
        separatedOn: '2026-06-30',
      },
      verification: { password: PASSWORD },
    });
    const statuses: string[] = [];
    let onUpdate: (() => void) | undefined;
    client.on('application:updated', ({ application: updated }) => {
      statuses.push(updated.status);
      onUpdate?.();
    });
    const told = (status: string) =>
      new Promise<void>((resolve) => {
        onUpdate = () => statuses.includes(status) && resolve();
        onUpdate();
      });

    const page = await openConsole();
    await findPerson(page, '买买提', MAIMAITI.name);
    await page.locator('#applications td', { hasText: '失业保险金申领' }).waitFor();
    await page.fill('#review-note', '材料齐全');
    await page.click('#applications button[data-review="accepted"]');
    await told('accepted');
    await page.click('#applications button[data-review="approved"]');
    await told('approved');

    expect(statuses).toEqual(['accepted', 'approved']);
    const approved = await client.getApplication({
      signNo: card.signNo,
      applicationId: application.applicationId,
    });
    expect(approved).toMatchObject({ status: 'approved', note: '材料齐全' });
    await page.locator('#applications .badge.approved').waitFor();
    await page.locator('#status-select').waitFor();
    // The page as it stands, without the toast.
    await page.evaluate(() => {
      document.getElementById('toast')!.className = '';
    });
    await screenshot(page, 'application-approved');
  });

  it('shows a payment and each refund by its own amount, sets balances, adds a bill, moves the clock, queues a fault', async () => {
    // --seed demo's hospital (seedDemoKeys), charged in process here.
    const client = createClient({ adapter: platform.adapter('wechat') });
    const { signNo } = await client.apply({
      channelUserId: 'u-zhang',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: platform.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    await client.enablePayment({ signNo, verification: { password: PASSWORD } });
    const qr = await client.issueQr({
      signNo,
      purpose: 'payment',
      verification: { password: PASSWORD },
    });
    const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
    await terminal.charge({ qrText: qr.text, orderId: 'ORD-1', amount: 36_500 });
    await terminal.refund({ orderId: 'ORD-1', refundId: 'RF-1', amount: 6_500 });
    await terminal.refund({ orderId: 'ORD-1', refundId: 'RF-2', amount: 30_000 });

    const page = await openConsole();
    await page.click('#tabs button[data-tab="payments"]');
    await page.locator('#tab-payments td', { hasText: 'ORD-1' }).waitFor();
    const payments = (await page.locator('#tab-payments').textContent()) ?? '';
    expect(payments).toContain('广州市第一人民医院');
    expect(payments).toContain('¥365.00');
    await screenshot(page, 'payments');

    // Each refund's notification says what that refund gave back (its payload carries the
    // payment's total refunded so far: ¥65.00, then ¥365.00).
    await page.click('#tabs button[data-tab="activity"]');
    const refunds = page.locator('#notifications tr', { hasText: 'payment.refunded' });
    await expect.poll(() => refunds.count()).toBe(2);
    const [second, first] = await refunds.allTextContents();
    expect(first).toContain('退款 refund ¥65.00 · 广州市第一人民医院');
    expect(second).toContain('退款 refund ¥300.00 · 广州市第一人民医院');
    expect(second).toContain('累计 so far ¥365.00 / ¥365.00');
    const paid = page.locator('#notifications tr', { hasText: 'payment.succeeded' });
    expect(await paid.textContent()).toContain('支付 paid ¥365.00 · 广州市第一人民医院');
    await screenshot(page, 'activity-refunds');

    await page.click('#tabs button[data-tab="people"]');
    await findPerson(page, '张三', ZHANG.name);
    await page.locator('#person-lists td', { hasText: '广州市第一人民医院' }).waitFor();
    // A person with a payment and its two refunds, by the merchant's name.
    await screenshot(page, 'person-payments');
    await page.fill('#bal-bank', '12345');
    await page.click('#set-balances');
    await page.locator('#balances', { hasText: '¥123.45' }).waitFor();
    expect(platform.balances(ZHANG.idNumber).bank).toBe(12_345);
    await page.locator('#person-lists td', { hasText: 'ORD-1' }).waitFor();
    await page.click('#add-bill');
    await page.locator('#person-lists td', { hasText: '2026 年会计资格考试' }).waitFor();
    // 换补卡: the page follows the person to the new card, which has no e-card yet (R14).
    const oldCardNo = platform.currentCard(ZHANG.idNumber).cardNo;
    await page.click('#replace-card');
    await expect.poll(() => platform.currentCard(ZHANG.idNumber).cardNo).not.toBe(oldCardNo);
    const newCardNo = platform.currentCard(ZHANG.idNumber).cardNo;
    await page.locator('#person-card dd', { hasText: newCardNo }).waitFor();
    await page.locator('#person-card dd', { hasText: '未申领' }).waitFor();

    await page.click('#tabs button[data-tab="controls"]');
    const before = engineOf(platform).now();
    await page.click('#clock-form button >> nth=2'); // +1 day
    await expect.poll(() => engineOf(platform).now() - before).toBeGreaterThan(86_000_000);
    await page.locator('#toast', { hasText: '时钟 +1 天 / Clock +1 day' }).waitFor();
    await page.selectOption('#fault-op', 'getCard');
    await page.click('#fail-next');
    await page.locator('#faults-now td', { hasText: 'getCard' }).waitFor();
    await screenshot(page, 'controls');
  });
});
