/**
 * examples/h5 end to end in headless Chromium (Debian's `chromium`, driven by playwright-core):
 * the sandbox, the channel backend and the pages' static server on three loopback origins;
 * a citizen applies in the channel's H5 page, shows the QR code, a hospital desk page verifies
 * it (WebCrypto, in the browser) and refuses it the second time, and the citizen confirms a
 * portal's scan-to-login from the channel page (the portal asks for two claims and receives only
 * those), and a hospital cashier page charges the payment code the channel page shows, showing
 * where the money came from, then refunds a test.
 *
 * Screenshots of each page are kept in `test-results/h5/` (gitignored).
 *
 * How the test "scans": there is no camera here, and decoding the SVG symbol back to text is
 * a QR reader's job, not this test's. The pages show the code's text beside the symbol when
 * the demo config says `demoScanner` (a real channel never shows it: it is a bearer
 * credential), and the test types that text into the desk, as a USB scanner would. That the
 * symbol on screen encodes that very text is checked separately: the page's `<svg>` draws
 * exactly the modules `renderQrSvg` draws for the text.
 *
 * Without `/usr/bin/chromium` the suite is skipped with the reason printed — except in CI
 * (`CI` set), which installs it (`apt-get install chromium`): there it fails.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningH5Demo, startH5Demo } from '../../examples/h5/demo.js';
import { createClient } from '../../src/index.js';
import { DEMO_PEOPLE } from '../../src/mock/index.js';
import { renderQrSvg } from '../../src/render/index.js';
import { skipMessage, warnSkipped } from '../system-packages.js';

const CHROMIUM = '/usr/bin/chromium';
const installed = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
warnSkipped('test/examples/h5', 'chromium', installed);

const ARTEFACTS = join('test-results', 'h5');
const ZHANG = DEMO_PEOPLE[0]!;
const PASSWORD = '258046';

/** The `d` of the dark modules' path: what a QR symbol drawn by `renderQrSvg` consists of. */
function modulesOf(svg: string): string | undefined {
  return /<path[^>]*\sd="([^"]+)"/.exec(svg)?.[1];
}

describe('chromium for the H5 test', () => {
  // Only CI promises the install (.ci/run apt-installs it); a developer without it skips the
  // suites below, and is told why.
  it.runIf(inCi)('is installed in CI', () => {
    expect(installed, skipMessage('test/examples/h5', 'chromium')).toBe(true);
  });
});

