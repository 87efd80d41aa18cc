/**
 * The idempotency key's form (R20), defined once: the wire's `idempotency-key` header, the
 * relay's `idempotencyKey` and the client's `CallOptions.idempotencyKey` all take exactly
 * this, so a key the client accepts is one every transport can carry unchanged.
 *
 * @internal
 */
import type { EsscError } from './errors.js';
import { validationError } from './validation.js';

/**
 * Idempotency keys: 1–255 printable ASCII characters (no spaces, no control characters).
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** What the refusal says; never the key itself. */
export const IDEMPOTENCY_KEY_RULE = 'must be 1–255 printable ASCII characters';

/**
 * `undefined` when `key` is a well-formed idempotency key, else the `VALIDATION_FAILED` to
 * throw, with the issue at `path`.
 */
export function checkIdempotencyKey(
  key: unknown,
  path: readonly (string | number)[],
): EsscError<'VALIDATION_FAILED'> | undefined {
  if (typeof key === 'string' && IDEMPOTENCY_KEY_PATTERN.test(key)) return undefined;
  // One message for every wrong form (not a string, empty, too long, not ASCII): it never
  // repeats the value.
  return validationError(`${path.join('.')} ${IDEMPOTENCY_KEY_RULE}.`, {
    path: [...path],
    message: IDEMPOTENCY_KEY_RULE,
  });
}

let counter = 0;
const pool = new Uint8Array(16 * 32);
let poolOffset = pool.length;

/**
 * A fresh idempotency key (R20), of the form above: the one generator the client, the relay
 * adapter and the http adapter use. Uses `crypto.getRandomValues` where the runtime has it; some
 * mini-program runtimes do not, and a key only needs to be unique, not secret, so it falls
 * back to time, a counter and `Math.random`.
 */
export function newIdempotencyKey(): string {
  let bytes: Uint8Array;
  const cryptoLike = (
    globalThis as { crypto?: { getRandomValues?: (a: Uint8Array) => Uint8Array } }
  ).crypto;
  if (typeof cryptoLike?.getRandomValues === 'function') {
    // Keys for 32 calls are drawn at once: one call into the random source instead of one per
    // call. Each byte is used once.
    if (poolOffset >= pool.length) {
      cryptoLike.getRandomValues(pool);
      poolOffset = 0;
    }
    bytes = pool.subarray(poolOffset, poolOffset + 16);
    poolOffset += 16;
  } else {
    bytes = new Uint8Array(16);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    counter = (counter + 1) % 0x1000000;
    const stamp = Date.now() * 0x1000000 + counter;
    for (let i = 0; i < 6; i++) bytes[i] = Math.floor(stamp / 2 ** (8 * (i + 2))) & 0xff;
  }
  // One flat string from character codes (not 17 concatenations): the key is kept for as long
  // as the platform keeps the outcome, and a string built piece by piece is kept as its pieces.
  const codes = KEY_PREFIX.slice();
  for (const b of bytes) codes.push(HEX_CODES[b >> 4]!, HEX_CODES[b & 15]!);
  return String.fromCharCode.apply(null, codes);
}

const KEY_PREFIX = Array.from('idk_', (c) => c.charCodeAt(0));
const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
