/**
 * The route table of the wire protocol, version 1. The http adapter builds its requests from
 * it, the sandbox dispatches on it and the OpenAPI document is generated from it, so a route
 * cannot exist on one side only. The routes of the operations (the channels', the merchants'
 * and the portals') are derived from the operation table (`src/platform/operations.ts`,
 * `src/platform/acceptor-operations.ts`, `./routes/operations.ts`), one per row, under the
 * operation's name.
 *
 * @internal
 */
import type * as z from 'zod';
import { ADMIN_ROUTES } from './routes/admin.js';
import { CHANNEL_ROUTES } from './routes/channel.js';
import { OPERATION_ROUTES } from './routes/operations.js';
import { PUBLIC_ROUTES } from './routes/public.js';
import type { WireMethod, WireRoute } from './routes/route.js';

export type { RouteAuth, WireMethod, WireRoute } from './routes/route.js';
export { ADMIN_ROUTES };

/**
 * The platform's routes: the operations' (derived from their rows: the channels', the
 * merchants', the portals'), the notification feed and the public ones. The order here is the
 * order of the OpenAPI document.
 */
export const PLATFORM_ROUTES = {
  ...OPERATION_ROUTES,
  ...CHANNEL_ROUTES,
  ...PUBLIC_ROUTES,
} as const;

/**
 * The name of a platform route.
 */
export type PlatformRouteName = keyof typeof PLATFORM_ROUTES;
/**
 * The name of a sandbox admin route.
 */
export type AdminRouteName = keyof typeof ADMIN_ROUTES;

/**
 * The channel routes: exactly the adapter's operations.
 */
export type ChannelRouteName = {
  [N in PlatformRouteName]: (typeof PLATFORM_ROUTES)[N]['auth'] extends 'channel' ? N : never;
}[PlatformRouteName];

/**
 * The path parameters of a route, as the caller gives them.
 */
export type RouteParams<R extends WireRoute> = z.input<R['params']>;
/**
 * The body of a route, as the caller sends it.
 */
export type RouteBody<R extends WireRoute> = z.input<R['body']>;
/**
 * The answer of a route, as parsed.
 */
export type RouteResponse<R extends WireRoute> = z.output<R['response']>;

/**
 * The concrete path of a route: the template with each `{name}` replaced by its
 * URI-encoded parameter.
 */
export function routePath(route: WireRoute, params: Record<string, string>): string {
  let parts = templates.get(route.path);
  if (!parts) {
    // Literals at even indexes, parameter names at odd ones.
    parts = route.path.split(/\{(\w+)\}/);
    templates.set(route.path, parts);
  }
  let path = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = params[name];
    if (value === undefined)
      throw new TypeError(`Missing path parameter "${name}" of ${route.path}.`);
    path += encodeURIComponent(value) + parts[i + 1]!;
  }
  return path;
}

/** Each route path's template, split once. */
const templates = new Map<string, string[]>();

interface CompiledRoute<N extends string> {
  name: N;
  route: WireRoute;
  pattern: RegExp;
  names: string[];
}

function compile<N extends string>(table: Readonly<Record<N, WireRoute>>): CompiledRoute<N>[] {
  return (Object.keys(table) as N[]).map((name) => {
    const route = table[name];
    const names: string[] = [];
    const source = route.path
      .split(/(\{\w+\})/)
      .map((part) => {
        const param = /^\{(\w+)\}$/.exec(part);
        if (param) {
          names.push(param[1]!);
          return '([^/]+)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    return { name, route, pattern: new RegExp(`^${source}$`), names };
  });
}

/**
 * The outcome of {@link matchRoute}.
 */
export type RouteMatch<N extends string> =
  | { kind: 'found'; name: N; route: WireRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: WireMethod[] }
  | { kind: 'not-found' };

/**
 * A matcher over a route table: finds the route of a method and a path (without the query),
 * with its decoded path parameters. A path that exists under another method is told apart
 * from one that does not exist, so the answer can be 405 with `Allow`.
 */
export function createRouteMatcher<N extends string>(
  table: Readonly<Record<N, WireRoute>>,
): (method: string, pathname: string) => RouteMatch<N> {
  const compiled = compile(table);
  return (method, pathname) => {
    const allow: WireMethod[] = [];
    for (const entry of compiled) {
      const found = entry.pattern.exec(pathname);
      if (!found) continue;
      if (entry.route.method !== method) {
        allow.push(entry.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      for (const [i, name] of entry.names.entries()) {
        try {
          params[name] = decodeURIComponent(found[i + 1]!);
        } catch {
          // A malformed escape cannot name anything; the parameter schema reports it.
          params[name] = '';
        }
      }
      return { kind: 'found', name: entry.name, route: entry.route, params };
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'not-found' };
  };
}
