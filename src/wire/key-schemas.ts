/**
 * The platform's public keys (R16, R19) and the secrets sealed to its encryption key (R18).
 * Part of the wire schemas; `./schemas.ts` re-exports every name.
 *
 * @internal
 */

import * as z from 'zod';

/**
 * A public JWK (Ed25519 or P-256; SM2 `{ kty: 'EC', crv: 'SM2', x, y }` under the national
 * suite, R34). Parsing strips every member it does not name — `d`
 * included — so a private key can never be published through it.
 */
export const publicJwkSchema = z.object({
  kty: z.enum(['OKP', 'EC']),
  crv: z.enum(['Ed25519', 'P-256', 'SM2']),
  x: z.string(),
  y: z.string().optional(),
  kid: z.string().optional(),
  alg: z.string().optional(),
  use: z.string().optional(),
});

/**
 * A JWK Set of public keys.
 */
export const jwksSchema = z.object({ keys: z.array(publicJwkSchema) });

/**
 * The platform's encryption key, which channels seal secrets to.
 */
export const encryptionKeySchema = z.object({ key: publicJwkSchema });
