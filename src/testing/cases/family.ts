import { expect, vi } from 'vitest';
import { parseQrText, verifyQrSignature } from '../../qr/codec.js';
import { freshIdNumber, PASSWORD, WRONG_PASSWORD } from '../people.js';
import type { Person, PersonOptions, World } from '../world.js';
import { type CaseGroup, conformanceCase, requireNotifications } from './case.js';

const verification = { password: PASSWORD };
const DAY_MS = 24 * 60 * 60 * 1000;

/** yyyyMMdd of the date in China `years` years before the target's today, `days` later. */
export function birthDateBefore(w: World, years: number, days = 0): string {
  const today = new Date(w.target.now() + 8 * 60 * 60 * 1000 + days * DAY_MS);
  const yyyy = today.getUTCFullYear() - years;
  const mm = String(today.getUTCMonth() + 1).padStart(2, '0');
  // 29 February has no twin in a common year: the 28th is a day older, never younger.
  const day = today.getUTCMonth() === 1 && today.getUTCDate() === 29 ? 28 : today.getUTCDate();
  const dd = String(day).padStart(2, '0');
  return `${yyyy}${mm}${dd}`;
}

/** A holder bound in channel A. */
export async function holderIn(w: World, channelId: string = w.a) {
  const person = await w.person();
  const { signNo } = await w.apply(person, channelId);
  return { person, signNo, client: w.client(channelId) };
}

/** Adds `member` to the holder's family, with the member's own proof (an adult). */
export async function addMember(
  w: World,
  holder: { signNo: string; client: ReturnType<World['client']> },
  member: Person,
  relation: 'parent' | 'child' | 'spouse' | 'other' = 'parent',
) {
  return holder.client.addFamilyMember({
    signNo: holder.signNo,
    relation,
    name: member.name,
    idNumber: member.idNumber,
    verification,
    memberProof: await w.proof(member),
  });
}

/** An elder: born in the 1950s. */
const elder = (w: World, options: PersonOptions = {}) =>
  w.person({ birthDate: `195${Math.floor(Math.random() * 10)}0415`, ...options });

