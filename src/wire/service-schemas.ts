/**
 * The wire shapes of information queries, business applications and consent (R28–R30),
 * beside `schemas.ts`. Records and forms are the domain's zod/mini schemas (one definition);
 * these wrap them into request and answer bodies, and the OpenAPI document reads them alike.
 *
 * @internal
 */
import * as z from 'zod';
import {
  employmentRecordSchema,
  insuranceRecordSchema,
  QUERY_TOPICS,
  qualificationRecordSchema,
  skillRecordSchema,
  startupLoanRecordSchema,
  trainingRecordSchema,
} from '../domain/records.js';
import { SERVICE_IDS } from '../domain/services.js';
import { registerPartyRequestSchema } from './admin-schemas.js';
import { loginScopeSchema } from './login-schemas.js';

const isoDateTime = z.iso.datetime();

/**
 * The answer of a query: the topic and its records.
 */
export const queryResultSchema = z.union([
  z.object({ topic: z.literal('insurance'), records: z.array(insuranceRecordSchema) }),
  z.object({ topic: z.literal('employment'), records: z.array(employmentRecordSchema) }),
  z.object({ topic: z.literal('training'), records: z.array(trainingRecordSchema) }),
  z.object({ topic: z.literal('qualification'), records: z.array(qualificationRecordSchema) }),
  z.object({ topic: z.literal('skill'), records: z.array(skillRecordSchema) }),
  z.object({ topic: z.literal('startup-loan'), records: z.array(startupLoanRecordSchema) }),
]);

/**
 * An application (R29).
 */
export const applicationSchema = z.object({
  applicationId: z.string(),
  service: z.enum(SERVICE_IDS),
  status: z.enum(['submitted', 'accepted', 'approved', 'rejected', 'withdrawn']),
  submittedAt: isoDateTime,
  updatedAt: isoDateTime,
  note: z.string().optional(),
});

/**
 * The holder's applications, newest first.
 */
export const applicationListSchema = z.object({ applications: z.array(applicationSchema) });

/**
 * `{applicationId}` of the admin review route.
 */
export const applicationIdParamsSchema = z.strictObject({
  applicationId: z.string().min(1).max(128),
});

/**
 * Admin: the back office's decision on an application (R29).
 */
export const reviewApplicationRequestSchema = z.strictObject({
  decision: z.enum(['accepted', 'approved', 'rejected']),
  note: z.string().max(500).optional(),
});

/**
 * Admin: a record for a person (R28), checked against its topic's schema by the platform.
 */
export const addRecordRequestSchema = z.strictObject({
  topic: z.enum(QUERY_TOPICS),
  record: z.record(z.string(), z.unknown()).meta({
    description: "The record, in its topic's shape (see QueryResult's records).",
  }),
});

/**
 * The holder's confirmed logins: which portal received which claims, and when (R30).
 */
export const authorizationListSchema = z.object({
  authorizations: z.array(
    z.object({
      portalId: z.string(),
      portalName: z.string(),
      scopes: z.array(loginScopeSchema),
      at: isoDateTime,
    }),
  ),
});

/**
 * The body of `POST /v1/portal/login-sessions`: the claims asked for (R30).
 */
export const createLoginSessionRequestSchema = z.strictObject({
  scopes: z.array(loginScopeSchema).optional().meta({
    description:
      'R30: within the registration; left out, all it allows except signNo, which is released only when asked for.',
  }),
});

/**
 * Admin: register a portal, with the claims its sessions may ask for (R30).
 */
export const registerPortalRequestSchema = registerPartyRequestSchema.extend({
  scopes: z.array(loginScopeSchema).optional().meta({
    description:
      'R30: the claims its sessions may ask for; left out, name, idNumber, regionCode and level (signNo only when listed).',
  }),
});
