import { sealSecret } from '../crypto/index.js';
import type { UserVerification } from '../domain/types.js';
import type { PlatformEngine, SealedVerification } from '../engine/engine.js';
import type { PlatformAdapter, RequestContext } from '../platform/port.js';
import { sealedSecretContext } from '../platform/protocol.js';
import type { AdapterOperation, FaultInjector } from './faults.js';

/**
 * The in-process adapter: seals secrets to the platform's key like a real adapter would, then
 * calls the reference engine. It decides nothing.
 */
export function createMockAdapter(
  engine: PlatformEngine,
  channelId: string,
  faults: FaultInjector,
): PlatformAdapter {
  const seal = async (secret: string) =>
    sealSecret(await engine.encryptionPublicKey(), secret, sealedSecretContext(channelId));
  const sealVerification = async (v: UserVerification): Promise<SealedVerification> =>
    'password' in v
      ? { password: await seal(v.password) }
      : { realPerson: await seal(v.realPerson) };

  const run = <T>(
    operation: AdapterOperation,
    ctx: RequestContext | undefined,
    call: () => Promise<T>,
  ) => faults.run(operation, call, ctx?.signal);

  return {
    channelId,
    apply: (input, ctx) =>
      run('apply', ctx, async () =>
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
    getCard: (input, ctx) => run('getCard', ctx, () => engine.getCard(channelId, input)),
    unbind: (input, ctx) =>
      run('unbind', ctx, async () =>
        engine.unbind(
          channelId,
          { signNo: input.signNo, verification: await sealVerification(input.verification) },
          ctx.idempotencyKey,
        ),
      ),
    changePassword: (input, ctx) =>
      run('changePassword', ctx, async () =>
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
      run('resetPassword', ctx, async () =>
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
      run('enablePayment', ctx, async () =>
        engine.enablePayment(
          channelId,
          { signNo: input.signNo, verification: await sealVerification(input.verification) },
          ctx.idempotencyKey,
        ),
      ),
    issueQr: (input, ctx) =>
      run('issueQr', ctx, () => {
        const { verification } = input;
        const target = {
          signNo: input.signNo,
          purpose: input.purpose,
          ...(input.memberId !== undefined ? { memberId: input.memberId } : {}),
        };
        // The identity code a screen refreshes every minute has nothing to seal: no await.
        if (!verification) return engine.issueQr(channelId, target, ctx.idempotencyKey);
        return sealVerification(verification).then((sealed) =>
          engine.issueQr(channelId, { ...target, verification: sealed }, ctx.idempotencyKey),
        );
      }),
    scanLogin: (input, ctx) =>
      run('scanLogin', ctx, () => engine.scanLogin(channelId, input, ctx.idempotencyKey)),
    confirmLogin: (input, ctx) =>
      run('confirmLogin', ctx, async () =>
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
      run('rejectLogin', ctx, () => engine.rejectLogin(channelId, input, ctx.idempotencyKey)),
    listPayments: (input, ctx) =>
      run('listPayments', ctx, () => engine.listPayments(channelId, input)),
    listBills: (input, ctx) => run('listBills', ctx, () => engine.listBills(channelId, input)),
    payBill: (input, ctx) =>
      run('payBill', ctx, async () =>
        engine.payBill(
          channelId,
          {
            signNo: input.signNo,
            billId: input.billId,
            verification: await sealVerification(input.verification),
          },
          ctx.idempotencyKey,
        ),
      ),
    query: (input, ctx) =>
      run('query', ctx, async () =>
        engine.query(
          channelId,
          {
            signNo: input.signNo,
            topic: input.topic,
            verification: await sealVerification(input.verification),
            ...(input.memberId !== undefined ? { memberId: input.memberId } : {}),
          },
          ctx.idempotencyKey,
        ),
      ),
    submitApplication: (input, ctx) =>
      run('submitApplication', ctx, async () =>
        engine.submitApplication(
          channelId,
          {
            signNo: input.signNo,
            service: input.service,
            form: input.form,
            verification: await sealVerification(input.verification),
          },
          ctx.idempotencyKey,
        ),
      ),
    getApplication: (input, ctx) =>
      run('getApplication', ctx, () => engine.getApplication(channelId, input)),
    listApplications: (input, ctx) =>
      run('listApplications', ctx, () => engine.listApplications(channelId, input)),
    withdrawApplication: (input, ctx) =>
      run('withdrawApplication', ctx, async () =>
        engine.withdrawApplication(
          channelId,
          {
            signNo: input.signNo,
            applicationId: input.applicationId,
            verification: await sealVerification(input.verification),
          },
          ctx.idempotencyKey,
        ),
      ),
    listAuthorizations: (input, ctx) =>
      run('listAuthorizations', ctx, () => engine.listAuthorizations(channelId, input)),
    addFamilyMember: (input, ctx) =>
      run('addFamilyMember', ctx, async () =>
        engine.addFamilyMember(
          channelId,
          {
            signNo: input.signNo,
            relation: input.relation,
            name: input.name,
            idNumber: input.idNumber,
            verification: await sealVerification(input.verification),
            ...(input.memberProof !== undefined
              ? { memberProof: await seal(input.memberProof) }
              : {}),
          },
          ctx.idempotencyKey,
        ),
      ),
    listFamilyMembers: (input, ctx) =>
      run('listFamilyMembers', ctx, () => engine.listFamilyMembers(channelId, input)),
    removeFamilyMember: (input, ctx) =>
      run('removeFamilyMember', ctx, async () =>
        engine.removeFamilyMember(
          channelId,
          {
            signNo: input.signNo,
            memberId: input.memberId,
            verification: await sealVerification(input.verification),
          },
          ctx.idempotencyKey,
        ),
      ),
    getCertification: (input, ctx) =>
      run('getCertification', ctx, () => engine.getCertification(channelId, input)),
    certify: (input, ctx) =>
      run('certify', ctx, async () =>
        engine.certify(
          channelId,
          {
            signNo: input.signNo,
            realPerson: await seal(input.realPerson),
            ...(input.memberId !== undefined ? { memberId: input.memberId } : {}),
          },
          ctx.idempotencyKey,
        ),
      ),
    subscribe: (listener) => engine.subscribe(channelId, listener),
  };
}
