import { LOGIN_SCOPES } from '../domain/enums.js';
import { EsscError } from '../domain/errors.js';
import type { LoginScope } from '../domain/types.js';

export { LOGIN_SCOPES };

/**
 * What "all" means (R30 as amended): a registration without scopes allows these, and a
 * session without scopes asks for those of them its registration allows. `signNo` is not
 * among them: it is released only when a portal registered with it names it.
 */
export const IMPLIED_LOGIN_SCOPES: readonly LoginScope[] = LOGIN_SCOPES.filter(
  (scope) => scope !== 'signNo',
);

/** R30: what a session naming no scopes asks for — all the registration allows, never `signNo`. */
export function impliedScopes(allowed: readonly LoginScope[]): LoginScope[] {
  return allowed.filter((scope) => IMPLIED_LOGIN_SCOPES.includes(scope));
}

/**
 * R30: the scopes asked for, each known and within `allowed` (a portal's registration, or
 * every claim when it registers), without repeats, in the canonical order. Anything more:
 * VALIDATION_FAILED.
 */
export function requireScopes(scopes: unknown, allowed: readonly LoginScope[]): LoginScope[] {
  if (!Array.isArray(scopes)) throw invalidScopes('The scopes must be a list of claims.');
  for (const scope of scopes) {
    if (!(LOGIN_SCOPES as readonly unknown[]).includes(scope)) {
      throw invalidScopes(`Unknown scope; the scopes are ${LOGIN_SCOPES.join(', ')}.`);
    }
    if (!allowed.includes(scope as LoginScope)) {
      throw invalidScopes(`The scope "${scope as string}" is beyond what the portal may ask for.`);
    }
  }
  return LOGIN_SCOPES.filter((scope) => scopes.includes(scope));
}

function invalidScopes(message: string): EsscError {
  return new EsscError('VALIDATION_FAILED', `Invalid input. scopes: ${message}`, {
    details: { issues: [{ path: ['scopes'], message }] },
  });
}
