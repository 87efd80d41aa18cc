import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

describe('npm run demo (the README main job)', () => {
  it('walks the whole journey on the mock platform and draws the QR code', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], {
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 60_000,
    });
    expect(stdout).toContain('Journey complete.');
    // R28, R29: a query answers the records, and the application reaches approved.
    expect(stdout).toContain('参保: unemployment suspended in 650100 since 2021-07, 60 months');
    expect(stdout).toContain('The back office moved it to approved');
    // R23–R25, R27: a hospital visit settled by insurance, charged once despite a lost
    // answer, partly refunded, and listed in the payment history.
    expect(stdout).toContain('统筹基金 ¥107.10 · 个人账户 ¥0.00 · 自付 ¥60.90');
    expect(stdout).toContain('Bank account ¥100000.00 → ¥99939.10: the 自付 share, taken once');
    expect(stdout).toContain('getPayment answers the same payment: true');
    expect(stdout).toContain('¥25.00 refunded, payment partially_refunded, bank account ¥99964.10');
    expect(stdout).toMatch(/消费记录: \d{4}-\d{2}-\d{2} GZ-HOSP-1 门诊 · 内科 ¥168\.00/);
    // R31–R33: a parent added, his code shown on behalf, his pension certified by his face.
    expect(stdout).toMatch(/Added parent 张\*国 440106\*{8}0021 \(memberId \S+\)/);
    expect(stdout).toMatch(
      /Hospital verified the father's code: identity, holder 张\*, region 440100, shown on behalf \(the holder is the shower's parent\)/,
    );
    expect(stdout).toMatch(/The father's pension certification: due, due by \d{4}-\d{2}-\d{2}/);
    expect(stdout).toMatch(/Certified by his own face: certified, next due by \d{4}-\d{2}-\d{2}/);
    expect(stdout).toContain('[WeChat is told] certification completed: certified');
    // Each refusal the journey shows, with the code a channel app would switch on.
    for (const code of [
      'ALREADY_BOUND',
      'WEAK_PASSWORD',
      'PASSWORD_INCORRECT',
      'PASSWORD_LOCKED',
      'QR_REPLAYED',
      'ALREADY_MEMBER',
      'MEMBER_FORBIDDEN',
      'REAL_PERSON_FAILED',
      'CARD_INACTIVE',
      'TIMEOUT',
    ]) {
      expect(stdout).toContain(code);
    }
    // The QR code is drawn with block characters, in rows of one width.
    const qrRows = stdout.split('\n').filter((line) => /^ {3}[█▀▄ ]{20,}$/.test(line));
    expect(qrRows.length).toBeGreaterThan(20);
    // The passwords typed in the journey never reach the output.
    for (const password of ['258046', '739164', '905172', '316408', '836150']) {
      expect(stdout).not.toContain(password);
    }
  }, 60_000);
});
