import { sealSecret } from '../crypto/index.js';
import type { UserVerification } from '../domain/types.js';
import type { PlatformEngine, SealedVerification } from '../engine/engine.js';
import type { PlatformAdapter } from '../platform/port.js';
import type { FaultInjector } from './faults.js';

/**
 * The in-process adapter: seals secrets to the platform's key like a real adapter would, then
 * calls the reference engine. It decides nothing.
 */
export function createMockAdapter(
  engine: PlatformEngine,
  channelId: string,
  faults: FaultInjector,
): PlatformAdapter {
  const seal = async (secret: string) => sealSecret(await engine.encryptionPublicKey(), secret);
  const sealVerification = async (v: UserVerification): Promise<SealedVerification> =>
    'password' in v
      ? { password: await seal(v.password) }
      : { realPerson: await seal(v.realPerson) };

  return {
    channelId,
    apply: (input, ctx) =>
      faults.run('apply', async () =>
        engine.apply(
          channelId,
          {
            channelUserId: input.channelUserId,
            name: input.name,
            idNumber: input.idNumber,
            realPerson: await seal(input.realPerson),
            password: await seal(input.password),
          },
          ctx.idempotencyKey,
        ),
      ),
    getCard: (input) => faults.run('getCard', () => engine.getCard(channelId, input)),
    unbind: (input, ctx) =>
      faults.run('unbind', async () =>
        engine.unbind(
          channelId,
          { signNo: input.signNo, verification: await sealVerification(input.verification) },
          ctx.idempotencyKey,
        ),
      ),
    changePassword: (input, ctx) =>
      faults.run('changePassword', async () =>
        engine.changePassword(
          channelId,
          {
            signNo: input.signNo,
            oldPassword: await seal(input.oldPassword),
            newPassword: await seal(input.newPassword),
          },
          ctx.idempotencyKey,
        ),
      ),
    resetPassword: (input, ctx) =>
      faults.run('resetPassword', async () =>
        engine.resetPassword(
          channelId,
          {
            signNo: input.signNo,
            realPerson: await seal(input.realPerson),
            newPassword: await seal(input.newPassword),
          },
          ctx.idempotencyKey,
        ),
      ),
    enablePayment: (input, ctx) =>
      faults.run('enablePayment', async () =>
        engine.enablePayment(
          channelId,
          { signNo: input.signNo, verification: await sealVerification(input.verification) },
          ctx.idempotencyKey,
        ),
      ),
    issueQr: (input, ctx) =>
      faults.run('issueQr', async () =>
        engine.issueQr(
          channelId,
          {
            signNo: input.signNo,
            purpose: input.purpose,
            ...(input.verification
              ? { verification: await sealVerification(input.verification) }
              : {}),
          },
          ctx.idempotencyKey,
        ),
      ),
    scanLogin: (input, ctx) =>
      faults.run('scanLogin', () => engine.scanLogin(channelId, input, ctx.idempotencyKey)),
    confirmLogin: (input, ctx) =>
      faults.run('confirmLogin', async () =>
        engine.confirmLogin(
          channelId,
          {
            signNo: input.signNo,
            requestId: input.requestId,
            verification: await sealVerification(input.verification),
          },
          ctx.idempotencyKey,
        ),
      ),
    rejectLogin: (input, ctx) =>
      faults.run('rejectLogin', () => engine.rejectLogin(channelId, input, ctx.idempotencyKey)),
    subscribe: (listener) => engine.subscribe(channelId, listener),
  };
}
