/**
 * startSandbox reads a request target as `new URL(target, base)` does — a plain path without
 * parsing it, anything else through the parser — so routing (and the path a request signature
 * must cover) is the same whichever way a target is read.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockPlatform } from '../../src/mock/index.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox/index.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ platform: new MockPlatform(), port: 0 });
});
afterAll(() => sandbox.close());

/** GETs `target` exactly as written (fetch and URL would normalise it first); the status. */
function get(target: string): Promise<number> {
  const { port } = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: target, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('request targets', () => {
  it.each([
    // Plain: read as they are.
    ['/.well-known/jwks.json', 200],
    ['/.well-known/jwks.json/', 404],
    ['/v1/no-such-route', 404],
    // What the URL parser rewrites: dot segments (also as %2e), a leading `//` (an authority),
    // backslashes, a query.
    ['/v1/../.well-known/jwks.json', 200],
    ['/v1/cards/%2e%2E/../.well-known/jwks.json', 200],
    ['/.well-known/./jwks.json', 200],
    ['/.well-known/%2e/jwks.json', 200],
    ['//elsewhere/.well-known/jwks.json', 200],
    ['/.well-known\\jwks.json', 200],
    ['/.well-known/jwks.json?x=1', 200],
  ])('%s → %i, as new URL reads it', async (target, status) => {
    expect(new URL(target, 'http://sandbox.localhost').pathname === '/.well-known/jwks.json').toBe(
      status === 200,
    );
    expect(await get(target)).toBe(status);
  });
});
