/**
 * One client call, the same for every flow: validate the input with its row's schema, key it
 * if the row says it mutates (R20), send it, report `request` / `response` (and
 * `password:locked`).
 */
import { isEsscError } from '../domain/errors.js';
import { checkIdempotencyKey, newIdempotencyKey } from '../domain/idempotency-key.js';
import { parseInput } from '../domain/parse-input.js';
import {
  OPERATION_CONTRACTS,
  type OperationInput,
  type PlatformOperation,
} from '../platform/operations.js';
import type { RequestContext } from '../platform/port.js';
import type { EmitClientEvent } from './events.js';
import type { CallOptions } from './options.js';

/** Validates, keys, sends and reports one call on behalf of `client` (its events). */
export async function callPlatform<O extends PlatformOperation, T>(
  client: { emit: EmitClientEvent; listenerCount(event: 'request' | 'response'): number },
  call: {
    operation: O;
    input: unknown;
    options: CallOptions | undefined;
  },
  send: (input: OperationInput<O>, ctx: RequestContext) => Promise<T>,
): Promise<T> {
  const { operation, input, options } = call;
  // The row's first half: the core carries no route, secret or lock (operations.ts).
  const row = OPERATION_CONTRACTS[operation];
  // Checked on every flow before anything is sent (the wire's form, one definition): a key
  // the transport would drop, stringify or refuse must not reach it.
  const given = (options as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
  if (given !== undefined) {
    const refused = checkIdempotencyKey(given, ['idempotencyKey']);
    if (refused) throw refused;
  }
  const parsed = parseInput(row.input, input) as OperationInput<O>;
  const idempotencyKey = (row as { mutating?: true }).mutating
    ? (options?.idempotencyKey ?? newIdempotencyKey())
    : undefined;
  const ctx: RequestContext = {
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(options?.signal ? { signal: options.signal } : {}),
  };
  // The request/response events are built only for someone listening (a logger, a metrics
  // hook): the hot path of an app that does not listen makes no event objects.
  if (client.listenerCount('request') > 0) {
    client.emit('request', { operation, ...(idempotencyKey ? { idempotencyKey } : {}) });
  }
  const started = Date.now();
  try {
    const result = await send(parsed, ctx);
    if (client.listenerCount('response') > 0) {
      client.emit('response', {
        operation,
        ok: true,
        durationMs: Date.now() - started,
        ...(idempotencyKey ? { idempotencyKey } : {}),
      });
    }
    return result;
  } catch (error) {
    client.emit('response', {
      operation,
      ok: false,
      durationMs: Date.now() - started,
      ...(isEsscError(error) ? { errorCode: error.code } : {}),
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
    if (isEsscError(error, 'PASSWORD_LOCKED') && 'signNo' in (parsed as object)) {
      client.emit('password:locked', { signNo: (parsed as { signNo: string }).signNo });
    }
    throw error;
  }
}
