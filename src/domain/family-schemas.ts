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

/**
 * The benefit of `addPerson` (R33): a kind, and the last certification if any.
 */
export const benefitSchema = z.strictObject({
  kind: z.enum(BENEFIT_KINDS, { error: 'The benefit kind must be pension.' }),
  certifiedAt: z.optional(z.iso.datetime({ error: 'certifiedAt must be an ISO 8601 date-time.' })),
});

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
