/**
 * The hosted pages when things go wrong, and for everyone (R11, R35, R36, R38), in headless
 * Chromium at a phone's width: a wrong password says the attempts left and lets the citizen
 * retry; the lock ends the page with a `closed` receipt naming PASSWORD_LOCKED; a failed face
 * check and "关闭 / close" end it too; a used or expired launch is a page that says so; a
 * reload, going back or a double submit applies nothing twice; one flow done with the keyboard
 * alone; every field labelled and the refusal announced and focused. Screenshots of a few
 * steps go to /tmp/hosted-*.png to be looked at.
 *
 * Without `/usr/bin/chromium` the suite is skipped with the reason printed — except in CI.
 */
import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { engineOf } from '../../src/mock/mock-platform.js';
import { skipMessage, warnSkipped } from '../system-packages.js';
import {
  CHROMIUM,
  type HostedWorld,
  hostedWorld,
  launchChromium,
  notice,
  openPhone,
  PASSWORD,
  receiptOf,
  typePin,
  ZHANG,
} from './hosted-world.js';

const installed = existsSync(CHROMIUM);
warnSkipped('test/sandbox/hosted-journeys', 'chromium', installed);
const WRONG = '135792';
const NEW = '360817';

describe('chromium for the hosted journeys test', () => {
  it.runIf(Boolean(process.env.CI))('is installed in CI', () => {
    expect(installed, skipMessage('test/sandbox/hosted-journeys', 'chromium')).toBe(true);
  });
});

