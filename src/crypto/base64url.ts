/**
 * Private: base64url (RFC 4648 §5, no padding) without `Buffer` or `atob`, so it runs in every
 * runtime the SDK targets. Decoding is strict (no padding, no whitespace, canonical trailing
 * bits) so that one value has exactly one text form — signatures and key ids compare as text.
 *
 * @internal
 */
import { EsscError } from '../domain/errors.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

const ALPHABET_CODES = Array.from(ALPHABET, (c) => c.charCodeAt(0));
/** Longest text made with one `String.fromCharCode` call (arguments are bounded). */
const ONE_CALL_CHARS = 1_024;

/**
 * Encodes bytes as unpadded base64url, after `prefix` when one is given (one flat string, not
 * two joined: a replay store's key is hashed whole).
 */
export function encode(bytes: Uint8Array, prefix = ''): string {
  const length = prefix.length + Math.ceil((bytes.length * 4) / 3);
  // Short values (ids, nonces, keys, signatures: the hot paths) as character codes in one
  // array and one String.fromCharCode, instead of a string grown four characters at a time
  // (a chain of joined pieces, flattened again when it is hashed or compared).
  return length <= ONE_CALL_CHARS ? encodeShort(bytes, prefix, length) : prefix + encodeLong(bytes);
}

function encodeShort(bytes: Uint8Array, prefix: string, length: number): string {
  const out = new Array<number>(length);
  let o = 0;
  for (; o < prefix.length; o++) out[o] = prefix.charCodeAt(o);
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ALPHABET_CODES[n >>> 18]!;
    out[o++] = ALPHABET_CODES[(n >>> 12) & 63]!;
    out[o++] = ALPHABET_CODES[(n >>> 6) & 63]!;
    out[o++] = ALPHABET_CODES[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out[o++] = ALPHABET_CODES[n >>> 18]!;
    out[o++] = ALPHABET_CODES[(n >>> 12) & 63]!;
    if (rest === 2) out[o++] = ALPHABET_CODES[(n >>> 6) & 63]!;
  }
  return String.fromCharCode.apply(null, out);
}

function encodeLong(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out +=
      ALPHABET[n >>> 18]! +
      ALPHABET[(n >>> 12) & 63]! +
      ALPHABET[(n >>> 6) & 63]! +
      ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += ALPHABET[n >>> 18]! + ALPHABET[(n >>> 12) & 63]! + ALPHABET[(n >>> 6) & 63]!;
  }
  return out;
}

function invalid(): EsscError {
  // The input is never echoed: it may be a sealed secret or a token.
  return new EsscError('VALIDATION_FAILED', 'Invalid base64url text.', {
    details: { issues: [{ path: [], message: 'not canonical unpadded base64url' }] },
  });
}

function value(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const v = c < 128 ? LOOKUP[c]! : -1;
  if (v < 0) throw invalid();
  return v;
}

/** Decodes unpadded base64url; throws `VALIDATION_FAILED` on anything else. */
export function decode(s: string): Uint8Array {
  if (typeof s !== 'string' || s.length % 4 === 1) throw invalid();
  const full = Math.floor(s.length / 4);
  const rest = s.length % 4;
  const out = new Uint8Array(full * 3 + (rest === 0 ? 0 : rest - 1));
  let o = 0;
  let i = 0;
  for (let q = 0; q < full; q++, i += 4) {
    const n =
      (value(s, i) << 18) | (value(s, i + 1) << 12) | (value(s, i + 2) << 6) | value(s, i + 3);
    out[o++] = n >>> 16;
    out[o++] = (n >>> 8) & 255;
    out[o++] = n & 255;
  }
  if (rest === 2) {
    const a = value(s, i);
    const b = value(s, i + 1);
    if (b & 15) throw invalid();
    out[o] = (a << 2) | (b >>> 4);
  } else if (rest === 3) {
    const a = value(s, i);
    const b = value(s, i + 1);
    const c = value(s, i + 2);
    if (c & 3) throw invalid();
    out[o++] = (a << 2) | (b >>> 4);
    out[o] = ((b & 15) << 4) | (c >>> 2);
  }
  return out;
}
