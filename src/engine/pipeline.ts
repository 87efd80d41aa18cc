import { parseInput } from '../domain/parse-input.js';
import {
  ALL_OPERATIONS,
  type AnyOperation,
  type AnyOperationOutput,
} from '../platform/acceptor-operations.js';
import type { OperationRow } from '../platform/operations.js';
import { type SealedInput, sealedInputSchema } from '../platform/sealed-input.js';
import type { EngineContext } from './context.js';

/**
 * One call of an operation as its handler sees it: the caller, and the input already parsed
 * with its row's schema (secrets sealed), its idempotency settled and its holder locked.
 */
export interface OperationCall<O extends AnyOperation> {
  /**
   * Who calls: the channel, merchant or portal the row names, known to the platform and
   * authenticated over the wire (R19).
   */
  readonly caller: string;
  /** The input, parsed (strict: no field the row does not take, R32). */
  readonly input: SealedInput<O>;
}

/** What the engine runs for an operation, once the pipeline has done its part. */
export type OperationHandler<O extends AnyOperation> = (
  call: OperationCall<O>,
) => Promise<AnyOperationOutput<O>>;

/** One handler per row; a capability module registers those of its rows. */
export type OperationHandlers = { [O in AnyOperation]: OperationHandler<O> };

/**
 * Runs one operation through the pipeline every operation shares:
 *
 * 1. the caller must be registered as what the row names: a channel, a merchant or a portal
 *    (R19);
 * 2. the input is parsed with the row's schema, secrets sealed (every operation validated here,
 *    whoever calls: an unknown field is VALIDATION_FAILED, R32);
 * 3. a mutating row keeps its first outcome per idempotency key (R20), per caller — unless it
 *    is `namedBy` a field of its input (a charge's order id, a refund's refund id: R24, R25),
 *    whose handler answers a retry from that;
 * 4. and a channel's runs one at a time per person (the holder of `signNo`, or `idNumber`'s
 *    for an application); a merchant's handler takes its own locks (refund id, order, holder),
 *    and so does a row `lockBy: 'handler'` (an order-code payment: order, then holder);
 * 5. then its handler decides. Acting for a family member (R32) is the handler's question to
 *    `Family.forMember`, the one place that rule lives; a row without `forMember` cannot name
 *    a member at all (step 2).
 */
export function runOperation<O extends AnyOperation>(
  ctx: EngineContext,
  handlers: OperationHandlers,
  operation: O,
  caller: string,
  rawInput: unknown,
  idempotencyKey: string | undefined,
): Promise<AnyOperationOutput<O>> {
  try {
    const row = ALL_OPERATIONS[operation] as OperationRow;
    requireCaller(ctx, row, caller);
    const input = parseInput(sealedInputSchema(operation), rawInput);
    const handler = handlers[operation] as OperationHandler<O>;
    const call: OperationCall<O> = { caller, input };
    if (!row.mutating || row.namedBy) return handler(call);
    // Each caller's idempotency keys are its own: a portal's are kept apart from a channel of
    // the same id.
    const scope = row.caller ? `${row.caller}:${caller}` : caller;
    if (row.caller || row.lockBy === 'handler') {
      return ctx.once(scope, operation, idempotencyKey, input, () => handler(call));
    }
    return ctx.once(scope, operation, idempotencyKey, input, () =>
      ctx.exclusive(lockKey(ctx, row, input), () => handler(call)),
    );
  } catch (error) {
    return Promise.reject(error);
  }
}

/** R19: the caller is registered as what the row names (CHANNEL_/MERCHANT_UNAUTHORIZED…). */
function requireCaller(ctx: EngineContext, row: OperationRow, caller: string): void {
  if (row.caller === 'merchant') ctx.registry.requireMerchant(caller);
  else if (row.caller === 'portal') ctx.registry.requirePortal(caller);
  else ctx.registry.requireChannel(caller);
}

/** The person a mutating call runs one at a time for. */
function lockKey(ctx: EngineContext, row: OperationRow, input: unknown): string {
  const fields = input as { signNo?: string; idNumber?: string };
  return row.lockBy === 'idNumber' ? fields.idNumber! : ctx.registry.lockOf(fields.signNo!);
}
