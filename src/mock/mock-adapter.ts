import { sealSecret } from '../crypto/index.js';
import type { PlatformEngine } from '../engine/engine.js';
import { PLATFORM_OPERATIONS, type PlatformOperation } from '../platform/operations.js';
import type { PlatformAdapter, RequestContext } from '../platform/port.js';
import { sealedSecretContext } from '../platform/protocol.js';
import { sealSecrets } from '../platform/seal-secrets.js';
import type { FaultInjector } from './faults.js';

/**
 * The in-process adapter: one generic call per row of the operation table. It seals the
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

  const call =
    (operation: PlatformOperation) => (input: unknown, ctx: RequestContext | undefined) =>
      faults.run(
        operation,
        () => {
          // An input with nothing to seal (an identity QR code) goes on with no await.
          const sealed = sealSecrets(operation, input, seal);
          return sealed instanceof Promise
            ? sealed.then((s) => engine.call(operation, channelId, s, ctx?.idempotencyKey))
            : engine.call(operation, channelId, sealed, ctx?.idempotencyKey);
        },
        ctx?.signal,
      );

  const adapter: Record<string, unknown> = {
    channelId,
    subscribe: (listener: Parameters<NonNullable<PlatformAdapter['subscribe']>>[0]) =>
      engine.subscribe(channelId, listener),
  };
  for (const operation of PLATFORM_OPERATIONS) adapter[operation] = call(operation);
  return adapter as PlatformAdapter;
}
