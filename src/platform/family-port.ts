/**
 * The family and certification operations of the {@link PlatformAdapter} port (R31–R33), in a
 * file of their own so the port stays readable. Required, like every other flow: the mock, the
 * http adapter and the relay carry them.
 */
import type { Certification, FamilyMember, FamilyRelation } from '../domain/family.js';
import type { RealPersonProof, UserVerification } from '../domain/types.js';
import type { RequestContext } from './port.js';

/**
 * Input of {@link FamilyOperations.addFamilyMember} (R31).
 *
 * @example
 * ```ts
 * const input: AddFamilyMemberInput = {
 *   signNo, relation: 'parent', name: '王芳', idNumber: '440106196205120021',
 *   verification: { password: '258046' }, memberProof: proofFromMothersFaceCheck,
 * };
 * ```
 */
export interface AddFamilyMemberInput {
  /** The holder's e-card. */
  signNo: string;
  /** The member is the holder's … */
  relation: FamilyRelation;
  /** The member's full name as on the ID card. */
  name: string;
  /** The member's ID number. */
  idNumber: string;
  /** The holder's verification; seal its secret before it leaves the adapter. */
  verification: UserVerification;
  /**
   * The member's own real-person proof (their consent), needed from age 16; seal it before it
   * leaves the adapter.
   */
  memberProof?: RealPersonProof;
}

/**
 * Family service and entitlement certification, as a {@link PlatformAdapter} offers them.
 *
 * @example
 * ```ts
 * const members = await adapter.listFamilyMembers({ signNo }, {});
 * ```
 */
export interface FamilyOperations {
  /**
   * Adds a family member (R31). Mutating; both secrets sealed.
   *
   * @example
   * ```ts
   * const member = await adapter.addFamilyMember(input, { idempotencyKey });
   * ```
   */
  addFamilyMember(input: AddFamilyMemberInput, ctx: RequestContext): Promise<FamilyMember>;
  /**
   * The holder's family members, masked, in the order added. Read-only.
   *
   * @example
   * ```ts
   * const members = await adapter.listFamilyMembers({ signNo }, {});
   * ```
   */
  listFamilyMembers(input: { signNo: string }, ctx: RequestContext): Promise<FamilyMember[]>;
  /**
   * Removes a family member with the holder's verification (R32). Mutating.
   *
   * @example
   * ```ts
   * await adapter.removeFamilyMember({ signNo, memberId, verification }, { idempotencyKey });
   * ```
   */
  removeFamilyMember(
    input: { signNo: string; memberId: string; verification: UserVerification },
    ctx: RequestContext,
  ): Promise<void>;
  /**
   * The entitlement certification of the holder or of a member (R33). Read-only.
   *
   * @example
   * ```ts
   * const { status } = await adapter.getCertification({ signNo }, {});
   * ```
   */
  getCertification(
    input: { signNo: string; memberId?: string },
    ctx: RequestContext,
  ): Promise<Certification>;
  /**
   * Certifies the holder or a member with the certified person's own real-person proof (R33).
   * Mutating; the proof sealed.
   *
   * @example
   * ```ts
   * const certification = await adapter.certify({ signNo, realPerson, memberId }, { idempotencyKey });
   * ```
   */
  certify(
    input: { signNo: string; realPerson: RealPersonProof; memberId?: string },
    ctx: RequestContext,
  ): Promise<Certification>;
}

/**
 * The operations of this file, by name.
 *
 * @example
 * ```ts
 * const name: FamilyOperationName = 'certify';
 * ```
 */
export type FamilyOperationName = keyof FamilyOperations;
