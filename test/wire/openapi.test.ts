import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_OPERATIONS } from '../../src/platform/acceptor-operations.js';
import { buildOpenApiDocument, openApiText } from '../../src/wire/openapi.js';
import { ADMIN_ROUTES, PLATFORM_ROUTES } from '../../src/wire/routes.js';

const committedPath = fileURLToPath(new URL('../../docs/openapi.json', import.meta.url));

describe('docs/openapi.json', () => {
  it('is what the route table generates (run `npm run openapi` after changing src/wire)', () => {
    let committed = '';
    try {
      committed = readFileSync(committedPath, 'utf8');
    } catch {
      // reported below
    }
    const fresh = openApiText();
    // Compare parsed first for a readable diff, then the text (formatting, final newline).
    expect(
      committed === '' ? undefined : JSON.parse(committed),
      'docs/openapi.json is out of date with src/wire: run `npm run openapi` (npx tsx scripts/openapi.ts) and commit it',
    ).toEqual(JSON.parse(fresh));
    expect(
      committed,
      'docs/openapi.json is not formatted as generated: run `npm run openapi`',
    ).toBe(fresh);
  });

  it('describes every route of the table, with the signature headers on signed routes', () => {
    const document = buildOpenApiDocument() as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          { operationId: string; parameters?: { $ref?: string }[]; security?: unknown }
        >
      >;
    };
    expect(document.openapi).toBe('3.1.0');
    for (const [name, route] of Object.entries({ ...PLATFORM_ROUTES, ...ADMIN_ROUTES })) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.operationId, `${route.method} ${route.path}`).toBe(name);
      const refs = (operation?.parameters ?? []).map((p) => p.$ref);
      const signed =
        route.auth === 'channel' || route.auth === 'portal' || route.auth === 'merchant';
      expect(refs.includes('#/components/parameters/signature'), name).toBe(signed);
      expect(refs.includes('#/components/parameters/idempotencyKey'), name).toBe(
        signed && route.mutating,
      );
      if (route.auth === 'merchant') {
        expect(refs, name).toContain('#/components/parameters/merchant');
        expect(operation?.security, name).toEqual([{ merchantSignature: [] }]);
      }
    }
  });
});

describe('every field of every operation is in the OpenAPI document', () => {
  it('each input field of a row is a path or query parameter or a body property of its route (a GET’s other fields in the query)', () => {
    const document = buildOpenApiDocument() as {
      paths: Record<
        string,
        Record<
          string,
          {
            parameters?: { name?: string; in?: string }[];
            requestBody?: {
              content: { 'application/json': { schema: { properties?: object } } };
            };
          }
        >
      >;
    };
    const missing: string[] = [];
    for (const [name, row] of Object.entries(ALL_OPERATIONS)) {
      const route = PLATFORM_ROUTES[name as keyof typeof PLATFORM_ROUTES];
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      const documented = new Set([
        ...(operation?.parameters ?? []).flatMap((p) => (p.name ? [p.name] : [])),
        ...Object.keys(operation?.requestBody?.content['application/json'].schema.properties ?? {}),
      ]);
      const shape = (row.input as unknown as { _zod: { def: { shape: object } } })._zod.def.shape;
      for (const field of Object.keys(shape)) {
        if (!documented.has(field)) missing.push(`${name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
