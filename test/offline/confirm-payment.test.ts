/**
 * R15, R18 on the phone: an offline payment code is made only after the app's own check that
 * the holder is present (biometrics or PIN: `confirmPayment`), asked for every payment code.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/index.js';
import { DEMO_PEOPLE, MockPlatform } from '../../src/mock/index.js';
import {
  createMemoryStorage,
  createOfflineCodes,
  type OfflineCodesOptions,
} from '../../src/offline/index.js';

const verification = { password: '258046' };

async function payer(confirmPayment?: OfflineCodesOptions['confirmPayment']) {
  const platform = MockPlatform.demo();
  const zhang = DEMO_PEOPLE[0]!;
  const client = createClient({ adapter: platform.adapter('wechat') });
  const { signNo } = await client.apply({
    channelUserId: 'u-confirm',
    name: zhang.name,
    idNumber: zhang.idNumber,
    realPerson: platform.realPersonProof(zhang.idNumber),
    password: verification.password,
  });
  await client.enablePayment({ signNo, verification });
  const offline = createOfflineCodes({
    client,
    storage: createMemoryStorage(),
    ...(confirmPayment ? { confirmPayment } : {}),
  });
  await offline.provision({ signNo, verification, purposes: ['identity', 'payment'] });
  return { offline, signNo };
}

describe('offline payment codes need the holder’s presence on the phone', () => {
  it('without confirmPayment, no payment code (identity codes still)', async () => {
    const { offline, signNo } = await payer();
    const error = await offline.issueCode({ signNo, purpose: 'payment' }).catch((e) => e);
    expect(error).toMatchObject({ code: 'PRESENCE_NOT_CONFIRMED', retryable: false });
    expect(error.message).toMatch(/confirmPayment/);
    expect((await offline.issueCode({ signNo })).purpose).toBe('identity');
  });

  it('asks for every payment code, and makes none when the user does not confirm', async () => {
    const answers = [true, false, true];
    let asked = 0;
    const { offline, signNo } = await payer(async () => answers[asked++]!);
    expect((await offline.issueCode({ signNo, purpose: 'payment' })).purpose).toBe('payment');
    await expect(offline.issueCode({ signNo, purpose: 'payment' })).rejects.toMatchObject({
      code: 'PRESENCE_NOT_CONFIRMED',
    });
    expect((await offline.issueCode({ signNo, purpose: 'payment' })).purpose).toBe('payment');
    await offline.issueCode({ signNo }); // identity: not asked
    expect(asked).toBe(3);
  });

  it('a confirmation that throws is no confirmation', async () => {
    const { offline, signNo } = await payer(async () => {
      throw new Error('the user cancelled the fingerprint prompt');
    });
    await expect(offline.issueCode({ signNo, purpose: 'payment' })).rejects.toMatchObject({
      code: 'PRESENCE_NOT_CONFIRMED',
    });
  });
});
