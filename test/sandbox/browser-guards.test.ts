/**
 * Issue 9, defect 2: no web page can drive the sandbox. A cross-site "simple" request (no
 * preflight: text/plain, form bodies, or no body) is refused with 415 before anything
 * changes, and a Host the sandbox is not reached by (DNS rebinding) gets 421.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MockPlatform } from '../../src/mock/index.js';
import {
  createSandboxHandler,
  type RunningSandbox,
  startSandbox,
} from '../../src/sandbox/index.js';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ platform: MockPlatform.demo(), webhooks: false });
});
afterAll(async () => {
  await sandbox.close();
});

/** A raw request with exactly the headers given (fetch would not let a test forge Host). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, unknown>; json: unknown }> {
  const url = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: options.method ?? 'POST',
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('a cross-site simple request (415)', () => {
  const simple: [string, Record<string, string>, string | undefined][] = [
    ['text/plain', { 'content-type': 'text/plain' }, '{"regionCode":"110100","name":"北京市"}'],
    [
      'a form',
      { 'content-type': 'application/x-www-form-urlencoded' },
      '{"regionCode":"110100","name":"北京市"}',
    ],
    ['multipart', { 'content-type': 'multipart/form-data; boundary=x' }, '--x--'],
    ['no content type', {}, '{"regionCode":"110100","name":"北京市"}'],
    ['JSON in another charset', { 'content-type': 'application/json; charset=latin1' }, '{}'],
  ];
  for (const [label, headers, body] of simple) {
    it(`refuses ${label} on an admin route, and nothing changes`, async () => {
      const answer = await send('/admin/regions', { headers, body });
      expect(answer.status).toBe(415);
      expect(answer.json).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    });
  }

  it('refuses a bodiless admin change without the JSON type, and nothing changes', async () => {
    const before = await sandbox.platform.jwks();
    expect((await send('/admin/keys/rotate')).status).toBe(415);
    expect(
      (await send('/admin/keys/rotate', { headers: { 'content-type': 'text/plain' } })).status,
    ).toBe(415);
    expect(await sandbox.platform.jwks()).toEqual(before);
    expect((await send('/admin/faults', { method: 'DELETE' })).status).toBe(415);
    expect((await send('/admin/persons/110105194912310025/replace-card')).status).toBe(415);
  });

  it('refuses a non-JSON body on a channel route too', async () => {
    const answer = await send('/v1/cards/apply', {
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(answer.status).toBe(415);
  });

  it('takes application/json, with or without charset=utf-8', async () => {
    for (const type of ['application/json', 'Application/JSON; charset=UTF-8']) {
      const answer = await send('/admin/regions', {
        headers: { 'content-type': type },
        body: JSON.stringify({ regionCode: '110100', name: '北京市' }),
      });
      expect(answer.status, type).toBe(200);
    }
  });
});

describe('a Host the sandbox is not reached by (421)', () => {
  it('refuses a rebinding name, on admin and public routes alike', async () => {
    for (const path of ['/admin/keys/rotate', '/.well-known/jwks.json']) {
      const answer = await send(path, {
        method: path.startsWith('/admin') ? 'POST' : 'GET',
        headers: { host: 'attacker.example:8787', 'content-type': 'application/json' },
      });
      expect(answer.status, path).toBe(421);
    }
  });

  it('answers loopback names at any port', async () => {
    for (const host of ['localhost:1', '127.0.0.1', '[::1]:9', 'app.localhost']) {
      const answer = await send('/.well-known/jwks.json', { method: 'GET', headers: { host } });
      expect(answer.status, host).toBe(200);
    }
  });

  it('answers a configured name (allowedHosts), and "*" turns the check off', async () => {
    const platform = MockPlatform.demo();
    const jwks = (handle: ReturnType<typeof createSandboxHandler>, url: string) =>
      handle(new Request(url)).then((r) => r.status);
    const listed = createSandboxHandler(platform, { allowedHosts: ['sandbox.lan:8787'] });
    expect(await jwks(listed, 'http://sandbox.lan:8787/.well-known/jwks.json')).toBe(200);
    expect(await jwks(listed, 'http://sandbox.lan:9999/.well-known/jwks.json')).toBe(421);
    expect(await jwks(listed, 'http://evil.example/.well-known/jwks.json')).toBe(421);
    const open = createSandboxHandler(platform, { allowedHosts: ['*'] });
    expect(await jwks(open, 'http://evil.example/.well-known/jwks.json')).toBe(200);
  });
});

describe('CORS', () => {
  it('is granted on the public keys only', async () => {
    const jwks = await send('/.well-known/jwks.json', { method: 'GET' });
    expect(jwks.headers['access-control-allow-origin']).toBe('*');
    const admin = await send('/admin/keys/rotate', {
      headers: { 'content-type': 'application/json', origin: 'http://evil.example' },
    });
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
  });
});
