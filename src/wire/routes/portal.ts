/**
 * The routes of government portals, and the public ones (keys, acceptor). `../routes.ts`
 * assembles them into `PLATFORM_ROUTES`.
 *
 * @internal
 */
import {
  cardStatusRequestSchema,
  cardStatusResponseSchema,
  emptyRequestSchema,
  encryptionKeySchema,
  jwksSchema,
  loginSessionSchema,
  loginSessionStateSchema,
  noParamsSchema,
  sessionIdParamsSchema,
} from '../schemas.js';
import { createLoginSessionRequestSchema } from '../service-schemas.js';
import { route } from './route.js';

/**
 * The routes a government portal calls, signed with its key (R17). Part of `PLATFORM_ROUTES`.
 */
export const PORTAL_ROUTES = {
  createLoginSession: route({
    method: 'POST',
    path: '/v1/portal/login-sessions',
    auth: 'portal',
    mutating: true,
    params: noParamsSchema,
    body: createLoginSessionRequestSchema,
    response: loginSessionSchema,
    summary:
      'Open a scan-to-login session and get the QR text to show (R17), asking for some claims (R30).',
    tag: 'portal',
  }),
  getLoginSession: route({
    method: 'GET',
    path: '/v1/portal/login-sessions/{sessionId}',
    auth: 'portal',
    mutating: false,
    params: sessionIdParamsSchema,
    body: emptyRequestSchema,
    response: loginSessionStateSchema,
    summary: "A login session's state, with the signed assertion once confirmed (R17).",
    tag: 'portal',
  }),
} as const;

/**
 * The routes anyone may call: the platform's public keys and an acceptor's online card-status
 * check. Part of `PLATFORM_ROUTES`.
 */
export const PUBLIC_ROUTES = {
  jwks: route({
    method: 'GET',
    path: '/.well-known/jwks.json',
    auth: 'public',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: jwksSchema,
    summary: "The platform's public signing keys: current and previous (R16, R19).",
    tag: 'keys',
  }),
  encryptionKey: route({
    method: 'GET',
    path: '/v1/platform/encryption-key',
    auth: 'public',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: encryptionKeySchema,
    summary: 'The public key channels seal passwords and real-person proofs to (R18).',
    tag: 'keys',
  }),
  cardStatus: route({
    method: 'POST',
    path: '/v1/acceptor/card-status',
    auth: 'public',
    mutating: false,
    params: noParamsSchema,
    body: cardStatusRequestSchema,
    response: cardStatusResponseSchema,
    summary:
      "An acceptor's online check (payments): the current status of the card behind a verified QR code's card reference.",
    tag: 'acceptor',
  }),
} as const;