describe.skipIf(!installed)('hosted pages: refusals, retries and access', () => {
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
    expect(pageErrors).toEqual([]);
  });

  /** The browser logs a 4xx page load as a console error: expected for these pages. */
  const expectLoggedStatus = (status: number) => {
    const logged = pageErrors.filter((e) => e.includes(`status of ${status}`));
    expect(logged.length).toBeGreaterThan(0);
    pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !logged.includes(e)));
  };
  const failures = () => engineOf(h.world.platform).person(ZHANG.idNumber).eCard?.passwordFailures;
  const submitPassword = async (password: string) => {
    await typePin(page, /^电子社保卡密码/, password);
    await page.getByRole('button', { name: /^确认/ }).click();
  };

  it('a wrong password says the attempts left, keeps nothing typed, and the right one then finishes', async () => {
    const card = await h.zhangCard();
    await page.goto((await h.launch('verify-password', card)).url);
    await submitPassword(WRONG);
    await notice(page).filter({ hasText: '电子社保卡密码错误，还可尝试4次' }).waitFor();
    expect(await notice(page).textContent()).toContain('4 attempts left');
    const field = page.getByLabel(/^电子社保卡密码/);
    expect(await field.inputValue()).toBe('');
    expect(await page.content()).not.toContain(WRONG);
    await page.screenshot({ path: '/tmp/hosted-password-error.png', fullPage: true });
    await submitPassword(PASSWORD);
    const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
    expect(receipt.kind).toBe('password-verified');
    // R11: a right password clears the count.
    expect(failures()).toBe(0);
  });

  it('the fifth wrong password locks: the page ends with a closed receipt naming PASSWORD_LOCKED', async () => {
    const card = await h.zhangCard();
    await page.goto((await h.launch('enable-payment', card)).url);
    for (const left of [4, 3, 2, 1]) {
      await submitPassword(WRONG);
      await notice(page)
        .filter({ hasText: `还可尝试${left}次` })
        .waitFor();
    }
    await submitPassword(WRONG);
    const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
    expect(receipt).toMatchObject({ kind: 'closed', code: '111', error: 'PASSWORD_LOCKED' });
    expect(engineOf(h.world.platform).person(ZHANG.idNumber).eCard?.passwordLocked).toBe(true);
  });

  it('a weak new password is refused on the page with the rule it broke; a good one then applies', async () => {
    await page.goto((await h.launch('apply')).url);
    await page.getByRole('button', { name: /^通过人脸核验/ }).click();
    await typePin(page, /^新密码/, '123456');
    await typePin(page, /^再次输入新密码/, '123456');
    await page.getByRole('button', { name: /^确认领取/ }).click();
    await notice(page).filter({ hasText: '密码不能是连续数字' }).waitFor();
    await page.screenshot({ path: '/tmp/hosted-new-password-error.png', fullPage: true });
    expect(await page.getByLabel(/^新密码/).getAttribute('aria-invalid')).toBe('true');
    await typePin(page, /^新密码/, NEW);
    await typePin(page, /^再次输入新密码/, NEW);
    await page.getByRole('button', { name: /^确认领取/ }).click();
    expect((await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage))).kind).toBe(
      'applied',
    );
  });

  it('a failed face check ends the page: closed, naming REAL_PERSON_FAILED, nothing applied', async () => {
    await page.goto((await h.launch('apply')).url);
    await page.screenshot({ path: '/tmp/hosted-apply-face.png', fullPage: true });
    await page.getByRole('button', { name: /^未通过/ }).click();
    const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
    expect(receipt).toMatchObject({ kind: 'closed', error: 'REAL_PERSON_FAILED' });
    expect(engineOf(h.world.platform).person(ZHANG.idNumber).eCard).toBeNull();
  });

  it('关闭 / close on the second step: closed without an error, nothing applied', async () => {
    await page.goto((await h.launch('apply')).url);
    await page.getByRole('button', { name: /^通过人脸核验/ }).click();
    await typePin(page, /^新密码/, NEW);
    await page.getByRole('button', { name: /^关闭/ }).click();
    const receipt = await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage));
    expect(receipt.kind).toBe('closed');
    expect(receipt.kind === 'closed' && receipt.error).toBeFalsy();
    expect(engineOf(h.world.platform).person(ZHANG.idNumber).eCard).toBeNull();
  });

  it('a finished launch opened again, or gone back to, is a page that says it was used (410)', async () => {
    const card = await h.zhangCard();
    const { url } = await h.launch('verify-face', card);
    await page.goto(url);
    await page.getByRole('button', { name: /^通过人脸核验/ }).click();
    await receiptOf(page, h.returnPage);
    const again = await page.goto(url);
    expect(again?.status()).toBe(410);
    await page.getByText('该页面已办理完成，请返回后重新进入').waitFor();
    await page.getByText('This page has already been completed.').waitFor();
    await page.screenshot({ path: '/tmp/hosted-used.png', fullPage: true });
    await page.goBack();
    await page.goBack();
    await page.getByText('该页面已办理完成').waitFor();
    expectLoggedStatus(410);
  });

  it('an expired launch: the step submitted after 10 minutes is a page that says so (410)', async () => {
    await page.goto((await h.launch('apply')).url);
    h.world.advance(10 * 60 * 1000 + 1);
    const answered = page.waitForResponse((r) => r.request().method() === 'POST');
    await page.getByRole('button', { name: /^通过人脸核验/ }).click();
    expect((await answered).status()).toBe(410);
    await page.getByText('页面已过期，请返回后重新进入').waitFor();
    expect(engineOf(h.world.platform).person(ZHANG.idNumber).eCard).toBeNull();
    expectLoggedStatus(410);
  });

  it('a reload, going back, or the same form sent twice applies a wrong password once', async () => {
    const card = await h.zhangCard();
    const { url } = await h.launch('unbind', card);
    await page.goto(url);
    const token = await page.locator('form.step input[name="token"]').inputValue();
    await submitPassword(WRONG);
    await notice(page).filter({ hasText: '还可尝试4次' }).waitFor();
    await page.reload();
    await page.goBack();
    await page.goForward();
    // A double tap: the first form's token again, twice (a reused token applies nothing).
    for (let i = 0; i < 2; i += 1) {
      const answer = await context.request.post(url, {
        form: { token, password: WRONG },
        maxRedirects: 0,
      });
      expect(answer.status()).toBe(303);
    }
    expect(failures()).toBe(1);
    await page.reload();
    await notice(page).filter({ hasText: '还可尝试4次' }).waitFor();
  });

  it('keyboard only: focus starts on the step, Tab goes field → field → confirm → close, Enter submits', async () => {
    await page.goto((await h.launch('apply')).url);
    await page.locator('button:focus').waitFor();
    expect(await activeName(page)).toMatch(/^通过人脸核验/);
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe(
      'solid',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('group', { name: /^设置电子社保卡密码/ }).waitFor();
    await page.locator('#f-newPassword:focus').waitFor();
    await page.keyboard.type(NEW);
    const order: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await activeName(page));
    }
    expect(order[0]).toBe('f-newPasswordAgain');
    expect(order[1]).toMatch(/^确认领取/);
    expect(order[2]).toMatch(/^关闭/);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(NEW);
    await page.keyboard.press('Enter');
    expect((await h.hosted.verifyReceipt(await receiptOf(page, h.returnPage))).kind).toBe(
      'applied',
    );
  });

  it('every field has a label, every group a legend, every button a name; the refusal is announced and focused', async () => {
    const card = await h.zhangCard({ payment: true });
    const pages = [
      (await h.launch('change-password', card)).url,
      (await h.launch('card', card)).url,
      (await h.launch('reset-password', card)).url,
    ];
    for (const url of pages) {
      await page.goto(url);
      expect(await accessibilityProblems(page)).toEqual([]);
    }
    await page.goto(pages[1]!);
    await page.getByRole('button', { name: /^出示身份码/ }).click();
    await page.getByRole('img', { name: /身份码二维码/ }).waitFor();
    await page.screenshot({ path: '/tmp/hosted-card.png', fullPage: true });
    await page.goto(pages[0]!);
    await typePin(page, /^原密码/, WRONG);
    await typePin(page, /^新密码/, NEW);
    await typePin(page, /^再次输入新密码/, NEW);
    await page.getByRole('button', { name: /^确认修改/ }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: '还可尝试4次' }).waitFor();
    expect(await alert.getAttribute('aria-live')).toBe('assertive');
    // Autofocus lands once the page is rendered: wait for it, then it must be the refusal.
    await page.locator('#notice:focus').waitFor();
    const old = page.getByLabel(/^原密码/);
    expect(await old.getAttribute('aria-invalid')).toBe('true');
    expect(await old.getAttribute('aria-describedby')).toContain('notice');
    expect(await accessibilityProblems(page)).toEqual([]);
  });
});

