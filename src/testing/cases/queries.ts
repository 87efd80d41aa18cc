import { expect } from 'vitest';
import type { QueryTopic } from '../../domain/records.js';
import { PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { World } from '../world.js';
import { type CaseGroup, conformanceCase } from './case.js';

const PENSION = {
  type: 'pension',
  status: 'contributing',
  regionCode: '440100',
  since: '2013-09',
  months: 160,
} as const;
const SKILL = {
  occupation: '电工',
  level: 4,
  certificateNo: 'S440100202406150123',
  issuedAt: '2024-06-15',
} as const;

/** A person bound in channel A with a pension record and a skill certificate. */
async function withRecords(w: World) {
  const person = await w.person();
  const { signNo } = await w.apply(person, w.a);
  await w.admin.addRecord(person.idNumber, 'insurance', PENSION);
  await w.admin.addRecord(person.idNumber, 'skill', SKILL);
  return { person, signNo, client: w.client(w.a) };
}

export const queries: CaseGroup = {
  title: 'information queries (R28)',
  cases: [
    conformanceCase(
      'R28',
      'records-by-topic',
      "a query with user verification answers the holder's records of that topic, and only those",
      async (w) => {
        const { signNo, client } = await withRecords(w);
        const verification = { password: PASSWORD };
        expect(await client.query({ signNo, topic: 'insurance', verification })).toEqual({
          topic: 'insurance',
          records: [PENSION],
        });
        expect(await client.query({ signNo, topic: 'skill', verification })).toEqual({
          topic: 'skill',
          records: [SKILL],
        });
        expect(await client.query({ signNo, topic: 'startup-loan', verification })).toEqual({
          topic: 'startup-loan',
          records: [],
        });
        // Another person's records are theirs alone.
        const other = await w.person();
        const card = await w.apply(other, w.a);
        const answer = await client.query({
          signNo: card.signNo,
          topic: 'insurance',
          verification,
        });
        expect(answer.records).toEqual([]);
      },
    ),
    conformanceCase(
      'R28',
      'verification-each-time',
      'a wrong password is PASSWORD_INCORRECT and counts toward the lock (R11); a spent real-person proof is REAL_PERSON_FAILED',
      async (w) => {
        const { person, signNo, client } = await withRecords(w);
        await w.refused(
          client.query({ signNo, topic: 'insurance', verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        await w.refused(
          client.query({ signNo, topic: 'skill', verification: { password: WRONG_PASSWORD } }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 3 },
        );
        const realPerson = await w.proof(person);
        const answer = await client.query({ signNo, topic: 'skill', verification: { realPerson } });
        expect(answer.records).toHaveLength(1);
        await w.refused(
          client.query({ signNo, topic: 'insurance', verification: { realPerson } }),
          'REAL_PERSON_FAILED',
        );
      },
    ),
    conformanceCase(
      'R28',
      'inactive-card',
      'a card that is not normal answers nothing: CARD_INACTIVE',
      async (w) => {
        const { person, signNo, client } = await withRecords(w);
        await w.admin.setCardStatus(person.cardNo, 'lost');
        await w.refused(
          client.query({ signNo, topic: 'insurance', verification: { password: PASSWORD } }),
          'CARD_INACTIVE',
          { status: 'lost' },
        );
      },
    ),
    conformanceCase(
      'R28',
      'unknown-topic',
      'a topic the platform does not know is VALIDATION_FAILED, naming the field',
      async (w) => {
        const { signNo, client } = await withRecords(w);
        const error = await w.refused(
          client.query({
            signNo,
            topic: 'salary' as QueryTopic,
            verification: { password: PASSWORD },
          }),
          'VALIDATION_FAILED',
        );
        expect(error.details.issues.map((i) => i.path)).toContainEqual(['topic']);
      },
    ),
  ],
};
