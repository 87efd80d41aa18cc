/**
 * Private: what keeps web pages out of the sandbox. Its admin routes take no credentials, so
 * two browser tricks could drive them from any page a developer visits: a "simple" cross-site
 * POST (`text/plain`, or no body at all: no preflight), and DNS rebinding (a page on the
 * attacker's name that resolves to 127.0.0.1, which can then read the answers). The first is
 * stopped by requiring `application/json`, which a page can only send after a CORS preflight
 * the sandbox never grants; the second by answering only the names it is reached by.
 */
import type { EsscError } from '../domain/errors.js';
import { protocolError } from '../wire/errors.js';

/** Names that always reach a sandbox on this machine, at any port. */
const LOOPBACK_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The check of the `Host` header: loopback names at any port, and `allowed` entries (a bare
 * name matches any port, `name:port` that port only; `'*'` turns the check off).
 */
export function hostGuard(allowed: readonly string[] = []): (host: string | null) => void {
  const names = new Set(allowed.map((entry) => entry.toLowerCase()));
  const any = names.has('*');
  return (host) => {
    if (any) return;
    const authority = host?.trim().toLowerCase() ?? '';
    const name = hostName(authority);
    if (
      name !== '' &&
      (LOOPBACK_NAMES.has(name) ||
        name.endsWith('.localhost') ||
        names.has(name) ||
        names.has(authority))
    ) {
      return;
    }
    throw misdirected();
  };
}

/** `example.test:8787` → `example.test`; `[::1]:8787` → `[::1]`. */
function hostName(authority: string): string {
  if (authority.startsWith('[')) {
    const end = authority.indexOf(']');
    return end === -1 ? '' : authority.slice(0, end + 1);
  }
  const colon = authority.indexOf(':');
  return colon === -1 ? authority : authority.slice(0, colon);
}

function misdirected(): EsscError {
  return protocolError(
    421,
    'This sandbox does not answer that Host; add the name to allowedHosts (--allowed-host) if it is yours.',
  );
}

/**
 * The check of the body's declared type: a request with a body, and any admin request that
 * changes something (even with no body, which a page can send without a preflight), must say
 * `application/json` (parameters such as `charset=utf-8` allowed; another charset is refused).
 */
export function requireJsonBody(
  contentType: string | null,
  hasBody: boolean,
  adminChange: boolean,
): void {
  if (!hasBody && !adminChange) return;
  if (isJson(contentType)) return;
  throw protocolError(415, 'The request body must be sent with content-type: application/json.');
}

function isJson(contentType: string | null): boolean {
  if (contentType === null) return false;
  const [type, ...parameters] = contentType.split(';');
  if (type?.trim().toLowerCase() !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split('=');
    if (name?.trim().toLowerCase() !== 'charset') return true;
    return /^"?utf-8"?$/i.test(value?.trim() ?? '');
  });
}
