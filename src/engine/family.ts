import { randomId } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import {
  CONSENT_AGE,
  FAMILY_LIMITS,
  type FamilyMember,
  type FamilyRelation,
} from '../domain/family.js';
import { addFamilyMemberFieldsSchema, memberIdSchema } from '../domain/family-schemas.js';
import { ageAt } from '../domain/id-number.js';
import { maskIdNumber, maskName } from '../domain/masking.js';
import { parseInput } from '../domain/parse-input.js';
import { validationError } from '../domain/validation.js';
import type { EngineContext } from './context.js';
import { type BindingRecord, type CardRecord, eCardStatus, type PersonRecord } from './entities.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';
import type { ECardView } from './registry.js';
import { releasedOnRefusal } from './user-verification.js';

/** One membership: a holder (by ID number, so it outlives a card replacement) and a member. */
interface MemberRecord {
  memberId: string;
  holderIdNumber: string;
  relation: FamilyRelation;
  idNumber: string;
  addedAt: number;
}

/**
 * What a holder may ask for on a member's behalf. The keys name every operation a channel
 * could aim at a member; R32 allows three. Operations without a `memberId` in their input
 * (password, binding, payment level, bills) cannot name a member at all; the table still lists
 * them so the rule reads whole, and any path that ever passes one is refused here.
 */
export type MemberAction =
  | 'identity-qr'
  | 'query'
  | 'certification'
  | 'benefit-history'
  | 'payment-qr'
  | 'change-password'
  | 'reset-password'
  | 'bind'
  | 'unbind'
  | 'enable-payment'
  | 'pay';

/**
 * R32, decided once: identity codes, queries, certification and the benefit history (R44) —
 * never password, binding, payment.
 */
const PERMITTED: Readonly<Record<MemberAction, boolean>> = {
  'identity-qr': true,
  query: true,
  certification: true,
  'benefit-history': true,
  'payment-qr': false,
  'change-password': false,
  'reset-password': false,
  bind: false,
  unbind: false,
  'enable-payment': false,
  pay: false,
};

/** A member as an operation on their behalf sees them. */
export interface MemberView {
  /** The holder's bound e-card and the records around it. */
  holder: ECardView & { binding: BindingRecord };
  memberId: string;
  relation: FamilyRelation;
  person: PersonRecord;
  /** The member's current physical card. */
  card: CardRecord;
}

/**
 * Family service (亲情服务, R31, R32): a holder adds, lists and removes family members, and
 * {@link Family.forMember} is the one place that decides what the holder may do for one.
 * A member's card status changes reach the holder's bound channels (`member.status_changed`).
 */
export class Family {
  /** memberId → membership, in the order added. */
  private readonly members = new Map<string, MemberRecord>();

  constructor(private readonly ctx: EngineContext) {
    ctx.cardStatusListeners.push((card) => this.onCardStatus(card));
  }

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<
    OperationHandlers,
    'addFamilyMember' | 'listFamilyMembers' | 'removeFamilyMember'
  > {
    return {
      addFamilyMember: (call) => this.addFamilyMember(call),
      listFamilyMembers: (call) => this.listFamilyMembers(call),
      removeFamilyMember: (call) => this.removeFamilyMember(call),
    };
  }

  /**
   * R31: adds a member with the holder's verification and, for a member of 16 or more, the
   * member's own real-person proof; their card must exist, be normal and in an enabled region.
   */
  async addFamilyMember({
    caller: channelId,
    input,
  }: OperationCall<'addFamilyMember'>): Promise<FamilyMember> {
    const { ctx } = this;
    const { registry } = ctx;
    const fields = parseInput(addFamilyMemberFieldsSchema, {
      signNo: input.signNo,
      relation: input.relation,
      name: input.name,
      idNumber: input.idNumber,
    });
    const holder = registry.requireActive(channelId, fields.signNo);
    if (fields.idNumber === holder.person.idNumber) {
      throw validationError('The holder cannot add themselves as a family member.', {
        path: ['idNumber'],
        message: 'is the holder',
      });
    }
    const { person, card } = registry.requireCardholder(fields.idNumber, 'the member’s');
    if (person.name !== fields.name) {
      throw new EsscError('IDENTITY_MISMATCH', 'The name does not match the member’s ID number.');
    }
    if (card.status !== 'normal') {
      throw new EsscError('CARD_INACTIVE', `The member's card is ${card.status}.`, {
        details: { status: eCardStatus(card.status) },
      });
    }
    const own = this.membersOf(holder.person.idNumber);
    if (own.some((m) => m.idNumber === person.idNumber)) {
      throw new EsscError('ALREADY_MEMBER', 'This person is already a family member.');
    }
    const limit = FAMILY_LIMITS[fields.relation];
    if (own.filter((m) => m.relation === fields.relation).length >= limit) {
      throw new EsscError(
        'FAMILY_LIMIT',
        `A holder may add at most ${limit} family member${limit === 1 ? '' : 's'} of relation ${fields.relation}.`,
        { details: { relation: fields.relation, limit } },
      );
    }
    const holderCheck = await ctx.verification.verifyUser(
      holder.ecard,
      input.verification,
      channelId,
    );
    // Consent (R31): the member's own face check, unless a child under 16.
    const memberCheck = await releasedOnRefusal(holderCheck, async () => {
      if ((ageAt(person.idNumber, ctx.now()) ?? CONSENT_AGE) < CONSENT_AGE) return undefined;
      if (input.memberProof === undefined) {
        throw new EsscError(
          'REAL_PERSON_FAILED',
          `A member aged ${CONSENT_AGE} or more consents with their own real-person proof (memberProof); run their face check.`,
        );
      }
      return ctx.verification.checkRealPerson(input.memberProof, person.idNumber, channelId);
    });
    holderCheck.consume();
    memberCheck?.consume();
    const record: MemberRecord = {
      memberId: `mem_${randomId(12)}`,
      holderIdNumber: holder.person.idNumber,
      relation: fields.relation,
      idNumber: person.idNumber,
      addedAt: ctx.now(),
    };
    this.members.set(record.memberId, record);
    return this.view(record);
  }

