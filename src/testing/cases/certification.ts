import { expect, vi } from 'vitest';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase, requireClock, requireNotifications } from './case.js';
import { addMember, holderIn } from './family.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A pensioner bound in channel A who last certified `daysAgo` days ago (never: undefined). */
async function pensioner(w: World, daysAgo?: number) {
  const certifiedAt = daysAgo === undefined ? undefined : iso(w.target.now() - daysAgo * DAY_MS);
  const person = await w.person({
    birthDate: '19560308',
    benefit: { kind: 'pension', ...(certifiedAt ? { certifiedAt } : {}) },
  });
  const { signNo } = await w.apply(person, w.a);
  return { person, signNo, client: w.client(w.a), certifiedAt };
}

export const certification: CaseGroup = {
  title: 'entitlement certification (R33)',
  cases: [
    conformanceCase(
      'R33',
      'not-required',
      'someone who receives no benefit is not-required, and certifying them is NOT_ELIGIBLE',
      async (w) => {
        const { person, signNo, client } = await holderIn(w);
        expect(await client.getCertification({ signNo })).toEqual({ status: 'not-required' });
        await w.refused(
          client.certify({ signNo, realPerson: await w.proof(person) }),
          'NOT_ELIGIBLE',
        );
      },
    ),
    conformanceCase(
      'R33',
      'statuses',
      'never certified is overdue; certified 100 days ago is certified; 340 days ago due (dueBy within 30 days); 400 days ago overdue',
      async (w) => {
        const never = await pensioner(w);
        expect(await never.client.getCertification({ signNo: never.signNo })).toEqual({
          status: 'overdue',
        });
        for (const [daysAgo, status] of [
          [100, 'certified'],
          [340, 'due'],
          [400, 'overdue'],
        ] as const) {
          const p = await pensioner(w, daysAgo);
          const answer = await p.client.getCertification({ signNo: p.signNo });
          expect(answer).toMatchObject({ status, certifiedAt: p.certifiedAt });
          const dueIn = Date.parse(answer.dueBy!) - Date.parse(p.certifiedAt!);
          expect([365 * DAY_MS, 366 * DAY_MS]).toContain(dueIn);
        }
      },
    ),
    conformanceCase(
      'R33',
      'twelve-calendar-months',
      'dueBy is certifiedAt + 12 calendar months: 29 February 2024 is due by 28 February 2025',
      async (w) => {
        const person = await w.person({
          benefit: { kind: 'pension', certifiedAt: '2024-02-29T04:00:00.000Z' },
        });
        const { signNo } = await w.apply(person, w.a);
        const answer = await w.client(w.a).getCertification({ signNo });
        expect(answer.dueBy).toBe('2025-02-28T04:00:00.000Z');
        expect(answer.certifiedAt).toBe('2024-02-29T04:00:00.000Z');
      },
    ),
    conformanceCase(
      'R33',
      'walk-a-year',
      'certified now: certified until 30 days before dueBy, then due, then overdue from dueBy; certifying again starts a new year',
      async (w, context) => {
        const advance = requireClock(w, context);
        const { person, signNo, client } = await pensioner(w);
        const done = await client.certify({ signNo, realPerson: await w.proof(person) });
        expect(done.status).toBe('certified');
        expect(Math.abs(Date.parse(done.certifiedAt!) - w.target.now())).toBeLessThan(30_000);
        const dueBy = Date.parse(done.dueBy!);
        await advance(dueBy - 30 * DAY_MS - 1000 - w.target.now());
        expect((await client.getCertification({ signNo })).status).toBe('certified');
        await advance(1000);
        expect((await client.getCertification({ signNo })).status).toBe('due');
        await advance(dueBy - 1000 - w.target.now());
        expect((await client.getCertification({ signNo })).status).toBe('due');
        await advance(1000);
        expect(await client.getCertification({ signNo })).toEqual({ ...done, status: 'overdue' });
        const again = await client.certify({ signNo, realPerson: await w.proof(person) });
        expect(again.status).toBe('certified');
        expect(Date.parse(again.dueBy!)).toBeGreaterThan(dueBy);
      },
    ),
    conformanceCase(
      'R33',
      'own-proof-only',
      "the proof must be the certified person's own: anyone else's is REAL_PERSON_FAILED and changes nothing",
      async (w) => {
        const { signNo, client } = await pensioner(w);
        const stranger = await w.person();
        await w.refused(
          client.certify({ signNo, realPerson: await w.proof(stranger) }),
          'REAL_PERSON_FAILED',
        );
        expect((await client.getCertification({ signNo })).status).toBe('overdue');
      },
    ),
    conformanceCase(
      'R33',
      'for-a-member',
      "a holder certifies a parent with the parent's own proof (the holder's: REAL_PERSON_FAILED), even while the parent's card is inactive",
      async (w) => {
        const holder = await holderIn(w);
        const father = await w.person({ birthDate: '19520911', benefit: { kind: 'pension' } });
        const { memberId } = await addMember(w, holder, father);
        const { signNo, client } = holder;
        expect(await client.getCertification({ signNo, memberId })).toEqual({ status: 'overdue' });
        expect(await client.getCertification({ signNo })).toEqual({ status: 'not-required' });
        await w.refused(
          client.certify({ signNo, memberId, realPerson: await w.proof(holder.person) }),
          'REAL_PERSON_FAILED',
        );
        await w.admin.setCardStatus(father.cardNo, 'sealed');
        const done = await client.certify({ signNo, memberId, realPerson: await w.proof(father) });
        expect(done.status).toBe('certified');
        expect(await client.getCertification({ signNo, memberId })).toEqual(done);
        await w.refused(
          client.getCertification({ signNo, memberId: 'mem_unknown' }),
          'MEMBER_NOT_FOUND',
        );
      },
    ),
    conformanceCase(
      'R33',
      'channels-told',
      "the channels are told when a certification completes: the person's other channel, and the holder's channels for a member (certification:completed)",
      async (w, context) => {
        requireNotifications(w, context, w.b);
        const { person, signNo, client } = await pensioner(w);
        await w.apply(person, w.b);
        const done = await client.certify({ signNo, realPerson: await w.proof(person) });
        await vi.waitFor(() => {
          expect(w.eventsOf(w.b, 'certification:completed')).toContainEqual({
            signNo,
            certification: done,
          });
        });
        // The pensioner as a member of a holder bound in channel B.
        const holder = await holderIn(w, w.b);
        const { memberId } = await addMember(w, holder, person);
        const again = await holder.client.certify({
          signNo: holder.signNo,
          memberId,
          realPerson: await w.proof(person),
        });
        await vi.waitFor(() => {
          expect(w.eventsOf(w.b, 'certification:completed')).toContainEqual({
            signNo: holder.signNo,
            memberId,
            certification: again,
          });
        });
      },
    ),
  ],
};
