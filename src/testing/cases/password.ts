import { expect } from 'vitest';
import type { WeakPasswordReason } from '../../domain/errors.js';
import { isEsscError } from '../../domain/errors.js';
import {
  birthYyMmDd,
  lastSix,
  NEW_PASSWORD,
  OTHER_PASSWORD,
  PASSWORD,
  WRONG_PASSWORD,
} from '../people.js';
import type { Person, World } from '../world.js';
import { type CaseGroup, conformanceCase } from './case.js';

/** Passwords R9 refuses for `person`, with the reason each must be refused for. */
function weakPasswords(person: Person): { password: string; reason: WeakPasswordReason }[] {
  return [
    { password: '111111', reason: 'same-digit' },
    { password: '123456', reason: 'sequence' },
    { password: '654321', reason: 'sequence' },
    { password: lastSix(person.idNumber), reason: 'from-id-number' },
    { password: birthYyMmDd(person.idNumber), reason: 'from-id-number' },
  ];
}

/** The code and weak-password reason a call was refused with, or `'accepted'`. */
async function outcome(
  call: Promise<unknown>,
): Promise<{ code: string; reason?: unknown } | 'accepted'> {
  try {
    await call;
    return 'accepted';
  } catch (error) {
    if (!isEsscError(error)) throw error;
    const reason = (error.details as { reason?: unknown } | undefined)?.reason;
    return { code: error.code, ...(reason === undefined ? {} : { reason }) };
  }
}

/** Asserts that every weak password was refused with WEAK_PASSWORD and its reason. */
async function expectAllWeak(
  person: Person,
  attempt: (password: string) => Promise<unknown>,
): Promise<void> {
  const cases = weakPasswords(person);
  const seen = [];
  for (const { password } of cases)
    seen.push({ password, outcome: await outcome(attempt(password)) });
  expect(seen).toEqual(
    cases.map(({ password, reason }) => ({ password, outcome: { code: 'WEAK_PASSWORD', reason } })),
  );
}

/** Five wrong passwords, spread over two channels: the password is locked. */
async function lock(w: World, signNo: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const channel = attempt % 2 === 0 ? w.a : w.b;
    const call = w
      .client(channel)
      .changePassword({ signNo, oldPassword: WRONG_PASSWORD, newPassword: OTHER_PASSWORD });
    if (attempt < 4) await w.refused(call, 'PASSWORD_INCORRECT', { attemptsLeft: 4 - attempt });
    else await w.refused(call, 'PASSWORD_LOCKED');
  }
}

