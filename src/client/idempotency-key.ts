let counter = 0;
const pool = new Uint8Array(16 * 32);
let poolOffset = pool.length;

/**
 * A fresh idempotency key (R20). Uses `crypto.getRandomValues` where the runtime has it; some
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
  let hex = '';
  for (const b of bytes) hex += b.toString(16).padStart(2, '0');
  return `idk_${hex}`;
}
