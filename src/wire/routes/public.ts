/**
 * The public routes (keys, an acceptor's status check, the offline status list). `../routes.ts` assembles them into
 * `PLATFORM_ROUTES`; the portals' routes are rows of the operation table.
 *
 * @internal
 */
import { statusListResponseSchema } from '../offline-schemas.js';
import {
  cardStatusRequestSchema,
  cardStatusResponseSchema,
  emptyRequestSchema,
  encryptionKeySchema,
  jwksSchema,
  noParamsSchema,
} from '../schemas.js';
import { route } from './route.js';

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
  offlineStatusList: route({
    method: 'GET',
    path: '/v1/status-lists/offline',
    auth: 'public',
    mutating: false,
    params: noParamsSchema,
    body: emptyRequestSchema,
    response: statusListResponseSchema,
    summary:
      'The signed status list of offline credentials (R41): acceptors verifying offline codes refresh it (its ttl) and refuse once their copy is older than maxStatusAgeSeconds.',
    tag: 'acceptor',
  }),
} as const;
