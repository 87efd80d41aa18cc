import type { PlatformEngine } from '../engine/engine.js';
import { PORTAL_ROWS, type PortalAdapter } from '../platform/acceptor-operations.js';
import type { FaultInjector } from './faults.js';
import { inProcessCall } from './mock-adapter.js';

export type { PortalAdapter } from '../platform/acceptor-operations.js';

/**
 * The in-process adapter of a government portal: one generic call per portal row of the
 * operation table, through the engine's pipeline (which keeps a session per idempotency key,
 * as over the wire), and the platform's keys. It decides nothing.
 */
export function createMockPortalAdapter(
  engine: PlatformEngine,
  portalId: string,
  faults: FaultInjector,
): PortalAdapter {
  const adapter: Record<string, unknown> = { portalId, jwks: () => engine.jwks() };
  for (const operation of Object.keys(PORTAL_ROWS) as (keyof typeof PORTAL_ROWS)[]) {
    adapter[operation] = inProcessCall(engine, faults, portalId, operation);
  }
  return adapter as unknown as PortalAdapter;
}
