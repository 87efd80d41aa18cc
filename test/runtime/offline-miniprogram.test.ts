/**
 * R40 where it matters: a WeChat mini-program with no network and no WebCrypto makes an offline
 * code from the self-contained bundle of `essc-sdk/offline` (fixtures/offline-issue.cjs), and a
 * desk verifies it with the status list, in both crypto suites. The credential is provisioned
 * online beforehand (here, in this process), as the app does while it has signal.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, inject, it } from 'vitest';
import { createQrVerifier } from '../../src/acceptor/index.js';
import { createClient } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { createOfflineCodes, type OfflineStorage } from '../../src/offline/index.js';

const packageDir = inject('packageDir');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const fixture = join(root, 'test/runtime/fixtures/offline-issue.cjs');

function recordingStorage(): OfflineStorage & { values: Record<string, string> } {
  const values: Record<string, string> = {};
  return {
    values,
    get: (key) => values[key],
    set: (key, value) => {
      values[key] = value;
    },
    remove: (key) => {
      delete values[key];
    },
  };
}

describe.each(['jose', 'sm'] as const)('essc-sdk/offline in a mini-program (%s suite)', (suite) => {
  it('issues a payment code with no network and no WebCrypto, which a desk verifies', async () => {
    const platform = MockPlatform.demo({ suite });
    const zhang = DEMO_PEOPLE[0]!;
    const client = createClient({ adapter: platform.adapter('wechat') });
    const card = await client.apply({
      channelUserId: 'u-offline',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: platform.realPersonProof(zhang.idNumber),
      password: '258046',
    });
    const verification = { password: '258046' };
    await client.enablePayment({ signNo: card.signNo, verification });
    const storage = recordingStorage();
    await createOfflineCodes({ client, storage, suite }).provision({
      signNo: card.signNo,
      verification,
      purposes: ['identity', 'payment'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'essc-offline-'));
    writeFileSync(join(dir, 'storage.json'), JSON.stringify(storage.values));
    const bundle = join(packageDir, 'dist/miniprogram/offline.js');
    expect(readFileSync(bundle, 'utf8')).not.toMatch(/\bnew\s+Function\b/);

    const stdout = execFileSync(
      process.execPath,
      [
        '--disallow-code-generation-from-strings',
        fixture,
        bundle,
        join(dir, 'storage.json'),
        card.signNo,
        'payment',
      ],
      { encoding: 'utf8', timeout: 30_000 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('OFFLINE_RESULT '));
    const result = JSON.parse(line!.slice('OFFLINE_RESULT '.length));
    expect(result.error).toBeUndefined();
    expect(result.calls, 'issueCode called the client (a network call)').toEqual([]);
    expect(result.hasCrypto).toBe(false);
    expect(result.qr.purpose).toBe('payment');

    const desk = createQrVerifier({
      jwks: await platform.jwks(),
      statusList: () => platform.statusList(),
    });
    expect(await desk.verify(result.qr.text)).toMatchObject({ offline: true, purpose: 'payment' });
  });
});
