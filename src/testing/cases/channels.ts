import { expect } from 'vitest';
import { WRONG_PASSWORD } from '../people.js';
import { type CaseGroup, conformanceCase } from './case.js';

export const channels: CaseGroup = {
  title: 'one e-card, several channels (R3, R6, R8)',
  cases: [
    conformanceCase(
      'R6',
      'second-channel-same-card',
      'applying in a second channel binds the same e-card (same signNo) with a binding of its own',
      async (w) => {
        const person = await w.person();
        const inA = await w.apply(person, w.a);
        const inB = await w.apply(person, w.b);
        expect(inB.signNo).toBe(inA.signNo);
        expect(inA.channelId).toBe(w.a);
        expect(inB.channelId).toBe(w.b);
        const { channelId: _a, boundAt: _boundInA, ...sameInA } = inA;
        const { channelId: _b, boundAt: _boundInB, ...sameInB } = inB;
        expect(sameInB).toEqual(sameInA);
        expect((await w.client(w.a).getCard({ signNo: inA.signNo })).channelId).toBe(w.a);
        expect((await w.client(w.b).getCard({ signNo: inA.signNo })).channelId).toBe(w.b);
      },
    ),
    conformanceCase(
      'R6',
      'already-bound',
      'applying again in a channel that holds the binding is refused with ALREADY_BOUND and the signNo',
      async (w) => {
        const person = await w.person();
        const card = await w.apply(person, w.a);
        await w.refused(w.apply(person, w.a), 'ALREADY_BOUND', { signNo: card.signNo });
        expect(await w.client(w.a).getCard({ signNo: card.signNo })).toEqual(card);
      },
    ),
    conformanceCase(
      'R8',
      'second-channel-verifies-password',
      'a second channel verifies the password set at the first application: another password is PASSWORD_INCORRECT and binds nothing',
      async (w) => {
        const person = await w.person();
        const card = await w.apply(person, w.a);
        await w.refused(w.apply(person, w.b, { password: WRONG_PASSWORD }), 'PASSWORD_INCORRECT', {
          attemptsLeft: 4,
        });
        await w.refused(w.client(w.b).getCard({ signNo: card.signNo }), 'NOT_BOUND');
        expect((await w.apply(person, w.b)).signNo).toBe(card.signNo);
      },
    ),
  ],
};
