import type { PlatformEngine } from '../engine/engine.js';
import { protocolError } from '../wire/errors.js';
import type { ADMIN_VIEW_ROUTES } from '../wire/routes/admin-views.js';
import type { Operations } from './operations.js';

/** How many payments `GET /admin/payments` answers. */
const RECENT_PAYMENTS = 100;

/**
 * The operations of the console's routes: the engine's back-office views, the sandbox's
 * activity log, the balances control and the test clock. Nothing is decided here.
 *
 * @example
 * ```ts
 * const { persons } = await adminViewOperations.listPersons(context);
 * ```
 * @internal
 */
export const adminViewOperations: Operations<typeof ADMIN_VIEW_ROUTES> = {
  listPersons: async ({ platform }) => ({ persons: platform.engine.persons() }),
  getPerson: async ({ platform, params }) => platform.engine.person(params.idNumber),
  getCardHolder: async ({ platform, params }) => platform.engine.holderOfCard(params.cardNo),
  setBalances: async ({ platform, params, body }) => {
    await platform.engine.setBalances(params.idNumber, body);
    return platform.balances(params.idNumber);
  },
  listParties: async ({ platform }) => platform.engine.parties(),
  recentPayments: async ({ platform }) => ({
    payments: platform.engine.recentPayments(RECENT_PAYMENTS),
  }),
  activity: async ({ platform, activity }) => ({
    ...activity.snapshot(),
    faults: platform.faults.state(),
  }),
  getClock: async ({ platform, testClock }) => clockOf(platform.engine, testClock !== undefined),
  advanceClock: async ({ platform, testClock, body }) => {
    if (!testClock) {
      throw protocolError(
        409,
        'This sandbox runs no test clock; start it with essc-sandbox --test-clock (or startSandbox({ testClock })).',
      );
    }
    testClock.advance(body.ms);
    return clockOf(platform.engine, true);
  },
};

function clockOf(engine: PlatformEngine, testClock: boolean): { now: string; testClock: boolean } {
  return { now: new Date(engine.now()).toISOString(), testClock };
}
