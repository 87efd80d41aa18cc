/**
 * Message authentication codes.
 */
import { activeProvider } from './provider.js';

/**
 * HMAC-SHA256 (RFC 2104). Any key length works, the empty key included, on every provider.
 *
 * @example
 * ```ts
 * const mac = await hmacSha256(secret, new TextEncoder().encode('message'));
 * ```
 */
export async function hmacSha256(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  return activeProvider().hmac('SHA-256', key, message);
}
