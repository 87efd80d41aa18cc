/**
 * examples/h5 with the platform's hosted pages, by redirect, in headless Chromium: the channel
 * page asks the channel backend to launch an apply page with itself as the return address, the
 * browser goes to the sandbox's page (another origin), the citizen passes the face check and
 * sets the password there, and comes back to the channel page with `?receipt=`, which the
 * backend verifies (R35–R37). The channel page never sees the password.
 *
 * Without `/usr/bin/chromium` the suite is skipped with the reason printed (CI installs it:
 * test/examples/h5.test.ts fails there when it is missing).
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningH5Demo, startH5Demo } from '../../examples/h5/demo.js';
import { DEMO_PEOPLE } from '../../src/mock/index.js';
import { CHROMIUM, launchChromium, openPhone, typePin } from '../sandbox/hosted-world.js';
import { warnSkipped } from '../system-packages.js';

const installed = existsSync(CHROMIUM);
warnSkipped('test/examples/h5-hosted', 'chromium', installed);

const ZHANG = DEMO_PEOPLE[0]!;
const NEW_PASSWORD = '739164';

describe.skipIf(!installed)('examples/h5: applying on the platform’s page by redirect', () => {
  let browser: Browser;
  let demo: RunningH5Demo;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  /** Every request the tab made, with its body. */
  let requests: Request[];

  beforeAll(async () => {
    browser = await launchChromium();
  });
  beforeEach(async () => {
    demo = await startH5Demo();
    pageErrors = [];
    requests = [];
    ({ context, page } = await openPhone(browser, pageErrors));
    page.on('request', (request) => requests.push(request));
  });
  afterEach(async () => {
    await context?.close();
    await demo?.close();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Signs in as `userId`, fills in 张三 and leaves for the platform's apply page. */
  async function launchFromChannelPage(userId: string): Promise<void> {
    await page.goto(demo.pages.channel);
    await page.getByLabel('渠道用户名').fill(userId);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('#apply-view').waitFor({ state: 'visible' });
    await page.getByLabel('姓名').fill(ZHANG.name);
    await page.getByLabel('身份证号').fill(ZHANG.idNumber);
    await page.getByRole('button', { name: '在平台页面领取' }).click();
    const platform = new URL(demo.world.sandbox.url).origin;
    await page.waitForURL((url) => url.origin === platform && url.pathname === '/hosted/apply');
  }

  /** Waits until the browser is back on the channel page. */
  async function backOnChannelPage(): Promise<void> {
    const site = new URL(demo.site.url).origin;
    await page.waitForURL((url) => url.origin === site && url.pathname === '/channel.html');
  }

  it('applies on the platform’s page and comes back with the card; the receipt is verified once and the password never touches the channel', async () => {
    await launchFromChannelPage('h5-hosted-zhang');
    await page.getByRole('button', { name: /^通过人脸核验/ }).click();
    await typePin(page, /^新密码/, NEW_PASSWORD);
    await typePin(page, /^再次输入新密码/, NEW_PASSWORD);
    await page.getByRole('button', { name: /^确认领取/ }).click();

    await backOnChannelPage();
    await page.locator('#card-view').waitFor({ state: 'visible' });
    expect(await page.locator('#hosted-result').textContent()).toBe('已在平台页面领取电子社保卡。');
    await expect.poll(() => page.locator('#card-name').textContent()).toBe('张*');
    await page.locator('#qr svg').waitFor();
    // The receipt came back in the address, was handed to the backend, and left the address bar.
    const returned = requests.find((r) => new URL(r.url()).searchParams.has('receipt'));
    expect(returned).toBeDefined();
    expect(new URL(page.url()).search).toBe('');
    const verifications = requests.filter(
      (r) => r.url() === `${demo.world.backend.url}/hosted/receipt`,
    );
    expect(verifications.filter((r) => r.method() === 'POST')).toHaveLength(1);
    // The backend holds the card for this user, from the verified receipt.
    const signNo = (await page.locator('#card-sign-no').textContent()) ?? '';
    expect(demo.world.backend.cardsOf('h5-hosted-zhang')).toEqual([
      { signNo, bound: true, status: 'active' },
    ]);
    // The password went to the platform's origin only (its own form), never to the channel's
    // page or backend, and is in no address.
    const platform = new URL(demo.world.sandbox.url).origin;
    const carrying = requests.filter(
      (r) => (r.postData() ?? '').includes(NEW_PASSWORD) || r.url().includes(NEW_PASSWORD),
    );
    expect(carrying.length).toBeGreaterThan(0);
    for (const request of carrying) {
      expect(new URL(request.url()).origin).toBe(platform);
      expect(request.url()).not.toContain(NEW_PASSWORD);
    }
    // The password set on the platform's page is the card's: the page's payment code takes it.
    await page.getByLabel('验证密码以出示付款码').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: '出示付款码' }).click();
    await page.locator('#pay-qr svg').waitFor();
    expect(await page.locator('#message').textContent()).toBe('');
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('closing the platform’s page comes back with nothing applied, and says so', async () => {
    await launchFromChannelPage('h5-hosted-closer');
    await page.getByRole('button', { name: /^关闭/ }).click();

    await backOnChannelPage();
    await expect
      .poll(() => page.locator('#hosted-result').textContent())
      .toBe('您已关闭平台页面，未办理。');
    expect(await page.locator('#apply-view').isVisible()).toBe(true);
    expect(await page.locator('#card-view').isVisible()).toBe(false);
    expect(demo.world.backend.cardsOf('h5-hosted-closer')).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
