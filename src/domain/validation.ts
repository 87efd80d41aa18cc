/**
 * The one way the SDK reports bad input or bad options: `VALIDATION_FAILED` with one issue per
 * field, naming the field and never echoing its value (it may be a password, a key or a
 * proof). Every module builds its errors here, and maps zod issues here, so the shape cannot
 * drift between the client, the adapters, the relay and the sandbox.
 *
 * @internal
 */
import { EsscError, type ValidationIssue } from './errors.js';

/**
 * A `VALIDATION_FAILED` error: `message` for people, `issues` (one, or several) for forms.
 */
export function validationError(
  message: string,
  issues: ValidationIssue | readonly ValidationIssue[],
): EsscError<'VALIDATION_FAILED'> {
  const list = Array.isArray(issues) ? [...issues] : [issues as ValidationIssue];
  return new EsscError('VALIDATION_FAILED', message, { details: { issues: list } });
}

/**
 * VALIDATION_FAILED for one field: the message names the field (after `prefix`, e.g. the
 * function whose option it is) and the issue carries its path. Every option check of the SDK
 * says it this way.
 */
export function invalidField(
  prefix: string,
  path: (string | number)[],
  message: string,
): EsscError<'VALIDATION_FAILED'> {
  return validationError(`${prefix}${path.join('.')} ${message}.`, { path, message });
}

/**
 * zod's issues as {@link ValidationIssue}s: the path (symbol keys as their description text)
 * and the message, nothing else (zod's `input` would echo the value).
 */
export function zodIssues(
  issues: readonly {
    readonly path: readonly PropertyKey[];
    readonly message: string;
    readonly code?: string;
    readonly keys?: readonly string[];
  }[],
): ValidationIssue[] {
  return issues.flatMap((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    // A field the call does not take (R32: no layer drops one) is named, one issue each.
    if (issue.code === 'unrecognized_keys' && issue.keys && issue.keys.length > 0) {
      return issue.keys.map((key) => ({ path: [...path, key], message: 'not taken here' }));
    }
    return [{ path, message: issue.message }];
  });
}
