import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/client.js';
import { type EsscError, isEsscError, type WeakPasswordReason } from '../../src/domain/errors.js';
import { callsTo, SIGN_NO, spyAdapter } from './helpers.js';

const WEAK: [password: string, reason: WeakPasswordReason][] = [
  ['111111', 'same-digit'],
  ['123456', 'sequence'],
  ['654321', 'sequence'],
  ['123123', 'common'],
  ['12345', 'format'],
  ['12345a', 'format'],
];

async function weakRefusal(call: Promise<unknown>): Promise<EsscError<'WEAK_PASSWORD'>> {
  const error = await call.then(
    () => expect.unreachable('the call was accepted'),
    (e: unknown) => e,
  );
  expect(isEsscError(error, 'WEAK_PASSWORD'), String(error)).toBe(true);
  return error as EsscError<'WEAK_PASSWORD'>;
}

describe('the client refuses a weak new password itself (R9), with the reason', () => {
  it.each(WEAK)('changePassword to %s is WEAK_PASSWORD (%s)', async (newPassword, reason) => {
    const adapter = spyAdapter();
    const client = createClient({ adapter });
    const error = await weakRefusal(
      client.changePassword({ signNo: SIGN_NO, oldPassword: '258046', newPassword }),
    );
    expect(error.details).toEqual({ reason });
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(newPassword);
    expect(callsTo(adapter)).toBe(0);
  });

  it.each(WEAK)('resetPassword to %s is WEAK_PASSWORD (%s)', async (newPassword, reason) => {
    const adapter = spyAdapter();
    const client = createClient({ adapter });
    const error = await weakRefusal(
      client.resetPassword({ signNo: SIGN_NO, realPerson: 'rp_proof', newPassword }),
    );
    expect(error.details).toEqual({ reason });
    expect(callsTo(adapter)).toBe(0);
  });

  it('leaves the rules that need the ID number to the platform: the call goes through', async () => {
    const adapter = spyAdapter();
    const client = createClient({ adapter });
    // A birth date as yyMMdd is weak only for the person born that day; the client cannot know.
    await client.changePassword({ signNo: SIGN_NO, oldPassword: '258046', newPassword: '900307' });
    expect(adapter.changePassword).toHaveBeenCalledOnce();
  });
});
