import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('the README', () => {
  it('quickstart and the hospital-desk snippet run as written, and the replay is refused', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const [quickstart, desk] = blocks;
    // The desk's last line throws QR_REPLAYED by design: the program reports what it caught.
    const program = `${quickstart}\n${desk!.replace(
      /^await desk\.verify\(qr\.text\);.*$/m,
      "await desk.verify(qr.text).catch((e) => console.log('second scan:', e.code));",
    )}\nconsole.log('first scan:', seen.purpose, seen.holderName);\n`;
    const file = new URL('../../readme-snippet.tmp.ts', import.meta.url);
    writeFileSync(file, program);
    try {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', file.pathname], {
        timeout: 60_000,
      });
      expect(stdout).toMatch(/440100D156\S* 张\* active/);
      expect(stdout).toContain('first scan: identity 张*');
      expect(stdout).toContain('second scan: QR_REPLAYED');
    } finally {
      rmSync(file, { force: true });
    }
  }, 60_000);
});
