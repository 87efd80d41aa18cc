import type { PlatformEngine } from '../engine/engine.js';
import type { MerchantAdapter } from '../platform/port.js';
import type { FaultInjector } from './faults.js';

export type { MerchantAdapter } from '../platform/port.js';

/**
 * The in-process adapter of a merchant: it calls the reference engine under the platform's
 * faults (so a test can lose a charge's response after the platform committed it), nothing
 * more. Charges are idempotent by order id and refunds by refund id, in the engine.
 */
export function createMockMerchantAdapter(
  engine: PlatformEngine,
  merchantId: string,
  faults: FaultInjector,
): MerchantAdapter {
  return {
    merchantId,
    charge: (input, ctx) =>
      faults.run('charge', () => engine.charge(merchantId, input), ctx?.signal),
    getPayment: (input, ctx) =>
      faults.run('getPayment', () => engine.getPayment(merchantId, input), ctx?.signal),
    refund: (input, ctx) =>
      faults.run('refund', () => engine.refund(merchantId, input), ctx?.signal),
  };
}
