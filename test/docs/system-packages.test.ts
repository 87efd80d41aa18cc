import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SYSTEM_PACKAGES, SYSTEM_PACKAGES_INSTALL, skipMessage } from '../system-packages.js';

describe('what the full suite needs besides npm ci', () => {
  it('the README names the Debian packages CI installs, with the one command for them', () => {
    const ci = readFileSync('.ci/run', 'utf8');
    const installedByCi = [...ci.matchAll(/missing\+=\(([\w-]+)\)/g)].map((m) => m[1]);
    expect([...installedByCi].sort()).toEqual([...SYSTEM_PACKAGES].sort());
    expect(readFileSync('README.md', 'utf8')).toContain(SYSTEM_PACKAGES_INSTALL);
  });

  it('a skipped suite names the missing package and that command', () => {
    const message = skipMessage('test/sandbox/console', 'chromium');
    expect(message).toContain("Debian's chromium is not installed");
    expect(message).toContain(SYSTEM_PACKAGES_INSTALL);
  });
});
