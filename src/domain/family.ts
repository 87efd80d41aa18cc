/**
 * Family service (亲情服务, R31, R32) and entitlement certification (待遇资格认证, R33): the
 * domain's types, enumerations and the zod/mini schemas of their inputs. The rules that need
 * records (limits, consent, ages, the certification year) are the engine's
 * (`src/engine/family.ts`, `src/engine/certification.ts`). No schema here: this module is in
 * the core's closure; the input schemas are in `family-schemas.ts`.
 */
import { FAMILY_RELATIONS } from './enums.js';
import type { RealPersonProof, UserVerification } from './types.js';

export { FAMILY_RELATIONS };

/**
 * One of {@link FAMILY_RELATIONS}.
 */
export type FamilyRelation = (typeof FAMILY_RELATIONS)[number];

/**
 * How many members of each relation a holder may add (R31): 4 parents, 3 children, 1 spouse,
 * 2 others. One more is `FAMILY_LIMIT`.
 *
 * @example
 * ```ts
 * FAMILY_LIMITS.parent; // 4
 * ```
 */
export const FAMILY_LIMITS: Readonly<Record<FamilyRelation, number>> = {
  parent: 4,
  child: 3,
  spouse: 1,
  other: 2,
};

/**
 * Below this age (whole years, from the ID number's birth date at the platform's clock) a
 * member is added without their own real-person proof: the holder's verification suffices (R31).
 *
 * @example
 * ```ts
 * const needsProof = ageOf(idNumber, Date.now()) >= CONSENT_AGE;
 * ```
 */
export const CONSENT_AGE = 16;

/**
 * A family member as the holder's channel sees them (R31): masked, like the holder's own card.
 *
 * @example
 * ```ts
 * const [mother]: FamilyMember[] = await client.listFamilyMembers({ signNo });
 * console.log(mother.relation, mother.name); // 'parent' '王*'
 * ```
 */
export interface FamilyMember {
  /** The platform's id of this membership: pass it as `memberId`. */
  memberId: string;
  /** The member is the holder's … */
  relation: FamilyRelation;
  /** Masked, e.g. `王*`. */
  name: string;
  /** Masked, e.g. `4401**********1234`. */
  idNumber: string;
  /** ISO 8601. */
  addedAt: string;
}

/**
 * The statuses of entitlement certification (R33), in the order a year walks them (plus
 * `not-required` for someone who receives no benefit).
 *
 * @example
 * ```ts
 * CERTIFICATION_STATUSES.includes('due'); // true
 * ```
 */
export const CERTIFICATION_STATUSES = ['not-required', 'certified', 'due', 'overdue'] as const;

/**
 * One of {@link CERTIFICATION_STATUSES}: `certified` until 30 days before `dueBy`, then `due`
 * (show a reminder), then `overdue` from `dueBy` or when never certified (the benefit's payment
 * is suspended until the person certifies).
 */
export type CertificationStatus = (typeof CERTIFICATION_STATUSES)[number];

/**
 * A person's entitlement certification as it stands (R33).
 *
 * @example
 * ```ts
 * const { status, dueBy }: Certification = await client.getCertification({ signNo });
 * if (status === 'due') remind(`请在 ${dueBy} 前完成待遇资格认证`);
 * ```
 */
export interface Certification {
  /** Where the person stands now. */
  status: CertificationStatus;
  /** ISO 8601: the last certification; absent when never certified (or not required). */
  certifiedAt?: string;
  /** ISO 8601: `certifiedAt` + 12 calendar months (29 February → 28 February). */
  dueBy?: string;
}

/**
 * The benefits whose payment needs a yearly certification (R33).
 *
 * @example
 * ```ts
 * BENEFIT_KINDS; // ['pension']
 * ```
 */
export const BENEFIT_KINDS = ['pension'] as const;

/**
 * A benefit a person receives, as the back office records it (`addPerson({ benefit })`).
 */
export interface Benefit {
  /** The benefit's kind. */
  kind: (typeof BENEFIT_KINDS)[number];
  /** ISO 8601: the last certification; absent = never certified. */
  certifiedAt?: string;
  /** Fen paid each month (R44); default 300 000 (¥3 000.00, `DEFAULT_MONTHLY_BENEFIT`). */
  monthlyAmount?: number;
}

/**
 * What a holder gives to add a family member (R31).
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
