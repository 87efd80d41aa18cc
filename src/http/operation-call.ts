import { validationError } from '../domain/validation.js';
import type { AnyOperation } from '../platform/acceptor-operations.js';
import { ALL_OPERATIONS } from '../platform/acceptor-operations.js';
import type { RequestContext } from '../platform/operations.js';
import { fromWire } from '../wire/outputs.js';
import { OPERATION_ROUTES, pathParameters } from '../wire/routes/operations.js';
import type { WireTransport } from './transport.js';

/**
 * One operation of the table over the wire, for any caller's adapter (a channel's, a
 * merchant's, a portal's): the row's path fields in the path, the others in the body (a GET's
 * in the query), every field passed as it came — none dropped or rebuilt — and the answer
 * read back from its wire form. Secrets are the channel adapter's to seal before this.
 *
 * @internal
 */
export function wireCall(
  transport: WireTransport,
  operation: AnyOperation,
): (input: unknown, ctx: RequestContext | undefined) => Promise<unknown> {
  const route = OPERATION_ROUTES[operation];
  const { output } = ALL_OPERATIONS[operation];
  const names = pathParameters(route.path);
  return async (input, ctx = {}) => {
    const fields: Record<string, unknown> = { ...(input as Record<string, unknown> | undefined) };
    const params: Record<string, string> = {};
    for (const name of names) {
      const value = fields[name];
      if (typeof value !== 'string') {
        throw validationError(`${name} must be text.`, { path: [name], message: 'must be text' });
      }
      params[name] = value;
      delete fields[name];
    }
    const answer = await transport.call(
      route,
      params,
      route.method === 'GET' ? undefined : fields,
      route.method === 'GET' ? { ...ctx, query: queryOf(fields) } : ctx,
    );
    return fromWire(output, answer);
  };
}

/** A GET's fields beyond its path, as query parameters (text as it is, anything else as JSON). */
function queryOf(fields: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([field, value]) => [field, typeof value === 'string' ? value : JSON.stringify(value)]),
  );
}
