/**
 * Errors on the wire: `{ error: { code, message, requestId, details? } }` with the HTTP
 * status of the code's row in {@link ERROR_TABLE}. Both directions live here.
 *
 * @internal
 */
import type * as z from 'zod';
import { ERROR_TABLE, type ErrorCode, EsscError, isEsscError } from '../domain/errors.js';
import type { WireErrorBody } from './schemas.js';

/**
 * An error ready to send: the HTTP status and the JSON body.
 */
export interface WireErrorResponse {
  status: number;
  body: WireErrorBody;
}

/**
 * The wire form of any error. An {@link EsscError} keeps its code, message and details and
 * takes its code's HTTP status (or the `statusCode` the sandbox set for a transport error
 * such as 413). Anything else is a bug or an outage inside the platform: it becomes
 * `PLATFORM_UNAVAILABLE` 500 with a generic message, and nothing of it — no message, no
 * stack, no cause — reaches the caller.
 */
export function toWireError(error: unknown, requestId: string): WireErrorResponse {
  if (isEsscError(error)) {
    const details = error.details as Record<string, unknown> | undefined;
    return {
      status: error.statusCode ?? ERROR_TABLE[error.code].httpStatus,
      body: {
        error: {
          code: error.code,
          message: error.message,
          requestId,
          ...(details === undefined ? {} : { details }),
        },
      },
    };
  }
  return {
    status: 500,
    body: {
      error: {
        code: 'PLATFORM_UNAVAILABLE',
        message: 'The platform failed to process the request; retry later.',
        requestId,
      },
    },
  };
}

/**
 * The {@link EsscError} a wire error body stands for, with the platform's request id and the
 * HTTP status. `retryable` follows the error table.
 */
export function fromWireError(body: WireErrorBody, statusCode: number): EsscError {
  const { code, message, requestId, details } = body.error;
  return new EsscError(code, message, {
    ...(details === undefined ? {} : { details: details as never }),
    requestId,
    statusCode,
  });
}

/**
 * `VALIDATION_FAILED` listing each problem of a zod parse, with the field's path. The
 * messages are zod's or the schemas' own: none of them repeats the value, so a secret sent
 * by mistake is not echoed back.
 */
export function validationFailed(error: z.ZodError, where: 'body' | 'path'): EsscError {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: issue.message,
  }));
  const first = issues[0];
  const at = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
  return new EsscError(
    'VALIDATION_FAILED',
    `The request ${where} is not valid${at}: ${first?.message ?? 'invalid'}.`,
    {
      details: { issues },
    },
  );
}

/**
 * A protocol-level refusal with its own HTTP status (404 unknown route, 405, 413, 415):
 * still a `VALIDATION_FAILED` to the caller, since nothing was changed and the request has
 * to be fixed.
 */
export function protocolError(
  statusCode: number,
  message: string,
  code: ErrorCode = 'VALIDATION_FAILED',
): EsscError {
  return new EsscError(code, message, {
    statusCode,
    ...(code === 'VALIDATION_FAILED'
      ? { details: { issues: [{ path: [], message }] } as never }
      : {}),
  });
}
