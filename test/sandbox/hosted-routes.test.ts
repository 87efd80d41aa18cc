/**
 * The hosted pages' routes over plain http, without a browser (R35, R38): the headers that keep
 * a password page private (a strict CSP, no referrer, no caching, no framing), the forms'
 * token (a form without it, or from another site, is refused; a reused one applies nothing),
 * post/redirect/get, the return to the channel with the receipt, the pages for an unknown,
 * expired or used launch — and no password in any body or Location header along the way.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MockPlatform } from '../../src/mock/index.js';
import { createSandboxHandler } from '../../src/sandbox/index.js';
import { type HostedWorld, hostedWorld, PASSWORD } from './hosted-world.js';

const WRONG = '135792';
const NEW = '360817';

let h: HostedWorld;
/** Every body and Location header the sandbox answered in the test. */
let seen: string[];

beforeEach(async () => {
  h = await hostedWorld();
  seen = [];
});
afterEach(async () => {
  for (const secret of [PASSWORD, WRONG, NEW]) {
    expect(seen.filter((text) => text.includes(secret))).toEqual([]);
  }
  await h.close();
});

async function get(url: string): Promise<{ response: Response; html: string }> {
  const response = await fetch(url, { redirect: 'manual' });
  const html = await response.text();
  seen.push(html, response.headers.get('location') ?? '');
  return { response, html };
}

async function post(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  const response = await fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  seen.push(await response.text(), response.headers.get('location') ?? '');
  return response;
}

/** The token the page's forms carry now. */
async function tokenOf(url: string): Promise<string> {
  const { html } = await get(url);
  const token = /name="token" value="([^"]+)"/.exec(html)?.[1];
  expect(token).toBeTruthy();
  return token!;
}

describe('the hosted pages over http', () => {
  it('a page carries a strict CSP, no referrer, no caching and no framing', async () => {
    const { url } = await h.launch('apply');
    const { response, html } = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Forms post to the page itself; the last answer goes on to the channel's return page.
    expect(csp).toContain(`form-action 'self' ${new URL(h.returnPage.url).origin}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('通过人脸核验');
  });

  it('a page is made of the sandbox’s own files only: no inline script or style, nothing from elsewhere', async () => {
    const card = await h.zhangCard({ payment: true });
    for (const launched of [await h.launch('apply'), await h.launch('card', card)]) {
      const { html } = await get(launched.url);
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(html).not.toMatch(/\sstyle=|<style|\son[a-z]+=/i);
      expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
    }
    for (const [path, type] of [
      ['/hosted/assets/hosted.css', 'text/css; charset=utf-8'],
      ['/hosted/assets/card.js', 'text/javascript; charset=utf-8'],
    ]) {
      const { response } = await get(`${h.world.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('a form without the page’s token, from another site, or not a form is refused and changes nothing', async () => {
    const { url } = await h.launch('apply');
    const token = await tokenOf(url);
    const missing = await post(url, { face: 'pass' });
    expect(missing.status).toBe(403);
    const forged = await post(url, { token: 'not-the-token', face: 'pass' });
    expect(forged.status).toBe(403);
    const crossSite = await post(url, { token, face: 'pass' }, { 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, face: 'pass' }),
    });
    expect(json.status).toBe(415);
    // Still the face check, with the same token: none of them was taken.
    const { html } = await get(url);
    expect(html).toContain('通过人脸核验');
    expect(await tokenOf(url)).toBe(token);
  });

  it('post/redirect/get: a step answers 303 to the page, and the page shows the next step', async () => {
    const { url } = await h.launch('apply');
    const path = new URL(url);
    const answer = await post(url, { token: await tokenOf(url), face: 'pass' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(`${path.pathname}${path.search}`);
    const { html } = await get(url);
    expect(html).toContain('设置电子社保卡密码');
  });

  it('a reused token applies nothing: a double submit counts a wrong password once', async () => {
    const card = await h.zhangCard();
    const { url } = await h.launch('verify-password', card);
    const token = await tokenOf(url);
    const first = await post(url, { token, password: WRONG });
    const again = await post(url, { token, password: WRONG });
    expect([first.status, again.status]).toEqual([303, 303]);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    const { html } = await get(url);
    expect(html).toContain('电子社保卡密码错误，还可尝试4次');
    // The old token still applies nothing, even with the right password.
    await post(url, { token, password: PASSWORD });
    expect((await get(url)).html).toContain('还可尝试4次');
  });

  it('two new passwords that differ are sent back before the platform sees them', async () => {
    const { url } = await h.launch('apply');
    await post(url, { token: await tokenOf(url), face: 'pass' });
    const token = await tokenOf(url);
    const answer = await post(url, { token, newPassword: NEW, newPasswordAgain: '360818' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toContain('notice=mismatch');
    const { html } = await get(new URL(answer.headers.get('location')!, url).href);
    expect(html).toContain('两次输入的新密码不一致');
    expect(html).toContain(`value="${token}"`);
  });

  it('the last answer goes to the returnUrl, its own query kept, with the receipt; the page is used after', async () => {
    const { url, busiSeq } = await h.launch('apply');
    await post(url, { token: await tokenOf(url), face: 'pass' });
    const done = await post(url, {
      token: await tokenOf(url),
      newPassword: NEW,
      newPasswordAgain: NEW,
    });
    expect(done.status).toBe(303);
    const location = new URL(done.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(h.returnPage.url.split('?')[0]);
    expect(location.searchParams.get('order')).toBe('42');
    const receipt = await h.hosted.verifyReceipt(location.searchParams.get('receipt')!);
    expect(receipt).toMatchObject({ kind: 'applied', code: '001', busiSeq, signLevel: '1' });
    const used = await get(url);
    expect(used.response.status).toBe(410);
    expect(used.html).toContain('该页面已办理完成');
  });

  it('an unknown page, an unknown or expired launch is a page that says so, never a stack', async () => {
    const { url } = await h.launch('apply');
    const launch = new URL(url).searchParams.get('launch')!;
    const base = h.world.url;
    const nowhere = await get(`${base}/hosted/transfer-money?launch=${launch}`);
    expect(nowhere.response.status).toBe(404);
    expect(nowhere.html).toContain('页面不存在');
    expect((await get(`${base}/hosted/apply?launch=%3Cscript%3E`)).response.status).toBe(404);
    expect((await get(`${base}/hosted/unbind?launch=${launch}`)).response.status).toBe(404);
    const unknown = await get(`${base}/hosted/apply?launch=AAAAAAAAAAAAAAAAAAAAAAAA`);
    expect(unknown.response.status).toBe(410);
    expect(unknown.html).toContain('页面已过期，请返回后重新进入');
    h.world.advance(10 * 60 * 1000 + 1);
    const expired = await get(url);
    expect(expired.response.status).toBe(410);
    expect(expired.html).toContain('This page has expired.');
    for (const page of [nowhere.html, unknown.html, expired.html]) {
      expect(page).not.toMatch(/\bat .+\.(?:ts|js):\d+|EsscError|LAUNCH_/);
    }
    const put = await fetch(url, { method: 'PUT', redirect: 'manual' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
  });

  it('the pages are the platform’s, not the back office’s: served with the admin routes off, behind the Host check', async () => {
    const handle = createSandboxHandler(new MockPlatform(), { admin: false });
    const css = await handle(new Request('http://127.0.0.1/hosted/assets/hosted.css'));
    expect(css.status).toBe(200);
    const rebound = await handle(
      new Request('http://127.0.0.1/hosted/assets/hosted.css', {
        headers: { host: 'attacker.example' },
      }),
    );
    expect(rebound.status).toBe(421);
  });
});
