/**
 * The hosted pages at `/hosted/<action>?launch=<id>` (R35, R38): what the sandbox answers for
 * them. `GET` shows the launch's current step (`hostedView`); the step's form `POST`s to the
 * same url (`application/x-www-form-urlencoded`) with the view's token, which the engine
 * changes after every submission (a reused token applies nothing: a double submit, a form
 * from history); the answer is a 303 back to the `GET` (post/redirect/get: a reload never
 * submits again), or, once the page ended, a 303 to the launch's `returnUrl?receipt=…`.
 *
 * Every page carries a strict Content-Security-Policy (only the sandbox's own style sheet and
 * card script; forms only to itself and to the launch's return origin; no framing),
 * `Referrer-Policy: no-referrer` (the launch id never reaches the return page) and
 * `Cache-Control: no-store`. Passwords are read from the form and handed to the engine only:
 * never logged, never in a url, never written back into a page. An expired, used or unknown
 * launch gets a page that says so (410, 404), never a stack.
 *
 * @internal
 */
import { type ErrorCode, EsscError, isEsscError } from '../../domain/errors.js';
import { HOSTED_ACTIONS } from '../../domain/hosted.js';
import type { HostedStepInput, PlatformEngine } from '../../engine/engine.js';
import { userMessage } from '../../i18n/user-message.js';
import type { CoreRequest, CoreResponse } from '../handler.js';
import { HOSTED_ASSETS, renderMessagePage } from './page.js';
import { HOSTED_CARD_JS } from './script.js';
import { renderStepPage } from './steps.js';
import { HOSTED_CSS } from './style.js';
import { type Bilingual, UI } from './texts.js';

/** A form of these pages is a few hundred bytes; anything much larger is not one of them. */
const MAX_FORM_BYTES = 8 * 1024;
/** A launch id as the platform makes them (url-safe random). */
const LAUNCH_ID = /^[A-Za-z0-9_-]{8,64}$/;
const ACTIONS: ReadonlySet<string> = new Set(HOSTED_ACTIONS);

/** Whether a path is one of the hosted pages or their files. */
export function isHostedPath(pathname: string): boolean {
  return pathname.startsWith('/hosted/');
}

/** What every answer of these pages carries. */
const COMMON_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
};

/**
 * The page's policy: nothing but its own style sheet (and the card page's script); its forms
 * post to itself, and the last one is redirected to the launch's return origin.
 */
