/**
 * Password storage: PBKDF2-SHA256 with a random salt, in a self-describing string.
 */
import { constantTimeEqual } from './constant-time.js';
import { base64urlDecode, base64urlEncode, utf8 } from './encoding.js';
import { validation } from './errors.js';
import { activeProvider } from './provider.js';
import { randomBytes } from './random.js';

/**
 * Default PBKDF2 iterations. A 6-digit password has only 10⁶ values, so no KDF cost makes a
 * stolen hash safe; the real protection is the 5-attempt lock (R11) and keeping hashes
 * private. The cost only slows bulk attacks, and must stay cheap enough for test suites that
 * verify passwords hundreds of times (the mock may pass a lower `iterations`).
 */
export const DEFAULT_PBKDF2_ITERATIONS = 100_000;
/** Upper bound accepted from a stored hash, so a corrupted record cannot stall the process. */
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PBKDF2_PREFIX = 'pbkdf2-sha256';

/**
 * Hashes a password for storage: PBKDF2-SHA256 with a 16-byte random salt, encoded as
 * `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>`.
 */
export async function hashPassword(
  password: string,
  options: { iterations?: number } = {},
): Promise<string> {
  if (typeof password !== 'string') throw validation('password', 'must be a string');
  const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw validation('iterations', `must be an integer from 1 to ${MAX_PBKDF2_ITERATIONS}`);
  }
  const salt = randomBytes(SALT_BYTES);
  const hash = await activeProvider().derivePasswordKey(
    'SHA-256',
    utf8(password),
    salt,
    iterations,
    HASH_BYTES,
  );
  return `${PBKDF2_PREFIX}$${iterations}$${base64urlEncode(salt)}$${base64urlEncode(hash)}`;
}

/**
 * Checks a password against a {@link hashPassword} string, comparing in constant time.
 * Returns `false` (never throws) for a wrong password or a malformed stored string.
 */
export async function verifyPasswordHash(password: string, encoded: string): Promise<boolean> {
  if (typeof password !== 'string' || typeof encoded !== 'string' || encoded.length > 512)
    return false;
  const parts = encoded.split('$');
  if (parts.length !== 4 || parts[0] !== PBKDF2_PREFIX) return false;
  const [, iterText, saltText, hashText] = parts as [string, string, string, string];
  if (!/^[1-9][0-9]{0,7}$/.test(iterText)) return false;
  const iterations = Number(iterText);
  if (iterations > MAX_PBKDF2_ITERATIONS) return false;
  let salt: Uint8Array;
  let expected: Uint8Array;
  try {
    salt = base64urlDecode(saltText);
    expected = base64urlDecode(hashText);
  } catch {
    return false;
  }
  if (salt.length < 8 || expected.length < 16 || expected.length > 64) return false;
  const actual = await activeProvider().derivePasswordKey(
    'SHA-256',
    utf8(password),
    salt,
    iterations,
    expected.length,
  );
  return constantTimeEqual(actual, expected);
}
