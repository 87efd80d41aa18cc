/**
 * The mini-program examples with the platform's hosted pages (R35–R37): their `pages/hosted`
 * asks the channel backend to launch a page, shows its url in a `web-view`, and the web-view
 * comes back through the backend's return page, whose script (run here with the runtime's
 * web-view JS-SDK API: `wx.miniProgram`, Alipay's `my`) sends the mini-program to its result
 * page. There is no browser in the simulators: the citizen finishes the platform's page with
 * `completeHosted` (R38), and the web-view goes where the platform sends it — the launch's
 * return address with the receipt (`withReceipt`, the platform's own).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { idNumberCheckChar } from 'essc-sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningDemo, startDemo } from '../../examples/channel-backend/demo.js';
import { withReceipt } from '../../src/engine/hosted-receipts.js';
import {
  arriveInWebView,
  buildMiniProgram,
  createFakeMy,
  createFakeWx,
  type Exchange,
  openMyPage,
  openWxPage,
  removeBuild,
  templateHandlers,
  type WxPage,
} from './miniprogram-harness.js';

const PASSWORD = '258046';

let demo: RunningDemo;
let serial = 0;
const builds: string[] = [];
const opened: WxPage[] = [];

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  for (const page of opened) page.unload();
  await demo?.close();
  for (const build of builds) removeBuild(build);
});

const until = (assertion: () => void) => vi.waitFor(assertion, { timeout: 15_000, interval: 20 });

/** A person with a card in Guangzhou, bound nowhere yet. */
function newPerson(): { name: string; idNumber: string } {
  serial += 1;
  const base = `44010619850301${String(serial).padStart(3, '0')}`;
  const person = { name: '钱七', idNumber: `${base}${idNumberCheckChar(base)}` };
  demo.platform.addPerson({ ...person, regionCode: '440100' });
  return person;
}

/** The return address the mini-program launched with (its request to the backend). */
function launchedReturnUrl(exchanges: Exchange[]): string {
  const launch = exchanges.findLast((e) => e.url.endsWith('/hosted/launch'));
  if (launch?.status !== 200) throw new Error('no launch');
  return (JSON.parse(launch.requestBody ?? '{}') as { returnUrl: string }).returnUrl;
}

/** The query of a mini-program page url (`/pages/hosted/index?outcome=…`). */
function queryOf(page: string): Record<string, string> {
  return Object.fromEntries(new URL(page, 'mp://app').searchParams);
}

describe('the WeChat mini-program: a hosted page in a web-view', () => {
  function setup() {
    const build = buildMiniProgram('wechat-miniprogram', { backendUrl: demo.backend.url });
    builds.push(build);
    const wx = createFakeWx({ backendUrl: demo.backend.url });
    (globalThis as { wx?: unknown }).wx = wx;
    const open = (query: Record<string, string>) => {
      const page = openWxPage(build, 'hosted', query);
      opened.push(page);
      return page;
    };
    return { wx, open, build };
  }

  it('applies on the platform’s page and comes back with the card', async () => {
    const { wx, open, build } = setup();
    const person = newPerson();
    const launching = open({ action: 'apply', ...person });
    await until(() =>
      expect(launching.root.data.url).toMatch(
        new RegExp(`^${demo.sandbox.url}/hosted/apply\\?launch=`),
      ),
    );
    const url = launching.root.data.url as string;
    // The template shows it in a web-view, and nothing else.
    expect(launching.has('#platform-page')).toBe(true);
    expect(readFileSync(join(build, 'pages', 'hosted', 'index.wxml'), 'utf8')).toContain(
      '<web-view id="platform-page" wx:if="{{url}}" src="{{url}}">',
    );
    expect(launching.has('#done')).toBe(false);
    const returnUrl = launchedReturnUrl(wx.exchanges);
    expect(returnUrl).toBe(`${demo.backend.url}/hosted/mini-program?app=wechat`);

    // The citizen passes the face check and sets the password on the platform's page; the
    // platform sends the web-view to the return address with the receipt.
    const receipt = await demo.platform.completeHosted(url, { face: 'pass', password: PASSWORD });
    const html = await arriveInWebView(withReceipt(returnUrl, receipt), wx, 'wechat');
    expect(html).not.toContain(receipt);
    expect(wx.navigations.at(-1)).toBe('/pages/hosted/index?outcome=applied');

    const result = open(queryOf(wx.navigations.at(-1)!));
    await until(() => expect(result.text('#result')).toBe('已领取电子社保卡'));
    await until(() => expect(result.root.data.holds).toBe(true));
    expect(result.has('#platform-page')).toBe(false);
    // The card the backend took from the verified receipt is the one the mini-program holds.
    const { channelUserId } = wx.storage.get('essc:session') as { channelUserId: string };
    const [held] = demo.backend.cardsOf(channelUserId);
    expect(wx.storage.get('essc:signNo')).toBe(held?.signNo);
    result.tap('#done');
    await until(() => expect(wx.navigations.at(-1)).toBe('/pages/card/index'));
    // The password never passed through the mini-program or its backend.
    expect(JSON.stringify(wx.exchanges)).not.toContain(PASSWORD);
  });

  it('a failed face check on the platform’s page comes back with nothing applied, and says why', async () => {
    const { wx, open } = setup();
    const launching = open({ action: 'apply', ...newPerson() });
    await until(() => expect(launching.root.data.url).toBeTruthy());
    const receipt = await demo.platform.completeHosted(launching.root.data.url as string, {
      face: 'fail',
    });
    await arriveInWebView(withReceipt(launchedReturnUrl(wx.exchanges), receipt), wx, 'wechat');
    expect(wx.navigations.at(-1)).toBe(
      '/pages/hosted/index?outcome=closed&error=REAL_PERSON_FAILED',
    );
    const result = open(queryOf(wx.navigations.at(-1)!));
    await until(() =>
      expect(result.text('#result')).toBe('未办理成功：人脸识别未通过或已失效，请重新进行人脸识别'),
    );
    await until(() => expect(wx.exchanges.some((e) => e.url.endsWith('/me'))).toBe(true));
    expect(result.root.data.holds).toBe(false);
    result.tap('#done');
    await until(() => expect(wx.navigations.at(-1)).toBe('/pages/apply/index'));
  });
});

