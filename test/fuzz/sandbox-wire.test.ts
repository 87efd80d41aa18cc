/**
 * Fuzzing the sandbox's wire protocol (startSandbox on port 0) with hostile requests on every
 * route: bodies that are not JSON, deeply nested, huge, of the wrong content type; signature
 * headers missing, garbled, signed over another body, or carrying UTF-8 bytes; and signed
 * requests whose JSON bodies are the wrong shape (so parsing after authentication is
 * reached). Expected: never a 5xx, an error body that is JSON, and nothing changed on the
 * platform by a refused request (cards, bindings, keys, the password's failure count).
 */

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createClient, type EsscClient, isEsscError } from '../../src/index.js';
import { ADMIN_ROUTES, PLATFORM_ROUTES } from '../../src/wire/routes.js';
import {
  PASSWORD,
  rawRequest,
  type SandboxWorld,
  sandboxWorld,
  ZHANG,
} from '../sandbox/helpers.js';
import { fuzzParameters } from './config.js';

/**
 * Every route of wire protocol v1, read from the route tables (the OpenAPI document is made
 * from the same tables), so a route added by a new capability is fuzzed without being listed.
 */
const ROUTES: {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  auth: 'channel' | 'portal' | 'merchant' | 'none' | 'admin';
  mutating: boolean;
  /** Whether the route's own body schema takes this body. */
  accepts: (body: unknown) => boolean;
}[] = [...Object.values(PLATFORM_ROUTES), ...Object.values(ADMIN_ROUTES)].map((route) => ({
  method: route.method,
  path: route.path,
  auth: route.auth === 'public' ? 'none' : route.auth,
  mutating: route.mutating,
  accepts: (body: unknown) => z.safeParse(route.body, body).success,
}));

let world: SandboxWorld;
let client: EsscClient;
let signNo: string;
const statuses = new Map<number, number>();
let sent = 0;
const accepted = new Set<string>();

beforeAll(async () => {
  world = await sandboxWorld();
  client = createClient({ adapter: world.adapter('wechat') });
  signNo = (await client.apply(world.applyInput())).signNo;
});
afterAll(async () => {
  client?.close();
  await world?.close();
});

function pathOf(template: string, hostileParam?: string): string {
  const cardNo = world.platform.currentCard(ZHANG.idNumber).cardNo;
  const value = (name: string) =>
    hostileParam ??
    { signNo, requestId: 'lr_unknown', sessionId: 'ls_unknown', cardNo, idNumber: ZHANG.idNumber }[
      name
    ]!;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(value(name)));
}

/** What a refused request must not have changed. */
async function snapshot() {
  const card = await world.platform.adapter('wechat').getCard({ signNo }, {});
  return {
    card,
    physical: world.platform.currentCard(ZHANG.idNumber),
    kids: (await world.platform.jwks()).keys.map((k) => k.kid),
  };
}

/** UTF-8 bytes as a header value (fetch sends header strings as Latin-1 bytes). */
const utf8Header = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

