/**
 * Shared by the hosted pages' tests (R35–R38): a sandbox (test/sandbox/helpers.ts) whose
 * channel `wechat` launches pages with essc-sdk/hosted over its http adapter, a channel
 * client to arrange cards, a loopback "channel page" that records the `receipt` the browser
 * brings back, and headless Chromium at a phone's width.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createHostedPages, type HostedAction, type HostedPages } from '../../src/hosted/index.js';
import { createClient, type ECard, type EsscClient } from '../../src/index.js';
import { DEMO_PEOPLE } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { PASSWORD, type SandboxWorld, sandboxWorld, ZHANG } from './helpers.js';

export { PASSWORD, ZHANG };
export const CHROMIUM = '/usr/bin/chromium';
/** A pensioner in Urumqi whose entitlement needs certifying (R33). */
export const MAIMAITI = DEMO_PEOPLE[1]!;

/** The channel's return page: records each `receipt` the browser brings back. */
export interface ReturnPage {
  /** `http://127.0.0.1:<port>/essc/return?order=42` (a query of its own, kept by the page). */
  url: string;
  /** Every request's full url, in order. */
  visits: URL[];
  close(): Promise<void>;
}

export async function startReturnPage(): Promise<ReturnPage> {
  const visits: URL[] = [];
  const server: Server = createServer((req, res) => {
    visits.push(new URL(req.url ?? '/', 'http://127.0.0.1'));
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>channel</title><h1>back in the channel app</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/essc/return?order=42`,
    visits,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export interface HostedWorld {
  world: SandboxWorld;
  hosted: HostedPages;
  client: EsscClient;
  returnPage: ReturnPage;
  /** Launches `action` for ZHANG's e-card (or the apply of `person`), back to the return page. */
  launch(
    action: HostedAction,
    target?: { signNo: string } | { person: { name: string; idNumber: string } },
  ): Promise<{ url: string; busiSeq: string }>;
  /** ZHANG's e-card in `wechat`, applied over the API (level 2 with `payment`). */
  zhangCard(options?: { payment?: boolean }): Promise<ECard>;
  close(): Promise<void>;
}

export async function hostedWorld(): Promise<HostedWorld> {
  const world = await sandboxWorld({ webhooks: false });
  world.platform.enableRegion(MAIMAITI.regionCode, '乌鲁木齐市');
  world.platform.addPerson({
    name: MAIMAITI.name,
    idNumber: MAIMAITI.idNumber,
    regionCode: MAIMAITI.regionCode,
    benefit: { kind: 'pension' },
  });
  const adapter = world.adapter('wechat');
  const now = () => engineOf(world.platform).now();
  const hosted = createHostedPages({ adapter, now });
  const client = createClient({ adapter });
  const returnPage = await startReturnPage();
  return {
    world,
    hosted,
    client,
    returnPage,
    launch: async (action, target) => {
      const { url, busiSeq } = await hosted.launch({
        action,
        channelUserId: 'wx-openid-1',
        ...(target === undefined
          ? { person: { name: ZHANG.name, idNumber: ZHANG.idNumber } }
          : 'signNo' in target
            ? { signNo: target.signNo }
            : { person: target.person }),
        returnUrl: returnPage.url,
      });
      return { url, busiSeq };
    },
    zhangCard: async (options = {}) => {
      const card = await client.apply(world.applyInput(ZHANG, 'wx-openid-1'));
      if (!options.payment) return card;
      return client.enablePayment({ signNo: card.signNo, verification: { password: PASSWORD } });
    },
    close: async () => {
      client.close();
      await returnPage.close();
      await world.close();
    },
  };
}

/** Headless Chromium, as test/sandbox/console.test.ts launches it. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
}

/** A phone: 390 × 844, touch, Chinese locale. Page errors and CSP refusals are collected. */
export async function openPhone(
  browser: Browser,
  errors: string[],
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { context, page };
}

/** Waits until the browser is back on the channel's return page; answers its `receipt`. */
export async function receiptOf(page: Page, returnPage: ReturnPage): Promise<string> {
  const origin = new URL(returnPage.url).origin;
  await page.waitForURL((url) => url.origin === origin);
  const url = new URL(page.url());
  expect(url.searchParams.get('order')).toBe('42');
  const receipt = url.searchParams.get('receipt');
  expect(receipt).toBeTruthy();
  const back = returnPage.visits.filter((visit) => visit.pathname === '/essc/return');
  expect(back.at(-1)?.searchParams.get('receipt')).toBe(receipt);
  return receipt!;
}

/** Types a 6-digit secret into the field with this label (its Chinese label starts it). */
export async function typePin(page: Page, label: RegExp, digits: string): Promise<void> {
  await page.getByLabel(label).fill(digits);
}

/** The refusal the page announces (its alert region), Chinese then English. */
export function notice(page: Page) {
  return page.locator('#notice');
}
