import { expect } from 'vitest';
import type { ECard } from '../../domain/types.js';
import { anotherName, CITIES, freshIdNumber, freshMinorityName, PASSWORD } from '../people.js';
import type { Person, World } from '../world.js';
import { type CaseGroup, conformanceCase, requireClock } from './case.js';

/** The platform's lifetime of a real-person proof (R5), seconds. */
const PROOF_TTL_SECONDS = 300;

/** A bound card shows the person's data only masked (R18). */
function expectMasked(card: ECard, person: Person): void {
  expect(card.name).not.toBe(person.name);
  expect(card.name).toContain('*');
  expect(card.idNumber).not.toBe(person.idNumber);
  expect(card.idNumber).toContain('*');
  expect(card.cardNo).not.toBe(person.cardNo);
  expect(card.cardNo).toContain('*');
}

/** Field names a VALIDATION_FAILED error reports. */
const fieldsOf = (error: { details: { issues: { path: (string | number)[] }[] } }) =>
  error.details.issues.map((issue) => issue.path[0]);

async function unknownPerson(w: World) {
  const city = CITIES[0];
  await w.admin.enableRegion(city.regionCode, city.name);
  return { idNumber: freshIdNumber({ district: city.district }), name: '周明' };
}

export const application: CaseGroup = {
  title: 'applying for the e-card: real name, real person, real card (R1, R4, R5)',
  cases: [
    conformanceCase(
      'R5',
      'apply-succeeds',
      'applying with the real name, a fresh real-person proof and a normal card issues a level-1 e-card showing masked data',
      async (w) => {
        const person = await w.person();
        const card = await w.apply(person);
        expect(card).toMatchObject({
          channelId: w.a,
          regionCode: person.regionCode,
          status: 'active',
          level: 1,
        });
        expect(card.signNo).toMatch(/^[A-Z0-9]{8,64}$/);
        expectMasked(card, person);
        expect(Math.abs(Date.parse(card.boundAt) - w.target.now())).toBeLessThan(60_000);
        expect(await w.client(w.a).getCard({ signNo: card.signNo })).toEqual(card);
      },
    ),
    conformanceCase(
      'R5',
      'identity-mismatch',
      'a name that does not match the ID number is refused with IDENTITY_MISMATCH and binds nothing',
      async (w) => {
        const person = await w.person();
        await w.refused(
          w.apply(person, w.a, { name: anotherName(person.name) }),
          'IDENTITY_MISMATCH',
        );
        expect((await w.apply(person)).level).toBe(1);
      },
    ),
    conformanceCase(
      'R5',
      'card-not-found',
      'a valid ID number under which no card is held is refused with CARD_NOT_FOUND',
      async (w) => {
        const stranger = await unknownPerson(w);
        // No face check passes for someone the platform does not hold, so the proof is
        // another person's: the missing card is what the platform refuses first.
        const someoneElse = await w.person();
        await w.refused(
          w.client(w.a).apply({
            channelUserId: 'conformance-stranger',
            name: stranger.name,
            idNumber: stranger.idNumber,
            realPerson: await w.proof(someoneElse),
            password: PASSWORD,
          }),
          'CARD_NOT_FOUND',
        );
      },
    ),
    conformanceCase(
      'R5',
      'card-not-normal',
      'a physical card that is not normal cannot be applied for: CARD_INACTIVE with its status',
      async (w) => {
        const person = await w.person({ cardStatus: 'lost' });
        await w.refused(w.apply(person), 'CARD_INACTIVE', { status: 'lost' });
      },
    ),
    conformanceCase(
      'R5',
      'proof-of-another-person',
      "a real-person proof made for another person's ID number is refused with REAL_PERSON_FAILED",
      async (w) => {
        const person = await w.person();
        const other = await w.person();
        await w.refused(
          w.apply(person, w.a, { realPerson: await w.proof(other) }),
          'REAL_PERSON_FAILED',
        );
        expect((await w.apply(person)).channelId).toBe(w.a);
      },
    ),
    conformanceCase(
      'R5',
      'proof-reused',
      'a real-person proof is usable once: applying again with it, in another channel, is refused with REAL_PERSON_FAILED',
      async (w) => {
        const person = await w.person();
        const proof = await w.proof(person);
        await w.apply(person, w.a, { realPerson: proof });
        await w.refused(w.apply(person, w.b, { realPerson: proof }), 'REAL_PERSON_FAILED');
        expect((await w.apply(person, w.b)).channelId).toBe(w.b);
      },
    ),
    conformanceCase(
      'R5',
      'proof-within-lifetime',
      `a real-person proof is accepted until it is ${PROOF_TTL_SECONDS} s old`,
      async (w, context) => {
        const advance = requireClock(w, context);
        const person = await w.person();
        const proof = await w.proof(person);
        await advance((PROOF_TTL_SECONDS - 10) * 1000);
        expect((await w.apply(person, w.a, { realPerson: proof })).status).toBe('active');
      },
    ),
    conformanceCase(
      'R5',
      'proof-expired',
      `a real-person proof older than ${PROOF_TTL_SECONDS} s is refused with REAL_PERSON_FAILED`,
      async (w, context) => {
        const advance = requireClock(w, context);
        const person = await w.person();
        const proof = await w.proof(person);
        await advance(PROOF_TTL_SECONDS * 1000 + 1000);
        await w.refused(w.apply(person, w.a, { realPerson: proof }), 'REAL_PERSON_FAILED');
      },
    ),
    conformanceCase(
      'R1',
      'malformed-id-number',
      'a malformed ID number is refused with VALIDATION_FAILED naming idNumber, before anything reaches the platform',
      async (w) => {
        const person = await w.person();
        const check = person.idNumber.at(-1) === '0' ? '1' : '0';
        for (const idNumber of [
          `${person.idNumber.slice(0, 17)}${check}`,
          person.idNumber.slice(1),
        ]) {
          const error = await w.refused(w.apply(person, w.a, { idNumber }), 'VALIDATION_FAILED');
          expect(fieldsOf(error)).toContain('idNumber');
        }
        expect(w.callsTo(w.a)).toBe(0);
      },
    ),
    conformanceCase(
      'R1',
      'malformed-name',
      'a name that is not 2–30 letters is refused with VALIDATION_FAILED naming name, before anything reaches the platform',
      async (w) => {
        const person = await w.person();
        for (const name of ['张', '张3', '·张三']) {
          const error = await w.refused(w.apply(person, w.a, { name }), 'VALIDATION_FAILED');
          expect(fieldsOf(error)).toContain('name');
        }
        expect(w.callsTo(w.a)).toBe(0);
      },
    ),
    conformanceCase(
      'R1',
      'minority-name',
      'a minority name with the middle dot applies',
      async (w) => {
        const person = await w.person({ name: freshMinorityName() });
        expect((await w.apply(person)).status).toBe('active');
      },
    ),
    conformanceCase(
      'R1',
      'check-character-x',
      'an ID number whose check character is X applies, also typed with a lower-case x',
      async (w) => {
        const person = await w.person({ checkChar: 'X' });
        const card = await w.apply(person, w.a, { idNumber: person.idNumber.toLowerCase() });
        expect(card.status).toBe('active');
      },
    ),
    conformanceCase(
      'R4',
      'region-not-enabled',
      'a card from a city that has not enabled the e-card is refused with REGION_NOT_ENABLED, and applies once the city enables it',
      async (w) => {
        const person = await w.person({ regionEnabled: false });
        await w.refused(w.apply(person), 'REGION_NOT_ENABLED', { regionCode: person.regionCode });
        await w.admin.enableRegion(person.regionCode);
        expect((await w.apply(person)).regionCode).toBe(person.regionCode);
      },
    ),
  ],
};
