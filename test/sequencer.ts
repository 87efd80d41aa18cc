import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order test files start in, over all projects at once:
 *
 * 1. the `runtime` project's files: short, and about the build the run has just announced,
 *    so the first results come within seconds;
 * 2. files that failed in the last run;
 * 3. the longest first, by the timings of earlier runs (vitest keeps them in
 *    node_modules/.vite/vitest), so that no long file starts last and leaves one worker alone.
 *    A file that runs the whole conformance suite (`runConformanceSuite(`, or a target's helper
 *    such as `httpConformance('sm')`: some 260 tests, 20–50 s) counts as long even when never timed (a fresh clone, as in CI) or last timed in
 *    a run filtered to a few of its tests: small as these files are, vitest's own order
 *    (biggest file first when untimed) would start them last.
 */
/** A file that runs the conformance suite, itself or through a target's helper (one per suite). */
const CONFORMANCE = /runConformanceSuite\(|\w+Conformance\('/;

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const { cache, config } = this.ctx;
    const known = (spec: TestSpecification) =>
      cache.getFileTestResults(`${spec.project.name}:${relative(config.root, spec.moduleId)}`);
    const estimate = (spec: TestSpecification): number => {
      const timed = known(spec)?.duration;
      // The last timing may be of a run filtered to a few of its tests (`-t`).
      if (CONFORMANCE.test(readFileSync(spec.moduleId, 'utf8'))) {
        return Math.max(timed ?? 0, 30_000);
      }
      // A rough guess for a file never timed: ten bytes of test file a millisecond.
      return timed ?? statSync(spec.moduleId).size / 10;
    };
    const keyed = files.map((spec) => ({
      spec,
      runtime: spec.project.name === 'runtime' ? 0 : 1,
      failed: known(spec)?.failed ? 0 : 1,
      estimate: estimate(spec),
    }));
    keyed.sort(
      (a, b) =>
        a.runtime - b.runtime ||
        a.failed - b.failed ||
        b.estimate - a.estimate ||
        a.spec.moduleId.localeCompare(b.spec.moduleId),
    );
    return keyed.map(({ spec }) => spec);
  }
}
