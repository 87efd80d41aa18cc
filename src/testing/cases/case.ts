import type { TestContext } from 'vitest';
import type { World } from '../world.js';

/** One behaviour of one rule, run on a fresh target. */
export interface ConformanceCase {
  /** `R<n>/<slug>`: stable, what `skip` names. */
  id: string;
  /** The behaviour, as the rule reads. */
  title: string;
  run(world: World, context: TestContext): Promise<void>;
}

/** The cases of one part of the rules, registered as one `describe`. */
export interface CaseGroup {
  title: string;
  cases: ConformanceCase[];
}

/** Declares a case of rule `rule` (e.g. `'R11'`). */
export function conformanceCase(
  rule: string,
  slug: string,
  title: string,
  run: (world: World, context: TestContext) => Promise<void>,
): ConformanceCase {
  return { id: `${rule}/${slug}`, title, run };
}

/** Skips the rest of a test that needs the test clock, when the target has none. */
export function requireClock(world: World, context: TestContext): (ms: number) => Promise<void> {
  const advance = world.target.advanceTime?.bind(world.target);
  if (!advance) {
    return context.skip('the target has no advanceTime (test clock), so expiry cannot be reached');
  }
  return async (ms) => {
    await advance(ms);
  };
}

/** Skips the rest of a test about notifications, when the channel's adapter has no push path. */
export function requireNotifications(world: World, context: TestContext, channelId: string): void {
  if (!world.hasNotifications(channelId)) {
    context.skip(
      `the adapter of channel "${channelId}" has no subscribe(): it cannot deliver status notifications`,
    );
  }
}
