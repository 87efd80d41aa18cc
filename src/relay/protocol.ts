/**
 * The relay protocol: what the mini-program's relay adapter and the channel backend's relay
 * handler say to each other. One POST endpoint, a JSON body `{ op, input, idempotencyKey? }`,
 * and a JSON answer `{ result }` (HTTP 200) or `{ error }` (the code's HTTP status).
 *
 * Both sides import this file, so it holds names and types only: it must load in a
 * mini-program (no zod, no Web globals at load time).
 */
import type { ErrorCode } from '../domain/errors.js';
import { PLATFORM_OPERATIONS, type PlatformOperation } from '../platform/operations.js';
import type { PlatformAdapter } from '../platform/port.js';

/**
 * The operations a relay forwards: every method of {@link PlatformAdapter} but `subscribe`
 * (notifications go to the channel backend, which tells its mini-program users its own way).
 *
 * @example
 * ```ts
 * RELAY_OPERATIONS.includes('apply'); // true
 * ```
 */
export const RELAY_OPERATIONS = PLATFORM_OPERATIONS;

/**
 * One relay operation (the `op` of a relay request): {@link PlatformOperation} under its older
 * name.
 *
 * @deprecated Use `PlatformOperation` (from `essc-sdk`); this alias stays for existing code.
 */
export type RelayOperation = PlatformOperation;

/**
 * The body of a relay request.
 */
export interface RelayRequestBody {
  /** The adapter method to call. */
  op: PlatformOperation;
  /** The adapter method's input, as the client validated it. */
  input: Record<string, unknown>;
  /** R20: the same key on every attempt of one mutating call. */
  idempotencyKey?: string;
}

/**
 * The body of a successful relay answer (HTTP 200). `result` is `null` for the operations
 * that return nothing.
 */
export interface RelaySuccessBody<T = unknown> {
  /** What the adapter method resolved to (`null` for nothing). */
  result: T;
}

/**
 * The body of a refused relay request, sent with the HTTP status of the code's row in
 * `ERROR_TABLE` (or 403, 405, 413, 415 for the relay's own refusals). Never a stack, a cause,
 * or any secret of the request.
 *
 * @example
 * ```ts
 * const refused: RelayErrorBody = {
 *   error: { code: 'CHANNEL_UNAUTHORIZED', message: 'Sign in again.', requestId: 'rq_…', retryable: false },
 * };
 * ```
 */
export interface RelayErrorBody {
  /** The refusal. */
  error: {
    /** The stable code (switch on it). */
    code: ErrorCode;
    /** For people: what happened and what to do; may change between versions. */
    message: string;
    /** The code's typed details (`ErrorDetailsMap`), when it has any. */
    details?: unknown;
    /** The relay's id of this request (also the `x-request-id` header): quote it to support. */
    requestId: string;
    /** Whether the same request may succeed later (the relay adapter retries only these). */
    retryable: boolean;
  };
}

/** The header that carries the relay's request id on every answer. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Request bodies above this many bytes are refused with HTTP 413 by default: the largest
 * legitimate body (an application with a 4 096-character real-person proof) is under 5 KB.
 *
 * @example
 * ```ts
 * createRelayHandler({ adapter, authenticate, maxBodyBytes: DEFAULT_MAX_BODY_BYTES / 4 });
 * ```
 */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
