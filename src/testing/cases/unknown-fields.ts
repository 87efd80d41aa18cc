/**
 * R32 as amended (DESIGN §6.0): no layer drops a field. An operation that takes no `memberId`
 * refuses one with VALIDATION_FAILED at every adapter, not only at the client: were an adapter
 * to rebuild the input field by field, `changePassword({ …, memberId })` would change the
 * holder's own password. The adapter is called as it is here (no client in front of it), the
 * way a channel's own code or a relay would call it.
 */
import { expect } from 'vitest';
import { isEsscError } from '../../domain/errors.js';
import { newIdempotencyKey } from '../../domain/idempotency-key.js';
import { NEW_PASSWORD, PASSWORD } from '../people.js';
import { type CaseGroup, conformanceCase } from './case.js';

/** Calls the target's adapter directly with an extra field; answers the refusal's code and path. */
async function refusedField(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => 'accepted',
    (error: { code?: string; details?: { issues?: { path: unknown[] }[] } }) => ({
      code: error.code,
      paths: (error.details?.issues ?? []).map((issue) => issue.path.join('.')),
    }),
  );
}

const refusal = { code: 'VALIDATION_FAILED', paths: expect.arrayContaining(['memberId']) };

export const unknownFields: CaseGroup = {
  title: 'no layer drops a field (R32 as amended)',
  cases: [
    conformanceCase(
      'R32',
      'member-id-refused-where-not-taken',
      'changePassword, unbind and enablePayment called on the adapter with a memberId are VALIDATION_FAILED naming memberId, and change nothing for the holder',
      async (w) => {
        const holder = await w.person({ bankAccountActive: true });
        const member = await w.person();
        const { signNo } = await w.apply(holder, w.a);
        const client = w.client(w.a);
        const added = await client.addFamilyMember({
          signNo,
          relation: 'parent',
          name: member.name,
          idNumber: member.idNumber,
          verification: { password: PASSWORD },
          memberProof: await w.proof(member),
        });
        const { memberId } = added;
        const adapter = w.target.adapter(w.a);
        const key = () => ({ idempotencyKey: newIdempotencyKey() });
        const withMember = { signNo, memberId };
        expect(
          await refusedField(
            adapter.changePassword(
              { ...withMember, oldPassword: PASSWORD, newPassword: NEW_PASSWORD } as never,
              key(),
            ),
          ),
        ).toEqual(refusal);
        expect(
          await refusedField(
            adapter.unbind({ ...withMember, verification: { password: PASSWORD } } as never, key()),
          ),
        ).toEqual(refusal);
        expect(
          await refusedField(
            adapter.enablePayment(
              { ...withMember, verification: { password: PASSWORD } } as never,
              key(),
            ),
          ),
        ).toEqual(refusal);
        expect(await refusedField(adapter.getCard({ ...withMember } as never, {}))).toEqual(
          refusal,
        );
        // A password where the operation takes none is refused too, and never travels: not in
        // a GET's query (a url), not in a body.
        expect(
          await refusedField(adapter.getCard({ signNo, password: PASSWORD } as never, {})),
        ).toEqual({ code: 'VALIDATION_FAILED', paths: expect.arrayContaining(['password']) });
        // Nothing changed: still bound at level 1, and the old password still works.
        expect(await client.getCard({ signNo })).toMatchObject({ status: 'active', level: 1 });
        await client.changePassword({ signNo, oldPassword: PASSWORD, newPassword: NEW_PASSWORD });
      },
    ),
    conformanceCase(
      'R32',
      'not-an-input',
      'an operation called on the adapter with no input, null or text is VALIDATION_FAILED, never a crash',
      async (w) => {
        const adapter = w.target.adapter(w.a);
        const key = { idempotencyKey: newIdempotencyKey() };
        for (const input of [undefined, null, 'signNo']) {
          for (const call of [
            () => adapter.unbind(input as never, key),
            () => adapter.getCard(input as never, {}),
          ]) {
            const error = await call().then(
              () => 'accepted',
              (e: unknown) => e,
            );
            expect(isEsscError(error) ? error.code : error).toBe('VALIDATION_FAILED');
          }
        }
      },
    ),
  ],
};
