/**
 * The racing steps of the model run (./races.ts), each kind in each crypto suite (§6.0):
 * R25 one refund id sent on two orders of one merchant at once, while the holder has a query
 * in flight; R24 getPayment while the charge of its order is in flight; R18 one real-person
 * proof of a father sent by two holders at once (adding him, then certifying him); R45 an
 * order code paid while its order id is charged by payment code, then refunded; R44 runs of
 * one month's disbursement at once, with the father's certification among them. Every run
 * starts from the prepared world and is mostly races, with ordinary steps between them; after
 * each race the outcomes must be those of one serial order in the model, and money is checked
 * as after every step.
 *
 * Runs: a twentieth of `ESSC_MODEL_RUNS` (default 60; 5 000 in `npm run test:long`) per kind
 * and suite, at least 5, each of at most 6 commands (a race is several calls). Reproduce with `ESSC_FC_SEED` / `ESSC_FC_PATH` as in ./model.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { raceStats } from './races.js';
import { seedRaceStats } from './seed-races.js';
import { modelProperty } from './steps.js';

const RUNS = Number(process.env.ESSC_MODEL_RUNS ?? 60);
const RACE_RUNS = Math.max(5, Math.round(RUNS / 20));
const seed =
  process.env.ESSC_FC_SEED === undefined ? {} : { seed: Number(process.env.ESSC_FC_SEED) };
const path = process.env.ESSC_FC_PATH === undefined ? {} : { path: process.env.ESSC_FC_PATH };

describe('racing steps against the mock platform (§6.0 R18, R24, R25)', () => {
  it.each([
    ['refund-id', 'jose'],
    ['refund-id', 'sm'],
    ['lookup', 'jose'],
    ['lookup', 'sm'],
    ['proof', 'jose'],
    ['proof', 'sm'],
    ['order', 'jose'],
    ['order', 'sm'],
    ['disbursement', 'jose'],
    ['disbursement', 'sm'],
  ] as const)(
    `agrees with the platform on ${RACE_RUNS} sequences with %s races (%s)`,
    async (racing, suite) => {
      const before = { ...raceStats, ...seedRaceStats };
      await fc.assert(modelProperty({ suite, racing, maxCommands: 6 }), {
        numRuns: RACE_RUNS,
        ...seed,
        ...path,
      });
      // The test of the race: it ran, and raced (a refund race sent while the holder's lock
      // was seen held; lookups sent while their charge was in flight; a proof raced twice).
      const raced = {
        'refund-id': raceStats.refundHeld - before.refundHeld,
        lookup: raceStats.lookupProbes - before.lookupProbes,
        proof:
          raceStats.familyAdd - before.familyAdd + raceStats.familyCertify - before.familyCertify,
        order: seedRaceStats.order - before.order,
        disbursement: seedRaceStats.disbursement - before.disbursement,
      }[racing];
      expect(raced).toBeGreaterThan(0);
    },
    600_000,
  );
});