function contentSecurityPolicy(returnOrigin?: string, script = false): string {
  return [
    "default-src 'none'",
    "style-src 'self'",
    script ? "script-src 'self'" : undefined,
    'img-src data:',
    `form-action 'self'${returnOrigin ? ` ${returnOrigin}` : ''}`,
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * Answers a request under `/hosted/`, behind the sandbox's `Host` check (`checkHost` throws for
 * a name the sandbox does not answer: DNS rebinding).
 */
export async function serveHosted(
  engine: PlatformEngine,
  request: CoreRequest,
  checkHost: (host: string | null) => void,
): Promise<CoreResponse> {
  try {
    checkHost(request.header('host'));
  } catch {
    return messagePage(421, [UI.notFound]);
  }
  const { pathname, searchParams } = request.url;
  const { method } = request;
  const asset = assetAt(pathname);
  if (asset) {
    if (method !== 'GET' && method !== 'HEAD') return notAllowed('GET, HEAD');
    return {
      status: 200,
      headers: { ...COMMON_HEADERS, 'content-type': asset.type },
      body: method === 'HEAD' ? null : asset.body,
    };
  }
  const action = pathname.slice('/hosted/'.length);
  const launchId = searchParams.get('launch') ?? '';
  if (!ACTIONS.has(action) || !LAUNCH_ID.test(launchId)) return notFound();
  const href = `/hosted/${action}?launch=${encodeURIComponent(launchId)}`;
  if (method === 'POST') return submit(engine, request, launchId, href);
  if (method !== 'GET' && method !== 'HEAD') return notAllowed('GET, HEAD, POST');
  try {
    const view = await engine.hostedView(launchId);
    if (view.action !== action) return notFound();
    const codeSecondsLeft = view.qr
      ? (Date.parse(view.qr.expiresAt) - engine.now()) / 1000
      : undefined;
    const html = renderStepPage(view, {
      href,
      mismatch: searchParams.get('notice') === 'mismatch',
      ...(codeSecondsLeft === undefined ? {} : { codeSecondsLeft }),
    });
    return html200(html, contentSecurityPolicy(view.returnOrigin, view.step === 'card'), method);
  } catch (error) {
    return refusalPage(error, href);
  }
}

/** A step's form: checked, handed to the engine, answered with a redirect. */
async function submit(
  engine: PlatformEngine,
  request: CoreRequest,
  launchId: string,
  href: string,
): Promise<CoreResponse> {
  // Defence in depth beside the token: a browser says where a form came from.
  const site = request.header('sec-fetch-site');
  if (site !== null && site !== 'same-origin' && site !== 'none') {
    return messagePage(403, [UI.staleForm], href);
  }
  const type = request.header('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return messagePage(415, [UI.badRequest]);
  let form: URLSearchParams;
  try {
    form = new URLSearchParams(
      new TextDecoder('utf-8', { fatal: true }).decode(await request.body(MAX_FORM_BYTES)),
    );
  } catch {
    return messagePage(413, [UI.badRequest]);
  }
  const newPassword = form.get('newPassword');
  const again = form.get('newPasswordAgain');
  // The platform takes one new password; that the citizen typed it twice alike is the page's.
  if (again !== null && newPassword !== again) return seeOther(`${href}&notice=mismatch`);
  try {
    const view = await engine.hostedStep(launchId, stepInput(form));
    if (!view.done) return seeOther(href);
    const target = new URL(view.done.returnUrl);
    if (target.protocol !== 'https:' && target.protocol !== 'http:') {
      return messagePage(500, [UI.failed]);
    }
    return seeOther(target.href);
  } catch (error) {
    return refusalPage(error, href);
  }
}

/** The form's fields as the engine's step input; only the fields a step may carry. */
function stepInput(form: URLSearchParams): HostedStepInput {
  const face = form.get('face');
  const code = form.get('code');
  const password = form.get('password');
  const newPassword = form.get('newPassword');
  return {
    token: form.get('token') as string,
    ...(face === 'pass' || face === 'fail' ? { face } : {}),
    ...(code === 'identity' || code === 'payment' ? { code } : {}),
    ...(password ? { password } : {}),
    ...(newPassword ? { newPassword } : {}),
    ...(form.get('cancel') === '1' ? { cancel: true as const } : {}),
  };
}

/** Why a page cannot be shown or a form not taken, as a page: never a stack. */
function refusalPage(error: unknown, href: string): CoreResponse {
  if (!isEsscError(error)) return messagePage(500, [UI.failed]);
  switch (error.code) {
    case 'LAUNCH_EXPIRED':
    case 'LAUNCH_USED':
      return messagePage(410, [citizenSentence(error.code)]);
    case 'VALIDATION_FAILED':
      // The token is not the page's: a form older than the last submission's answer.
      return messagePage(403, [UI.staleForm], href);
    default:
      return messagePage(500, [citizenSentence(error.code)]);
  }
}

/** essc-sdk/i18n's sentence for the citizen, in both languages. */
function citizenSentence(code: ErrorCode): Bilingual {
  const error = new EsscError(code);
  return { zh: userMessage(error, 'zh-CN'), en: userMessage(error, 'en') };
}

function messagePage(status: number, sentences: Bilingual[], reloadHref?: string): CoreResponse {
  const heading = status === 404 ? { zh: '页面不存在', en: 'Page not found' } : UI.errorTitle;
  const html = renderMessagePage(heading, sentences, reloadHref);
  return { ...html200(html, contentSecurityPolicy(), 'GET'), status };
}

function notFound(): CoreResponse {
  return messagePage(404, [UI.notFound, UI.goBack]);
}

function notAllowed(allow: string): CoreResponse {
  const page = messagePage(405, [UI.badRequest]) as Exclude<CoreResponse, 'drop'>;
  return { ...page, headers: { ...page.headers, allow } };
}

function html200(html: string, csp: string, method: string): Exclude<CoreResponse, 'drop'> {
  return {
    status: 200,
    headers: {
      ...COMMON_HEADERS,
      'content-security-policy': csp,
      'content-type': 'text/html; charset=utf-8',
    },
    body: method === 'HEAD' ? null : html,
  };
}

/** Post/redirect/get: the answer to every form. */
function seeOther(location: string): CoreResponse {
  return {
    status: 303,
    headers: { ...COMMON_HEADERS, 'content-security-policy': contentSecurityPolicy(), location },
    body: '',
  };
}

function assetAt(pathname: string): { type: string; body: string } | undefined {
  if (pathname === HOSTED_ASSETS.style)
    return { type: 'text/css; charset=utf-8', body: HOSTED_CSS };
  if (pathname === HOSTED_ASSETS.script) {
    return { type: 'text/javascript; charset=utf-8', body: HOSTED_CARD_JS };
  }
  return undefined;
}
