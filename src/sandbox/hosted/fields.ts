/**
 * The pieces every hosted step's form is made of: a 6-digit secret field, the view's token,
 * the "关闭 / close" form, the page's expiry.
 *
 * @internal
 */
import type { HostedView } from '../../engine/engine.js';
import { bi, escapeHtml } from './page.js';
import { type Bilingual, UI } from './texts.js';

/** The fields a refusal can be about, so they say `aria-invalid`. */
export type Field = 'password' | 'newPassword' | 'newPasswordAgain';

/**
 * One 6-digit secret: the numeric keypad, never shown, never remembered by the browser; the
 * hint (and the refusal, when it is about this field) describe it.
 */
export function pinField(
  name: Field,
  label: Bilingual,
  hint: Bilingual,
  invalid: Field | undefined,
  autofocus: boolean,
  extra?: Bilingual,
): string {
  const id = `f-${name}`;
  const described = [`${id}-hint`, ...(invalid === name ? ['notice'] : [])].join(' ');
  return `<div class="field">
<label for="${id}">${bi(label)}</label>
<input id="${id}" name="${name}" type="password" inputmode="numeric" pattern="[0-9]{6}" minlength="6" maxlength="6" autocomplete="off" enterkeyhint="done" required title="6位数字 6 digits" aria-describedby="${described}"${invalid === name ? ' aria-invalid="true"' : ''}${autofocus ? ' autofocus' : ''}>
<p id="${id}-hint" class="hint">${bi(hint)}${extra ? `<strong class="attempts">${bi(extra)}</strong>` : ''}</p>
</div>`;
}

/** The view's token: the form sends it back; it changes after every submission. */
export function tokenInput(view: HostedView): string {
  return `<input type="hidden" name="token" value="${escapeHtml(view.token)}">`;
}

/** "关闭 / close": ends the page with a `closed` receipt and goes back to the app. */
export function renderClose(view: HostedView, href: string): string {
  return `<form method="post" action="${escapeHtml(href)}" class="close">
${tokenInput(view)}
<input type="hidden" name="cancel" value="1">
<button type="submit" class="secondary wide" aria-describedby="close-about">${bi(UI.close)}</button>
<p class="hint" id="close-about">${bi(UI.closeAbout)}</p>
</form>`;
}

/** When the page stops working (10 minutes after the launch), in Beijing time. */
export function renderExpiry(view: HostedView): string {
  return `<p class="expiry">${bi(UI.expiresAt)} <time datetime="${escapeHtml(view.expiresAt)}">${escapeHtml(beijingTime(view.expiresAt))}</time></p>`;
}

/** `HH:MM:SS` in Beijing time (the platform's time zone). */
export function beijingTime(iso: string): string {
  return new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}
