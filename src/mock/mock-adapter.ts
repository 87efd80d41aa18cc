import { sealSecret } from '../crypto/index.js';
import type { PlatformEngine } from '../engine/engine.js';
import type { AnyOperation } from '../platform/acceptor-operations.js';
import { PLATFORM_OPERATIONS } from '../platform/operations.js';
import type { PlatformAdapter, RequestContext } from '../platform/port.js';
import { sealedSecretContext } from '../platform/protocol.js';
import { sealSecrets } from '../platform/seal-secrets.js';
import type { FaultInjector } from './faults.js';

/**
 * The in-process adapter of a channel: one generic call per row of the operation table. It seals the
 * row's secrets to the platform's key like a real adapter would, passes every other field as
 * it came, and calls the reference engine's pipeline. It decides nothing.
 */
export function createMockAdapter(
  engine: PlatformEngine,
  channelId: string,
  faults: FaultInjector,
): PlatformAdapter {
  const seal = async (secret: string) =>
    sealSecret(await engine.encryptionPublicKey(), secret, sealedSecretContext(channelId));

  const adapter: Record<string, unknown> = {
    channelId,
    subscribe: (listener: Parameters<NonNullable<PlatformAdapter['subscribe']>>[0]) =>
      engine.subscribe(channelId, listener),
    jwks: () => engine.jwks(),
  };
  for (const operation of PLATFORM_OPERATIONS) {
    adapter[operation] = inProcessCall(engine, faults, channelId, operation, (input) =>
      sealSecrets(operation, input, seal),
    );
  }
  return adapter as PlatformAdapter;
}

/**
 * One operation in process, for any caller (a channel, a merchant, a portal): under the
 * platform's faults, through the engine's pipeline, the input passed as it came (after
 * `prepare`: a channel's adapter seals its secrets).
 */
export function inProcessCall(
  engine: PlatformEngine,
  faults: FaultInjector,
  caller: string,
  operation: AnyOperation,
  prepare?: (input: unknown) => unknown,
): (input: unknown, ctx: RequestContext | undefined) => Promise<unknown> {
  return (input, ctx) =>
    faults.run(
      operation,
      () => {
        // An input with nothing to seal (an identity QR code) goes on with no await.
        const prepared = prepare ? prepare(input ?? {}) : (input ?? {});
        return prepared instanceof Promise
          ? prepared.then((p) => engine.call(operation, caller, p, ctx?.idempotencyKey))
          : engine.call(operation, caller, prepared, ctx?.idempotencyKey);
      },
      ctx?.signal,
    );
}
