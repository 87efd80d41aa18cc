/**
 * Every hosted page of R35 in headless Chromium (Debian's `chromium` through playwright-core,
 * as test/sandbox/console.test.ts), at a phone's width: the channel's server launches the page
 * with essc-sdk/hosted over its http adapter, the citizen does the steps in the browser, the
 * browser comes back to the channel's return page with `?receipt=`, and the channel's server
 * verifies the receipt (R36) — then the platform is asked whether it really happened (R37).
 *
 * Without `/usr/bin/chromium` the suite is skipped with the reason printed — except in CI
 * (`CI` set), which installs it: there it fails.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHostedPages } from '../../src/hosted/index.js';
import { isEsscError } from '../../src/index.js';
import { skipMessage, warnSkipped } from '../system-packages.js';
import {
  CHROMIUM,
  type HostedWorld,
  hostedWorld,
  launchChromium,
  MAIMAITI,
  openPhone,
  PASSWORD,
  receiptOf,
  typePin,
  ZHANG,
} from './hosted-world.js';

const installed = existsSync(CHROMIUM);
const inCi = Boolean(process.env.CI);
warnSkipped('test/sandbox/hosted-pages', 'chromium', installed);
const NEW = '360817';

describe('chromium for the hosted pages test', () => {
  it.runIf(inCi)('is installed in CI', () => {
    expect(installed, skipMessage('test/sandbox/hosted-pages', 'chromium')).toBe(true);
  });
});

describe.skipIf(!installed)(
  'every hosted page in headless Chromium, launch to verified receipt',
  () => {
    let browser: Browser;
    let h: HostedWorld;
    let context: BrowserContext;
    let page: Page;
    let pageErrors: string[];

    beforeAll(async () => {
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
    });
    beforeEach(async () => {
      h = await hostedWorld();
      pageErrors = [];
      ({ context, page } = await openPhone(browser, pageErrors));
    });
    afterEach(async () => {
      await context.close();
      await h.close();
      // No script error, no Content-Security-Policy refusal on any page.
      expect(pageErrors).toEqual([]);
    });

    const passFace = () => page.getByRole('button', { name: /^通过人脸核验/ }).click();
    const confirm = () => page.getByRole('button', { name: /^确认/ }).click();
    async function setNewPassword(password: string): Promise<void> {
      await typePin(page, /^新密码/, password);
      await typePin(page, /^再次输入新密码/, password);
    }

    it('apply: the face check, then the password set → applied (001), the e-card bound here', async () => {
      const { url, busiSeq } = await h.launch('apply');
      await page.goto(url);
      await page.locator('h1', { hasText: '领取电子社保卡' }).waitFor();
      await page.locator('.steps', { hasText: '第 1 步，共 2 步' }).waitFor();
      await passFace();
      await page.locator('legend', { hasText: '设置电子社保卡密码' }).waitFor();
      await setNewPassword(NEW);
      await page.getByRole('button', { name: /^确认领取/ }).click();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'applied', code: '001', busiSeq, signLevel: '1' });
      if (receipt.kind !== 'applied') throw new Error('not applied');
      const card = await h.client.getCard({ signNo: receipt.signNo });
      expect(card.regionCode).toBe(ZHANG.regionCode);
      // The password set on the page is the card's: the API takes it.
      await h.client.enablePayment({ signNo: receipt.signNo, verification: { password: NEW } });
    });

    it('apply in a second channel: the shared password verified → bound (006)', async () => {
      await h.zhangCard();
      const alipay = createHostedPages({ adapter: h.world.adapter('alipay') });
      const { url } = await alipay.launch({
        action: 'apply',
        channelUserId: 'ali-1',
        person: { name: ZHANG.name, idNumber: ZHANG.idNumber },
        returnUrl: h.returnPage.url,
      });
      await page.goto(url);
      await passFace();
      await page.locator('legend', { hasText: '输入电子社保卡密码' }).waitFor();
      await typePin(page, /^电子社保卡密码/, PASSWORD);
      await confirm();
      const receipt = await alipay.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'bound', code: '006', channelId: 'alipay' });
    });

    it('enable-payment: the password → payment-enabled (005), level 2', async () => {
      const card = await h.zhangCard();
      await page.goto((await h.launch('enable-payment', card)).url);
      await typePin(page, /^电子社保卡密码/, PASSWORD);
      await page.getByRole('button', { name: /^确认开通/ }).click();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'payment-enabled', code: '005', signLevel: '2' });
      expect((await h.client.getCard({ signNo: card.signNo })).level).toBe(2);
    });

    it('change-password: the old one and the new one twice → password-changed (002)', async () => {
      const card = await h.zhangCard();
      await page.goto((await h.launch('change-password', card)).url);
      await typePin(page, /^原密码/, PASSWORD);
      await setNewPassword(NEW);
      await page.getByRole('button', { name: /^确认修改/ }).click();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'password-changed', code: '002' });
      await h.client.enablePayment({ signNo: card.signNo, verification: { password: NEW } });
    });

    it('reset-password: the face check, then a new password → password-changed (002)', async () => {
      const card = await h.zhangCard();
      await page.goto((await h.launch('reset-password', card)).url);
      await passFace();
      await setNewPassword(NEW);
      await page.getByRole('button', { name: /^确认重置/ }).click();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'password-changed', code: '002' });
      await h.client.enablePayment({ signNo: card.signNo, verification: { password: NEW } });
    });

    it('unbind: the password → unbound (003), and the channel no longer has the card', async () => {
      const card = await h.zhangCard();
      await page.goto((await h.launch('unbind', card)).url);
      await typePin(page, /^电子社保卡密码/, PASSWORD);
      await page.getByRole('button', { name: /^确认解除/ }).click();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'unbound', code: '003', signNo: card.signNo });
      const refused = await h.client.getCard({ signNo: card.signNo }).catch((error) => error);
      expect(isEsscError(refused, 'NOT_BOUND')).toBe(true);
    });

    it('verify-password: the standalone check → password-verified (scene 004) with its busiSeq', async () => {
      const card = await h.zhangCard();
      const { url, busiSeq } = await h.launch('verify-password', card);
      await page.goto(url);
      await typePin(page, /^电子社保卡密码/, PASSWORD);
      await confirm();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({
        kind: 'password-verified',
        codeType: 'sceneType',
        code: '004',
        busiSeq,
      });
    });

    it('verify-face: the standalone face check → face-verified (scene 008)', async () => {
      const card = await h.zhangCard();
      await page.goto((await h.launch('verify-face', card)).url);
      await passFace();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'face-verified', codeType: 'sceneType', code: '008' });
    });

    it('certification: the face check → certified (014), and the platform says certified', async () => {
      const card = await h.client.apply(h.world.applyInput(MAIMAITI, 'wx-openid-1'));
      await page.goto((await h.launch('certification', card)).url);
      await page.locator('h1', { hasText: '待遇资格认证' }).waitFor();
      await passFace();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'certified', code: '014', signNo: card.signNo });
      const certification = await h.client.getCertification({ signNo: card.signNo });
      expect(certification.status).toBe('certified');
    });

    it('card: the card, its identity code renewed as it runs out, a payment code marked expired, then closed (111)', async () => {
      const card = await h.zhangCard({ payment: true });
      await page.clock.install();
      await page.goto((await h.launch('card', card)).url);
      await page.locator('.facts', { hasText: '张*' }).waitFor();
      await page.locator('.facts', { hasText: card.idNumber }).waitFor();
      await page.getByRole('button', { name: /^出示身份码/ }).click();
      const qr = page.getByRole('img', { name: /身份码二维码/ });
      await qr.locator('svg').waitFor();
      const first = await qr.locator('path').getAttribute('d');
      // The code lives 60 s: once they pass on the page, it asks for a new one by itself.
      const renewed = page.waitForResponse(
        (response) => response.request().method() === 'GET' && response.status() === 200,
      );
      await page.clock.fastForward('01:01');
      await renewed;
      await page.locator('#qr svg').waitFor();
      expect(await page.locator('#qr path').getAttribute('d')).not.toBe(first);
      await typePin(page, /^电子社保卡密码/, PASSWORD);
      await page.getByRole('button', { name: /^出示付款码/ }).click();
      await page
        .getByRole('img', { name: /付款码二维码/ })
        .locator('svg')
        .waitFor();
      await page.screenshot({ path: '/tmp/hosted-payment-code.png', fullPage: true });
      // A payment code is not renewed without the password (R15): it is marked expired instead.
      await page.clock.fastForward('01:01');
      await page.getByRole('status').filter({ hasText: '二维码已过期' }).waitFor();
      await page.locator('#f-password:focus').waitFor();
      await page.getByRole('button', { name: /^关闭/ }).click();
      const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
      expect(receipt).toMatchObject({ kind: 'closed', code: '111', signNo: card.signNo });
      expect(receipt.kind === 'closed' && receipt.error).toBeFalsy();
    });
  },
);
