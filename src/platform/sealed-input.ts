/**
 * An operation's input as the platform receives it: the row's own schema with each secret
 * field (R18) replaced by its sealed form. Derived from the operation table, so the engine's
 * pipeline, the wire routes and the OpenAPI document read the same definition the client parses
 * with; only the secrets differ (plain in the app, sealed on the way).
 *
 * Not part of the core: the platform side (engine, sandbox, wire) and the http adapter use it.
 *
 * @internal
 */
import * as z from 'zod/mini';
import {
  ALL_OPERATIONS,
  type AnyOperation,
  type AnyOperationInput,
} from './acceptor-operations.js';
import type { SecretField } from './operations.js';

/** A secret sealed to the platform's key: a compact JWE under either crypto suite. */
export const sealedSecretSchema = z.string().check(
  z.maxLength(8192),
  z.regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, {
    error: 'Must be a secret sealed to the platform key (compact JWE), never the plain value.',
  }),
);
z.globalRegistry.add(sealedSecretSchema, {
  description:
    "A secret sealed to the platform's encryption key (GET /v1/platform/encryption-key): a compact JWE, ECDH-ES+A256KW / A256GCM under the jose suite, SM2 public-key encryption of the content key + SM4-GCM under sm (JWE alg SM2, enc SM4-GCM; R34).",
});

/** User verification with its secret sealed: `{ password }` or `{ realPerson }`. */
export const sealedVerificationSchema = z.union([
  z.strictObject({ password: sealedSecretSchema }),
  z.strictObject({ realPerson: sealedSecretSchema }),
]);
z.globalRegistry.add(sealedVerificationSchema, {
  description:
    'User verification (R18): the sealed e-card password or the sealed real-person proof.',
});

/** A user verification as the platform receives it. */
export type SealedVerification = z.output<typeof sealedVerificationSchema>;

/** An input with its secrets sealed: the verification sealed inside, the others strings. */
export type Sealed<T> = {
  [K in keyof T]: K extends 'verification'
    ? SealedVerification | Extract<T[K], undefined>
    : K extends SecretField
      ? string | Extract<T[K], undefined>
      : T[K];
};

/** An operation's input as the platform receives and parses it. */
export type SealedInput<O extends AnyOperation> = Sealed<AnyOperationInput<O>>;

type ObjectSchema = z.ZodMiniObject<Record<string, z.core.$ZodType>>;

function derive(operation: AnyOperation): z.core.$ZodType {
  const row = ALL_OPERATIONS[operation] as {
    input: z.core.$ZodType;
    secrets?: readonly SecretField[];
  };
  const input = row.input as ObjectSchema;
  const sealed: Record<string, z.core.$ZodType> = {};
  for (const field of row.secrets ?? []) {
    const plain = input._zod.def.shape[field];
    if (!plain) throw new TypeError(`${operation}: secret ${field} is not an input field`);
    const schema = field === 'verification' ? sealedVerificationSchema : sealedSecretSchema;
    sealed[field] = plain._zod.optin === 'optional' ? z.optional(schema) : schema;
  }
  return row.secrets ? z.extend(input, sealed) : input;
}

const cache = new Map<AnyOperation, z.core.$ZodType>();

/**
 * The schema the platform parses an operation's input with (strict: an unknown field is
 * VALIDATION_FAILED, R32).
 */
export function sealedInputSchema<O extends AnyOperation>(
  operation: O,
): z.core.$ZodType<SealedInput<O>> {
  let schema = cache.get(operation);
  if (!schema) {
    schema = derive(operation);
    cache.set(operation, schema);
  }
  return schema as z.core.$ZodType<SealedInput<O>>;
}

/** The fields whose values are sealed strings (inside a verification too): what a fingerprint digests. */
export const SEALED_STRING_FIELDS: ReadonlySet<string> = new Set<string>([
  'password',
  'oldPassword',
  'newPassword',
  'realPerson',
  'memberProof',
] satisfies Exclude<SecretField, 'verification'>[]);
