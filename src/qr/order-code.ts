/**
 * The merchant's order code (主扫, R45): what a pharmacy's counter screen shows for the citizen
 * to scan and pay. The platform keeps the order (merchant, amount, items); the code only names
 * it, signed, so it stays as small as the e-card code and tells nothing to a bystander.
 *
 * Binary layout, format version 1 (integers big-endian):
 *
 * | offset | bytes | field                                                               |
 * |--------|-------|---------------------------------------------------------------------|
 * | 0      | 1     | header: high nibble = format version (1), low nibble = kind (0)     |
 * | 1      | 4     | keyId: the signing key's short id (as on the e-card code)           |
 * | 5      | 4     | issuedAt: uint32, unix seconds                                      |
 * | 9      | 2     | ttl: uint16 seconds, 1–65 535; expiresAt = issuedAt + ttl           |
 * | 11     | 16    | codeId: random, the platform's handle on the order code             |
 * | 27     | 64    | Ed25519 (or SM2 r‖s) signature over bytes [0, 27)                   |
 *
 * 91 bytes; text `EO1:` + base45 = 141 characters, all in the QR alphanumeric alphabet, so it
 * fits QR version 7 at level M (178) like the e-card code, under both suites. The prefix tells
 * an order code from an e-card code (`EC1:`) before any decoding: a channel app's scanner can
 * route it to `scanOrder` by the prefix alone.
 */
import { randomBytes, type SigningKeyPair, signBytes } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import { base45Decode, base45DecodedLength, base45Encode } from './base45.js';
import { verifyQrSignature } from './codec.js';
import { keyIdOf, QR_KEY_ID_BYTES } from './key-id.js';

/** Text prefix of a format-1 order code. */
export const ORDER_CODE_PREFIX = 'EO1:';
/** Bytes of the code id: 128 random bits. */
const CODE_ID_BYTES = 16;
const SIGNATURE_BYTES = 64;
const SIGNED_BYTES = 1 + QR_KEY_ID_BYTES + 4 + 2 + CODE_ID_BYTES;
const TOTAL_BYTES = SIGNED_BYTES + SIGNATURE_BYTES;
const HEADER = (1 << 4) | 0;

/** What an order code says, before the platform looks the order up. */
export interface OrderCodeFields {
  /** Unix seconds. */
  issuedAt: number;
  /** Unix seconds. */
  expiresAt: number;
  /** The platform's handle on the order code (hex). */
  codeId: string;
}

const hex = (bytes: Uint8Array) =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** One refusal for any text that is not an order code; the text is never echoed. */
function notAnOrderCode(): EsscError<'QR_MALFORMED'> {
  return new EsscError(
    'QR_MALFORMED',
    "This is not a merchant's order code: scan the code the merchant shows again.",
  );
}

/**
 * Makes and signs an order code living `ttlSeconds` from `now` (ms) with the platform's key.
 * Answers the text and the fields it names.
 */
export async function signOrderCode(
  key: SigningKeyPair,
  now: number,
  ttlSeconds: number,
): Promise<{ text: string; fields: OrderCodeFields }> {
  const issuedAt = Math.floor(now / 1000);
  const bytes = new Uint8Array(TOTAL_BYTES);
  const view = new DataView(bytes.buffer);
  bytes[0] = HEADER;
  bytes.set(await keyIdOf(key.publicJwk), 1);
  view.setUint32(5, issuedAt);
  view.setUint16(9, ttlSeconds);
  const codeId = randomBytes(CODE_ID_BYTES);
  bytes.set(codeId, 11);
  bytes.set(await signBytes(key, bytes.subarray(0, SIGNED_BYTES)), SIGNED_BYTES);
  return {
    text: base45Encode(bytes, ORDER_CODE_PREFIX),
    fields: { issuedAt, expiresAt: issuedAt + ttlSeconds, codeId: hex(codeId) },
  };
}

/**
 * Reads an order code and checks its signature against the platform's keys: `QR_MALFORMED`
 * for any text that is not one (another prefix, length or alphabet: an e-card code included),
 * `QR_INVALID_SIGNATURE` for one that is not signed by a key of `keys` (altered, or another
 * platform's). Expiry is the caller's: it knows the clock.
 */
export async function readOrderCode(
  text: string,
  keys: Parameters<typeof verifyQrSignature>[1],
): Promise<OrderCodeFields> {
  const body = typeof text === 'string' ? text.trim() : '';
  if (!body.startsWith(ORDER_CODE_PREFIX)) throw notAnOrderCode();
  const encoded = body.slice(ORDER_CODE_PREFIX.length);
  if (base45DecodedLength(encoded.length) !== TOTAL_BYTES) throw notAnOrderCode();
  let bytes: Uint8Array;
  try {
    bytes = base45Decode(encoded);
  } catch {
    throw notAnOrderCode();
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ttl = view.getUint16(9);
  if (bytes[0] !== HEADER || ttl === 0) throw notAnOrderCode();
  const signed = {
    payload: { keyId: bytes.slice(1, 1 + QR_KEY_ID_BYTES) },
    signedBytes: bytes.slice(0, SIGNED_BYTES),
    signature: bytes.slice(SIGNED_BYTES),
  };
  if (!(await verifyQrSignature(signed, keys))) {
    throw new EsscError(
      'QR_INVALID_SIGNATURE',
      'This order code is not signed by this platform: ask the merchant to show it again.',
    );
  }
  const issuedAt = view.getUint32(5);
  return { issuedAt, expiresAt: issuedAt + ttl, codeId: hex(bytes.slice(11, 11 + CODE_ID_BYTES)) };
}
