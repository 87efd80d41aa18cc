/**
 * Base45 (RFC 9285): bytes as text in the QR alphanumeric alphabet `0-9A-Z $%*+-./:`, which a
 * QR symbol stores at 5.5 bits per character — denser than byte mode for binary data (the EU
 * Digital COVID Certificate uses it for the same reason). Every 2 bytes become 3 characters, a
 * final odd byte becomes 2.
 */
import { EsscError } from '../domain/errors.js';

/** The 45 characters, in value order (RFC 9285 §4). Also the QR alphanumeric-mode alphabet. */
export const BASE45_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

const LOOKUP = new Int8Array(128).fill(-1);
for (let i = 0; i < BASE45_ALPHABET.length; i++) LOOKUP[BASE45_ALPHABET.charCodeAt(i)] = i;

/**
 * Encodes bytes as base45 (RFC 9285), after `prefix` when one is given.
 */
export function base45Encode(bytes: Uint8Array, prefix = ''): string {
  // Character codes into one array, one String.fromCharCode at the end: about twice as fast as
  // growing a string three characters at a time, and this runs for every code issued. A prefix
  // (the QR's `EC1:`) goes in the same array, so the text is one flat string, not two joined.
  const out = new Array<number>(
    prefix.length + Math.floor(bytes.length / 2) * 3 + (bytes.length % 2) * 2,
  );
  let o = 0;
  for (; o < prefix.length; o++) out[o] = prefix.charCodeAt(o);
  let i = 0;
  for (; i + 1 < bytes.length; i += 2) {
    let n = bytes[i]! * 256 + bytes[i + 1]!;
    const c = n % 45;
    n = (n - c) / 45;
    const d = n % 45;
    out[o++] = ALPHABET_CODES[c]!;
    out[o++] = ALPHABET_CODES[d]!;
    out[o++] = ALPHABET_CODES[(n - d) / 45]!;
  }
  if (i < bytes.length) {
    const n = bytes[i]!;
    const c = n % 45;
    out[o++] = ALPHABET_CODES[c]!;
    out[o++] = ALPHABET_CODES[(n - c) / 45]!;
  }
  return String.fromCharCode.apply(null, out);
}

const ALPHABET_CODES = Array.from(BASE45_ALPHABET, (ch) => ch.charCodeAt(0));

function malformed(): EsscError<'QR_MALFORMED'> {
  // The text is never echoed: error messages end up in logs.
  return new EsscError('QR_MALFORMED', 'The text is not valid base45 (RFC 9285).');
}

function digit(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const v = code < 128 ? LOOKUP[code]! : -1;
  if (v < 0) throw malformed();
  return v;
}

/**
 * The number of bytes a base45 text of `length` characters decodes to, or `-1` when no valid
 * base45 text has that length. Lets a caller bound the work before decoding.
 */
export function base45DecodedLength(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0 || length % 3 === 1) return -1;
  return Math.floor(length / 3) * 2 + (length % 3 === 2 ? 1 : 0);
}

/**
 * Decodes base45 (RFC 9285). Throws `EsscError('QR_MALFORMED')` on a character outside the
 * alphabet (lower case included), a length of 3k+1, or a group whose value exceeds 65535
 * (255 for a final pair) — RFC 9285 §4.2 requires rejecting those.
 */
export function base45Decode(text: string): Uint8Array {
  if (typeof text !== 'string') throw malformed();
  const size = base45DecodedLength(text.length);
  if (size < 0) throw malformed();
  const out = new Uint8Array(size);
  let o = 0;
  let i = 0;
  for (; i + 2 < text.length; i += 3) {
    const n = digit(text, i) + digit(text, i + 1) * 45 + digit(text, i + 2) * 2025;
    if (n > 0xffff) throw malformed();
    out[o++] = n >>> 8;
    out[o++] = n & 0xff;
  }
  if (i < text.length) {
    const n = digit(text, i) + digit(text, i + 1) * 45;
    if (n > 0xff) throw malformed();
    out[o] = n;
  }
  return out;
}
