/**
 * The channel backend example's hosted-page routes (examples/channel-backend/hosted.ts)
 * against a sandbox, without a browser: where a launch may send the citizen back, the H5
 * page's `POST /hosted/receipt`, and the mini-programs' web-view return page. The pages
 * themselves are completed as their citizen would (`completeHosted`, R38).
 */
import { idNumberCheckChar } from 'essc-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDemo, startDemo } from '../../examples/channel-backend/demo.js';

let demo: RunningDemo;
let serial = 0;

beforeAll(async () => {
  demo = await startDemo();
});

afterAll(async () => {
  await demo?.close();
});

async function post(
  path: string,
  body: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${demo.backend.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

async function signIn(userId: string): Promise<string> {
  return ((await (await post('/session', { userId })).json()) as { token: string }).token;
}

/** A person with a card in Guangzhou that no channel has bound yet. */
function newPerson(): { name: string; idNumber: string } {
  serial += 1;
  const base = `44010619900101${String(serial).padStart(3, '0')}`;
  const person = { name: '赵六', idNumber: `${base}${idNumberCheckChar(base)}` };
  demo.platform.addPerson({ ...person, regionCode: '440100' });
  return person;
}

/** Launches an apply for a signed-in user; answers the response. */
function launchApply(token: string, extra: Record<string, unknown> = {}, origin?: string) {
  return post(
    '/hosted/launch',
    { action: 'apply', person: newPerson(), ...extra },
    token,
    origin ? { origin } : {},
  );
}

describe('the channel backend’s hosted pages: where the citizen comes back', () => {
  it('launches back to itself or to the asking page’s origin only', async () => {
    const token = await signIn('hosted-return');
    const app = 'http://127.0.0.1:5555';
    // The backend's own bridge page, and the asking H5 page's own page.
    const own = await launchApply(token, {
      returnUrl: `${demo.backend.url}/hosted/mini-program?app=wechat`,
    });
    expect(own.status).toBe(200);
    const asking = await launchApply(token, { returnUrl: `${app}/channel.html` }, app);
    expect(asking.status).toBe(200);
    // Anywhere else: refused, nothing launched.
    for (const [returnUrl, origin] of [
      ['http://127.0.0.1:6666/channel.html', app],
      [`${app}/channel.html`, undefined],
      [`http://user:pw@${new URL(demo.backend.url).host}/hosted/return`, undefined],
      ['javascript:alert(1)', app],
    ] as const) {
      const refused = await launchApply(token, { returnUrl }, origin);
      expect(refused.status, returnUrl).toBe(400);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'VALIDATION_FAILED',
      );
    }
  });

  it('answers an H5 page the outcome of its receipt, even when the notification brought it first, and to its own user only', async () => {
    const token = await signIn('hosted-h5');
    const app = 'http://127.0.0.1:5556';
    const launched = await launchApply(token, { returnUrl: `${app}/channel.html` }, app);
    const { url, busiSeq } = (await launched.json()) as { url: string; busiSeq: string };
    const receipt = await demo.platform.completeHosted(url, { face: 'pass', password: '258046' });
    // The hosted.completed notification reaches the webhook before the browser is back.
    await new Promise<void>((resolve) => {
      const seen = () => demo.backend.notifications.some((n) => n.busiSeq === busiSeq);
      if (seen()) return resolve();
      demo.backend.events.on('notification', function listener() {
        if (!seen()) return;
        demo.backend.events.off('notification', listener);
        resolve();
      });
    });
    const cards = demo.backend.cardsOf('hosted-h5');
    expect(cards).toHaveLength(1);

    const back = await post('/hosted/receipt', { receipt }, token);
    expect(back.status).toBe(200);
    expect(await back.json()).toMatchObject({ kind: 'applied', busiSeq, signNo: cards[0]!.signNo });
    expect(demo.backend.cardsOf('hosted-h5')).toEqual(cards);
    // Another user of the channel learns nothing from it.
    const other = await post('/hosted/receipt', { receipt }, await signIn('hosted-other'));
    expect(other.status).toBe(403);
    // A receipt of nobody's launch.
    const forged = await post('/hosted/receipt', { receipt: `${receipt.slice(0, -4)}AAAA` }, token);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe(
      'RECEIPT_INVALID',
    );
  });

  it('the web-view’s return page checks the receipt and hands the outcome to the mini-program', async () => {
    const token = await signIn('hosted-mini');
    const returnUrl = `${demo.backend.url}/hosted/mini-program?app=alipay`;
    const launched = await launchApply(token, { returnUrl });
    const { url } = (await launched.json()) as { url: string };
    const receipt = await demo.platform.completeHosted(url, { cancel: true });
    const page = await fetch(`${returnUrl}&receipt=${encodeURIComponent(receipt)}`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    // Alipay's web-view JS-SDK, then the call that leaves the web-view.
    expect(html).toContain('<script src="https://appx/web-view.min.js"></script>');
    expect(html).toContain('my.redirectTo({ url: "/pages/hosted/index?outcome=closed" });');
    expect(html).not.toContain(receipt);

    const forged = await fetch(`${demo.backend.url}/hosted/mini-program?app=wechat&receipt=x`);
    const forgedHtml = await forged.text();
    expect(forgedHtml).toContain('jweixin-1.6.0.js');
    expect(forgedHtml).toContain(
      'wx.miniProgram.redirectTo({ url: "/pages/hosted/index?outcome=refused&error=RECEIPT_INVALID" });',
    );
    expect((await fetch(`${demo.backend.url}/hosted/mini-program?app=other`)).status).toBe(404);
  });
});
