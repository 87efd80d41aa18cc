import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isEsscError } from '../../src/domain/errors.js';
import { createHttpAdapter } from '../../src/http/index.js';
import { DEMO_PEOPLE } from '../../src/mock/index.js';
import { runSandboxCli } from '../../src/sandbox/index.js';

describe('the essc-sandbox command', () => {
  it('--seed demo serves the demo platform and prints keys its channels can call with', async () => {
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
    } finally {
      await sandbox?.close();
    }
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
