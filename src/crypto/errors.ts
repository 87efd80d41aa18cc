/**
 * Private: the one way the crypto module reports bad input — `VALIDATION_FAILED` naming the
 * field, never echoing the value (it may be a key or a secret).
 *
 * @internal
 */
import { EsscError } from '../domain/errors.js';

/** `VALIDATION_FAILED` for `path`; `text` replaces the message when given. */
export function validation(
  path: string,
  message: string,
  text?: string,
): EsscError<'VALIDATION_FAILED'> {
  return new EsscError('VALIDATION_FAILED', text ?? message, {
    details: { issues: [{ path: [path], message }] },
  });
}
