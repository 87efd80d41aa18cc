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
import {
  OPERATIONS,
  type OperationRow,
  PLATFORM_OPERATIONS,
  type PlatformOperation,
} from '../../platform/operations.js';
import { sealedInputSchema } from '../../platform/sealed-input.js';
import { WIRE_OUTPUTS, type WireOutput } from '../outputs.js';
import { emptyRequestSchema } from '../schemas.js';
import { route, type WireMethod, type WireRoute } from './route.js';

type ObjectSchema = z.ZodMiniObject<Record<string, z.core.$ZodType>>;

/** The path parameters of a route template, in order: `/v1/cards/{signNo}` → `['signNo']`. */
export function pathParameters(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
}

function operationRoute(
  operation: PlatformOperation,
): WireRoute & { operation: PlatformOperation } {
  const row = OPERATIONS[operation] as OperationRow;
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
      auth: 'channel',
      mutating: row.mutating === true,
      params: z.strictObject(z.pick(input, inPath)._zod.def.shape),
      // A GET carries its other fields, if any, in the query; none of today's rows has one.
      body: method === 'GET' ? emptyRequestSchema : z.omit(input, inPath),
      response: (WIRE_OUTPUTS[row.output] as WireOutput).schema,
      tag: 'channel',
    }),
    operation,
  };
}

/**
 * One channel route per row of the operation table, under the operation's name.
 */
export const OPERATION_ROUTES = Object.fromEntries(
  PLATFORM_OPERATIONS.map((operation) => [operation, operationRoute(operation)]),
) as { [O in PlatformOperation]: WireRoute & { operation: O } };