/** The focused element's accessible text, or its id for a field. */
function activeName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    if (!active) return '';
    return active.tagName === 'INPUT' ? active.id : (active.textContent ?? '').trim();
  });
}

/** An axe-like sanity check of the page as it stands: what a screen reader user would miss. */
function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (document.documentElement.lang !== 'zh-CN') problems.push('html lang is not zh-CN');
    if (document.querySelectorAll('h1').length !== 1) problems.push('not exactly one h1');
    for (const input of document.querySelectorAll<HTMLInputElement>('input:not([type=hidden])')) {
      const label = [...(input.labels ?? [])].map((l) => l.textContent?.trim()).join('');
      if (!label) problems.push(`input ${input.name} has no label`);
      if (input.type === 'password' && input.autocomplete !== 'off') {
        problems.push(`input ${input.name} may be remembered`);
      }
      if (input.type === 'password' && input.inputMode !== 'numeric') {
        problems.push(`input ${input.name} brings no numeric keypad`);
      }
    }
    for (const button of document.querySelectorAll('button')) {
      if (!button.textContent?.trim()) problems.push('a button has no name');
    }
    for (const fieldset of document.querySelectorAll('fieldset')) {
      if (!fieldset.querySelector(':scope > legend')?.textContent?.trim()) {
        problems.push('a fieldset has no legend');
      }
    }
    for (const english of document.querySelectorAll('.en')) {
      if (english.getAttribute('lang') !== 'en') problems.push('English text not marked lang=en');
    }
    const live = document.getElementById('notice');
    if (live?.getAttribute('role') !== 'alert') problems.push('no alert region for refusals');
    return problems;
  });
}
