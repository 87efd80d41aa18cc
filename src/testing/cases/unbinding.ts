import { expect } from 'vitest';
import { WRONG_PASSWORD } from '../people.js';
import { type CaseGroup, conformanceCase } from './case.js';

export const unbinding: CaseGroup = {
  title: 'unbinding (R12)',
  cases: [
    conformanceCase(
      'R12',
      'others-stay-bound',
      'unbinding in one channel leaves the other channels bound',
      async (w) => {
        const person = await w.person();
        const card = await w.apply(person, w.a);
        await w.apply(person, w.b);
        await w
          .client(w.a)
          .unbind({ signNo: card.signNo, verification: { password: person.password } });
        await w.refused(w.client(w.a).getCard({ signNo: card.signNo }), 'NOT_BOUND');
        expect(await w.client(w.b).getCard({ signNo: card.signNo })).toMatchObject({
          signNo: card.signNo,
          channelId: w.b,
          status: 'active',
        });
        await w.refused(
          w
            .client(w.a)
            .unbind({ signNo: card.signNo, verification: { password: person.password } }),
          'NOT_BOUND',
        );
        // The e-card lives on: the channel binds it again, verifying the shared password.
        expect((await w.apply(person, w.a)).signNo).toBe(card.signNo);
      },
    ),
    conformanceCase(
      'R12',
      'needs-verification',
      'unbinding needs user verification: a wrong password is PASSWORD_INCORRECT and the binding stays',
      async (w) => {
        const person = await w.person();
        const card = await w.apply(person, w.a);
        await w.refused(
          w.client(w.a).unbind({ signNo: card.signNo, verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        expect(await w.client(w.a).getCard({ signNo: card.signNo })).toEqual(card);
      },
    ),
    conformanceCase(
      'R12',
      'real-person-proof',
      "unbinding with a real-person proof of the holder works; another person's proof is REAL_PERSON_FAILED",
      async (w) => {
        const person = await w.person();
        const other = await w.person();
        const card = await w.apply(person, w.a);
        await w.refused(
          w.client(w.a).unbind({
            signNo: card.signNo,
            verification: { realPerson: await w.proof(other) },
          }),
          'REAL_PERSON_FAILED',
        );
        expect((await w.client(w.a).getCard({ signNo: card.signNo })).signNo).toBe(card.signNo);
        await w.client(w.a).unbind({
          signNo: card.signNo,
          verification: { realPerson: await w.proof(person) },
        });
        await w.refused(w.client(w.a).getCard({ signNo: card.signNo }), 'NOT_BOUND');
      },
    ),
  ],
};
