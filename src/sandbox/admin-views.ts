import type { PlatformEngine } from '../engine/engine.js';
import { engineOf } from '../mock/mock-platform.js';
import { protocolError } from '../wire/errors.js';
import type { ADMIN_VIEW_ROUTES } from '../wire/routes/admin-views.js';
import type { Operations } from './operations.js';

/** How many payments `GET /admin/payments` answers. */
const RECENT_PAYMENTS = 100;

/**
 * The operations of the console's routes: the engine's back-office views, the sandbox's
 * activity log, the balances control and the test clock. Nothing is decided here.
 *
 * @internal
 */
export const adminViewOperations: Operations<typeof ADMIN_VIEW_ROUTES> = {
  listPersons: async ({ platform }) => ({ persons: engineOf(platform).persons() }),
  getPerson: async ({ platform, params }) => engineOf(platform).person(params.idNumber),
  getCardHolder: async ({ platform, params }) => engineOf(platform).holderOfCard(params.cardNo),
  setBalances: async ({ platform, params, body }) => {
    await engineOf(platform).setBalances(params.idNumber, body);
    return platform.balances(params.idNumber);
  },
  listParties: async ({ platform }) => engineOf(platform).parties(),
  recentPayments: async ({ platform }) => ({
    payments: engineOf(platform).recentPayments(RECENT_PAYMENTS),
  }),
  activity: async ({ platform, activity }) => ({
    ...activity.snapshot(),
    faults: platform.faults.state(),
  }),
  getClock: async ({ platform, testClock }) => clockOf(engineOf(platform), testClock !== undefined),
  advanceClock: async ({ platform, testClock, body }) => {
    if (!testClock) {
      throw protocolError(
        409,
        'This sandbox runs no test clock; start it with essc-sandbox --test-clock (or startSandbox({ testClock })).',
      );
    }
    testClock.advance(body.ms);
    return clockOf(engineOf(platform), true);
  },
};

function clockOf(engine: PlatformEngine, testClock: boolean): { now: string; testClock: boolean } {
  return { now: new Date(engine.now()).toISOString(), testClock };
}
