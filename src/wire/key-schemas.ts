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
 *
 * @example
 * ```ts
 * const jwk = publicJwkSchema.parse(channelKeyPair.publicJwk);
 * ```
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
 *
 * @example
 * ```ts
 * const jwks = jwksSchema.parse(await response.json());
 * ```
 */
export const jwksSchema = z.object({ keys: z.array(publicJwkSchema) });

/**
 * The platform's encryption key, which channels seal secrets to.
 *
 * @example
 * ```ts
 * const { key } = encryptionKeySchema.parse(await response.json());
 * ```
 */
export const encryptionKeySchema = z.object({ key: publicJwkSchema });

/**
 * A secret (password, real-person proof) sealed to the platform's encryption key: a compact
 * JWE (five base64url parts). A plain 6-digit password does not have this form, so a client
 * that forgets to seal is refused before anything else happens (R18).
 *
 * @example
 * ```ts
 * sealedSecretSchema.parse(await sealSecret(platformEncKey, '258046'));
 * ```
 */
export const sealedSecretSchema = z
  .string()
  .max(8192)
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, {
    error: 'Must be a secret sealed to the platform key (compact JWE), never the plain value.',
  })
  .meta({
    description:
      "A secret sealed to the platform's encryption key (GET /v1/platform/encryption-key): compact JWE, ECDH-ES+A256KW / A256GCM.",
  });

/**
 * User verification with its secret sealed (R18): `{ password }` or `{ realPerson }`.
 *
 * @example
 * ```ts
 * sealedVerificationSchema.parse({ password: sealedPassword });
 * ```
 */
export const sealedVerificationSchema = z
  .union([
    z.strictObject({ password: sealedSecretSchema }),
    z.strictObject({ realPerson: sealedSecretSchema }),
  ])
  .meta({
    description:
      'User verification (R18): the sealed e-card password or the sealed real-person proof.',
  });
