/**
 * bin/essc-sandbox.js in a clone that is not built yet: the command says what to do instead
 * of a raw ERR_MODULE_NOT_FOUND stack.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
let dir: string | undefined;

afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('the essc-sandbox bin', () => {
  it('before `npm run build` says to run it first, with no stack trace', async () => {
    dir = mkdtempSync(join(tmpdir(), 'essc-bin-'));
    mkdirSync(join(dir, 'bin'));
    cpSync('bin/essc-sandbox.js', join(dir, 'bin/essc-sandbox.js'));
    cpSync('package.json', join(dir, 'package.json'));

    const failure = await run(process.execPath, [join(dir, 'bin/essc-sandbox.js'), '--help']).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );

    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('run `npm run build` first');
    expect(failure?.stderr).not.toContain('ERR_MODULE_NOT_FOUND');
    expect(failure?.stderr).not.toMatch(/^\s+at /m);
  });
});
