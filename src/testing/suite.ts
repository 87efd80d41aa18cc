import { afterEach, beforeEach, describe, it } from 'vitest';
import { application } from './cases/application.js';
import { applications } from './cases/applications.js';
import { benefits } from './cases/benefits.js';
import { bills } from './cases/bills.js';
import type { CaseGroup } from './cases/case.js';
import { certification } from './cases/certification.js';
import { channels } from './cases/channels.js';
import { consent } from './cases/consent.js';
import { family } from './cases/family.js';
import { hostedPages } from './cases/hosted.js';
import { hostedRefusals } from './cases/hosted-refusals.js';
import { login } from './cases/login.js';
import { lossReport } from './cases/loss-report.js';
import { offline } from './cases/offline.js';
import { orderCodeRaces } from './cases/order-code-races.js';
import { orderCodeRefusals } from './cases/order-code-refusals.js';
import { orderCodes } from './cases/order-codes.js';
import { password } from './cases/password.js';
import { payment } from './cases/payment.js';
import { paymentRaces } from './cases/payment-races.js';
import { proofRaces } from './cases/proof-races.js';
import { queries } from './cases/queries.js';
import { rowContract } from './cases/row-contract.js';
import { security } from './cases/security.js';
import { settlement } from './cases/settlement.js';
import { replacement, status } from './cases/status.js';
import { unbinding } from './cases/unbinding.js';
import { unknownFields } from './cases/unknown-fields.js';
import type { ConformanceTarget } from './target.js';
import { World } from './world.js';

/** The groups in the order of the rules. */
const GROUPS: readonly CaseGroup[] = [
  application,
  channels,
  password,
  unbinding,
  status,
  replacement,
  payment,
  login,
  security,
  settlement,
  paymentRaces,
  orderCodes,
  orderCodeRaces,
  orderCodeRefusals,
  bills,
  queries,
  applications,
  consent,
  family,
  certification,
  hostedPages,
  hostedRefusals,
  offline,
  lossReport,
  benefits,
  proofRaces,
  unknownFields,
  rowContract,
];

/**
 * Options of {@link runConformanceSuite}.
 *
 * @example
 * ```ts
 * const options: ConformanceSuiteOptions = { skip: ['R17/expired'], timeout: 30_000 };
 * runConformanceSuite('my adapter', setup, options);
 * ```
 */
export interface ConformanceSuiteOptions {
  /**
   * Cases to skip: a case id as shown in brackets in its title (`'R17/expired'`), or a whole
   * rule (`'R17'`). An id that names no case throws, so a typo cannot silently skip nothing.
   */
  skip?: readonly string[];
  /** Per-test timeout in milliseconds; defaults to the runner's `testTimeout`. */
  timeout?: number;
  /**
   * Runs one shard of the cases: every `count`-th case from the `index`-th (1-based, as
   * vitest's `--shard`). Several test files, one shard each, run a slow target's suite in
   * parallel workers; together the shards of one target run every case once.
   *
   * @example
   * ```ts
   * // test/conformance.1.test.ts, …2, …3: one shard each
   * runConformanceSuite('my adapter', setup, { shard: { index: 1, count: 3 } });
   * ```
   */
  shard?: {
    /** Which shard this file runs, from 1. */
    index: number;
    /** How many shards the target's suite is split into. */
    count: number;
  };
}

/**
 * Registers the adapter conformance suite: a vitest `describe` named `name` with one test per
 * behaviour of the domain rules (R1–R30), each a success or a refusal a user would notice.
 * Every test runs on a fresh target from `setup` (closed afterwards) and drives the platform
 * only through `createClient({ adapter: target.adapter(channelId) })`, the portal adapter and
 * the target's admin controls, so the same suite runs unchanged against the mock, an HTTP
 * adapter talking to a sandbox, a relay, or a third-party adapter.
 *
 * Tests that need the test clock skip themselves when the target has no `advanceTime`, tests
 * about notifications when the adapter has no `subscribe`, the payment cases (R21–R27)
 * when the target has no `merchants` (or its admin no `balances`), and the R30 cases that need
 * two portals (or one registered with `signNo`) when it has no such `otherPortal`; the skip
 * note says why.
 *
 * @param name - the `describe` title, e.g. the adapter under test.
 * @param setup - makes a fresh {@link ConformanceTarget}; called before each test.
 * @param options - cases to skip, timeout, the shard to run.
 * @example
 * ```ts
 * // test/essc-conformance.test.ts
 * import { MockPlatform } from 'essc-sdk/mock';
 * import { runConformanceSuite } from 'essc-sdk/testing';
 *
 * runConformanceSuite('MockPlatform', () => {
 *   let now = Date.UTC(2026, 0, 1);
 *   const platform = new MockPlatform({ now: () => now });
 *   const channels = ['wechat', 'alipay', 'bank-app'] as const;
 *   for (const id of channels) platform.registerChannel({ id, name: id });
 *   platform.registerPortal({ id: 'gov-portal', name: '国家政务服务平台' });
 *   return {
 *     channels,
 *     adapter: (channelId) => platform.adapter(channelId),
 *     portal: { id: 'gov-portal', name: '国家政务服务平台', adapter: () => platform.portalAdapter('gov-portal') },
 *     admin: platform,
 *     advanceTime: (ms) => { now += ms; },
 *     now: () => now,
 *   };
 * });
 * ```
 */
export function runConformanceSuite(
  name: string,
  setup: () => Promise<ConformanceTarget> | ConformanceTarget,
  options: ConformanceSuiteOptions = {},
): void {
  const skip = new Set(options.skip ?? []);
  const ids = GROUPS.flatMap((group) => group.cases.map((c) => c.id));
  const rules = new Set(ids.map((id) => id.split('/')[0]!));
  const unknown = [...skip].filter((entry) => !ids.includes(entry) && !rules.has(entry));
  if (unknown.length > 0) {
    throw new Error(
      `runConformanceSuite: skip names no case: ${unknown.join(', ')}. Known cases: ${ids.join(', ')}.`,
    );
  }
  const testOptions = options.timeout === undefined ? {} : { timeout: options.timeout };
  const shard = options.shard ?? { index: 1, count: 1 };
  if (
    !Number.isInteger(shard.count) ||
    shard.count < 1 ||
    !Number.isInteger(shard.index) ||
    shard.index < 1 ||
    shard.index > shard.count
  ) {
    throw new Error('runConformanceSuite: shard must be { index, count } with 1 ≤ index ≤ count.');
  }
  // The shard's cases, by position in the whole suite; a group with none of them is left out
  // (vitest refuses an empty describe).
  let position = 0;
  const groups = GROUPS.map((group) => ({
    title: group.title,
    cases: group.cases.filter(() => position++ % shard.count === shard.index - 1),
  })).filter((group) => group.cases.length > 0);

  describe(name, () => {
    // Keyed by the test, so the suite also holds when a runner runs tests concurrently.
    const worlds = new WeakMap<object, World>();

    beforeEach(async (context) => {
      worlds.set(context.task, new World(await setup()));
    });

    afterEach(async (context) => {
      const world = worlds.get(context.task);
      worlds.delete(context.task);
      await world?.close();
    });

    for (const group of groups) {
      describe(group.title, () => {
        for (const c of group.cases) {
          const skipped = skip.has(c.id) || skip.has(c.id.split('/')[0]!);
          const register = skipped ? it.skip : it;
          register(`[${c.id}] ${c.title}`, testOptions, async (context) => {
            const world = worlds.get(context.task);
            if (!world) throw new Error('runConformanceSuite: the target was not set up');
            await c.run(world, context);
          });
        }
      });
    }
  });
}
