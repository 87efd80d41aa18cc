import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { createPaymentTerminal } from '../../src/acceptor/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import {
  createHttpAdapter,
  createHttpMerchantAdapter,
  verifyNotification,
} from '../../src/http/index.js';
import { createClient } from '../../src/index.js';
import { DEMO_PEOPLE } from '../../src/mock/index.js';
import { runSandboxCli } from '../../src/sandbox/index.js';

describe('the essc-sandbox command', () => {
  it('--seed demo serves the demo platform and prints keys its channels and its hospital call with', async () => {
    const lines: string[] = [];
    const sandbox = await runSandboxCli(['--port', '0', '--seed', 'demo', '--json'], {
      out: (line) => lines.push(line),
      err: (line) => lines.push(line),
      signals: false,
    });
    try {
      const printed = JSON.parse(lines[0]!);
      expect(printed.url).toBe(sandbox!.url);
      expect(Object.keys(printed.channels)).toEqual(['wechat', 'alipay', 'bank-app']);
      expect(Object.keys(printed.portals)).toEqual(['gov-portal']);
      const adapter = createHttpAdapter({
        baseUrl: printed.url,
        channelId: 'wechat',
        channelKey: printed.channels.wechat,
      });
      const zhang = DEMO_PEOPLE[0]!;
      const card = await adapter.apply(
        {
          channelUserId: 'u1',
          name: zhang.name,
          idNumber: zhang.idNumber,
          realPerson: sandbox!.platform.realPersonProof(zhang.idNumber),
          password: '258046',
        },
        { idempotencyKey: 'cli-test' },
      );
      expect(card.regionCode).toBe('440100');

      // The hospital of `npm run demo` charges a payment code over the wire with its key.
      const client = createClient({ adapter });
      await client.enablePayment({ signNo: card.signNo, verification: { password: '258046' } });
      const code = await client.issueQr({
        signNo: card.signNo,
        purpose: 'payment',
        verification: { password: '258046' },
      });
      const terminal = createPaymentTerminal({
        adapter: createHttpMerchantAdapter({
          baseUrl: printed.url,
          merchantId: 'GZ-HOSP-1',
          merchantKey: printed.merchants['GZ-HOSP-1'],
        }),
      });
      const payment = await terminal.charge({ qrText: code.text, orderId: 'HIS-1', amount: 1_500 });
      expect(payment).toMatchObject({ merchantId: 'GZ-HOSP-1', amount: 1_500 });
      const { merchants } = await (await fetch(`${printed.url}/admin/parties`)).json();
      expect(merchants).toContainEqual(
        expect.objectContaining({ id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' }),
      );
    } finally {
      await sandbox?.close();
    }
  });

  it('--suite sm serves the national suite: SM2 JWKS, SM2 demo keys that call it, --help tells', async () => {
    const lines: string[] = [];
    const sandbox = await runSandboxCli(
      ['--port', '0', '--seed', 'demo', '--suite', 'sm', '--json'],
      {
        out: (line) => lines.push(line),
        err: (line) => lines.push(line),
        signals: false,
      },
    );
    try {
      const printed = JSON.parse(lines[0]!);
      expect(printed.suite).toBe('sm');
      expect(printed.channels.wechat).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2' });
      const jwks = await (await fetch(`${printed.url}/.well-known/jwks.json`)).json();
      expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'SM2', alg: 'SM2' });
      const adapter = createHttpAdapter({
        baseUrl: printed.url,
        channelId: 'wechat',
        channelKey: printed.channels.wechat,
      });
      const zhang = DEMO_PEOPLE[0]!;
      const card = await adapter.apply(
        {
          channelUserId: 'u1',
          name: zhang.name,
          idNumber: zhang.idNumber,
          realPerson: sandbox!.platform.realPersonProof(zhang.idNumber),
          password: '258046',
        },
        { idempotencyKey: 'cli-sm' },
      );
      expect(card.regionCode).toBe('440100');
    } finally {
      await sandbox?.close();
    }
    const help: string[] = [];
    await runSandboxCli(['--help'], { out: (l) => help.push(l), signals: false });
    expect(help.join('\n')).toContain('--suite');
    const errors: string[] = [];
    const exitCode = process.exitCode;
    expect(
      await runSandboxCli(['--suite', 'rsa'], { err: (l) => errors.push(l), signals: false }),
    ).toBeUndefined();
    expect(process.exitCode).toBe(2);
    process.exitCode = exitCode;
    expect(errors.join('\n')).toContain('unknown suite "rsa"');
  });

  it('says it is a sandbox, where it listens and that admin is unauthenticated', async () => {
    const lines: string[] = [];
    const sandbox = await runSandboxCli(['--port', '0', '--seed', 'demo'], {
      out: (l) => lines.push(l),
      signals: false,
    });
    await sandbox?.close();
    const text = lines.join('\n');
    expect(text).toContain('SANDBOX');
    expect(text).toContain(`listening on ${sandbox!.url}`);
    expect(text).toContain('NOT authenticated');
    expect(text).toContain('PRIVATE JWKs');
  });

  it('--allowed-host adds a name the sandbox answers; others get 421', async () => {
    const sandbox = await runSandboxCli(
      ['--port', '0', '--allowed-host', 'sandbox.lan', '--json'],
      { out: () => undefined, signals: false },
    );
    try {
      const { port } = new URL(sandbox!.url);
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = httpRequest(
            { host: '127.0.0.1', port, path: '/.well-known/jwks.json', headers: { host } },
            (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            },
          );
          req.on('error', reject);
          req.end();
        });
      expect(await status(`sandbox.lan:${port}`)).toBe(200);
      expect(await status('rebind.example')).toBe(421);
    } finally {
      await sandbox?.close();
    }
  });

  it('refuses bad arguments with exit code 2', async () => {
    const errors: string[] = [];
    const previous = process.exitCode;
    expect(
      await runSandboxCli(['--port', 'many'], { err: (l) => errors.push(l), signals: false }),
    ).toBeUndefined();
    expect(process.exitCode).toBe(2);
    expect(
      await runSandboxCli(['--seed', 'prod'], { err: (l) => errors.push(l), signals: false }),
    ).toBeUndefined();
    process.exitCode = previous;
    expect(errors.join('\n')).toContain('unknown seed');
  });

  it('--webhook ID=URL sends that channel its signed notifications', async () => {
    const bodies: string[] = [];
    const receiver = createServer(async (req, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      bodies.push(body);
      res.statusCode = 204;
      res.end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    const lines: string[] = [];
    const sandbox = await runSandboxCli(
      ['--port', '0', '--seed', 'demo', '--webhook', `alipay=${hook}`, '--json'],
      { out: (l) => lines.push(l), err: (l) => lines.push(l), signals: false },
    );
    try {
      const printed = JSON.parse(lines[0]!);
      expect(printed.webhooks).toEqual({ alipay: hook });
      const zhang = DEMO_PEOPLE[0]!;
      const adapter = createHttpAdapter({
        baseUrl: printed.url,
        channelId: 'alipay',
        channelKey: printed.channels.alipay,
      });
      const card = await adapter.apply(
        {
          channelUserId: 'u1',
          name: zhang.name,
          idNumber: zhang.idNumber,
          realPerson: sandbox!.platform.realPersonProof(zhang.idNumber),
          password: '258046',
        },
        { idempotencyKey: 'cli-webhook' },
      );
      sandbox!.platform.setCardStatus(sandbox!.platform.currentCard(zhang.idNumber).cardNo, 'lost');
      await vi.waitFor(() => expect(bodies).toHaveLength(1));
      const notification = await verifyNotification(
        new Request(hook, { method: 'POST', body: bodies[0] }),
        { jwks: `${printed.url}/.well-known/jwks.json`, channelId: 'alipay' },
      );
      expect(notification).toMatchObject({ signNo: card.signNo, status: 'lost' });
    } finally {
      await sandbox?.close();
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  it('refuses a --webhook for no channel or to no http(s) URL', async () => {
    const previous = process.exitCode;
    for (const spec of ['nobody=http://127.0.0.1/x', 'wechat=ftp://x/y', 'wechat']) {
      const errors: string[] = [];
      expect(
        await runSandboxCli(['--port', '0', '--seed', 'demo', '--webhook', spec], {
          err: (l) => errors.push(l),
          signals: false,
        }),
      ).toBeUndefined();
      expect(process.exitCode, spec).toBe(2);
      expect(errors.join('\n'), spec).toContain('--webhook');
    }
    process.exitCode = previous;
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const script = fileURLToPath(new URL('./fixtures/cli-main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--json'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [first] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
    const { url } = JSON.parse(first);
    expect((await fetch(`${url}/.well-known/jwks.json`)).status).toBe(200);
    child.kill('SIGTERM');
    const [exitCode] = await once(child, 'exit');
    expect(exitCode).toBe(0);
    const after = await fetch(`${url}/.well-known/jwks.json`).catch((error: unknown) => error);
    expect(after).toBeInstanceOf(Error);
    expect(isEsscError(after)).toBe(false);
  }, 60_000);
});
