/**
 * The channel routes of the operation table, derived row by row: the method and path of the
 * row's `route`, its path parameters and body from the row's input with its secrets sealed
 * (`sealedInputSchema`), its answer's wire form (`WIRE_OUTPUTS`), its summary. The sandbox
 * serves them through the engine's pipeline, the http adapter calls them, and the OpenAPI
 * document describes them, all from here.
 *
 * @internal
 */
import * as z from 'zod/mini';
import { ALL_OPERATIONS, type AnyOperation } from '../../platform/acceptor-operations.js';
import type { OperationRow } from '../../platform/operations.js';
import { sealedInputSchema } from '../../platform/sealed-input.js';
import { WIRE_OUTPUTS, type WireOutput } from '../outputs.js';
import { emptyRequestSchema } from '../schemas.js';
import { route, type WireMethod, type WireRoute } from './route.js';

type ObjectSchema = z.ZodMiniObject<Record<string, z.core.$ZodType>>;

/** The path parameters of a route template, in order: `/v1/cards/{signNo}` → `['signNo']`. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}

function operationRoute(operation: AnyOperation): WireRoute & { operation: AnyOperation } {
  const row = ALL_OPERATIONS[operation] as OperationRow;
  const [method, path] = row.route.split(' ') as [WireMethod, `/${string}`];
  const input = sealedInputSchema(operation) as unknown as ObjectSchema;
  const names = pathParameters(path);
  const inPath = Object.fromEntries(names.map((name) => [name, true as const])) as Record<
    string,
    true
  > &
    Record<number, never>;
  return {
    ...route({
      method,
      path,
      auth: row.caller ?? 'channel',
      mutating: row.mutating === true,
      params: z.strictObject(names.length ? z.pick(input, inPath)._zod.def.shape : {}),
      // A GET carries its other fields, if any, in the query (`query` below). An input with no
      // path field is the body as it is: a charge's refinement stays.
      body: method === 'GET' ? emptyRequestSchema : names.length ? z.omit(input, inPath) : input,
      ...(method === 'GET' && Object.keys(input._zod.def.shape).length > names.length
        ? { query: z.omit(input, inPath) }
        : {}),
      response: (WIRE_OUTPUTS[row.output] as WireOutput).schema,
      tag: row.caller ?? 'channel',
    }),
    operation,
  };
}

/**
 * One route per row of the operation table (the channels', the merchants' and the portals'),
 * under the operation's name.
 */
export const OPERATION_ROUTES = Object.fromEntries(
  (Object.keys(ALL_OPERATIONS) as AnyOperation[]).map((operation) => [
    operation,
    operationRoute(operation),
  ]),
) as {
  [O in AnyOperation]: WireRoute & { operation: O; auth: 'channel' | 'merchant' | 'portal' };
};
