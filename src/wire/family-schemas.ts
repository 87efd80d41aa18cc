/**
 * The wire shapes of family service and entitlement certification (R31–R33), beside
 * `schemas.ts`. The member's name and ID number are the domain's zod/mini schemas (one
 * definition); the platform checks them again and decides the rules.
 *
 * @internal
 */
import * as z from 'zod';
import { BENEFIT_PAYMENT_STATUSES } from '../domain/benefits.js';
import { CERTIFICATION_STATUSES, FAMILY_RELATIONS } from '../domain/family.js';
import { MEMBER_ID_MAX_LENGTH } from '../domain/schemas.js';

const isoDateTime = z.iso.datetime();
/** A family member's id, as the platform makes it (R32); the domain's one limit. */
export const memberIdSchema = z.string().min(1).max(MEMBER_ID_MAX_LENGTH);

/**
 * How a member is related to the holder (R31).
 */
export const familyRelationWireSchema = z.enum(FAMILY_RELATIONS).meta({
  description: 'The member is the holder’s parent (≤ 4), child (≤ 3), spouse (≤ 1) or other (≤ 2).',
});

/**
 * A family member, masked (R31).
 */
export const familyMemberSchema = z.object({
  memberId: z.string(),
  relation: familyRelationWireSchema,
  name: z.string().meta({ description: 'Masked name, e.g. 王*.' }),
  idNumber: z.string().meta({ description: 'Masked ID number.' }),
  addedAt: isoDateTime,
});

/**
 * The holder's family members, in the order added.
 */
export const familyMemberListSchema = z.object({ members: z.array(familyMemberSchema) });

/**
 * A person's entitlement certification (R33).
 */
export const certificationSchema = z.object({
  status: z.enum(CERTIFICATION_STATUSES),
  certifiedAt: isoDateTime.optional(),
  dueBy: isoDateTime
    .optional()
    .meta({ description: 'certifiedAt + 12 calendar months (29 February → 28 February).' }),
});

/**
 * One month of a person's benefit (待遇发放记录, R44).
 */
export const benefitPaymentSchema = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
    .meta({ description: 'The month paid for, YYYY-MM.' }),
  amount: z.number().int().min(1).meta({ description: 'Fen.' }),
  status: z.enum(BENEFIT_PAYMENT_STATUSES).meta({
    description:
      'paid into the bank account, or suspended while the certification was overdue (R33); a suspended month turns paid when its arrears are paid.',
  }),
  paidAt: isoDateTime.optional(),
});

/**
 * A person's benefit payments, newest first, one per month (R44).
 */
export const benefitPaymentListSchema = z.object({
  benefitPayments: z.array(benefitPaymentSchema),
});
