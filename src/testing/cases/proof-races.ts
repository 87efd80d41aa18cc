/**
 * R18 as amended (DESIGN §6.0): a real-person proof is spent exactly once, atomically,
 * whichever holders, channels or suites race for it. The races that found the hole: two
 * children certifying their father with one proof at the same moment, and two holders adding
 * the same parent with one member proof. Each must end with one success and one
 * REAL_PERSON_FAILED, never two successes.
 */
import { expect } from 'vitest';
import { isEsscError } from '../../domain/errors.js';
import { PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase } from './case.js';
import { addMember, holderIn } from './family.js';

/** One fulfilled, the other refused with `code`. */
function exactlyOneWins(outcomes: PromiseSettledResult<unknown>[], code: string): void {
  const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
  expect(refusals.map((e) => (isEsscError(e) ? e.code : String(e)))).toEqual([code]);
  expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
}

/** A parent born in the 1950s who receives a pension (so certification applies). */
const father = (w: World) => w.person({ birthDate: '19520611', benefit: { kind: 'pension' } });

export const proofRaces: CaseGroup = {
  title: 'a real-person proof is spent once, however it is raced (R18 as amended)',
  cases: [
    conformanceCase(
      'R18',
      'proof-raced-by-two-certifications',
      'two children certifying their father at once with one proof of his face: one certification is made, the other is REAL_PERSON_FAILED',
      async (w) => {
        const dad = await father(w);
        const first = await holderIn(w, w.a);
        const second = await holderIn(w, w.b);
        const a = await addMember(w, first, dad);
        const b = await addMember(w, second, dad);
        const proof = await w.proof(dad);
        const outcomes = await Promise.allSettled([
          first.client.certify({ signNo: first.signNo, memberId: a.memberId, realPerson: proof }),
          second.client.certify({ signNo: second.signNo, memberId: b.memberId, realPerson: proof }),
        ]);
        exactlyOneWins(outcomes, 'REAL_PERSON_FAILED');
      },
    ),
    conformanceCase(
      'R18',
      'proof-raced-by-two-holders',
      'two holders adding the same parent at once with one member proof: one adds the parent, the other is REAL_PERSON_FAILED and adds nobody',
      async (w) => {
        const parent = await w.person({ birthDate: '19580203' });
        const first = await holderIn(w, w.a);
        const second = await holderIn(w, w.b);
        const memberProof = await w.proof(parent);
        const add = (holder: typeof first) =>
          holder.client.addFamilyMember({
            signNo: holder.signNo,
            relation: 'parent',
            name: parent.name,
            idNumber: parent.idNumber,
            verification: { password: PASSWORD },
            memberProof,
          });
        const outcomes = await Promise.allSettled([add(first), add(second)]);
        exactlyOneWins(outcomes, 'REAL_PERSON_FAILED');
        const lists = await Promise.all([
          first.client.listFamilyMembers({ signNo: first.signNo }),
          second.client.listFamilyMembers({ signNo: second.signNo }),
        ]);
        expect(lists.flat()).toHaveLength(1);
      },
    ),
    conformanceCase(
      'R18',
      'proof-kept-when-refused',
      "a proof offered to an operation that is then refused is not spent: the holder's face check works again on the next try",
      async (w) => {
        const parent = await w.person({ birthDate: '19580203' });
        const stranger = await w.person();
        const holder = await holderIn(w, w.a);
        const verification = { realPerson: await w.proof(holder.person) };
        const input = {
          signNo: holder.signNo,
          relation: 'parent' as const,
          name: parent.name,
          idNumber: parent.idNumber,
          verification,
        };
        // The holder's proof passes; then the member's consent is someone else's face.
        await w.refused(
          holder.client.addFamilyMember({ ...input, memberProof: await w.proof(stranger) }),
          'REAL_PERSON_FAILED',
        );
        const added = await holder.client.addFamilyMember({
          ...input,
          memberProof: await w.proof(parent),
        });
        expect(added.relation).toBe('parent');
        // Now it is spent.
        await w.refused(
          holder.client.unbind({ signNo: holder.signNo, verification }),
          'REAL_PERSON_FAILED',
        );
      },
    ),
  ],
};
