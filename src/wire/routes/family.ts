/**
 * The channel routes of family service and entitlement certification (R31–R33), named after
 * the operations they carry. `../routes.ts` assembles them into `PLATFORM_ROUTES`.
 *
 * @internal
 */
import { OPERATION_TRAITS } from '../../platform/operations.js';
import {
  addFamilyMemberRequestSchema,
  certificationSchema,
  certificationStatusRequestSchema,
  certifyRequestSchema,
  familyMemberListSchema,
  familyMemberSchema,
  memberParamsSchema,
} from '../family-schemas.js';
import {
  emptyRequestSchema,
  emptyResponseSchema,
  signNoParamsSchema,
  verificationRequestSchema,
} from '../schemas.js';
import { route } from './route.js';

/**
 * The family and certification routes. Part of `PLATFORM_ROUTES`.
 *
 * @example
 * ```ts
 * FAMILY_ROUTES.addFamilyMember.path; // '/v1/cards/{signNo}/family'
 * ```
 */
export const FAMILY_ROUTES = {
  addFamilyMember: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/family',
    auth: 'channel',
    mutating: OPERATION_TRAITS.addFamilyMember.mutating === true,
    params: signNoParamsSchema,
    body: addFamilyMemberRequestSchema,
    response: familyMemberSchema,
    summary:
      "Add a family member (亲情服务, R31) with the holder's verification and, from age 16, the member's own real-person proof.",
    tag: 'channel',
  }),
  listFamilyMembers: route({
    method: 'GET',
    path: '/v1/cards/{signNo}/family',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: emptyRequestSchema,
    response: familyMemberListSchema,
    summary: "The holder's family members, masked, in the order added (R31).",
    tag: 'channel',
  }),
  removeFamilyMember: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/family/{memberId}/remove',
    auth: 'channel',
    mutating: true,
    params: memberParamsSchema,
    body: verificationRequestSchema,
    response: emptyResponseSchema,
    summary: "Remove a family member with the holder's verification (R32).",
    tag: 'channel',
  }),
  getCertification: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/certification/status',
    auth: 'channel',
    mutating: false,
    params: signNoParamsSchema,
    body: certificationStatusRequestSchema,
    response: certificationSchema,
    summary:
      'The entitlement certification (待遇资格认证, R33) of the holder or a family member: not-required, certified, due or overdue. Read-only.',
    tag: 'channel',
  }),
  certify: route({
    method: 'POST',
    path: '/v1/cards/{signNo}/certification',
    auth: 'channel',
    mutating: true,
    params: signNoParamsSchema,
    body: certifyRequestSchema,
    response: certificationSchema,
    summary:
      "Certify the holder or a family member (R33) with the certified person's own real-person proof.",
    tag: 'channel',
  }),
} as const;
