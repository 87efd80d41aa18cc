import { describe, expect, it } from 'vitest';
import { repoFile, runProgram, tsBlocks } from './snippets.js';

describe('the merchant guide', () => {
  it('runs top to bottom as written: registered over the sandbox, charged, retried, refunded', async () => {
    const blocks = tsBlocks(repoFile('docs/guides/merchant-integration.md'));
    const stdout = await runProgram('merchant-guide', blocks.join('\n'));
    // The figures the guide's comments promise, as the program printed them.
    expect(stdout).toContain('paid ¥365.00 统筹基金 ¥210.00 自付 ¥155.00');
    expect(stdout).toContain('same payment: true');
    expect(stdout).toContain('refunded ¥365.00');
    expect(stdout).toContain('HIS-20260101-0001 refunded');
    // R45: an order code the holder scans and pays, read back by its order id.
    expect(stdout).toContain('order code of 141 characters');
    expect(stdout).toContain('pay ¥28.50 to 广州市第一人民医院');
    expect(stdout).toContain('paid by order code ¥28.50 统筹基金 ¥19.95');
  }, 60_000);
});
