/**
 * R32 on the phone: `provision` passes its input on whole, so a field the operation does not
 * take is refused (VALIDATION_FAILED naming it) rather than dropped — a `validityDays` a
 * developer believed the platform honoured must not silently become the default.
 */
import { describe, expect, it } from 'vitest';
import { createClient, isEsscError } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { createMemoryStorage, createOfflineCodes } from '../../src/offline/index.js';

describe('offline.provision passes every field on', () => {
  it('refuses a field the operation does not take, naming it, and keeps no credential', async () => {
    const platform = MockPlatform.demo();
    const zhang = DEMO_PEOPLE[0]!;
    const client = createClient({ adapter: platform.adapter('wechat') });
    const { signNo } = await client.apply({
      channelUserId: 'u-provision',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: platform.realPersonProof(zhang.idNumber),
      password: '258046',
    });
    const offline = createOfflineCodes({ client, storage: createMemoryStorage() });
    const error = await offline
      .provision({
        signNo,
        verification: { password: '258046' },
        validityDays: 30,
      } as Parameters<typeof offline.provision>[0])
      .catch((e: unknown) => e);
    expect(isEsscError(error, 'VALIDATION_FAILED')).toBe(true);
    expect(JSON.stringify((error as { details?: unknown }).details)).toContain('validityDays');
    expect(await offline.credentials()).toEqual([]);
  });
});
