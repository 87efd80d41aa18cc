import { parseInput } from '../domain/parse-input.js';
import {
  OPERATIONS,
  type OperationOutput,
  type OperationRow,
  type PlatformOperation,
} from '../platform/operations.js';
import { type SealedInput, sealedInputSchema } from '../platform/sealed-input.js';
import type { EngineContext } from './context.js';

/**
 * One call of an operation as its handler sees it: the caller, and the input already parsed
 * with its row's schema (secrets sealed), its idempotency settled and its holder locked.
 */
export interface OperationCall<O extends PlatformOperation> {
  /** The channel that calls: known to the platform, authenticated over the wire (R19). */
  readonly caller: string;
  /** The input, parsed (strict: no field the row does not take, R32). */
  readonly input: SealedInput<O>;
}

/** What the engine runs for an operation, once the pipeline has done its part. */
export type OperationHandler<O extends PlatformOperation> = (
  call: OperationCall<O>,
) => Promise<OperationOutput<O>>;

/** One handler per row; a capability module registers those of its rows. */
export type OperationHandlers = { [O in PlatformOperation]: OperationHandler<O> };

/**
 * Runs one operation through the pipeline every operation shares:
 *
 * 1. the caller must be a registered channel (R19);
 * 2. the input is parsed with the row's schema, secrets sealed (every operation validated here,
 *    whoever calls: an unknown field is VALIDATION_FAILED, R32);
 * 3. a mutating row keeps its first outcome per idempotency key (R20);
 * 4. and runs one at a time per person (the holder of `signNo`, or `idNumber`'s for an
 *    application);
 * 5. then its handler decides. Acting for a family member (R32) is the handler's question to
 *    `Family.forMember`, the one place that rule lives; a row without `forMember` cannot name
 *    a member at all (step 2).
 */
export function runOperation<O extends PlatformOperation>(
  ctx: EngineContext,
  handlers: OperationHandlers,
  operation: O,
  caller: string,
  rawInput: unknown,
  idempotencyKey: string | undefined,
): Promise<OperationOutput<O>> {
  try {
    ctx.records.requireChannel(caller);
    const row = OPERATIONS[operation] as OperationRow;
    const input = parseInput(sealedInputSchema(operation), rawInput);
    const handler = handlers[operation] as OperationHandler<O>;
    const call: OperationCall<O> = { caller, input };
    if (!row.mutating) return handler(call);
    return ctx.once(caller, operation, idempotencyKey, input, () =>
      ctx.exclusive(lockKey(ctx, row, input), () => handler(call)),
    );
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The person a mutating call runs one at a time for. */
function lockKey(ctx: EngineContext, row: OperationRow, input: unknown): string {
  const fields = input as { signNo?: string; idNumber?: string };
  return row.lockBy === 'idNumber' ? fields.idNumber! : ctx.records.lockOf(fields.signNo!);
}