export const password: CaseGroup = {
  title: 'the shared password (R9, R10, R11)',
  cases: [
    conformanceCase(
      'R9',
      'weak-at-apply',
      'the first application refuses a weak password with WEAK_PASSWORD and the reason: one digit repeated, a run, the last six of the ID number, the birth date',
      async (w) => {
        const person = await w.person();
        await expectAllWeak(person, async (weak) => w.apply(person, w.a, { password: weak }));
        expect((await w.apply(person)).status).toBe('active');
      },
    ),
    conformanceCase(
      'R9',
      'weak-at-change',
      'a password change refuses a weak new password with WEAK_PASSWORD and the reason, and keeps the old one',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person);
        const client = w.client(w.a);
        await expectAllWeak(person, (weak) =>
          client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: weak }),
        );
        await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
      },
    ),
    conformanceCase(
      'R9',
      'weak-at-reset',
      'a password reset refuses a weak new password with WEAK_PASSWORD and the reason, and keeps the old one',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person);
        const client = w.client(w.a);
        await expectAllWeak(person, async (weak) =>
          client.resetPassword({ signNo, realPerson: await w.proof(person), newPassword: weak }),
        );
        await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
      },
    ),
    conformanceCase(
      'R9',
      'reused-at-change',
      'a change to the same password is refused with PASSWORD_REUSED',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person);
        await w.refused(
          w.client(w.a).changePassword({ signNo, oldPassword: PASSWORD, newPassword: PASSWORD }),
          'PASSWORD_REUSED',
        );
      },
    ),
    conformanceCase(
      'R9',
      'reused-at-reset',
      'a reset to the current password is refused with PASSWORD_REUSED',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person);
        await w.refused(
          w.client(w.a).resetPassword({
            signNo,
            realPerson: await w.proof(person),
            newPassword: PASSWORD,
          }),
          'PASSWORD_REUSED',
        );
      },
    ),
    conformanceCase(
      'R10',
      'change-everywhere',
      'a password changed in one channel works in every channel at once, and the old one no longer does',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person, w.a);
        await w.apply(person, w.b);
        await w
          .client(w.a)
          .changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
        await w.refused(
          w
            .client(w.b)
            .changePassword({ signNo, oldPassword: PASSWORD, newPassword: OTHER_PASSWORD }),
          'PASSWORD_INCORRECT',
        );
        await w
          .client(w.b)
          .changePassword({ signNo, oldPassword: NEW_PASSWORD, newPassword: OTHER_PASSWORD });
        // A third channel's application verifies the password as it is now.
        expect((await w.apply(person, w.c, { password: OTHER_PASSWORD })).signNo).toBe(signNo);
      },
    ),
    conformanceCase(
      'R10',
      'change-needs-old-password',
      'a change needs the right old password: a wrong one is PASSWORD_INCORRECT and changes nothing',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person);
        const client = w.client(w.a);
        await w.refused(
          client.changePassword({ signNo, oldPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
      },
    ),
    conformanceCase(
      'R10',
      'reset-everywhere',
      'a reset with a real-person proof needs no old password and takes effect in every channel at once',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person, w.a);
        await w.apply(person, w.b);
        await w.client(w.a).resetPassword({
          signNo,
          realPerson: await w.proof(person),
          newPassword: NEW_PASSWORD,
        });
        await w.refused(
          w
            .client(w.b)
            .changePassword({ signNo, oldPassword: PASSWORD, newPassword: OTHER_PASSWORD }),
          'PASSWORD_INCORRECT',
        );
        await w
          .client(w.b)
          .changePassword({ signNo, oldPassword: NEW_PASSWORD, newPassword: OTHER_PASSWORD });
      },
    ),
    conformanceCase(
      'R10',
      'reset-needs-proof-of-holder',
      "a reset with another person's real-person proof is refused with REAL_PERSON_FAILED and changes nothing",
      async (w) => {
        const person = await w.person();
        const other = await w.person();
        const { signNo } = await w.apply(person);
        const client = w.client(w.a);
        await w.refused(
          client.resetPassword({
            signNo,
            realPerson: await w.proof(other),
            newPassword: NEW_PASSWORD,
          }),
          'REAL_PERSON_FAILED',
        );
        await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
      },
    ),
    conformanceCase(
      'R11',
      'attempts-counted-across-channels',
      'wrong passwords are counted per e-card across channels: 4, 3, 2, 1 attempts left, then PASSWORD_LOCKED',
      async (w) => {
        const person = await w.person({ bankAccountActive: true });
        const { signNo } = await w.apply(person, w.a);
        await w.apply(person, w.b);
        const wrong = { password: WRONG_PASSWORD };
        const a = w.client(w.a);
        const b = w.client(w.b);
        await w.refused(
          a.changePassword({ signNo, oldPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        await w.refused(b.unbind({ signNo, verification: wrong }), 'PASSWORD_INCORRECT', {
          attemptsLeft: 3,
        });
        await w.refused(a.enablePayment({ signNo, verification: wrong }), 'PASSWORD_INCORRECT', {
          attemptsLeft: 2,
        });
        await w.refused(
          b.changePassword({ signNo, oldPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 1 },
        );
        await w.refused(a.unbind({ signNo, verification: wrong }), 'PASSWORD_LOCKED', {
          attemptsLeft: 0,
        });
      },
    ),
    conformanceCase(
      'R11',
      'locked-refuses-right-password',
      'a locked password refuses even the right password, in every channel and at a new application',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person, w.a);
        await w.apply(person, w.b);
        await lock(w, signNo);
        await w.refused(
          w
            .client(w.a)
            .changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD }),
          'PASSWORD_LOCKED',
        );
        await w.refused(
          w.client(w.b).unbind({ signNo, verification: { password: PASSWORD } }),
          'PASSWORD_LOCKED',
        );
        expect((await w.client(w.b).getCard({ signNo })).signNo).toBe(signNo);
        await w.refused(w.apply(person, w.c), 'PASSWORD_LOCKED');
        await w.refused(w.client(w.c).getCard({ signNo }), 'NOT_BOUND');
      },
    ),
    conformanceCase(
      'R11',
      'right-password-resets-count',
      'a right password before the fifth failure resets the count',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person, w.a);
        await w.apply(person, w.b);
        const a = w.client(w.a);
        for (let attemptsLeft = 4; attemptsLeft >= 1; attemptsLeft--) {
          await w.refused(
            a.changePassword({ signNo, oldPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD }),
            'PASSWORD_INCORRECT',
            { attemptsLeft },
          );
        }
        await w
          .client(w.b)
          .changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
        await w.refused(
          a.changePassword({ signNo, oldPassword: WRONG_PASSWORD, newPassword: OTHER_PASSWORD }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
      },
    ),
    conformanceCase(
      'R11',
      'reset-unlocks',
      'a reset with a real-person proof unlocks a locked password, in every channel',
      async (w) => {
        const person = await w.person();
        const { signNo } = await w.apply(person, w.a);
        await w.apply(person, w.b);
        await lock(w, signNo);
        await w.client(w.a).resetPassword({
          signNo,
          realPerson: await w.proof(person),
          newPassword: NEW_PASSWORD,
        });
        await w
          .client(w.b)
          .changePassword({ signNo, oldPassword: NEW_PASSWORD, newPassword: OTHER_PASSWORD });
        await w.refused(
          w
            .client(w.a)
            .changePassword({ signNo, oldPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
      },
    ),
  ],
};
