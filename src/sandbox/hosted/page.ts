/**
 * The hosted pages' HTML frame (R38): a phone-width page, Chinese first with English beside
 * it, its style sheet and (on the card page) its one small script served by the sandbox itself
 * — nothing inline, nothing from elsewhere, so the Content-Security-Policy can say
 * `default-src 'none'`. Every value shown is escaped here; no password or proof ever reaches
 * these functions.
 *
 * @internal
 */
import type { Bilingual } from './texts.js';
import { UI } from './texts.js';

/** Where the pages' own files are served (not an action name, so never a page). */
export const HOSTED_ASSETS = {
  style: '/hosted/assets/hosted.css',
  script: '/hosted/assets/card.js',
} as const;

/** Text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Chinese, then the English beside it in a span a screen reader reads as English. */
export function bi(text: Bilingual): string {
  return `${escapeHtml(text.zh)}<span class="en" lang="en">${escapeHtml(text.en)}</span>`;
}

/** What a page is made of. */
export interface PageParts {
  /** The `<title>` and the `<h1>`. */
  title: Bilingual;
  /** Lines under the title (who asks, for whom, which step). */
  lead?: string;
  /** The page's main content. */
  main: string;
  /** Whether the card page's script is loaded. */
  script?: boolean;
}

/** A whole page. */
export function renderPage(parts: PageParts): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="format-detection" content="telephone=no">
<title>${escapeHtml(parts.title.zh)} · ${escapeHtml(parts.title.en)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${HOSTED_ASSETS.style}">
${parts.script ? `<script src="${HOSTED_ASSETS.script}" defer></script>\n` : ''}</head>
<body>
<div class="sandbox" role="note">${bi(UI.sandbox)}</div>
<div class="frame">
<header>
<p class="brand">${bi(UI.brand)}</p>
<h1>${bi(parts.title)}</h1>
${parts.lead ?? ''}
</header>
<main>
${parts.main}
</main>
</div>
</body>
</html>
`;
}

/**
 * The region where a refusal is said: announced as soon as the page loads (`role="alert"`) and
 * focused, so a screen reader reads it first and the keyboard goes on from it to the field.
 */
export function renderNotice(notice: Bilingual | undefined): string {
  if (!notice) return '<div id="notice" class="notice" role="alert" aria-live="assertive"></div>';
  return `<div id="notice" class="notice shown" role="alert" aria-live="assertive" tabindex="-1" autofocus><p>${escapeHtml(notice.zh)}</p><p lang="en">${escapeHtml(notice.en)}</p></div>`;
}

/**
 * A page that ends here: an expired, used or unknown launch, a stale form, a refusal of the
 * request itself. It says what happened and what to do, and offers a reload when that helps.
 */
export function renderMessagePage(
  heading: Bilingual,
  sentences: readonly Bilingual[],
  reloadHref?: string,
): string {
  const reload = reloadHref
    ? `<p><a class="button primary" href="${escapeHtml(reloadHref)}">${bi(UI.reload)}</a></p>`
    : '';
  const body = sentences
    .map((s) => `<p>${escapeHtml(s.zh)}</p><p class="en-block" lang="en">${escapeHtml(s.en)}</p>`)
    .join('\n');
  return renderPage({
    title: heading,
    main: `<section class="message" role="alert" aria-live="assertive">
${body}
</section>
${reload}`,
  });
}
