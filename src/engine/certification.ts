import { EsscError } from '../domain/errors.js';
import type { Certification } from '../domain/family.js';
import type { EngineContext } from './context.js';
import type { BenefitRecord, PersonRecord } from './entities.js';
import type { Family } from './family.js';
import type { OperationCall, OperationHandlers } from './pipeline.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** From this long before `dueBy` the status is `due`: a channel shows a reminder (R33). */
export const CERTIFICATION_DUE_WINDOW_MS = 30 * DAY_MS;
/** Calendar dates are China's (UTC+8, no daylight saving). */
export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * `at` plus 12 calendar months on China's calendar, same time of day; 29 February becomes
 * 28 February of the next year (R33).
 */
export function twelveMonthsAfter(at: number): number {
  const local = new Date(at + CHINA_UTC_OFFSET_MS);
  const year = local.getUTCFullYear() + 1;
  const month = local.getUTCMonth();
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const next = Date.UTC(
    year,
    month,
    day,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return next - CHINA_UTC_OFFSET_MS;
}

/** R33: where a person stands at `now`. */
export function certificationAt(
  benefit: Pick<BenefitRecord, 'kind' | 'certifiedAt'> | undefined,
  now: number,
): Certification {
  if (!benefit) return { status: 'not-required' };
  if (benefit.certifiedAt === undefined) return { status: 'overdue' };
  const dueBy = twelveMonthsAfter(benefit.certifiedAt);
  const status =
    now >= dueBy ? 'overdue' : now >= dueBy - CERTIFICATION_DUE_WINDOW_MS ? 'due' : 'certified';
  return {
    status,
    certifiedAt: new Date(benefit.certifiedAt).toISOString(),
    dueBy: new Date(dueBy).toISOString(),
  };
}

/**
 * Entitlement certification (待遇资格认证, R33): a person who receives a benefit certifies every
 * 12 months with their own real-person proof, from their own channel or a family member's
 * (R32: what a holder may do for a member is {@link Family.forMember}'s to say). The channels
 * bound to the person's e-card, and the holder's when done for a member, are told
 * (`certification.completed`).
 */
export class Certifications {
  constructor(
    private readonly ctx: EngineContext,
    private readonly family: Family,
  ) {}

  /** The operations this module handles: the engine's pipeline calls them. */
  handlers(): Pick<OperationHandlers, 'getCertification' | 'certify'> {
    return {
      getCertification: (call) => this.getCertification(call),
      certify: (call) => this.certify(call),
    };
  }

  /** R33: the certification of the holder, or of a member. Read-only; any card status. */
  async getCertification({
    caller: channelId,
    input,
  }: OperationCall<'getCertification'>): Promise<Certification> {
    const { person } = this.subject(channelId, input);
    return certificationAt(this.ctx.registry.benefits.get(person.idNumber), this.ctx.now());
  }

  /** R33: certifies with the certified person's own proof; NOT_ELIGIBLE without a benefit. */
  async certify({ caller: channelId, input }: OperationCall<'certify'>): Promise<Certification> {
    const { ctx } = this;
    const { person, holderSignNo, memberId } = this.subject(channelId, input);
    const benefit = ctx.registry.benefits.get(person.idNumber);
    if (!benefit) {
      throw new EsscError(
        'NOT_ELIGIBLE',
        'This person receives no benefit that needs certification.',
      );
    }
    // The certified person's own face (R33), whoever's channel starts it.
    (
      await ctx.verification.checkRealPerson(input.realPerson, person.idNumber, channelId)
    ).consume();
    benefit.certifiedAt = ctx.now();
    const certification = certificationAt(benefit, ctx.now());
    const ownSignNo = ctx.registry.signNoOfCard(person.cardNo);
    if (ownSignNo) {
      ctx.notifier.notifyBound(ownSignNo, 'certification.completed', { certification });
    }
    if (memberId !== undefined) {
      ctx.notifier.notifyBound(holderSignNo, 'certification.completed', {
        memberId,
        certification,
      });
    }
    return certification;
  }

  /** Whose certification: the holder's own, or the member's (R32 says whether it may). */
  private subject(
    channelId: string,
    input: { signNo: string; memberId?: string },
  ): { person: PersonRecord; holderSignNo: string; memberId?: string } {
    const { signNo } = input;
    if (input.memberId !== undefined) {
      const member = this.family.forMember(channelId, signNo, input.memberId, 'certification');
      return {
        person: member.person,
        holderSignNo: member.holder.ecard.signNo,
        memberId: member.memberId,
      };
    }
    const binding = this.ctx.registry.requireBinding(channelId, signNo);
    const { person } = this.ctx.registry.ecardOf(binding.signNo)!;
    return { person, holderSignNo: binding.signNo };
  }
}
