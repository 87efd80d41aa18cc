/**
 * Random values: bytes and identifiers.
 */
import { encode as b64Encode } from './base64url.js';
import { validation } from './errors.js';
import { activeProvider } from './provider.js';

const RANDOM_POOL_BYTES = 4_096;
const POOLED_MAX = 64;
const randomPool = new Uint8Array(RANDOM_POOL_BYTES);
/** The pool starts empty: it is filled on first use, from whatever source exists then. */
let poolOffset = RANDOM_POOL_BYTES;

/**
 * `n` cryptographically random bytes (WebCrypto `getRandomValues`, or `node:crypto`).
 */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw validation('n', 'must be a non-negative integer');
  if (n > 0 && n <= POOLED_MAX) {
    // Small values (nonces, ids: several per request) come from a pool filled 4 KB at a time:
    // one call into the random source instead of one per value, as node's randomUUID does.
    // Each byte is handed out once; the pool's bytes are never returned as a view.
    if (poolOffset + n > RANDOM_POOL_BYTES) {
      activeProvider().fillRandom(randomPool);
      poolOffset = 0;
    }
    const out = randomPool.slice(poolOffset, poolOffset + n);
    randomPool.fill(0, poolOffset, poolOffset + n);
    poolOffset += n;
    return out;
  }
  const out = new Uint8Array(n);
  if (n > 0) activeProvider().fillRandom(out);
  return out;
}

/**
 * A random identifier: `bytes` random bytes (default 16, i.e. 128 bits) as base64url.
 */
export function randomId(bytes = 16): string {
  return b64Encode(randomBytes(bytes));
}
