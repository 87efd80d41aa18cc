import { describe, expect, it } from 'vitest';
import { sealSecret } from '../../src/crypto/index.js';
import { isEsscError } from '../../src/domain/errors.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import { engineOf } from '../../src/mock/mock-platform.js';
import { sealedSecretContext } from '../../src/platform/protocol.js';

describe('secrets sealed for one channel (R18, R19)', () => {
  it('a password and a proof sealed for channel A are refused in channel B, and cost no attempt', async () => {
    const platform = MockPlatform.demo();
    const zhang = DEMO_PEOPLE[0];
    const key = await engineOf(platform).encryptionPublicKey();
    const forAlipay = sealedSecretContext('alipay');
    const stolen = {
      channelUserId: 'u1',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: await sealSecret(key, platform.realPersonProof(zhang.idNumber), forAlipay),
      password: await sealSecret(key, '258046', forAlipay),
    };
    const refused = await engineOf(platform)
      .call('apply', 'wechat', stolen)
      .catch((e: unknown) => e);
    expect(isEsscError(refused) && refused.code).toBe('VALIDATION_FAILED');
    expect(String((refused as Error).message)).not.toContain('258046');

    // The same sealed values work in the channel they were sealed for.
    const card = await engineOf(platform).call('apply', 'alipay', stolen);
    expect(card.channelId).toBe('alipay');
  });
});