describe.skipIf(!installed)('examples/h5 in headless Chromium', () => {
  // One browser for the file; every case gets a fresh platform, fresh pages and its own
  // records, so each can run (and fail) on its own.
  let browser: Browser;
  let demo: RunningH5Demo;
  /** Errors thrown in any page of the running case: none expected. */
  let pageErrors: string[] = [];

  async function open(url: string, width = 430, requests?: string[]): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(`${url}: ${error.message}`));
    if (requests) page.on('request', (request) => requests.push(request.url()));
    await page.goto(url);
    return page;
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
  }

  /**
   * The citizen's first steps in the channel page: sign in, apply with a face check and a
   * password, wait for the card and its dynamic code. Returns the page, the code's text (demo
   * scanner) and every URL the page requested.
   */
  async function applyInChannelPage(): Promise<{
    channel: Page;
    qrText: string;
    requests: string[];
  }> {
    const requests: string[] = [];
    const channel = await open(demo.pages.channel, 430, requests);

    await channel.getByLabel('渠道用户名').fill('h5-zhang');
    await channel.getByRole('button', { name: '登录' }).click();
    await channel.locator('#apply-view').waitFor({ state: 'visible' });

    await channel.getByLabel('姓名').fill(ZHANG.name);
    await channel.getByLabel('身份证号').fill(ZHANG.idNumber);
    // The demo face check: the backend has the sandbox's admin route mint a real-person proof.
    await channel.getByRole('button', { name: '刷脸认证（演示）' }).click();
    await expect.poll(() => channel.getByLabel('实人认证凭证').inputValue()).not.toBe('');
    await channel.getByLabel('设置电子社保卡密码').fill(PASSWORD);
    await channel.getByRole('button', { name: '申领' }).click();

    await channel.locator('#card-view').waitFor({ state: 'visible' });
    await expect.poll(() => channel.locator('#card-name').textContent()).toBe('张*');
    await channel.locator('#qr svg').waitFor();
    const qrText = (await channel.locator('#qr-text').textContent()) ?? '';
    return { channel, qrText, requests };
  }

  beforeAll(async () => {
    await mkdir(ARTEFACTS, { recursive: true });
    // playwright gives the browser a fresh, empty profile (its own --user-data-dir) and
    // removes it on close. The other flags keep Chromium off the network it cannot reach.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  beforeEach(async () => {
    pageErrors = [];
    demo = await startH5Demo();
  });

  afterEach(async () => {
    for (const context of browser?.contexts() ?? []) await context.close();
    await demo?.close();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('channel page: sign in, apply with a face check, my card masked, the QR code drawn', async () => {
    const { channel, qrText } = await applyInChannelPage();
    const idShown = (await channel.locator('#card-id-number').textContent()) ?? '';
    expect(idShown).toMatch(/\*/);
    expect(idShown).not.toBe(ZHANG.idNumber);
    expect(await channel.locator('#card-region').textContent()).toBe('广州市');
    expect(await channel.locator('#message').textContent()).toBe('');

    // The dynamic code: an <svg> symbol, and (demo scanner) its text.
    expect(qrText).toMatch(/^EC1:/);
    const drawn = await channel.locator('#qr').innerHTML();
    expect(modulesOf(drawn)).toBeDefined();
    expect(modulesOf(drawn)).toBe(modulesOf(renderQrSvg(qrText, { pixelSize: 6 })));
    expect(pageErrors).toEqual([]);

    await screenshot(channel, 'channel');
  }, 90_000);

  it('hospital desk page: verifies the code in the browser, then refuses it as QR_REPLAYED', async () => {
    const { qrText } = await applyInChannelPage();
    expect(qrText).toMatch(/^EC1:/);
    const desk = await open(demo.pages.acceptor, 520);
    await desk.locator('body[data-ready="true"]').waitFor();

    // The scanner types the code and presses Enter.
    const input = desk.getByLabel('扫码枪输入');
    await input.fill(qrText);
    await input.press('Enter');
    await desk.locator('#result[data-outcome="accepted"]').waitFor();
    expect(await desk.locator('#result-summary').textContent()).toBe('身份 · 张* · 广州市');
    expect(await desk.locator('#result-detail').textContent()).toContain(
      '发卡地：广州市（440100）',
    );
    await screenshot(desk, 'acceptor-accepted');

    // The same code again.
    await input.fill(qrText);
    await input.press('Enter');
    await desk.locator('#result[data-code="QR_REPLAYED"]').waitFor();
    expect(await desk.locator('#result-title').textContent()).toBe('✘ QR_REPLAYED');
    expect(await desk.locator('#result-summary').textContent()).toBe('二维码已使用');
    expect(await desk.locator('#result-action').textContent()).toBe(
      '请告知持卡人：二维码已使用过，请刷新后重新出示',
    );
    expect(await desk.locator('#history li').count()).toBe(2);
    expect(pageErrors).toEqual([]);
    await screenshot(desk, 'acceptor');
  }, 90_000);

  it('hospital desk page: a parent’s code shown by the holder is marked as shown on behalf', async () => {
    // The channel's side in-process (the H5 channel page has no family page): 张三 adds his
    // father and shows the father's code (R31, R32).
    const platform = demo.world.platform;
    const client = createClient({ adapter: platform.adapter('wechat') });
    const father = { name: '张建国', idNumber: '440106195803120021', regionCode: '440100' };
    platform.addPerson(father);
    const card = await client.apply({
      channelUserId: 'wx-openid-zhang',
      name: ZHANG.name,
      idNumber: ZHANG.idNumber,
      realPerson: platform.realPersonProof(ZHANG.idNumber),
      password: PASSWORD,
    });
    const member = await client.addFamilyMember({
      signNo: card.signNo,
      relation: 'parent',
      name: father.name,
      idNumber: father.idNumber,
      verification: { password: PASSWORD },
      memberProof: platform.realPersonProof(father.idNumber),
    });
    const { text } = await client.issueQr({ signNo: card.signNo, memberId: member.memberId });

    const desk = await open(demo.pages.acceptor, 520);
    await desk.locator('body[data-ready="true"]').waitFor();
    const input = desk.getByLabel('扫码枪输入');
    await input.fill(text);
    await input.press('Enter');
    await desk.locator('#result[data-outcome="accepted"][data-on-behalf="parent"]').waitFor();
    expect(await desk.locator('#result-summary').textContent()).toBe('身份 · 张* · 广州市');
    expect(await desk.locator('#result-on-behalf').textContent()).toBe(
      '亲情码：由持卡人的家人代为出示（持卡人是出示人的父母）',
    );
    expect(await desk.locator('#result-on-behalf').isVisible()).toBe(true);
    await screenshot(desk, 'acceptor-on-behalf');

    // 张三's own code next: no such mark.
    await input.fill((await client.issueQr({ signNo: card.signNo })).text);
    client.close();
    await input.press('Enter');
    await expect.poll(() => desk.locator('#history li').count()).toBe(2);
    expect(await desk.locator('#result').getAttribute('data-outcome')).toBe('accepted');
    expect(await desk.locator('#result').getAttribute('data-on-behalf')).toBeNull();
    expect(await desk.locator('#result-on-behalf').isVisible()).toBe(false);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('scan-to-login: the portal shows its code, the channel page confirms, the portal logs the citizen in', async () => {
    const { channel } = await applyInChannelPage();
    const portal = await open(demo.pages.portal, 520);
    await portal.locator('#login-qr svg').waitFor();
    const loginText = (await portal.locator('#login-qr-text').textContent()) ?? '';
    expect(loginText).not.toBe('');
    // The code is drawn before the page's first poll answers: wait for its state.
    await expect
      .poll(() => portal.locator('#login-state').getAttribute('data-state'))
      .toBe('pending');

    await channel.getByLabel('门户网站登录二维码的内容').fill(loginText);
    await channel.getByRole('button', { name: '扫一扫' }).click();
    await channel.locator('#confirm-form').waitFor({ state: 'visible' });
    expect(await channel.locator('#login-portal').textContent()).toBe('国家政务服务平台');
    // R30: the user sees what the portal asks to receive, and the portal says the same.
    expect(await channel.locator('#login-scopes').textContent()).toBe('姓名、发卡地');
    expect(await portal.locator('#asked-scopes').textContent()).toBe('姓名、发卡地');
    await expect
      .poll(() => portal.locator('#login-state').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('scanned');

    // A wrong password is refused and leaves the login waiting (R17)…
    await channel.getByLabel('电子社保卡密码', { exact: true }).fill('135792');
    await channel.getByRole('button', { name: '确认登录' }).click();
    await expect
      .poll(() => channel.locator('#message').textContent())
      .toBe('电子社保卡密码错误，还可尝试4次');
    expect(await portal.locator('#login-state').getAttribute('data-state')).toBe('scanned');

    // …the right one confirms it.
    await channel.getByLabel('电子社保卡密码', { exact: true }).fill(PASSWORD);
    await channel.getByRole('button', { name: '确认登录' }).click();
    await expect
      .poll(() => channel.locator('#login-result').textContent())
      .toBe('已确认登录 国家政务服务平台');
    await screenshot(channel, 'channel-login-confirmed');

    // The portal's server verified the platform's signed assertion: who logged in.
    await expect
      .poll(() => portal.locator('#login-state').getAttribute('data-state'), { timeout: 10_000 })
      .toBe('confirmed');
    await portal.locator('#welcome').waitFor({ state: 'visible' });
    expect(await portal.locator('#who-name').textContent()).toBe('张*');
    expect(await portal.locator('#who-region').textContent()).toBe('广州市');
    // Not asked for, so not received: the ID number and the level stay with the platform.
    expect(await portal.locator('#who-id-number').textContent()).toBe('（未申请，未提供）');
    expect(await portal.locator('#who-level').textContent()).toBe('（未申请，未提供）');
    expect(await portal.locator('#who-method').textContent()).toBe('密码');
    expect(await portal.locator('#who-channel').textContent()).toBe('wechat');
    expect(pageErrors).toEqual([]);
    await screenshot(portal, 'portal');
  }, 90_000);

  it('cashier page: charges the payment code the channel page shows, shows the split, refunds a test', async () => {
    const { channel } = await applyInChannelPage();
    // The first payment code enables payment (张三's bank account is active), then shows it.
    await channel.getByLabel('验证密码以出示付款码').fill(PASSWORD);
    await channel.getByRole('button', { name: '出示付款码' }).click();
    await channel.locator('#pay-qr svg').waitFor();
    const payText = (await channel.locator('#pay-qr-text').textContent()) ?? '';
    expect(payText).toMatch(/^EC1:/);
    expect(modulesOf(await channel.locator('#pay-qr').innerHTML())).toBe(
      modulesOf(renderQrSvg(payText, { pixelSize: 6 })),
    );
    expect(await channel.locator('#card-status').textContent()).toBe('正常（二级）');
    expect(await channel.locator('#message').textContent()).toBe('');
    await screenshot(channel, 'channel-payment-code');

    const cashier = await open(demo.pages.cashier, 520);
    await cashier.locator('body[data-ready="true"]').waitFor();
    expect(await cashier.locator('#visit-total').textContent()).toBe('¥168.00');
    const before = demo.world.platform.balances(ZHANG.idNumber).bank;
    const input = cashier.getByLabel('扫码枪输入');
    await input.fill(payText);
    await input.press('Enter');
    await cashier.locator('#charge-result[data-outcome="charged"]').waitFor();
    expect(await cashier.locator('#charge-summary').textContent()).toBe('张* · 合计 ¥168.00');
    // R23, the demo people: 70% of the covered ¥153.00, no deductible, no personal account.
    expect(await cashier.locator('#split-pooled').textContent()).toBe('¥107.10');
    expect(await cashier.locator('#split-personal').textContent()).toBe('¥0.00');
    expect(await cashier.locator('#split-self').textContent()).toBe('¥60.90');
    expect(await cashier.locator('#charge-status').textContent()).toBe('支付成功');
    expect(demo.world.platform.balances(ZHANG.idNumber).bank).toBe(before - 6_090);
    await screenshot(cashier, 'cashier-charged');

    // The blood test was not done: a partial refund, back to the bank first (R25).
    await cashier.getByRole('button', { name: '退费：血常规（未检查）' }).click();
    await cashier.locator('#charge-result[data-outcome="refunded"]').waitFor();
    expect(await cashier.locator('#charge-summary').textContent()).toBe(
      '张* · 合计 ¥168.00 · 已退 ¥25.00',
    );
    expect(await cashier.locator('#charge-status').textContent()).toBe('部分退款');
    expect(demo.world.platform.balances(ZHANG.idNumber).bank).toBe(before - 6_090 + 2_500);
    await screenshot(cashier, 'cashier-refunded');

    // The next patient shows the same (spent) code: refused, nothing charged.
    await cashier.getByRole('button', { name: '下一位患者' }).click();
    await input.fill(payText);
    await input.press('Enter');
    await cashier.locator('#charge-result[data-code="QR_REPLAYED"]').waitFor();
    expect(await cashier.locator('#charge-summary').textContent()).toBe('二维码已使用');
    expect(await cashier.locator('#charge-action').textContent()).toBe(
      '请告知患者：二维码已使用过，请刷新后重新出示',
    );
    expect(demo.world.platform.balances(ZHANG.idNumber).bank).toBe(before - 6_090 + 2_500);
    expect(pageErrors).toEqual([]);
  }, 90_000);

  it('the channel page holds no channel key and calls only its own origin and the backend', async () => {
    const { requests: channelRequests } = await applyInChannelPage();
    const key = demo.world.credentials.channels.wechat;
    expect(key?.d).toBeDefined();
    const bundle = await readFile(join('examples', 'h5', 'dist', 'channel.js'), 'utf8');
    expect(bundle).not.toContain(key!.d!);

    const origins = new Set(channelRequests.map((url) => new URL(url).origin));
    origins.delete('null'); // data: URLs
    expect([...origins].sort()).toEqual(
      [new URL(demo.site.url).origin, new URL(demo.world.backend.url).origin].sort(),
    );
    expect(channelRequests.some((url) => url === `${demo.world.backend.url}/relay`)).toBe(true);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
