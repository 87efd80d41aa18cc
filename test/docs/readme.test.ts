import { describe, expect, it } from 'vitest';
import { repoFile, runProgram, tsBlocks } from './snippets.js';

describe('the README', () => {
  it('quickstart and the hospital-desk snippet run as written, and the replay is refused', async () => {
    const blocks = tsBlocks(repoFile('README.md'));
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const [quickstart, desk] = blocks;
    // The desk's last line throws QR_REPLAYED by design: the program reports what it caught.
    const program = `${quickstart}\n${desk!.replace(
      /^await desk\.verify\(qr\.text\);.*$/m,
      "await desk.verify(qr.text).catch((e) => console.log('second scan:', e.code));",
    )}\nconsole.log('first scan:', seen.purpose, seen.holderName);\n`;
    const stdout = await runProgram('readme-snippet', program);
    expect(stdout).toMatch(/440100D156\S* 张\* active/);
    expect(stdout).toContain('first scan: identity 张*');
    expect(stdout).toContain('second scan: QR_REPLAYED');
  }, 60_000);
});
