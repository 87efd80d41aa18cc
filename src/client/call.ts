/**
 * One client call, the same for every flow: validate the input, key it if the operation
 * table says it mutates (R20), send it, report `request` / `response` (and `password:locked`).
 */
import type * as z from 'zod/mini';
import { EsscError, isEsscError } from '../domain/errors.js';
import { checkIdempotencyKey, newIdempotencyKey } from '../domain/idempotency-key.js';
import { parseInput } from '../domain/parse-input.js';
import { OPERATION_TRAITS, type PlatformOperation } from '../platform/operations.js';
import type { PlatformAdapter, RequestContext } from '../platform/port.js';
import type { EmitClientEvent } from './events.js';
import type { CallOptions } from './options.js';

/** Validates, keys, sends and reports one call on behalf of `client` (its events). */
export async function callPlatform<S extends z.core.$ZodType, T>(
  client: { emit: EmitClientEvent },
  call: {
    operation: PlatformOperation;
    schema: S;
    input: unknown;
    options: CallOptions | undefined;
  },
  send: (input: z.output<S>, ctx: RequestContext) => Promise<T>,
): Promise<T> {
  const { operation, schema, input, options } = call;
  // Checked on every flow before anything is sent (the wire's form, one definition): a key
  // the transport would drop, stringify or refuse must not reach it.
  const given = (options as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
  if (given !== undefined) {
    const refused = checkIdempotencyKey(given, ['idempotencyKey']);
    if (refused) throw refused;
  }
  const parsed = parseInput(schema, input);
  const idempotencyKey = OPERATION_TRAITS[operation].mutating
    ? (options?.idempotencyKey ?? newIdempotencyKey())
    : undefined;
  const ctx: RequestContext = {
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(options?.signal ? { signal: options.signal } : {}),
  };
  client.emit('request', { operation, ...(idempotencyKey ? { idempotencyKey } : {}) });
  const started = Date.now();
  try {
    const result = await send(parsed, ctx);
    client.emit('response', {
      operation,
      ok: true,
      durationMs: Date.now() - started,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
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

/** The adapter methods an adapter may leave out (payments, bills, family, certification). */
export type OptionalOperation =
  | 'listPayments'
  | 'listBills'
  | 'payBill'
  | 'addFamilyMember'
  | 'listFamilyMembers'
  | 'removeFamilyMember'
  | 'getCertification'
  | 'certify';

/** An optional adapter method, or UNSUPPORTED_RUNTIME for an adapter without it. */
export function capability<K extends OptionalOperation>(
  adapter: PlatformAdapter,
  name: K,
): NonNullable<PlatformAdapter[K]> {
  const method = adapter[name];
  if (!method) throw new EsscError('UNSUPPORTED_RUNTIME', `The adapter lacks ${name}.`);
  return method.bind(adapter) as NonNullable<PlatformAdapter[K]>;
}
