/**
 * R15 + R20: a QR issue retried under its idempotency key gets the first code while that code
 * lives; once it has expired the key is forgotten (the outcome is kept only as long as it can
 * be used), so a retry after a long outage gets a fresh code instead of a dead one.
 */
import { describe, expect, it } from 'vitest';
import { createClient, isEsscError } from '../../src/index.js';
import { PASSWORD } from '../../src/testing/people.js';
import { mockPlatform } from '../client/helpers.js';

describe('QR issue outcomes live as long as the code (R15, R20)', () => {
  it('a retry within the code’s life returns the same code; after it, a new live code', async () => {
    const { platform, person, advance } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const { signNo } = await client.apply(person().application());
    const key = { idempotencyKey: 'qr-retry-1' };

    const first = await client.issueQr({ signNo }, key);
    advance(59_000);
    const retried = await client.issueQr({ signNo }, key);
    expect(retried.text).toBe(first.text);

    advance(2_000); // the first code has expired (60 s)
    const later = await client.issueQr({ signNo }, key);
    expect(later.text).not.toBe(first.text);
    expect(Date.parse(later.expiresAt)).toBeGreaterThan(Date.parse(first.expiresAt));
  });

  it('other outcomes are still kept for the day: an apply retried an hour later is the same card', async () => {
    const { platform, person, advance } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const application = person().application();
    const key = { idempotencyKey: 'apply-retry-1' };
    const first = await client.apply(application, key);
    advance(60 * 60 * 1000);
    const retried = await client.apply(application, key);
    expect(retried.signNo).toBe(first.signNo);
  });

  it('a key used for a QR code is refused for another operation, and that operation changes nothing', async () => {
    const { platform, person } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const { signNo } = await client.apply(person().application());
    const key = { idempotencyKey: 'shared-key-1' };
    await client.issueQr({ signNo }, key);

    const reused = await client
      .changePassword({ signNo, oldPassword: PASSWORD, newPassword: '731946' }, key)
      .catch((e: unknown) => e);
    expect(isEsscError(reused, 'VALIDATION_FAILED') && reused.details.issues[0]?.path).toEqual([
      'idempotencyKey',
    ]);
    // The old password still works: the change was not made.
    await expect(
      client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: '731946' }),
    ).resolves.toBeUndefined();
  });
});
