/**
 * Issue 9, defect 5: an idempotency key reused with a different secret is a different
 * request and is refused; a true retry (the same secret, sealed again) gets the first outcome.
 */
import { describe, expect, it } from 'vitest';
import { isEsscError } from '../../src/domain/errors.js';
import { createClient } from '../../src/index.js';
import { NEW_PASSWORD, OTHER_PASSWORD, PASSWORD } from '../../src/testing/people.js';
import { mockPlatform } from '../client/helpers.js';

async function codeOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isEsscError(error)) throw new Error(`expected an EsscError, got ${String(error)}`);
  return error.code;
}

describe('idempotency fingerprints cover the opened secrets (R20, issue 9 defect 5)', () => {
  it('changePassword(A→B, k1) then (B→C, k1): the second is refused, the password stays B', async () => {
    const { platform, person } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const { signNo } = await client.apply(person().application());
    const k1 = { idempotencyKey: 'change-1' };

    await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD }, k1);
    // A true retry: the same secrets, sealed again (another JWE), gets the first outcome.
    await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD }, k1);
    // Another request under the same key is refused, as for a different non-secret field.
    expect(
      await codeOf(
        client.changePassword(
          { signNo, oldPassword: NEW_PASSWORD, newPassword: OTHER_PASSWORD },
          k1,
        ),
      ),
    ).toBe('VALIDATION_FAILED');

    // The password is B: B→C under a new key works, and A is wrong.
    expect(
      await codeOf(
        client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: OTHER_PASSWORD }),
      ),
    ).toBe('PASSWORD_INCORRECT');
    await client.changePassword({ signNo, oldPassword: NEW_PASSWORD, newPassword: OTHER_PASSWORD });
  });

  it('a different proof under one key is a different request too', async () => {
    const { platform, person } = mockPlatform();
    const client = createClient({ adapter: platform.adapter('wechat') });
    const zhang = person();
    const { signNo } = await client.apply(zhang.application());
    const key = { idempotencyKey: 'reset-1' };
    const input = { signNo, realPerson: platform.realPersonProof(zhang.idNumber) };
    await client.resetPassword({ ...input, newPassword: NEW_PASSWORD }, key);
    await client.resetPassword({ ...input, newPassword: NEW_PASSWORD }, key);
    expect(
      await codeOf(
        client.resetPassword(
          {
            signNo,
            realPerson: platform.realPersonProof(zhang.idNumber),
            newPassword: NEW_PASSWORD,
          },
          key,
        ),
      ),
    ).toBe('VALIDATION_FAILED');
  });
});
