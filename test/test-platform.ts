/**
 * What makes a test's MockPlatform cheaper without changing what it does. Measured on the mock
 * conformance file (both crypto suites, 264 tests): 22 s of CPU before, 12 s with both.
 */
import type { CryptoSuite } from '../src/crypto/index.js';
import { generatePlatformKeys, type PlatformKeys } from '../src/mock/index.js';

/**
 * PBKDF2 iterations of the stored password hashes on test platforms: 1 000 instead of the
 * mock's 20 000 (4 ms → 0.4 ms a hash). A stored hash records its count, so setting, checking,
 * changing and locking a password behave the same; only the cost differs.
 */
export const TEST_PASSWORD_HASH_ITERATIONS = 1_000;

const keys: Partial<Record<CryptoSuite, Promise<PlatformKeys>>> = {};

/**
 * One set of platform keys per crypto suite for the test process (a file, or the files that
 * share a worker), given to each fresh platform (as the caller keys of the http target already
 * are). Left out, every platform makes
 * its own, and under `sm` each new SM2 key pays its precomputation (about 40 ms) the first
 * time it seals or verifies. Each platform still has state of its own; the suite never rotates
 * the keys, and rotating would replace them on that platform only.
 */
export function sharedPlatformKeys(suite: CryptoSuite): Promise<PlatformKeys> {
  keys[suite] ??= generatePlatformKeys(suite);
  return keys[suite];
}
