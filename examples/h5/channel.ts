/**
 * A channel's H5 view of the e-card: sign in with the channel, apply, see my card (masked),
 * the refreshing dynamic QR code, the payment code (enabling payment the first time), and
 * confirm a government portal's scan-to-login, seeing which claims it asks for.
 *
 * The page holds no channel key. Every e-card call goes through the relay adapter to the
 * channel backend (`examples/channel-backend`), which authenticates the page's session token,
 * checks the user may act on the card, and forwards with the channel's key (DESIGN §2, R19).
 *
 * Or the citizen applies on the platform's own page (hosted pages, R35–R37): the backend
 * launches it with this page as its return address, the browser goes there (face check and
 * password on the platform's origin: this page never sees the password) and comes back here
 * with `?receipt=`, which the backend verifies (R36) before the card is shown.
 */
import {
  createClient,
  createQrRefresher,
  type ECard,
  type ErrorCode,
  EsscError,
  type QrRefresher,
} from 'essc-sdk';
import { cardStatusName, scopeName } from 'essc-sdk/i18n';
import { regionName } from 'essc-sdk/regions';
import { createFetchTransport, createRelayAdapter } from 'essc-sdk/relay';
import { renderQrSvg } from 'essc-sdk/render';
import { $, busy, describeError, field, loadConfig, onSubmit, showMessage } from './ui.js';

/** 正常（二级）: the status by name (essc-sdk/i18n), the level in short. */
const statusText = (card: ECard) =>
  `${cardStatusName(card.status)}（${card.level === 2 ? '二级' : '一级'}）`;

const config = await loadConfig();
const backend = config.backendUrl.replace(/\/+$/, '');
$('channel-name').textContent = `（${config.channelId}）`;

/**
 * The channel backend's bearer token for this page's user: in memory (a reload signs out),
 * and in this tab's sessionStorage only while the citizen is on the platform's hosted page.
 */
let token = '';
let channelUserId = '';
const AWAY_KEY = 'essc-h5:away';

const client = createClient({
  adapter: createRelayAdapter({
    url: `${backend}/relay`,
    channelId: config.channelId,
    transport: createFetchTransport(),
    headers: () => ({ authorization: `Bearer ${token}` }),
  }),
});

/** The backend's own JSON routes (sign-in, my cards, the demo face check). */
async function callBackend<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${backend}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await response.json().catch(() => ({}))) as T & {
    error?: { code?: string; message?: string };
  };
  if (!response.ok) {
    throw new Error(json.error?.message ?? `${path} answered ${response.status}`);
  }
  return json;
}

function show(view: 'signin' | 'apply' | 'card'): void {
  $('signin-view').hidden = view !== 'signin';
  $('apply-view').hidden = view !== 'apply';
  $('card-view').hidden = view !== 'card';
}

// ── Sign in ────────────────────────────────────────────────────────────────────────────────

onSubmit($<HTMLFormElement>('signin-form'), async (data) => {
  const session = await callBackend<{ token: string; channelUserId: string }>('POST', '/session', {
    userId: field(data, 'userId'),
  });
  token = session.token;
  channelUserId = session.channelUserId;
  // The backend remembers which e-cards this user applied for through the channel.
  const me = await callBackend<{ cards: { signNo: string; bound: boolean }[] }>('GET', '/me');
  const held = me.cards.find((card) => card.bound);
  if (held) await showCard(await client.getCard({ signNo: held.signNo }));
  else show('apply');
});

// ── Apply ──────────────────────────────────────────────────────────────────────────────────

const applyForm = $<HTMLFormElement>('apply-form');

$('face-check').addEventListener('click', () => {
  void busy(applyForm, async () => {
    const idNumber = field(new FormData(applyForm), 'idNumber').trim();
    if (!idNumber) throw new Error('请先填写身份证号，再刷脸认证。');
    // A stub: the sandbox mints the proof. A real H5 page runs the platform's face check.
    const { realPerson } = await callBackend<{ realPerson: string }>('POST', '/demo/face-check', {
      idNumber,
    });
    const input = applyForm.elements.namedItem('realPerson') as HTMLInputElement;
    input.value = realPerson;
  });
});

onSubmit(applyForm, async (data) => {
  const card = await client.apply({
    channelUserId,
    name: field(data, 'name'),
    idNumber: field(data, 'idNumber'),
    realPerson: field(data, 'realPerson'),
    password: field(data, 'password'),
  });
  applyForm.reset(); // the password leaves the page with the request
  await showCard(card);
});

// ── Apply on the platform's page (hosted, R35) ────────────────────────────────────────────────

$('hosted-apply').addEventListener('click', () => {
  void busy(applyForm, async () => {
    const data = new FormData(applyForm);
    const person = { name: field(data, 'name').trim(), idNumber: field(data, 'idNumber').trim() };
    if (!person.name || !person.idNumber) throw new Error('请先填写姓名和身份证号。');
    // The platform comes back to this very page (the backend allows only the asking origin).
    const returnUrl = `${location.origin}${location.pathname}`;
    const { url } = await callBackend<{ url: string }>('POST', '/hosted/launch', {
      action: 'apply',
      person,
      returnUrl,
    });
    sessionStorage.setItem(AWAY_KEY, JSON.stringify({ token, channelUserId }));
    location.assign(url);
  });
});

/** What the backend answers for a verified receipt (essc-sdk/hosted's HostedReceipt). */
interface VerifiedReceipt {
  kind: string;
  signNo?: string;
  error?: ErrorCode;
}

