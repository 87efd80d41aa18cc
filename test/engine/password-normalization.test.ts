/**
 * Issue 9, defect 1: the engine puts every password it opens in NFKC and requires 6 ASCII
 * digits before it hashes or compares, so a channel calling the platform without the SDK
 * client (its own adapter) sets and checks the password an SDK client would.
 */
import { describe, expect, it } from 'vitest';
import { isEsscError } from '../../src/domain/errors.js';
import { createClient } from '../../src/index.js';
import { NEW_PASSWORD, PASSWORD } from '../../src/testing/people.js';
import { mockPlatform } from '../client/helpers.js';

const FULL_WIDTH = '２５８０４６'; // PASSWORD typed with a Chinese input method

async function codeOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isEsscError(error)) throw new Error(`expected an EsscError, got ${String(error)}`);
  return error.code;
}

describe('passwords the engine opens are normalized (R9, issue 9 defect 1)', () => {
  it('a full-width password set through a raw adapter is matched by the client’s ASCII one', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    // The raw adapter: no client, no client-side normalization.
    const card = await platform
      .adapter('wechat')
      .apply({ ...zhang.application(), password: FULL_WIDTH }, {});

    const client = createClient({ adapter: platform.adapter('wechat') });
    await client.changePassword({
      signNo: card.signNo,
      oldPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    // A later channel verifies the shared password the same way (R8).
    const alipay = createClient({ adapter: platform.adapter('alipay') });
    await expect(
      alipay.apply({ ...zhang.application(), password: NEW_PASSWORD }),
    ).resolves.toMatchObject({ channelId: 'alipay' });
  });

  it('a password that is not 6 digits once normalized is refused, and changes nothing', async () => {
    const { platform, person } = mockPlatform();
    const zhang = person();
    const raw = platform.adapter('wechat');
    expect(await codeOf(raw.apply({ ...zhang.application(), password: '２５８０四６' }, {}))).toBe(
      'VALIDATION_FAILED',
    );
    // Nothing was bound, and the proof was not spent: the same application goes through.
    const card = await raw.apply(zhang.application(), {});

    expect(
      await codeOf(
        raw.changePassword(
          { signNo: card.signNo, oldPassword: PASSWORD, newPassword: '７３９１６ｘ' },
          {},
        ),
      ),
    ).toBe('WEAK_PASSWORD');
    expect(
      await codeOf(
        raw.changePassword(
          { signNo: card.signNo, oldPassword: `${PASSWORD}\u0000`, newPassword: NEW_PASSWORD },
          {},
        ),
      ),
    ).toBe('VALIDATION_FAILED');
    // The password is still the first one, and no attempt was counted against it.
    const client = createClient({ adapter: raw });
    await client.changePassword({
      signNo: card.signNo,
      oldPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
    });
  });
});
