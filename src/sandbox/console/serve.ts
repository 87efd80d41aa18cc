/**
 * The sandbox console at `/console`: one HTML page, its script and its style sheet, all
 * shipped in the package (no CDN, no build step). The page drives the platform only through
 * the admin routes, so it can do nothing `curl` could not; it is served exactly when they are
 * (`--no-admin` removes both), behind the same `Host` check, and its headers keep other sites
 * from framing it or injecting into it.
 *
 * @internal
 */
import { CONSOLE_HTML } from './page.js';
import { CONSOLE_SCRIPT_CORE } from './script-core.js';
import { CONSOLE_SCRIPT_PERSON } from './script-person.js';
import { CONSOLE_SCRIPT_PLATFORM } from './script-platform.js';
import { CONSOLE_CSS } from './style.js';

/** The console's one script: the three parts in one closure, started once the page is parsed. */
const CONSOLE_JS = `(function () {${CONSOLE_SCRIPT_CORE}${CONSOLE_SCRIPT_PERSON}${CONSOLE_SCRIPT_PLATFORM}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
})();
`;

/**
 * Only the page's own files run, and it may talk to its own origin only; nothing may frame it
 * (clickjacking a back office that reports cards lost).
 */
const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

const ASSETS: Record<string, { type: string; body: string }> = {
  '/console': { type: 'text/html; charset=utf-8', body: CONSOLE_HTML },
  '/console/': { type: 'text/html; charset=utf-8', body: CONSOLE_HTML },
  '/console/app.js': { type: 'text/javascript; charset=utf-8', body: CONSOLE_JS },
  '/console/app.css': { type: 'text/css; charset=utf-8', body: CONSOLE_CSS },
};

/**
 * Whether a path belongs to the console.
 */
export function isConsolePath(pathname: string): boolean {
  return pathname === '/console' || pathname.startsWith('/console/');
}

/**
 * The answer to a request for one of the console's files (`GET` or `HEAD`): 200 with the
 * file, 404 for another path under `/console/`, 405 for another method.
 */
export function consoleAsset(
  method: string,
  pathname: string,
): { status: number; headers: Record<string, string>; body: string | null } {
  if (method !== 'GET' && method !== 'HEAD') {
    const refused = consoleRefusal(
      405,
      'The console is read with GET; its actions go through the /admin/ routes.',
    );
    return { ...refused, headers: { ...refused.headers, allow: 'GET, HEAD' } };
  }
  const asset = ASSETS[pathname];
  if (!asset) return consoleRefusal(404, 'No such file in the sandbox console.');
  return {
    status: 200,
    headers: { ...SECURITY_HEADERS, 'content-type': asset.type },
    body: method === 'HEAD' ? null : asset.body,
  };
}

/**
 * A refusal in plain text, with the console's headers (a 421 from the `Host` check, say).
 */
export function consoleRefusal(
  status: number,
  message: string,
): { status: number; headers: Record<string, string>; body: string } {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' },
    body: message,
  };
}
