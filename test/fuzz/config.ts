/**
 * Shared knobs of the fuzz tests: `ESSC_FUZZ_MULTIPLIER` scales every target's number of
 * inputs (1 in CI, more in `npm run test:long`); `ESSC_FC_SEED` replays a failing run.
 */
const multiplier = Number(process.env.ESSC_FUZZ_MULTIPLIER ?? 1);

/** fast-check parameters for a target tried `runs` times at multiplier 1. */
export function fuzzParameters(runs: number): { numRuns: number; seed?: number } {
  const seed = process.env.ESSC_FC_SEED;
  return {
    numRuns: Math.max(1, Math.round(runs * multiplier)),
    ...(seed === undefined ? {} : { seed: Number(seed) }),
  };
}
