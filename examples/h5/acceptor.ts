/**
 * A hospital desk in the browser: a USB scanner "types" the dynamic e-card code into a text
 * box and presses Enter; the page verifies it offline with the platform's published keys
 * (WebCrypto Ed25519) and shows the outcome — purpose, masked holder, region, by their Chinese
 * names (essc-sdk/i18n, essc-sdk/regions) — or the refusal with its Chinese term and the
 * sentence to tell the citizen (`userMessage`).
 *
 * Single use (R15) is kept by the verifier's memory nonce store: per page. Desks that must
 * refuse each other's codes verify on a server with a shared store instead (see
 * `examples/acceptor-node`, Redis).
 */
import { ERROR_TABLE, isEsscError } from 'essc-sdk';
import { createQrVerifier, type VerifiedQr } from 'essc-sdk/acceptor';
import { purposeName, userMessage } from 'essc-sdk/i18n';
import { regionName } from 'essc-sdk/regions';
import { $, describeError, loadConfig, showMessage } from './ui.js';

/** `440100` → 广州市; a code the table lacks is shown as it is. */
const regionText = (code: string) => regionName(code) ?? code;

/** What the card holder is to the person showing the code (亲情服务, R32). */
const RELATION_ZH: Record<NonNullable<VerifiedQr['onBehalf']>['relation'], string> = {
  parent: '父母',
  child: '子女',
  spouse: '配偶',
  other: '亲属',
};

const config = await loadConfig();
// Relative in the config when the static server proxies the JWKS; the verifier wants it whole.
const jwks = new URL(config.jwksUrl, location.href).href;
const verifier = createQrVerifier({ jwks });

const form = $<HTMLFormElement>('scan-form');
const input = $<HTMLInputElement>('scan-input');
// The desk's one job: the scanner types into this box, so it holds the focus.
input.focus();
const time = () => new Date().toLocaleTimeString('zh-CN', { hour12: false });

function record(line: string): void {
  const item = document.createElement('li');
  item.textContent = `${time()} ${line}`;
  $('history').prepend(item);
}

function showAccepted(qr: VerifiedQr): void {
  const result = $('result');
  result.className = 'result ok';
  result.dataset.outcome = 'accepted';
  delete result.dataset.code;
  $('result-title').textContent = '✔ 核验通过';
  const summary = `${purposeName(qr.purpose)} · ${qr.holderName} · ${regionText(qr.regionCode)}`;
  $('result-summary').textContent = summary;
  $('result-detail').textContent =
    `用途：${purposeName(qr.purpose)} · 持卡人：${qr.holderName} · 发卡地：${regionText(qr.regionCode)}（${qr.regionCode}） · 渠道：${qr.channelId}`;
  // A family member's code, shown by their relative: the holder is served, someone else holds
  // the phone.
  const onBehalf = qr.onBehalf
    ? `亲情码：由持卡人的家人代为出示（持卡人是出示人的${RELATION_ZH[qr.onBehalf.relation]}）`
    : '';
  if (qr.onBehalf) result.dataset.onBehalf = qr.onBehalf.relation;
  else delete result.dataset.onBehalf;
  $('result-on-behalf').textContent = onBehalf;
  $('result-on-behalf').hidden = !qr.onBehalf;
  $('result-action').textContent = `卡片参考号（本机构内稳定）：${qr.cardRef}`;
  result.hidden = false;
  record(`通过 ${summary}${qr.onBehalf ? ' · 亲情码' : ''}`);
}

function showRefused(error: unknown): void {
  const result = $('result');
  result.className = 'result bad';
  result.dataset.outcome = 'refused';
  if (isEsscError(error)) {
    const row = ERROR_TABLE[error.code];
    result.dataset.code = error.code;
    $('result-title').textContent = `✘ ${error.code}`;
    $('result-summary').textContent = row.zh;
    $('result-detail').textContent = '';
    $('result-action').textContent = `请告知持卡人：${userMessage(error)}`;
    delete result.dataset.onBehalf;
    $('result-on-behalf').hidden = true;
    record(`拒绝 ${error.code} ${row.zh}`);
  } else {
    delete result.dataset.code;
    $('result-title').textContent = '✘ 核验出错';
    $('result-summary').textContent = describeError(error);
    $('result-detail').textContent = '';
    $('result-action').textContent = '';
    delete result.dataset.onBehalf;
    $('result-on-behalf').hidden = true;
    record(`出错 ${describeError(error)}`);
  }
  result.hidden = false;
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  // Only the line end is the scanner's: base45 has a space in its alphabet.
  const text = input.value.replace(/[\r\n]+$/, '');
  input.value = '';
  input.focus();
  if (!text) return;
  showMessage('');
  verifier.verify(text).then(showAccepted, showRefused);
});

// Fetch the keys once now, so the first scan does not wait and a wrong URL shows at once.
// (The verifier fetches them itself too; a code verified before this finishes is fine.)
fetch(jwks, { cache: 'no-store' })
  .then((response) => {
    if (!response.ok) throw new Error(`平台公钥地址返回 ${response.status}`);
    $('status').textContent = `平台公钥已就绪（${new URL(jwks).host}），请扫码。`;
    document.body.dataset.ready = 'true';
  })
  .catch((error: unknown) => {
    $('status').textContent = `平台公钥无法获取：${describeError(error)}`;
  });
