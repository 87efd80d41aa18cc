/**
 * The one way an adapter prepares an operation's input for the platform (R18, R32): every
 * secret field of the operation's row that is present is sealed to the platform's key, and
 * every other field goes on as it came. Nothing is rebuilt field by field, so nothing is
 * dropped: a field the operation does not take reaches the platform, which refuses it.
 *
 * Not part of the core (the mock and http adapters use it).
 *
 * @internal
 */
import { validationError } from '../domain/validation.js';
import { OPERATIONS, type PlatformOperation, type SecretField } from './operations.js';

type Fields = Record<string, unknown>;

/** What seals one secret (the platform's key, bound to the channel). */
export type Sealer = (secret: string) => Promise<string>;

/** Whether the input carries any of the row's secrets (an identity QR code carries none). */
export function hasSecrets(operation: PlatformOperation, input: unknown): boolean {
  // Not an object: nothing to seal, and the platform refuses the input (VALIDATION_FAILED).
  if (typeof input !== 'object' || input === null) return false;
  const secrets: readonly SecretField[] | undefined = OPERATIONS[operation].secrets;
  return secrets?.some((field) => (input as Fields)[field] !== undefined) ?? false;
}

/**
 * `input` with the row's secrets sealed by `seal`. Without secrets present, `input` itself,
 * with no await. A secret that is not text is refused here (VALIDATION_FAILED): it is never
 * sent as it is.
 */
export function sealSecrets(
  operation: PlatformOperation,
  input: unknown,
  seal: Sealer,
): Fields | Promise<Fields> {
  refuseStraySecrets(operation, input);
  if (!hasSecrets(operation, input)) return input as Fields;
  return sealed(OPERATIONS[operation].secrets!, input as Fields, seal);
}

/** Every field that holds a secret in some operation (R18). */
const SECRET_FIELDS: ReadonlySet<string> = new Set<SecretField>([
  'password',
  'oldPassword',
  'newPassword',
  'realPerson',
  'memberProof',
  'verification',
]);

/**
 * A secret-bearing field the operation does not take would travel unsealed (in a body, or a
 * GET's query: a url). It is refused here, before anything is sent, naming the field only.
 */
export function refuseStraySecrets(operation: PlatformOperation, input: unknown): void {
  if (typeof input !== 'object' || input === null) return;
  const taken: readonly string[] = OPERATIONS[operation].secrets ?? [];
  for (const field of Object.keys(input)) {
    if (SECRET_FIELDS.has(field) && !taken.includes(field)) {
      throw validationError(`${field} is not taken here: it would travel unsealed.`, {
        path: [field],
        message: 'not taken here',
      });
    }
  }
}

async function sealed(secrets: readonly SecretField[], input: Fields, seal: Sealer) {
  const out: Fields = { ...input };
  for (const field of secrets) {
    const value = input[field];
    if (value === undefined) continue;
    out[field] =
      field === 'verification'
        ? await sealVerification(value, seal)
        : await sealText(value, [field], seal);
  }
  return out;
}

/** `{ password }` or `{ realPerson }` sealed inside; any other field kept for the platform to refuse. */
async function sealVerification(value: unknown, seal: Sealer): Promise<unknown> {
  if (typeof value !== 'object' || value === null) return value;
  const out: Fields = { ...(value as Fields) };
  for (const key of ['password', 'realPerson'] as const) {
    if (key in out) out[key] = await sealText(out[key], ['verification', key], seal);
  }
  return out;
}

function sealText(value: unknown, path: string[], seal: Sealer): Promise<string> {
  if (typeof value !== 'string') {
    throw validationError(`${path.join('.')} must be text.`, { path, message: 'must be text' });
  }
  return seal(value);
}