  /** R31: the holder's members, in the order added, masked; readable in any card status. */
  async listFamilyMembers({
    caller: channelId,
    input,
  }: OperationCall<'listFamilyMembers'>): Promise<FamilyMember[]> {
    const { registry } = this.ctx;
    const binding = registry.requireBinding(channelId, input.signNo);
    const { ecard } = registry.ecardOf(binding.signNo)!;
    return this.membersOf(ecard.idNumber).map((m) => this.view(m));
  }

  /** R32: removes a member with the holder's verification (any card status). */
  async removeFamilyMember({
    caller: channelId,
    input,
  }: OperationCall<'removeFamilyMember'>): Promise<void> {
    const { ctx } = this;
    const binding = ctx.registry.requireBinding(channelId, input.signNo);
    const { ecard } = ctx.registry.ecardOf(binding.signNo)!;
    const record = this.recordOf(ecard.idNumber, input.memberId);
    (await ctx.verification.verifyUser(ecard, input.verification, channelId)).consume();
    this.members.delete(record.memberId);
    // R42: the credentials made for the member end with their place in the family.
    ctx.offline.revokeWhere((c) => c.memberId === record.memberId);
  }

  /**
   * R32, the one rule: what the holder of `signNo` (bound in `channelId`) may do for a member.
   * A forbidden action is `MEMBER_FORBIDDEN`; an unknown member `MEMBER_NOT_FOUND`. An identity
   * code and a query need the holder's card and the member's card active (`CARD_INACTIVE`);
   * certification (R33) and reading the benefit history (R44) need neither.
   */
  forMember(
    channelId: string,
    signNo: string,
    memberId: unknown,
    action: MemberAction,
  ): MemberView {
    const { registry } = this.ctx;
    if (!PERMITTED[action]) {
      throw new EsscError(
        'MEMBER_FORBIDDEN',
        'Only identity codes, queries, certification and the benefit history can be done for a family member.',
      );
    }
    const needsActive = action !== 'certification' && action !== 'benefit-history';
    const holder = needsActive
      ? registry.requireActive(channelId, signNo)
      : { binding: registry.requireBinding(channelId, signNo), ...this.viewOf(channelId, signNo) };
    const record = this.recordOf(holder.person.idNumber, memberId);
    const person = registry.persons.get(record.idNumber)!;
    const card = registry.cards.get(person.cardNo)!;
    if (needsActive && card.status !== 'normal') {
      throw new EsscError(
        'CARD_INACTIVE',
        `The family member's card is ${card.status}: no code and no query until it is normal again.`,
        { details: { status: eCardStatus(card.status) } },
      );
    }
    return { holder, memberId: record.memberId, relation: record.relation, person, card };
  }

  /**
   * Whose family member a person is: each holder's membership, with the holder's current
   * e-card (those with none are left out). For telling the holders' channels of the member.
   */
  holdersOf(idNumber: string): { memberId: string; holderSignNo: string }[] {
    const { registry } = this.ctx;
    const found: { memberId: string; holderSignNo: string }[] = [];
    for (const record of this.members.values()) {
      if (record.idNumber !== idNumber) continue;
      const holder = registry.persons.get(record.holderIdNumber);
      const holderSignNo = holder && registry.signNoOfCard(holder.cardNo);
      if (holderSignNo) found.push({ memberId: record.memberId, holderSignNo });
    }
    return found;
  }

  /** The back office's read (the sandbox console): a holder's members, masked, any channel. */
  familyOf(holderIdNumber: string): FamilyMember[] {
    return this.membersOf(holderIdNumber).map((record) => this.view(record));
  }

  private viewOf(channelId: string, signNo: string): ECardView {
    return this.ctx.registry.ecardOf(this.ctx.registry.requireBinding(channelId, signNo).signNo)!;
  }

  private recordOf(holderIdNumber: string, memberId: unknown): MemberRecord {
    const id = parseInput(memberIdSchema, memberId);
    const record = this.members.get(id);
    if (!record || record.holderIdNumber !== holderIdNumber) {
      throw new EsscError('MEMBER_NOT_FOUND', 'The holder has no family member with this id.');
    }
    return record;
  }

  private membersOf(holderIdNumber: string): MemberRecord[] {
    return [...this.members.values()].filter((m) => m.holderIdNumber === holderIdNumber);
  }

  private view(record: MemberRecord): FamilyMember {
    const person = this.ctx.registry.persons.get(record.idNumber)!;
    return {
      memberId: record.memberId,
      relation: record.relation,
      name: maskName(person.name),
      idNumber: maskIdNumber(person.idNumber),
      addedAt: new Date(record.addedAt).toISOString(),
    };
  }

  /** R32: a member's current card changed status: the holders' bound channels are told. */
  private onCardStatus(card: CardRecord): void {
    const { registry, notifier } = this.ctx;
    if (registry.persons.get(card.idNumber)?.cardNo !== card.cardNo) return;
    for (const { memberId, holderSignNo } of this.holdersOf(card.idNumber)) {
      notifier.notifyBound(holderSignNo, 'member.status_changed', {
        memberId,
        status: eCardStatus(card.status),
      });
    }
  }
}
