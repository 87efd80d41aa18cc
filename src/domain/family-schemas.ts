/**
 * zod/mini schemas of the family and certification inputs (R31–R33) the platform checks. The
 * relation's schema is in `schemas.ts` with the other enumerations the client checks.
 */
import * as z from 'zod/mini';
import { BENEFIT_KINDS } from './family.js';
import {
  familyRelationSchema,
  idNumberSchema,
  memberIdSchema,
  nameSchema,
  signNoSchema,
} from './schemas.js';

export { familyRelationSchema, memberIdSchema };

/** The largest monthly benefit the back office may record, fen (¥100 000.00). */
export const MAX_MONTHLY_BENEFIT = 10_000_000;

/**
 * The benefit of `addPerson` (R33, R44): a kind, the last certification if any, and the monthly
 * amount in fen.
 */
export const benefitSchema = z.strictObject({
  kind: z.enum(BENEFIT_KINDS, { error: 'The benefit kind must be pension.' }),
  certifiedAt: z.optional(z.iso.datetime({ error: 'certifiedAt must be an ISO 8601 date-time.' })),
  monthlyAmount: z.optional(
    z
      .int({ error: 'monthlyAmount must be an integer of fen.' })
      .check(
        z.gte(1, { error: 'monthlyAmount must be at least 1 fen.' }),
        z.lte(MAX_MONTHLY_BENEFIT, { error: 'monthlyAmount must be at most ¥100 000.00.' }),
      ),
  ),
});

/**
 * A month of benefit payments (R44): `YYYY-MM`, a real month.
 */
export const benefitMonthSchema = z
  .string()
  .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'The month must be YYYY-MM.' }));

/**
 * What the platform receives for `addFamilyMember`, besides the sealed secrets: the member's
 * relation, name and ID number, checked with the domain's one definition of each.
 */
export const addFamilyMemberFieldsSchema = z.object({
  signNo: signNoSchema,
  relation: familyRelationSchema,
  name: nameSchema,
  idNumber: idNumberSchema,
});
