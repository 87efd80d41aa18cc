/**
 * The scan-to-login shapes of the wire protocol (R17, R30): what a portal opens and reads,
 * what a channel scans, confirms or rejects. Part of the wire schemas; `./schemas.ts`
 * re-exports every name.
 *
 * @internal
 */

import * as z from 'zod';
import { LOGIN_SCOPES, LOGIN_STATES } from '../domain/enums.js';

const isoDateTime = z.iso.datetime();

/**
 * A claim a portal may receive from a confirmed login (R30); `signNo` only when registered
 * with it and asked for.
 */
export const loginScopeSchema = z.enum(LOGIN_SCOPES);

/**
 * What a user sees after scanning a portal's login code (R17).
 */
export const loginRequestSchema = z.object({
  requestId: z.string(),
  portal: z.object({ id: z.string(), name: z.string() }),
  scopes: z.array(loginScopeSchema).meta({
    description: 'R30: the claims the portal asks to receive; show them before confirming.',
  }),
  expiresAt: isoDateTime,
});

/**
 * A login session as the portal creates it (R17).
 */
export const loginSessionSchema = z.object({
  sessionId: z.string(),
  qrText: z.string(),
  expiresAt: isoDateTime,
});

/**
 * A login session's state, with the platform-signed assertion once confirmed (R17).
 */
export const loginSessionStateSchema = z.object({
  state: z.enum(LOGIN_STATES),
  assertion: z
    .string()
    .optional()
    .meta({ description: 'EdDSA (or SM2, sm suite) JWT, audience = the portal id.' }),
});

const _qrTextSchema = z.string().min(1).max(2048);