/** Back from the platform's page with `?receipt=`: the backend verifies it, once. */
async function cameBack(receipt: string): Promise<void> {
  const away = sessionStorage.getItem(AWAY_KEY);
  sessionStorage.removeItem(AWAY_KEY);
  // The receipt leaves the address bar: a reload or a shared link carries nothing.
  history.replaceState(null, '', location.pathname);
  if (!away) {
    show('signin');
    showMessage('登录已失效，请重新登录后再办理。');
    return;
  }
  ({ token, channelUserId } = JSON.parse(away) as { token: string; channelUserId: string });
  try {
    const verified = await callBackend<VerifiedReceipt>('POST', '/hosted/receipt', { receipt });
    if (verified.kind === 'closed' || !verified.signNo) {
      show('apply');
      $('hosted-result').textContent = verified.error
        ? `平台页面未办理成功：${describeError(new EsscError(verified.error))}`
        : '您已关闭平台页面，未办理。';
      return;
    }
    $('hosted-result').textContent = '已在平台页面领取电子社保卡。';
    await showCard(await client.getCard({ signNo: verified.signNo }));
  } catch (error) {
    show('apply');
    showMessage(describeError(error));
  }
}

// ── My card and its QR code ────────────────────────────────────────────────────────────────

let signNo = '';
let level: ECard['level'] = 1;
let refresher: QrRefresher | undefined;

async function showCard(card: ECard): Promise<void> {
  signNo = card.signNo;
  level = card.level;
  $('card-name').textContent = card.name;
  $('card-id-number').textContent = card.idNumber;
  $('card-no').textContent = card.cardNo;
  $('card-region').textContent = regionName(card.regionCode) ?? card.regionCode;
  $('card-status').textContent = statusText(card);
  $('card-sign-no').textContent = card.signNo;
  show('card');
  if (card.status !== 'active') {
    $('qr').replaceChildren();
    $('qr-expiry').textContent = '社保卡状态异常，暂不能出示二维码。';
    return;
  }
  refresher?.stop();
  refresher = createQrRefresher(client, { signNo: card.signNo });
  refresher.on('qr:refreshed', ({ qr }) => {
    // Trusted markup: the SDK's renderer draws rects and a path from the code's modules.
    $('qr').innerHTML = renderQrSvg(qr.text, { pixelSize: 6 });
    $('qr-expiry').textContent =
      `${new Date(qr.expiresAt).toLocaleTimeString('zh-CN', { hour12: false })} 前有效，到期前自动刷新`;
    if (config.demoScanner) {
      $('qr-text').textContent = qr.text;
      $('demo-scanner').hidden = false;
    }
  });
  refresher.on('qr:error', ({ error, retrying }) => {
    $('qr-expiry').textContent = retrying
      ? `二维码刷新失败，正在重试：${describeError(error)}`
      : `二维码已停止刷新：${describeError(error)}`;
  });
  await refresher.start();
}

// A hidden page issues no codes; back in view it shows a fresh one if needed.
document.addEventListener('visibilitychange', () => {
  if (!refresher) return;
  if (document.hidden) refresher.stop();
  else refresher.resume();
});

// ── The payment code ───────────────────────────────────────────────────────────────────────

const payForm = $<HTMLFormElement>('pay-form');

onSubmit(payForm, async (data) => {
  const password = field(data, 'password');
  payForm.reset(); // the password leaves the page with the request
  const verification = { password };
  if (level !== 2) {
    // Level 2 (payment) needs the card's bank account active; the platform checks (R7).
    const card = await client.enablePayment({ signNo, verification });
    level = card.level;
    $('card-status').textContent = statusText(card);
  }
  const qr = await client.issueQr({ signNo, purpose: 'payment', verification });
  // Trusted markup, as for the identity code.
  $('pay-qr').innerHTML = renderQrSvg(qr.text, { pixelSize: 6 });
  $('pay-expiry').textContent =
    `${new Date(qr.expiresAt).toLocaleTimeString('zh-CN', { hour12: false })} 前有效，仅可使用一次`;
  if (config.demoScanner) {
    $('pay-qr-text').textContent = qr.text;
    $('pay-demo-scanner').hidden = false;
  }
});

// ── Scan-to-login ──────────────────────────────────────────────────────────────────────────

const scanForm = $<HTMLFormElement>('scan-form');
const confirmForm = $<HTMLFormElement>('confirm-form');
let requestId = '';

onSubmit(scanForm, async (data) => {
  $('login-result').textContent = '';
  const request = await client.scanLogin({ signNo, qrText: field(data, 'qrText').trim() });
  requestId = request.requestId;
  $('login-portal').textContent = request.portal.name;
  // R30: the user sees what the portal will receive before confirming.
  $('login-scopes').textContent = request.scopes.map((scope) => scopeName(scope)).join('、');
  scanForm.hidden = true;
  confirmForm.hidden = false;
});

function loginDone(text: string): void {
  confirmForm.reset();
  scanForm.reset();
  confirmForm.hidden = true;
  scanForm.hidden = false;
  $('login-result').textContent = text;
}

onSubmit(confirmForm, async (data) => {
  const password = field(data, 'password');
  (confirmForm.elements.namedItem('password') as HTMLInputElement).value = '';
  // A wrong password leaves the login pending (R17): the user may try again.
  await client.confirmLogin({ signNo, requestId, verification: { password } });
  loginDone(`已确认登录 ${$('login-portal').textContent}`);
});

$('reject-login').addEventListener('click', () => {
  void busy(confirmForm, async () => {
    await client.rejectLogin({ signNo, requestId });
    loginDone(`已拒绝 ${$('login-portal').textContent} 的登录请求`);
  });
});

showMessage('');
const returned = new URL(location.href).searchParams.get('receipt');
if (returned === null) show('signin');
else await cameBack(returned);
