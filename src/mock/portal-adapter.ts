import type { PlatformEngine } from '../engine/engine.js';
import type { PortalAdapter } from '../platform/port.js';

export type { PortalAdapter } from '../platform/port.js';

/**
 * The in-process adapter of a government portal: it calls the reference engine, nothing more
 * (the engine keeps a session per idempotency key, as it does over the wire).
 */
export function createMockPortalAdapter(engine: PlatformEngine, portalId: string): PortalAdapter {
  return {
    portalId,
    createLoginSession: (ctx, input) =>
      engine.createLoginSession(portalId, ctx?.idempotencyKey, input),
    getLoginSession: ({ sessionId }) => engine.getLoginSession(portalId, sessionId),
    jwks: () => engine.jwks(),
  };
}