describe('the Alipay mini-program: a hosted page in a web-view', () => {
  it('applies on the platform’s page and comes back through my.redirectTo; a return with a receipt not the platform’s is refused', async () => {
    const build = buildMiniProgram('alipay-miniprogram', { backendUrl: demo.backend.url });
    builds.push(build);
    const my = createFakeMy({ backendUrl: demo.backend.url });
    (globalThis as { my?: unknown }).my = my;
    // The template binds only handlers the page has, and shows the url in a web-view.
    const handlers = templateHandlers(build, 'hosted', 'axml');
    const person = newPerson();
    const launching = openMyPage(build, 'hosted', { action: 'apply', ...person });
    for (const handler of handlers) expect(typeof launching[handler]).toBe('function');
    await until(() =>
      expect(launching.data.url).toMatch(new RegExp(`^${demo.sandbox.url}/hosted/apply`)),
    );
    const returnUrl = launchedReturnUrl(my.exchanges);
    expect(returnUrl).toBe(`${demo.backend.url}/hosted/mini-program?app=alipay`);

    const receipt = await demo.platform.completeHosted(launching.data.url as string, {
      face: 'pass',
      password: PASSWORD,
    });
    const back = withReceipt(returnUrl, receipt);
    await arriveInWebView(back, my, 'alipay');
    expect(my.navigations.at(-1)).toBe('/pages/hosted/index?outcome=applied');
    const result = openMyPage(build, 'hosted', queryOf(my.navigations.at(-1)!));
    await until(() => expect(result.data.result).toBe('已领取电子社保卡'));
    await until(() => expect(result.data.holds).toBe(true));
    const { channelUserId } = my.storage.get('essc:session') as { channelUserId: string };
    expect(my.storage.get('essc:signNo')).toBe(demo.backend.cardsOf(channelUserId)[0]?.signNo);
    (result.onDone as () => void)();
    expect(my.navigations.at(-1)).toBe('/pages/card/index');

    // A return address with a receipt that is not the platform's: refused, and said so.
    await arriveInWebView(back.replace(/receipt=[^&]+/, 'receipt=x.y.z'), my, 'alipay');
    expect(my.navigations.at(-1)).toBe('/pages/hosted/index?outcome=refused&error=RECEIPT_INVALID');
    const refused = openMyPage(build, 'hosted', queryOf(my.navigations.at(-1)!));
    await until(() => expect(refused.data.result).toBe('办理结果无法确认，请返回后重新办理'));
    expect(JSON.stringify(my.exchanges)).not.toContain(PASSWORD);
  });
});
