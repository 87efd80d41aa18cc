import { EsscError } from '../domain/errors.js';
import type { LoginScope } from '../domain/types.js';

/** Every claim a login can release (R30), in the order the user is shown them. */
export const LOGIN_SCOPES: readonly LoginScope[] = ['name', 'idNumber', 'regionCode', 'level'];

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
