/**
 * Message authentication codes.
 */
import { activeProvider, type CryptoSuite, providerFor } from './provider.js';

/**
 * HMAC-SHA256 (RFC 2104). Any key length works, the empty key included, on every provider.
 */
export async function hmacSha256(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  return activeProvider().hmac('SHA-256', key, message);
}

/**
 * HMAC-SM3 (RFC 2104 over SM3, GB/T 32905): the national suite's MAC. Any key length works.
 */
export async function hmacSm3(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  return providerFor('SM3').hmac('SM3', key, message);
}

/**
 * The MAC of a crypto suite: HMAC-SHA256 under `'jose'`, HMAC-SM3 under `'sm'` (R34). For
 * keyed identifiers (login subjects, acceptors' card references) that follow the platform's
 * suite.
 */
export function suiteHmac(
  suite: CryptoSuite,
  key: Uint8Array,
  message: Uint8Array,
): Promise<Uint8Array> {
  return suite === 'sm' ? hmacSm3(key, message) : hmacSha256(key, message);
}

/**
 * {@link suiteHmac} at once where the provider computes it without a promise (`node:crypto`,
 * HMAC-SHA256), else `undefined`: the caller awaits {@link suiteHmac}. Same bytes.
 *
 * @internal
 */
export function suiteHmacNow(
  suite: CryptoSuite,
  key: Uint8Array,
  message: Uint8Array,
): Uint8Array | undefined {
  if (suite === 'sm') return undefined;
  return activeProvider().hmacNow?.('SHA-256', key, message);
}
