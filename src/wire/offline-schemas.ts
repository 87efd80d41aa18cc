/**
 * The wire shapes of offline credentials and the status list (R39–R42), beside `schemas.ts`.
 *
 * @internal
 */
import * as z from 'zod';
import { QR_PURPOSES } from '../domain/enums.js';

const isoDateTime = z.iso.datetime();

/**
 * An offline credential (R39): the platform's certificate of a device key.
 */
export const offlineCredentialSchema = z.object({
  credentialId: z.string().meta({ description: 'The credential id (base64url).' }),
  credential: z.string().meta({
    description:
      'The platform-signed credential, base64url: the bytes every offline code made from it carries.',
  }),
  purposes: z.array(z.enum(QR_PURPOSES)),
  holderName: z.string().meta({ description: 'Masked, as on a code, e.g. 张*.' }),
  regionCode: z.string(),
  notBefore: isoDateTime,
  notAfter: isoDateTime.meta({ description: 'At most 7 days after notBefore.' }),
  statusIndex: z.number().int().nonnegative().meta({
    description: "The credential's bit in the status list (GET /v1/status-lists/offline).",
  }),
  memberId: z.string().optional(),
  revoked: z.array(z.string()).meta({
    description:
      "The ids of this binding's credentials this provisioning revoked (at most 3 live per binding, the oldest go): a phone holding one forgets it.",
  }),
});

/**
 * The platform's signed status list of offline credentials (R41).
 */
export const statusListResponseSchema = z.object({
  token: z.string().meta({
    description:
      'A compact JWS (platform key, current suite) of { kind: "offline-status", version, issuedAt, ttl, bits }: bit i set = the credential with statusIndex i is revoked.',
  }),
});
