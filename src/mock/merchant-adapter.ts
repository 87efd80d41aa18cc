import type { PlatformEngine } from '../engine/engine.js';
import { MERCHANT_ROWS, type MerchantAdapter } from '../platform/acceptor-operations.js';
import type { FaultInjector } from './faults.js';
import { inProcessCall } from './mock-adapter.js';

export type { MerchantAdapter } from '../platform/acceptor-operations.js';

/**
 * The in-process adapter of a merchant: one generic call per merchant row of the operation
 * table, through the engine's pipeline under the platform's faults (so a test can lose a
 * charge's response after the platform committed it), nothing more. Charges are named by
 * order id and refunds by refund id, in the engine.
 */
export function createMockMerchantAdapter(
  engine: PlatformEngine,
  merchantId: string,
  faults: FaultInjector,
): MerchantAdapter {
  const adapter: Record<string, unknown> = { merchantId };
  for (const operation of Object.keys(MERCHANT_ROWS) as (keyof typeof MERCHANT_ROWS)[]) {
    adapter[operation] = inProcessCall(engine, faults, merchantId, operation);
  }
  return adapter as unknown as MerchantAdapter;
}