const nonJson = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '{',
    '}',
    '[',
    'undefined',
    "{'a':1}",
    '{"a":1,}',
    'NaN',
    '\u0000',
    '\ufeff{}',
    '%7B%7D',
    'a=1&b=2',
  ),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
);
const deep = fc.oneof(
  fc.integer({ min: 1_000, max: 30_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.integer({ min: 1_000, max: 10_000 }).map((n) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`),
);
const huge = fc.oneof(
  fc.integer({ min: 64 * 1024, max: 2 * 1024 * 1024 }).map((n) => `{"a":"${'x'.repeat(n)}"}`),
  fc
    .integer({ min: 2_000, max: 20_000 })
    .map((n) => JSON.stringify({ keys: Array.from({ length: n }, (_, i) => i) })),
);
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    '{"__proto__":{"polluted":"yes"}}',
    '{"constructor":{"prototype":{"polluted":"yes"}}}',
    `{"signNo":"${'A'.repeat(100)}","verification":{"password":"${PASSWORD}","__proto__":{"x":1}}}`,
  ),
);
const anyBody = fc.oneof(
  { arbitrary: nonJson, weight: 3 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: huge, weight: 1 },
  { arbitrary: jsonBody, weight: 3 },
  { arbitrary: fc.constant(''), weight: 1 },
);
const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  undefined,
);
// fetch itself refuses NUL, CR and LF in a header value (they never reach a server).
const headerText = fc
  .oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }).map(utf8Header),
    fc.constantFrom(
      '',
      ' ',
      'wechat',
      '0',
      '-1',
      '9'.repeat(30),
      'e30.e30.',
      'a.b.c',
      'wechat, alipay',
    ),
  )
  .filter((value) => !/[\0\r\n]/.test(value));

/** Sends one request and checks the answer; returns the status. */
async function send(init: {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}) {
  sent += 1;
  const response = await fetch(`${world.url}${init.path}`, {
    method: init.method,
    headers: init.headers,
    ...(init.method === 'GET' || init.body === undefined ? {} : { body: init.body }),
  });
  const text = await response.text();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  expect(response.status, `${init.method} ${init.path}: ${text.slice(0, 200)}`).toBeLessThan(500);
  if (response.status >= 400) expect(() => JSON.parse(text), text.slice(0, 200)).not.toThrow();
  return response.status;
}

describe('sandbox wire protocol under hostile requests', () => {
  it('answers unsigned hostile requests on every route without a 5xx; refusals change nothing', async () => {
    let before = await snapshot();
    const request = fc.record({
      route: fc.constantFrom(...ROUTES),
      body: anyBody,
      contentType,
      headers: fc.dictionary(
        fc.constantFrom(
          'x-essc-channel',
          'x-essc-portal',
          'x-essc-merchant',
          'x-essc-timestamp',
          'x-essc-nonce',
          'x-essc-signature',
          'idempotency-key',
          'x-essc-idempotency-key',
        ),
        headerText,
        { maxKeys: 5 },
      ),
      hostileParam: fc.option(
        fc.oneof(fc.string({ maxLength: 300 }), fc.constantFrom('..', '%00', '../admin', '%2e%2e')),
        { freq: 4 },
      ),
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ route, body, contentType, headers, hostileParam }) => {
        // Every content type on every route (issue 9 defect 2). Without one, fetch sends a
        // string body as text/plain, as a browser's simple request does.
        const type = contentType;
        const status = await send({
          method: route.method,
          path: pathOf(route.path, hostileParam ?? undefined),
          headers: { ...headers, ...(type ? { 'content-type': type } : {}) },
          body,
        });
        // A body, or any admin change, not declared as JSON (UTF-8) is refused with 415,
        // whatever else is wrong with it; only a path that matches no route (404) or a body
        // over the limit (413) is answered first.
        const sentBody = route.method !== 'GET' && body !== undefined && body !== '';
        const needsJson = sentBody || (route.auth === 'admin' && route.method !== 'GET');
        // A parameter that is a dot segment ('.', '..') is removed from the path by URL
        // normalisation, so the request may reach another route, or another route's method
        // (405, answered before the body is read): seed 1451779280 sent '.' there.
        const otherRoute = hostileParam === '.' || hostileParam === '..';
        if (
          needsJson &&
          type !== 'application/json' &&
          status !== 404 &&
          status !== 413 &&
          !(otherRoute && status === 405)
        ) {
          expect(status, `${route.method} ${route.path} as ${String(type)}`).toBe(415);
        }
        // An admin route may accept a well-formed body (rotating keys takes any): then the
        // new state is the one later refusals must keep.
        if (status >= 400) expect(await snapshot()).toEqual(before);
        else {
          accepted.add(`${route.method} ${route.path}`);
          // A well-formed fault setting (POST /admin/faults {}) is obeyed: undo it, so the
          // platform's injected failures do not pass for the fuzzer's findings.
          world.platform.clearFaults();
          before = await snapshot();
        }
      }),
      fuzzParameters(300),
    );
  }, 120_000);

  it('refuses signed requests with hostile JSON bodies or tampered headers, changing nothing', async () => {
    const before = await snapshot();
    // The poll takes an empty body by design: it is fuzzed unsigned above, not here.
    const channelRoutes = ROUTES.filter(
      (r) => r.auth === 'channel' && r.method === 'POST' && r.path !== '/v1/notifications/poll',
    );
    const tamper = fc.option(
      fc.record({
        header: fc.constantFrom(
          'x-essc-channel',
          'x-essc-timestamp',
          'x-essc-nonce',
          'x-essc-signature',
          'idempotency-key',
        ),
        value: fc.option(headerText, { nil: undefined }),
      }),
      { nil: undefined, freq: 2 },
    );
    const request = fc.record({
      route: fc.constantFrom(...channelRoutes),
      body: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }),
        fc.constant(JSON.parse('{"__proto__":{"polluted":"yes"},"signNo":"X"}')),
        fc.record({ signNo: fc.constant(signNo), verification: fc.jsonValue({ maxDepth: 2 }) }),
        fc.record({
          verification: fc.constant({ password: PASSWORD }),
          extra: fc.jsonValue({ maxDepth: 1 }),
        }),
      ),
      tamper,
    });
    await fc.assert(
      fc.asyncProperty(request, async ({ route, body, tamper: t }) => {
        sent += 1;
        const response = await rawRequest(world.url, {
          method: route.method,
          path: pathOf(route.path),
          body,
          caller: 'wechat',
          key: world.keys.wechat,
          idempotencyKey: `fuzz-${sent}`,
          ...(t
            ? {
                after: (headers: Record<string, string>) => {
                  if (t.value === undefined) delete headers[t.header];
                  else headers[t.header] = t.value;
                },
              }
            : {}),
        });
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, text.slice(0, 200)).toBeLessThan(500);
        // A body of the wrong shape is never accepted. A well-formed, untampered request may
        // be answered: the routes whose body is all optional take `{}` (the certification
        // status asks for the holder's own; a QR code's purpose defaults to identity, as the
        // client's does, seed -307833481), and what they answer changes nothing below.
        const valid = t === undefined && route.accepts(body);
        if (!valid) expect(response.status, text.slice(0, 200)).toBeGreaterThanOrEqual(400);
        expect(await snapshot()).toEqual(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      fuzzParameters(300),
    );
  }, 120_000);

  it('left the password with no failure counted, and still working', async () => {
    // Unbinding is allowed whatever the card's status (R13), which an accepted admin
    // request above may have changed: so the check is about the password alone.
    const wrong = await client
      .unbind({ signNo, verification: { password: '905172' } })
      .catch((e: unknown) => e);
    expect(isEsscError(wrong) ? { code: wrong.code, details: wrong.details } : wrong).toEqual({
      code: 'PASSWORD_INCORRECT',
      details: { attemptsLeft: 4 },
    });
    await client.unbind({ signNo, verification: { password: PASSWORD } });
    console.info(
      `test/fuzz/sandbox-wire: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries(statuses))}; accepted unsigned: ${[...accepted].sort().join(', ')}`,
    );
  });
});
