/**
 * The steps of a hosted page as plain HTML forms (R35, R38): the face check (in test mode two
 * buttons, pass and fail), the e-card password, a new password typed twice, a change. Each
 * form posts the view's token and its fields to the page's own url; a "关闭 / close" form ends
 * any step. The 6-digit fields bring up the phone's numeric keypad and never show or keep what
 * is typed (`type="password"`, `inputmode="numeric"`, `autocomplete="off"`), and no value is
 * ever written back into a field.
 *
 * @internal
 */
import { EsscError } from '../../domain/errors.js';
import type { HostedStepName, HostedView } from '../../engine/engine.js';
import { MAX_PASSWORD_FAILURES } from '../../engine/user-verification.js';
import { userMessage } from '../../i18n/user-message.js';
import { renderCardStep } from './card.js';
import { type Field, pinField, renderClose, renderExpiry, tokenInput } from './fields.js';
import { bi, escapeHtml, renderNotice, renderPage } from './page.js';
import { ACTION_TEXTS, type Bilingual, CONFIRM_TEXTS, STEP_LEGENDS, UI } from './texts.js';

/** What the page adds to the view: its url, a refusal it found itself, the code's time left. */
export interface StepContext {
  /** The page's own path and query: where its forms post. */
  href: string;
  /** The two new passwords differed (checked here: the platform takes one). */
  mismatch: boolean;
  /** For the card's code: seconds until it expires, on the platform's clock. */
  codeSecondsLeft?: number;
}

/** The whole page of a view that is not done. */
export function renderStepPage(view: HostedView, context: StepContext): string {
  const notice = noticeOf(view, context.mismatch);
  const invalid = invalidField(view, context.mismatch);
  const texts = ACTION_TEXTS[view.action];
  const main =
    view.step === 'card'
      ? renderCardStep(view, context, notice)
      : `${renderNotice(notice)}
${renderForm(view, context.href, invalid, notice !== undefined)}
${renderClose(view, context.href)}
${renderExpiry(view)}`;
  return renderPage({
    title: texts.title,
    lead: renderLead(view),
    main,
    script: view.step === 'card',
  });
}

/** The refusal to show: the page's own (two new passwords differ) or the platform's. */
function noticeOf(view: HostedView, mismatch: boolean): Bilingual | undefined {
  if (mismatch) return UI.mismatch;
  if (!view.error) return undefined;
  const error = new EsscError(view.error.code, undefined, {
    ...(view.error.details === undefined ? {} : { details: view.error.details as never }),
  });
  return { zh: userMessage(error, 'zh-CN'), en: userMessage(error, 'en') };
}

function invalidField(view: HostedView, mismatch: boolean): Field | undefined {
  if (mismatch) return 'newPasswordAgain';
  switch (view.error?.code) {
    case 'PASSWORD_INCORRECT':
      return 'password';
    case 'WEAK_PASSWORD':
    case 'PASSWORD_REUSED':
      return 'newPassword';
    default:
      return undefined;
  }
}

/** Who asks, for whom, which step: under the title. */
function renderLead(view: HostedView): string {
  const texts = ACTION_TEXTS[view.action];
  const holder = view.personName
    ? `<div><dt>${bi(UI.holder)}</dt><dd>${escapeHtml(view.personName)}</dd></div>`
    : '';
  const step = stepNumber(view);
  return `<dl class="who">
<div><dt>${bi(UI.requestedBy)}</dt><dd>${escapeHtml(view.channelName)}</dd></div>
${holder}
</dl>
${step ? `<p class="steps">${bi(UI.step(step[0], step[1]))}</p>` : ''}
<p class="about">${bi(texts.about)}</p>`;
}

/** Step n of m, for the pages with two steps (a face check, then a password). */
function stepNumber(view: HostedView): [number, number] | undefined {
  if (view.action !== 'apply' && view.action !== 'reset-password') return undefined;
  return [view.step === 'face' ? 1 : 2, 2];
}

function renderForm(
  view: HostedView,
  href: string,
  invalid: Field | undefined,
  hasNotice: boolean,
): string {
  const step = view.step as Exclude<HostedStepName, 'done' | 'card'>;
  const legend = `<legend>${bi(STEP_LEGENDS[step])}</legend>`;
  const token = tokenInput(view);
  if (step === 'face') {
    return `<form method="post" action="${escapeHtml(href)}" class="step">
${token}
<fieldset>
${legend}
<p class="hint" id="face-about">${bi(UI.faceAbout)}</p>
<div class="buttons">
<button type="submit" name="face" value="pass" class="primary" aria-describedby="face-about"${hasNotice ? '' : ' autofocus'}>${bi(UI.facePass)}</button>
<button type="submit" name="face" value="fail" class="secondary">${bi(UI.faceFail)}</button>
</div>
</fieldset>
</form>`;
  }
  const first = !hasNotice;
  const attempts = attemptsHint(view, hasNotice);
  const fields =
    step === 'password'
      ? pinField('password', UI.password, UI.digitsHint, invalid, first, attempts)
      : step === 'new-password'
        ? newPasswordFields(invalid, first)
        : `${pinField('password', UI.oldPassword, UI.digitsHint, invalid, first, attempts)}
${newPasswordFields(invalid, false)}`;
  const confirm = CONFIRM_TEXTS[view.action] ?? { zh: '确认', en: 'Confirm' };
  return `<form method="post" action="${escapeHtml(href)}" class="step">
${token}
<fieldset>
${legend}
${fields}
</fieldset>
<button type="submit" class="primary wide">${bi(confirm)}</button>
</form>`;
}

/** The attempts left (R11), once a wrong password was typed and no refusal already says so. */
function attemptsHint(view: HostedView, hasNotice: boolean): Bilingual | undefined {
  const left = view.attemptsLeft;
  if (left === undefined || left >= MAX_PASSWORD_FAILURES || hasNotice) return undefined;
  return UI.attemptsLeft(left);
}

function newPasswordFields(invalid: Field | undefined, autofocus: boolean): string {
  return `${pinField('newPassword', UI.newPassword, UI.newPasswordHint, invalid, autofocus)}
${pinField('newPasswordAgain', UI.newPasswordAgain, UI.digitsHint, invalid, false)}`;
}
