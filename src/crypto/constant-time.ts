/**
 * The one byte comparison of the SDK. Every comparison of MACs, hashes and key ids uses it:
 * for secrets its time must not tell how many leading bytes matched, and for public values a
 * second, faster helper would only be one more thing to choose wrongly between.
 */

/**
 * Compares two byte arrays in time that depends only on their lengths (lengths are public).
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