export const family: CaseGroup = {
  title: 'family service (R31, R32)',
  cases: [
    conformanceCase(
      'R31',
      'add-and-list',
      "a holder adds a parent with their own verification and the parent's proof; the list shows the member masked; the parent needs no e-card",
      async (w) => {
        const holder = await holderIn(w);
        const mother = await elder(w);
        const member = await addMember(w, holder, mother);
        expect(member).toMatchObject({ relation: 'parent' });
        expect(member.memberId.length).toBeGreaterThan(0);
        expect(member.name).not.toBe(mother.name);
        expect(member.name.startsWith(Array.from(mother.name)[0]!)).toBe(true);
        expect(member.idNumber).not.toBe(mother.idNumber);
        expect(member.idNumber).toContain('*');
        expect(Math.abs(Date.parse(member.addedAt) - w.target.now())).toBeLessThan(30_000);
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toEqual([member]);
        // Another holder's list is their own.
        const other = await holderIn(w);
        expect(await other.client.listFamilyMembers({ signNo: other.signNo })).toEqual([]);
      },
    ),
    conformanceCase(
      'R31',
      'consent-from-16',
      "a member of 16 or more consents with their own proof: none, or someone else's, is REAL_PERSON_FAILED and adds nothing",
      async (w) => {
        const holder = await holderIn(w);
        const father = await elder(w);
        const base = {
          signNo: holder.signNo,
          relation: 'parent' as const,
          name: father.name,
          idNumber: father.idNumber,
          verification,
        };
        await w.refused(holder.client.addFamilyMember(base), 'REAL_PERSON_FAILED');
        await w.refused(
          holder.client.addFamilyMember({ ...base, memberProof: await w.proof(holder.person) }),
          'REAL_PERSON_FAILED',
        );
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toEqual([]);
        const member = await holder.client.addFamilyMember({
          ...base,
          memberProof: await w.proof(father),
        });
        expect(member.relation).toBe('parent');
      },
    ),
    conformanceCase(
      'R31',
      'child-under-16',
      "a child under 16 (age from the ID number's birth date at the platform's clock) is added with the holder's verification alone; one who turned 16 today needs their own proof",
      async (w) => {
        const holder = await holderIn(w);
        const child = await w.person({ birthDate: birthDateBefore(w, 10) });
        const added = await holder.client.addFamilyMember({
          signNo: holder.signNo,
          relation: 'child',
          name: child.name,
          idNumber: child.idNumber,
          verification,
        });
        expect(added.relation).toBe('child');
        // 16 tomorrow: still under 16 today.
        const almost = await w.person({ birthDate: birthDateBefore(w, 16, 1) });
        await holder.client.addFamilyMember({
          signNo: holder.signNo,
          relation: 'child',
          name: almost.name,
          idNumber: almost.idNumber,
          verification,
        });
        const sixteen = await w.person({ birthDate: birthDateBefore(w, 16) });
        const input = {
          signNo: holder.signNo,
          relation: 'child' as const,
          name: sixteen.name,
          idNumber: sixteen.idNumber,
          verification,
        };
        await w.refused(holder.client.addFamilyMember(input), 'REAL_PERSON_FAILED');
        await holder.client.addFamilyMember({ ...input, memberProof: await w.proof(sixteen) });
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toHaveLength(3);
      },
    ),
    conformanceCase(
      'R31',
      'limits-per-relation',
      'at most 4 parents, 3 children, 1 spouse and 2 others: one more is FAMILY_LIMIT naming the relation; a full relation does not block another',
      async (w) => {
        const holder = await holderIn(w);
        const limits = { parent: 4, child: 3, spouse: 1, other: 2 } as const;
        for (const [relation, limit] of Object.entries(limits) as [keyof typeof limits, number][]) {
          for (let i = 0; i < limit; i++) {
            await addMember(w, holder, await elder(w), relation);
          }
          const extra = await elder(w);
          await w.refused(addMember(w, holder, extra, relation), 'FAMILY_LIMIT', {
            relation,
            limit,
          });
        }
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toHaveLength(10);
      },
    ),
    conformanceCase(
      'R31',
      'member-card-normal',
      "the member's card must exist (CARD_NOT_FOUND), match the name (IDENTITY_MISMATCH), be normal (CARD_INACTIVE) and in an enabled region (REGION_NOT_ENABLED)",
      async (w) => {
        const holder = await holderIn(w);
        const lost = await elder(w, { cardStatus: 'lost' });
        await w.refused(addMember(w, holder, lost), 'CARD_INACTIVE', { status: 'lost' });
        const far = await elder(w, { regionEnabled: false });
        await w.refused(addMember(w, holder, far), 'REGION_NOT_ENABLED');
        const mother = await elder(w);
        await w.refused(
          addMember(w, holder, { ...mother, name: mother.name === '王芳' ? '李芳' : '王芳' }),
          'IDENTITY_MISMATCH',
        );
        // A valid ID number the platform holds no card for.
        const unknown = freshIdNumber({ district: '440106', birthDate: '19550415' });
        await w.refused(
          holder.client.addFamilyMember({
            signNo: holder.signNo,
            relation: 'parent',
            name: mother.name,
            idNumber: unknown,
            verification,
          }),
          'CARD_NOT_FOUND',
        );
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toEqual([]);
      },
    ),
    conformanceCase(
      'R31',
      'no-duplicates-not-oneself',
      'the same person twice is ALREADY_MEMBER (under any relation); the holder themselves is VALIDATION_FAILED naming idNumber',
      async (w) => {
        const holder = await holderIn(w);
        const spouse = await w.person();
        await addMember(w, holder, spouse, 'spouse');
        await w.refused(addMember(w, holder, spouse, 'other'), 'ALREADY_MEMBER');
        const error = await w.refused(addMember(w, holder, holder.person), 'VALIDATION_FAILED');
        expect(error.details.issues.map((i) => i.path)).toContainEqual(['idNumber']);
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toHaveLength(1);
      },
    ),
    conformanceCase(
      'R31',
      'holder-verified-and-active',
      "adding needs the holder's verification (a wrong password: PASSWORD_INCORRECT) and an active card (CARD_INACTIVE)",
      async (w) => {
        const holder = await holderIn(w);
        const mother = await elder(w);
        await w.refused(
          holder.client.addFamilyMember({
            signNo: holder.signNo,
            relation: 'parent',
            name: mother.name,
            idNumber: mother.idNumber,
            verification: { password: WRONG_PASSWORD },
            memberProof: await w.proof(mother),
          }),
          'PASSWORD_INCORRECT',
          { attemptsLeft: 4 },
        );
        await w.admin.setCardStatus(holder.person.cardNo, 'sealed');
        await w.refused(addMember(w, holder, mother), 'CARD_INACTIVE', { status: 'sealed' });
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toEqual([]);
      },
    ),
    conformanceCase(
      'R32',
      'identity-code-on-behalf',
      "the holder shows a member's identity code: signed by the platform, naming the member's card (masked name, region) and marked as shown on behalf with the relation",
      async (w) => {
        const holder = await holderIn(w);
        const mother = await elder(w);
        const { memberId } = await addMember(w, holder, mother);
        const qr = await holder.client.issueQr({ signNo: holder.signNo, memberId });
        expect(qr.purpose).toBe('identity');
        expect(qr.text.length).toBeLessThanOrEqual(178);
        const parsed = parseQrText(qr.text);
        expect(await verifyQrSignature(parsed, await w.admin.jwks())).toBeDefined();
        expect(parsed.payload).toMatchObject({
          purpose: 'identity',
          onBehalf: 'parent',
          regionCode: mother.regionCode,
          holderSurname: Array.from(mother.name)[0],
        });
        const own = parseQrText((await holder.client.issueQr({ signNo: holder.signNo })).text);
        expect(own.payload.onBehalf).toBeUndefined();
        expect(own.payload.cardRef).not.toEqual(parsed.payload.cardRef);
      },
    ),
    conformanceCase(
      'R32',
      'forbidden-for-member',
      "never a member's payment code (MEMBER_FORBIDDEN), password, binding or payment level: those take no memberId (VALIDATION_FAILED before any call), and the member's own e-card is not the holder's to touch (NOT_BOUND)",
      async (w) => {
        const holder = await holderIn(w);
        const father = await elder(w, { bankAccountActive: true });
        const { memberId } = await addMember(w, holder, father);
        await w.refused(
          holder.client.issueQr({
            signNo: holder.signNo,
            memberId,
            purpose: 'payment',
            verification,
          }),
          'MEMBER_FORBIDDEN',
        );
        const calls = w.callsTo(w.a);
        const withMember = { signNo: holder.signNo, memberId } as never;
        await w.refused(
          holder.client.changePassword({
            ...(withMember as object),
            oldPassword: PASSWORD,
            newPassword: '739164',
          } as never),
          'VALIDATION_FAILED',
        );
        await w.refused(
          holder.client.enablePayment({ ...(withMember as object), verification } as never),
          'VALIDATION_FAILED',
        );
        await w.refused(
          holder.client.unbind({ ...(withMember as object), verification } as never),
          'VALIDATION_FAILED',
        );
        expect(w.callsTo(w.a)).toBe(calls);
        // The father's own e-card, in his own channel: the holder's channel holds no binding.
        const fathers = await w.apply(father, w.b);
        await w.refused(
          holder.client.enablePayment({ signNo: fathers.signNo, verification }),
          'NOT_BOUND',
        );
        await w.refused(
          holder.client.unbind({ signNo: fathers.signNo, verification }),
          'NOT_BOUND',
        );
      },
    ),
    conformanceCase(
      'R32',
      'query-for-member',
      "a query with memberId answers the member's records, with the holder's verification (the member's proof is not the holder's: REAL_PERSON_FAILED)",
      async (w) => {
        const holder = await holderIn(w);
        const mother = await elder(w);
        const pension = {
          type: 'pension',
          status: 'terminated',
          regionCode: mother.regionCode,
          since: '1985-07',
          months: 360,
        } as const;
        await w.admin.addRecord(mother.idNumber, 'insurance', pension);
        const { memberId } = await addMember(w, holder, mother);
        expect(
          await holder.client.query({
            signNo: holder.signNo,
            topic: 'insurance',
            verification,
            memberId,
          }),
        ).toEqual({ topic: 'insurance', records: [pension] });
        expect(
          (await holder.client.query({ signNo: holder.signNo, topic: 'insurance', verification }))
            .records,
        ).toEqual([]);
        await w.refused(
          holder.client.query({
            signNo: holder.signNo,
            topic: 'insurance',
            verification: { realPerson: await w.proof(mother) },
            memberId,
          }),
          'REAL_PERSON_FAILED',
        );
        await w.refused(
          holder.client.query({
            signNo: holder.signNo,
            topic: 'insurance',
            verification: { password: WRONG_PASSWORD },
            memberId,
          }),
          'PASSWORD_INCORRECT',
        );
      },
    ),
    conformanceCase(
      'R32',
      'member-inactive',
      "a member whose card becomes inactive gets no code and no query (CARD_INACTIVE) until it is normal again; the holder's channels are told (member:status)",
      async (w, context) => {
        requireNotifications(w, context, w.a);
        const holder = await holderIn(w);
        await w.apply(holder.person, w.b);
        const mother = await elder(w);
        const { memberId } = await addMember(w, holder, mother);
        await w.admin.setCardStatus(mother.cardNo, 'lost');
        await w.refused(
          holder.client.issueQr({ signNo: holder.signNo, memberId }),
          'CARD_INACTIVE',
          { status: 'lost' },
        );
        await w.refused(
          holder.client.query({
            signNo: holder.signNo,
            topic: 'insurance',
            verification,
            memberId,
          }),
          'CARD_INACTIVE',
          { status: 'lost' },
        );
        await vi.waitFor(() => {
          expect(w.eventsOf(w.a, 'member:status')).toContainEqual({
            signNo: holder.signNo,
            memberId,
            status: 'lost',
          });
        });
        await w.admin.setCardStatus(mother.cardNo, 'normal');
        await vi.waitFor(() => {
          expect(w.eventsOf(w.a, 'member:status').at(-1)).toEqual({
            signNo: holder.signNo,
            memberId,
            status: 'active',
          });
        });
        expect((await holder.client.issueQr({ signNo: holder.signNo, memberId })).purpose).toBe(
          'identity',
        );
      },
    ),
    conformanceCase(
      'R32',
      'removal',
      "removing a member needs the holder's verification; afterwards the member id is MEMBER_NOT_FOUND, as is another holder's member id",
      async (w) => {
        const holder = await holderIn(w);
        const mother = await elder(w);
        const { memberId } = await addMember(w, holder, mother);
        const input = { signNo: holder.signNo, memberId };
        await w.refused(
          holder.client.removeFamilyMember({
            ...input,
            verification: { password: WRONG_PASSWORD },
          }),
          'PASSWORD_INCORRECT',
        );
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toHaveLength(1);
        const other = await holderIn(w);
        await w.refused(
          other.client.removeFamilyMember({ signNo: other.signNo, memberId, verification }),
          'MEMBER_NOT_FOUND',
        );
        await w.refused(
          other.client.issueQr({ signNo: other.signNo, memberId }),
          'MEMBER_NOT_FOUND',
        );
        await holder.client.removeFamilyMember({ ...input, verification });
        expect(await holder.client.listFamilyMembers({ signNo: holder.signNo })).toEqual([]);
        await w.refused(holder.client.issueQr(input), 'MEMBER_NOT_FOUND');
        await w.refused(
          holder.client.removeFamilyMember({ ...input, verification }),
          'MEMBER_NOT_FOUND',
        );
        // Removed, the person may be added again.
        await addMember(w, holder, mother);
      },
    ),
  ],
};
