import { describe, expect, it } from 'vitest';
import { createMockAdapter } from '../../src/mock/mock-adapter.js';
import { OPERATIONS, PLATFORM_OPERATIONS } from '../../src/platform/operations.js';
import {
  ADMIN_ROUTES,
  createRouteMatcher,
  PLATFORM_ROUTES,
  routePath,
} from '../../src/wire/routes.js';

describe('the route table', () => {
  it("has the row's channel route for every operation of the table, under the same name", () => {
    for (const operation of PLATFORM_OPERATIONS) {
      const route = PLATFORM_ROUTES[operation];
      expect(`${route.method} ${route.path}`).toBe(OPERATIONS[operation].route);
      expect(route.auth).toBe('channel');
      expect(route.mutating).toBe(OPERATIONS[operation].mutating === true);
    }
    // The mock adapter implements the same operations: both sides of the port line up.
    const mockMethods = Object.keys(createMockAdapter({} as never, 'x', {} as never)).filter(
      (key) => key !== 'channelId' && key !== 'subscribe' && key !== 'jwks',
    );
    expect(mockMethods.sort()).toEqual([...PLATFORM_OPERATIONS].sort());
  });

  it('serves platform routes under /v1/ (and the JWKS at its well-known place), admin under /admin/', () => {
    for (const route of Object.values(PLATFORM_ROUTES)) {
      expect(route.path === '/.well-known/jwks.json' || route.path.startsWith('/v1/')).toBe(true);
    }
    for (const route of Object.values(ADMIN_ROUTES))
      expect(route.path.startsWith('/admin/')).toBe(true);
  });

  it('gives each method and path one route', () => {
    const seen = new Set<string>();
    for (const route of [...Object.values(PLATFORM_ROUTES), ...Object.values(ADMIN_ROUTES)]) {
      const key = `${route.method} ${route.path}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
    }
  });

  it('never reads with a mutating method nor changes with GET', () => {
    for (const [name, route] of Object.entries(PLATFORM_ROUTES)) {
      if (route.method === 'GET') expect(route.mutating, name).toBe(false);
    }
  });

  it('builds paths with encoded parameters and matches them back', () => {
    const match = createRouteMatcher(PLATFORM_ROUTES);
    const path = routePath(PLATFORM_ROUTES.confirmLogin, { requestId: 'lr_a/b?c' });
    expect(path).toBe('/v1/login/lr_a%2Fb%3Fc/confirm');
    expect(match('POST', path)).toMatchObject({
      kind: 'found',
      name: 'confirmLogin',
      params: { requestId: 'lr_a/b?c' },
    });
    expect(match('GET', '/v1/cards/440100D156ABCDEFGH')).toMatchObject({
      kind: 'found',
      name: 'getCard',
    });
    expect(match('PUT', '/v1/login/scan')).toEqual({ kind: 'method-not-allowed', allow: ['POST'] });
    expect(match('GET', '/v2/cards/x')).toEqual({ kind: 'not-found' });
  });
});
