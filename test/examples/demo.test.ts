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
    // R40, R41: a code made on the phone with no platform call, verified offline at a desk.
    expect(stdout).toContain('The desk verified it offline: offline true, holder 张*');
    // R28, R29: a query answers the records, and the application reaches approved.
    expect(stdout).toContain(
      'Insured for unemployment in 乌鲁木齐市 since 2021-07, 60 months, now suspended',
    );
    expect(stdout).toContain('Applied for 失业保险金申领: submitted');
    expect(stdout).toContain('The back office moved it to approved');
    expect(stdout).toContain('[WeChat is told] 失业保险金申领: approved');
    // R23–R25, R27: a hospital visit settled by insurance, charged once despite a lost
    // answer, partly refunded, and listed in the payment history.
    expect(stdout).toContain('统筹基金 ¥107.10 · 个人账户 ¥0.00 · 自付 ¥60.90');
    expect(stdout).toContain('Bank account ¥100000.00 → ¥99939.10: the 自付 share, taken once');
    expect(stdout).toContain('getPayment answers the same payment: true');
    expect(stdout).toContain('¥25.00 refunded, payment partially refunded, bank account ¥99964.10');
    expect(stdout).toMatch(
      /Payment history in WeChat: \d{4}-\d{2}-\d{2} 广州市第一人民医院, 门诊 · 内科, ¥168\.00 \(partially refunded, ¥25\.00 back\)/,
    );
    // R45: the pharmacy's order code, scanned and paid in WeChat, settled as any charge.
    expect(stdout).toContain('WeChat asks: pay ¥28.50 to 大参林药房（北京路店）?');
    expect(stdout).toContain(
      'Paid by scanning: 统筹基金 ¥19.95 · 个人账户 ¥0.00 · 自付 ¥8.55; the counter sees it paid',
    );
    // R31–R33: a parent added, his code shown on behalf, his pension certified by his face.
    // The member by name and relation, never by the platform's memberId.
    expect(stdout).toMatch(/Added his parent 张\*国 440106\*{8}0021$/m);
    expect(stdout).not.toMatch(/mem_[A-Za-z0-9]/);
    expect(stdout).toMatch(
      /Hospital verified the father's code: identity, holder 张\* \(a code carries the surname only\), region 广州市, shown on behalf \(the holder is the shower's parent\)/,
    );
    expect(stdout).toMatch(/The father's pension certification: due, due by \d{4}-\d{2}-\d{2}/);
    expect(stdout).toMatch(/Certified by his own face: certified, next due by \d{4}-\d{2}-\d{2}/);
    expect(stdout).toContain('[WeChat is told] certification completed: certified');
    // The apps are told of what happened after the line of the call that made it happen.
    const lines = stdout.split('\n');
    const toldAfter = (cause: string, told: string[]) => {
      const at = lines.findIndex((line) => line.includes(cause));
      expect(at, cause).toBeGreaterThan(-1);
      expect(lines.slice(at + 1, at + 1 + told.length).map((line) => line.trim())).toEqual(told);
    };
    toldAfter('广州市第一人民医院 charged ¥168.00 for 张*', [
      '[WeChat is told] paid ¥168.00 at 广州市第一人民医院',
      '[Alipay is told] paid ¥168.00 at 广州市第一人民医院',
    ]);
    toldAfter('The blood test 血常规 was cancelled', [
      '[WeChat is told] ¥25.00 of ¥168.00 refunded at 广州市第一人民医院',
      '[Alipay is told] ¥25.00 of ¥168.00 refunded at 广州市第一人民医院',
    ]);
    toldAfter('WeChat changed the password', [
      '[Alipay is told] password changed in another channel',
    ]);
    toldAfter('Certified by his own face', ['[WeChat is told] certification completed: certified']);
    // R44: paid once a month, suspended while overdue, arrears after certifying; R43: the
    // holder's own loss report is withdrawn by a face check, the office's is not.
    expect(stdout).toMatch(/The back office pays \d{4}-\d{2}: 1 paid; run again, 0 more/);
    expect(stdout).toMatch(/his certification is overdue, 1 suspended/);
    expect(stdout).toMatch(/pays the arrears too: ¥6000\.00, history \S+ paid, \S+ paid, \S+ paid/);
    toldAfter('挂失 at 23:40: status lost, reported by the holder', [
      '[Alipay is told] card status → lost',
    ]);
    toldAfter('解挂 by a face check', ['[Alipay is told] card status → active']);
    expect(stdout).toContain("Withdrawing the office's loss in the app: LOSS_NOT_WITHDRAWABLE");
    // It speaks names: regions, services and merchants, never their ids; one kind of quote.
    expect(stdout).toContain('card issued in 广州市 (440100)');
    expect(stdout).toContain('holder 张*, region 广州市');
    for (const id of [
      'GZ-HOSP-1',
      'region 440100',
      ' 650100',
      'unemployment-benefit',
      'partially_refunded',
    ]) {
      expect(stdout).not.toContain(id);
    }
    expect(stdout).not.toMatch(/[‘’“”]/);
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
