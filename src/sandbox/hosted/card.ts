/**
 * The card page (R35 `card`): the e-card, masked, and the code the citizen asked for — the
 * identity code, or the payment code with the password (R15) — drawn server side as SVG with
 * the project's renderer (essc-sdk/render). The code is renewed by asking again: a button
 * without JavaScript, and the page's small script does it when the identity code runs out.
 *
 * @internal
 */

import type { DynamicQr, ECard } from '../../domain/types.js';
import type { HostedView } from '../../engine/engine.js';
import type { Locale } from '../../i18n/locale.js';
import { cardStatusName, levelName } from '../../i18n/names.js';
import { renderQrSvg } from '../../render/index.js';
import { beijingTime, pinField, renderClose, renderExpiry, tokenInput } from './fields.js';
import { bi, escapeHtml, renderNotice } from './page.js';
import type { StepContext } from './steps.js';
import { type Bilingual, CARD_TEXTS, STEP_LEGENDS, UI } from './texts.js';

/** The card step's main content. */
export function renderCardStep(
  view: HostedView,
  context: StepContext,
  notice: Bilingual | undefined,
): string {
  const { href } = context;
  const card = view.card;
  const invalid = view.error?.code === 'PASSWORD_INCORRECT' ? 'password' : undefined;
  const identityLabel =
    view.qr?.purpose === 'identity' ? CARD_TEXTS.refreshIdentity : CARD_TEXTS.showIdentity;
  const payment =
    card?.level === 2
      ? `<form method="post" action="${escapeHtml(href)}" class="step" id="payment-form">
${tokenInput(view)}
<input type="hidden" name="code" value="payment">
<fieldset>
<legend>${bi(CARD_TEXTS.paymentLegend)}</legend>
${pinField('password', UI.password, UI.digitsHint, invalid, false)}
<button type="submit" class="secondary wide">${bi(CARD_TEXTS.showPayment)}</button>
</fieldset>
</form>`
      : `<p class="hint">${bi(CARD_TEXTS.noPayment)}</p>`;
  return `${renderNotice(notice)}
${card ? renderFacts(card) : ''}
${renderCode(view.qr, context.codeSecondsLeft)}
<form method="post" action="${escapeHtml(href)}" class="code-action" id="identity-form">
${tokenInput(view)}
<input type="hidden" name="code" value="identity">
<button type="submit" class="primary wide"${notice ? '' : ' autofocus'}>${bi(identityLabel)}</button>
</form>
${payment}
${renderClose(view, href)}
${renderExpiry(view)}`;
}

/** The card, masked as the platform answers it. */
function renderFacts(card: ECard): string {
  const both = (name: (locale: Locale) => string): Bilingual => ({
    zh: name('zh-CN'),
    en: name('en'),
  });
  const rows: [Bilingual, string][] = [
    [CARD_TEXTS.name, escapeHtml(card.name)],
    [CARD_TEXTS.idNumber, escapeHtml(card.idNumber)],
    [CARD_TEXTS.cardNo, escapeHtml(card.cardNo)],
    [CARD_TEXTS.region, escapeHtml(card.regionCode)],
    [CARD_TEXTS.status, bi(both((locale) => cardStatusName(card.status, locale)))],
    [CARD_TEXTS.level, bi(both((locale) => levelName(card.level, locale)))],
  ];
  return `<section class="ecard" aria-labelledby="card-title">
<h2 id="card-title">${bi(STEP_LEGENDS.card)}</h2>
<dl class="facts">
${rows.map(([term, value]) => `<div><dt>${bi(term)}</dt><dd>${value}</dd></div>`).join('\n')}
</dl>
</section>`;
}

/** The code shown, with when it runs out; the script counts down and renews an identity code. */
function renderCode(qr: DynamicQr | undefined, secondsLeft: number | undefined): string {
  if (!qr) return `<p class="hint no-code">${bi(CARD_TEXTS.noCode)}</p>`;
  const purpose: Bilingual = CARD_TEXTS.codes[qr.purpose];
  const left = Math.max(0, Math.floor(secondsLeft ?? 0));
  return `<section class="code" aria-labelledby="code-title">
<h2 id="code-title">${bi(purpose)}</h2>
<div class="qr" id="qr" role="img" aria-label="${escapeHtml(`${purpose.zh}二维码 ${purpose.en} (QR code)`)}" data-purpose="${qr.purpose}">
${renderQrSvg(qr.text)}
</div>
<p class="valid" id="qr-valid" data-seconds-left="${left}">${bi(CARD_TEXTS.validUntil)} <time datetime="${escapeHtml(qr.expiresAt)}">${escapeHtml(beijingTime(qr.expiresAt))}</time> <span id="qr-countdown" aria-hidden="true"></span></p>
<p id="qr-expired" class="expired" role="status" hidden>${bi(CARD_TEXTS.expired)}</p>
<p class="hint">${bi(CARD_TEXTS.codeAbout)}</p>
</section>`;
}
