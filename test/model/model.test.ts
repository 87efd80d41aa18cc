/**
 * Property-based model test of the channel flows and admin actions (R5–R17): random
 * sequences over three people and two channels, each step predicted by the model in
 * ./model.ts (success or the exact error code, attempts left included) and compared with the
 * real mock platform, together with every card's status and level in every channel and every
 * login session's state. fast-check shrinks a failing sequence to its few steps.
 *
 * Runs: `ESSC_MODEL_RUNS` (default 200 here, 5 000 in `npm run test:long`); reproduce a
 * failure with `ESSC_FC_SEED=<seed>` (and the printed path with `ESSC_FC_PATH`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNewPassword } from '../../src/index.js';
import { PEOPLE, passwordText, STRONG_PASSWORDS, WEAK_PASSWORD } from './model.js';
import { modelProperty } from './steps.js';

const RUNS = Number(process.env.ESSC_MODEL_RUNS ?? 200);
const seed =
  process.env.ESSC_FC_SEED === undefined ? {} : { seed: Number(process.env.ESSC_FC_SEED) };
const path = process.env.ESSC_FC_PATH === undefined ? {} : { path: process.env.ESSC_FC_PATH };

describe('model of R5–R17 against the mock platform', () => {
  it('uses passwords whose strength the model knows', () => {
    for (const person of PEOPLE) {
      for (const password of STRONG_PASSWORDS) {
        expect(checkNewPassword(password, { idNumber: person.idNumber })).toEqual({ ok: true });
      }
      expect(checkNewPassword(WEAK_PASSWORD).ok).toBe(false);
      const birth = passwordText('birth', PEOPLE.indexOf(person));
      expect(checkNewPassword(birth).ok, `${birth} passes the generic rules`).toBe(true);
      expect(checkNewPassword(birth, { idNumber: person.idNumber })).toMatchObject({
        ok: false,
        reason: 'from-id-number',
      });
    }
  });

  it(`agrees with the platform on ${RUNS} random sequences`, async () => {
    await fc.assert(modelProperty(), { numRuns: RUNS, ...seed, ...path });
  }, 600_000);

  // The test of the test: models that forget a rule must be caught. Fixed seeds make the
  // runs the same every time; endOnFailure skips the shrinking, which is not needed here.
  it.each([
    [
      'forgets that unbinding in one channel leaves the others bound (R12)',
      { unbindEverywhere: true },
    ],
    ['locks after the 6th wrong password instead of the 5th (R11)', { lockAfter: 6 }],
  ])(
    'catches a model that %s',
    async (_, flaws) => {
      const details = await fc.check(modelProperty(flaws), {
        numRuns: 300,
        seed: 9,
        endOnFailure: true,
      });
      expect(details.failed).toBe(true);
      expect(String(details.errorInstance)).toMatch(/expected|toEqual|toBe/i);
    },
    120_000,
  );
});
