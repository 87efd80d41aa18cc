/**
 * A government portal's login page: shows a scan-to-login QR code and waits for the citizen
 * to confirm in a channel app (R17). The session lives on the portal's server (here the demo's
 * static server, `demo.ts`), which holds the portal's key and verifies the platform's signed
 * identity assertion; the page only polls it.
 *
 * The session asks for fewer claims than the portal may receive (R30): the page says which,
 * and shows what arrived — a claim that was not asked for is not in the identity at all.
 */

import type { LoginScope } from 'essc-sdk';
import { levelName, scopeName } from 'essc-sdk/i18n';
import { regionName } from 'essc-sdk/regions';
import { renderQrSvg } from 'essc-sdk/render';
import type { PortalSessionView } from './demo.js';
import { $, describeError, loadConfig, showMessage } from './ui.js';

const STATE_ZH: Record<PortalSessionView['state'], string> = {
  pending: '等待扫码',
  scanned: '已扫码，请在手机上确认',
  confirmed: '登录成功',
  rejected: '已拒绝登录',
  expired: '二维码已过期，请刷新',
};

const NOT_RECEIVED = '（未申请，未提供）';

const config = await loadConfig();
let generation = 0;

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}`);
  return (await response.json()) as T;
}

async function newSession(): Promise<void> {
  const mine = ++generation;
  showMessage('');
  $('welcome').hidden = true;
  const session = await json<{
    sessionId: string;
    qrText: string;
    expiresAt: string;
    scopes: LoginScope[];
  }>(await fetch('/demo/portal/sessions', { method: 'POST' }));
  $('asked-scopes').textContent = session.scopes.map((scope) => scopeName(scope)).join('、');
  $('login-qr').innerHTML = renderQrSvg(session.qrText, { pixelSize: 5 });
  if (config.demoScanner) {
    $('login-qr-text').textContent = session.qrText;
    $('demo-scanner').hidden = false;
  }
  const state = $('login-state');
  for (;;) {
    if (mine !== generation) return; // a newer session replaced this one
    const view = await json<PortalSessionView>(
      await fetch(`/demo/portal/session?id=${encodeURIComponent(session.sessionId)}`),
    );
    state.textContent = STATE_ZH[view.state];
    state.dataset.state = view.state;
    if (view.identity) {
      const { name, idNumber, regionCode, level } = view.identity;
      $('who-name').textContent = name ?? NOT_RECEIVED;
      $('who-id-number').textContent = idNumber ?? NOT_RECEIVED;
      $('who-region').textContent =
        regionCode === undefined ? NOT_RECEIVED : (regionName(regionCode) ?? regionCode);
      $('who-level').textContent = level === undefined ? NOT_RECEIVED : levelName(level);
      $('who-method').textContent = view.identity.method === 'password' ? '密码' : '刷脸';
      $('who-channel').textContent = view.identity.channelId;
      $('welcome').hidden = false;
    }
    if (view.state !== 'pending' && view.state !== 'scanned') {
      // A final state: this code is spent; the button opens a new session.
      $('login-qr').replaceChildren();
      $('demo-scanner').hidden = true;
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function start(): void {
  newSession().catch((error: unknown) => showMessage(describeError(error)));
}

$('new-session').addEventListener('click', start);
start();
