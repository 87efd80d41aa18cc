import { describe, expect, it } from 'vitest';
import { createQrVerifier } from '../../src/acceptor/index.js';
import { createClient } from '../../src/index.js';
import { DEMO_PEOPLE, generatePlatformKeys, MockPlatform } from '../../src/mock/index.js';

describe('platform keys given, not made per instance', () => {
  it('a platform restarted with the same keys publishes the same JWKS: codes from before verify after', async () => {
    const keys = await generatePlatformKeys();
    const before = MockPlatform.demo({ keys });
    const zhang = DEMO_PEOPLE[0];
    const client = createClient({ adapter: before.adapter('wechat') });
    const card = await client.apply({
      channelUserId: 'u1',
      name: zhang.name,
      idNumber: zhang.idNumber,
      realPerson: before.realPersonProof(zhang.idNumber),
      password: '258046',
    });
    const qr = await client.issueQr({ signNo: card.signNo });

    const after = MockPlatform.demo({ keys });
    expect(await after.jwks()).toEqual(await before.jwks());
    const desk = createQrVerifier({ jwks: await after.jwks() });
    expect((await desk.verify(qr.text)).purpose).toBe('identity');

    // Without the keys, a new instance has keys of its own.
    const other = MockPlatform.demo();
    expect((await other.jwks()).keys[0]?.kid).not.toBe((await before.jwks()).keys[0]?.kid);
  });
});
