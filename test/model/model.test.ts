/**
 * Property-based model test of the channel flows, admin actions, payments, bills and the
 * family's proofs (R5–R17, R21–R27, R31–R33, §6.0): random sequences over three people, two
 * channels and three merchants, each step predicted by the model in ./model.ts (success or the
 * exact error code, attempts left included) and compared with the real mock platform, together
 * with every card's status and level in every channel, every login session's state, every
 * balance, payment and bill, and money conservation per person in BigInt (./real.ts).
 * The racing steps are in ./racing.test.ts. fast-check shrinks a failing sequence to its few
 * steps.
 *
 * Runs: `ESSC_MODEL_RUNS` (default 60 here, 5 000 in `npm run test:long`) sequences under the
 * jose suite, a tenth of that under sm. Reproduce a failure with `ESSC_FC_SEED=<seed>` (and
 * the printed path with `ESSC_FC_PATH`). `ESSC_MODEL_STATS=1` prints how often each step kind
 * ended how, to tune the generators.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkNewPassword } from '../../src/index.js';
import { PEOPLE, passwordText, STRONG_PASSWORDS, WEAK_PASSWORD } from './model.js';
import { modelProperty } from './steps.js';
import { outcomeTally } from './sync.js';

const RUNS = Number(process.env.ESSC_MODEL_RUNS ?? 60);
const SM_RUNS = Math.max(5, Math.round(RUNS / 10));
const seed =
  process.env.ESSC_FC_SEED === undefined ? {} : { seed: Number(process.env.ESSC_FC_SEED) };
const path = process.env.ESSC_FC_PATH === undefined ? {} : { path: process.env.ESSC_FC_PATH };

describe('model of R5–R33 against the mock platform', () => {
  // ESSC_MODEL_STATS=1 prints how often each step kind ended how (to tune the generators).
  afterAll(() => {
    if (process.env.ESSC_MODEL_STATS) {
      console.log(
        [...outcomeTally]
          .sort()
          .map(([k, n]) => `${k} ${n}`)
          .join('\n'),
      );
    }
  });

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

  it(`agrees with the platform on ${RUNS} random sequences (jose)`, async () => {
    await fc.assert(modelProperty(), { numRuns: RUNS, ...seed, ...path });
  }, 1_800_000);

  it(`agrees with the platform on ${SM_RUNS} random sequences (sm)`, async () => {
    await fc.assert(modelProperty({ suite: 'sm' }), { numRuns: SM_RUNS, ...seed, ...path });
  }, 600_000);

  // The test of the test: models that forget a rule must be caught. Fixed seeds make the
  // runs the same every time; endOnFailure skips the shrinking, which is not needed here.
  it.each([
    [
      'forgets that unbinding in one channel leaves the others bound (R12)',
      { unbindEverywhere: true },
    ],
    ['locks after the 6th wrong password instead of the 5th (R11)', { lockAfter: 6 }],
    ['rounds the pooled fund up (R23)', { pooledRoundsUp: true }],
    ['refunds the personal account before the bank (R25)', { refundPersonalFirst: true }],
  ])(
    'catches a model that %s',
    async (_, flaws) => {
      const details = await fc.check(modelProperty({ flaws }), {
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
