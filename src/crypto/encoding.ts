/**
 * Base64url and UTF-8, as every JOSE format of the module uses them.
 */
import { decode as b64Decode, encode as b64Encode } from './base64url.js';

const textEncoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/** The UTF-8 bytes of `s`. @internal */
export function utf8(s: string): Uint8Array {
  return textEncoder.encode(s);
}

/** Decodes UTF-8, throwing on any malformed sequence (no U+FFFD substitution). @internal */
export function strictUtf8Decode(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

/**
 * Encodes bytes as unpadded base64url (RFC 4648 §5), after `prefix` when one is given (one
 * flat string).
 */
export function base64urlEncode(b: Uint8Array, prefix?: string): string {
  return b64Encode(b, prefix);
}

/**
 * Decodes unpadded base64url. Strict: padding, whitespace, other alphabets and non-canonical
 * trailing bits throw `EsscError('VALIDATION_FAILED')` (the input is not echoed).
 */
export function base64urlDecode(s: string): Uint8Array {
  return b64Decode(s);
}

/**
 * A base64url part holding a JSON object (a JOSE header or claims), or `undefined` for
 * anything else. Never throws.
 *
 * @internal
 */
export function parseJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(strictDecoder.decode(b64Decode(part)));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
