/**
 * The compact, signed payload of the dynamic e-card QR code (R15, R16).
 *
 * A compact JWS of these fields is ~258 characters (QR version 12), too dense for cheap
 * scanners at a pharmacy counter. So the fields are packed as bytes, followed by a raw
 * Ed25519 signature, and base45-encoded for QR alphanumeric mode. The whole text must fit QR
 * version 7 at error correction M: 178 alphanumeric characters. After the 4-character prefix
 * that leaves 174 base45 characters = 116 bytes, of which the signature takes 64: the signed
 * fields get at most 52 bytes, and the layout below is sized to exactly that.
 *
 * Binary layout, format version 1 (all integers big-endian):
 *
 * | offset  | bytes | field                                                                      |
 * |---------|-------|----------------------------------------------------------------------------|
 * | 0       | 1     | header: high nibble = format version (1), low nibble = kind: 0 identity,  |
 * |         |       | 1 payment, 2–5 identity shown on behalf by a family member (R32) whose    |
 * |         |       | card it names is the shower's parent, child, spouse, other; 0x10–0x15     |
 * | 1       | 4     | keyId: first 4 bytes of SHA-256 of the raw Ed25519 key (SM3 of SM2's x‖y)  |
 * | 5       | 4     | issuedAt: uint32, unix seconds                                             |
 * | 9       | 1     | ttl: uint8 seconds, 1–255; expiresAt = issuedAt + ttl                      |
 * | 10      | 3     | uint24: region code (6 decimal digits, 0–999999) << 4 | (channel length−1) |
 * | 13      | 12    | cardRef: the platform's opaque per-card handle                             |
 * | 25      | 8     | nonce: random, makes each code single-use                                  |
 * | 33      | n     | channel id, UTF-8, n = 1–16 (length in the low nibble at offset 12)        |
 * | 33+n    | m     | holder initial: exactly one character of the holder's name (U+0020–U+FFFF, |
 * |         |       | UTF-8, m = 1–3, self-delimiting by its lead byte), shown as `张*`          |
 * | 33+n+m  | 64    | Ed25519 (or SM2 r‖s) signature over bytes [0, 33+n+m)                      |
 *
 * Size: 99–116 bytes. Text: `EC1:` + base45(bytes), 153–178 characters, all in the QR
 * alphanumeric alphabet. Trade-offs made to fit 52 bytes (each documented on its constant):
 * the ttl is one byte (codes live ≤ 255 s; R15's default is 60 s), the card reference is
 * 96 bits, the purpose and the on-behalf mark share the version byte (an on-behalf code costs
 * no byte, so the largest code is still 178 characters), the channel length shares the region field,
 * and the holder's name is reduced to its first character — what the usual masked form `张*`
 * shows anyway; a compound surname shows as `欧*`.
 *
 * The prefix `EC1:` (upper case, as base45 requires; `:` is in the alphabet) tells e-card codes
 * from other QR codes before any decoding work; the version nibble lets a later format coexist.
 */

import {
  base64urlEncode,
  constantTimeEqual,
  type JWK,
  type SigningKeyPair,
  signBytes,
  signBytesNow,
  verifyBytes,
  verifyBytesNow,
} from '../crypto/index.js';
import { FAMILY_RELATIONS } from '../domain/enums.js';
import { EsscError } from '../domain/errors.js';
import type { FamilyRelation } from '../domain/family.js';
import type { QrPurpose } from '../domain/types.js';
import { base45Decode, base45DecodedLength, base45Encode } from './base45.js';
import { cachedKeyId, keyIdOf, QR_KEY_ID_BYTES, shortKeyId } from './key-id.js';

export { QR_KEY_ID_BYTES, shortKeyId };

/** Text prefix of a format-1 e-card QR code. */
export const QR_TEXT_PREFIX = 'EC1:';
/** Format version carried in the header byte. */
export const QR_FORMAT_VERSION = 1;
/** QR version 7 at level M holds 178 alphanumeric characters: no code is longer. */
export const QR_MAX_TEXT_LENGTH = 178;
/** Bytes of the card reference: 96 bits, unguessable and collision-free for any card count. */
export const QR_CARD_REF_BYTES = 12;
/** Bytes of the nonce: 64 random bits per code. */
export const QR_NONCE_BYTES = 8;
/** Longest channel id, in UTF-8 bytes. */
export const QR_MAX_CHANNEL_ID_BYTES = 16;
/** Longest lifetime of a code: the ttl field is one byte. */
export const QR_MAX_TTL_SECONDS = 255;
/** Raw signature length: Ed25519's 64 bytes, or SM2's r‖s under the sm suite (also 64). */
export const QR_SIGNATURE_BYTES = 64;

const FIXED_BYTES = 33;
const MIN_BYTES = FIXED_BYTES + 1 + 1 + QR_SIGNATURE_BYTES;
const MAX_BYTES = FIXED_BYTES + QR_MAX_CHANNEL_ID_BYTES + 3 + QR_SIGNATURE_BYTES;
/** Shortest possible text: the length check runs before any decoding. */
const MIN_TEXT_LENGTH = QR_TEXT_PREFIX.length + base45Length(MIN_BYTES);

const PURPOSE_CODES: Readonly<Record<QrPurpose, number>> = { identity: 0, payment: 1 };
const PURPOSES: readonly QrPurpose[] = ['identity', 'payment'];
/** Kinds 2–5 of the header's low nibble: an identity code shown on behalf (R32), by relation. */
const ON_BEHALF_BASE = 2;
const RELATIONS: readonly FamilyRelation[] = FAMILY_RELATIONS;

/**
 * The fields of a dynamic QR code, before signing.
 */
export interface QrPayload {
  version: 1;
  /** {@link QR_KEY_ID_BYTES} bytes: {@link shortKeyId} of the signing key. */
  keyId: Uint8Array;
  purpose: QrPurpose;
  /** Unix seconds. */
  issuedAt: number;
  /** Unix seconds; 1–{@link QR_MAX_TTL_SECONDS} after `issuedAt`. */
  expiresAt: number;
  /** 1–{@link QR_MAX_CHANNEL_ID_BYTES} UTF-8 bytes, no control characters. */
  channelId: string;
  /** {@link QR_CARD_REF_BYTES} bytes: the platform's opaque per-card handle. */
  cardRef: Uint8Array;
  /** 6-digit GB/T 2260 region code. */
  regionCode: string;
  /**
   * The first character of the holder's name (one character in U+0020–U+FFFF, not a control
   * character); see {@link holderInitial}. Displayed masked as `张*`.
   */
  holderSurname: string;
  /** {@link QR_NONCE_BYTES} random bytes. */
  nonce: Uint8Array;
  /**
   * Set on an identity code a family member shows (R32): the card it names belongs to the
   * shower's `parent`, `child`, `spouse` or `other`. Never on a payment code.
   */
  onBehalf?: FamilyRelation;
}

/**
 * A parsed code: the fields, the exact bytes the signature covers, and the signature.
 */
export interface ParsedQr {
  payload: QrPayload;
  signedBytes: Uint8Array;
  signature: Uint8Array;
}

// ---------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
/** C0 and C1 controls and DEL: never valid in a channel id or a name. */
function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
  }
  return false;
}

function base45Length(bytes: number): number {
  return Math.floor(bytes / 2) * 3 + (bytes % 2) * 2;
}

/** What a code that is not an e-card code is told: never the text itself. */
export const QR_MALFORMED_MESSAGE =
  'This is not an e-card QR code: ask the user to show the code again.';

function malformed(): EsscError<'QR_MALFORMED'> {
  // One message for every failure, and never the text itself: it is a bearer credential.
  return new EsscError('QR_MALFORMED', QR_MALFORMED_MESSAGE);
}

/** `s` as UTF-8, or `undefined` if it has lone surrogates (they would not round-trip). */
function wellFormedUtf8(s: string): Uint8Array | undefined {
  const bytes = encoder.encode(s);
  return strictUtf8.decode(bytes) === s ? bytes : undefined;
}

// A platform signs codes for a handful of channels: caching their UTF-8 form keeps the
// encode/decode round trip off the hot path of issuing a code.
const channelCache = new Map<string, Uint8Array | null>();
function channelBytes(id: string): Uint8Array | undefined {
  let bytes = channelCache.get(id);
  if (bytes === undefined) {
    bytes = wellFormedUtf8(id) ?? null;
    if (channelCache.size >= 64) channelCache.clear();
    channelCache.set(id, bytes);
  }
  return bytes ?? undefined;
}

function isSixDigits(s: unknown): boolean {
  if (typeof s !== 'string' || s.length !== 6) return false;
  for (let i = 0; i < 6; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

// Name initials repeat (a few thousand common surnames): cache their UTF-8 bytes too.
const initialCache = new Map<string, Uint8Array>();
function initialBytes(initial: string): Uint8Array {
  let bytes = initialCache.get(initial);
  if (!bytes) {
    bytes = encoder.encode(initial);
    if (initialCache.size >= 4096) initialCache.clear();
    initialCache.set(initial, bytes);
  }
  return bytes;
}

function isInitial(s: string): boolean {
  const cp = s.codePointAt(0);
  return (
    cp !== undefined &&
    s.length === 1 && // one UTF-16 unit: one BMP character, so at most 3 UTF-8 bytes
    !(cp >= 0xd800 && cp <= 0xdfff) &&
    !hasControl(s)
  );
}

/**
 * The character a QR code carries for the holder's name: its first character, or `*` when
 * that character lies outside the Basic Multilingual Plane (the field holds ≤ 3 UTF-8 bytes).
 */
export function holderInitial(name: string): string {
  const first = String.fromCodePoint(name.codePointAt(0) ?? 0x2a);
  return isInitial(first) ? first : '*';
}

/**
 * The masked holder name an acceptor shows: the initial followed by `*`.
 */
export function maskedHolderName(payload: Pick<QrPayload, 'holderSurname'>): string {
  return `${payload.holderSurname}*`;
}

/**
 * Packs a payload into the unsigned bytes of the layout above (without the signature).
 * Throws `EsscError('VALIDATION_FAILED')` listing every field out of range.
 */
export function encodeQrPayload(p: QrPayload): Uint8Array {
  return encodeWithRoom(p, 0);
}

/** Packs the payload into a buffer with `room` spare bytes at the end (for the signature). */
function encodeWithRoom(p: QrPayload, room: number): Uint8Array {
  const issues: { path: string[]; message: string }[] = [];
  const bad = (field: string, message: string) => issues.push({ path: [field], message });
  if (p.version !== QR_FORMAT_VERSION) bad('version', 'must be 1');
  if (!(p.keyId instanceof Uint8Array) || p.keyId.length !== QR_KEY_ID_BYTES) {
    bad('keyId', `must be ${QR_KEY_ID_BYTES} bytes`);
  }
  const purposeCode = Object.hasOwn(PURPOSE_CODES, p.purpose)
    ? PURPOSE_CODES[p.purpose]
    : undefined;
  if (purposeCode === undefined) bad('purpose', "must be 'identity' or 'payment'");
  const relationCode = p.onBehalf === undefined ? undefined : RELATIONS.indexOf(p.onBehalf);
  if (relationCode === -1) bad('onBehalf', `must be one of ${RELATIONS.join(', ')}`);
  if (relationCode !== undefined && p.purpose !== 'identity') {
    bad('onBehalf', 'only an identity code is shown on behalf');
  }
  if (!Number.isInteger(p.issuedAt) || p.issuedAt < 0 || p.issuedAt > 0xffffffff) {
    bad('issuedAt', 'must be unix seconds (uint32)');
  }
  const ttl = p.expiresAt - p.issuedAt;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > QR_MAX_TTL_SECONDS) {
    bad('expiresAt', `must be 1–${QR_MAX_TTL_SECONDS} whole seconds after issuedAt`);
  }
  const channel = typeof p.channelId === 'string' ? channelBytes(p.channelId) : undefined;
  if (
    !channel ||
    channel.length < 1 ||
    channel.length > QR_MAX_CHANNEL_ID_BYTES ||
    hasControl(p.channelId)
  ) {
    bad('channelId', `must be 1–${QR_MAX_CHANNEL_ID_BYTES} UTF-8 bytes without control characters`);
  }
  if (!(p.cardRef instanceof Uint8Array) || p.cardRef.length !== QR_CARD_REF_BYTES) {
    bad('cardRef', `must be ${QR_CARD_REF_BYTES} bytes`);
  }
  if (!isSixDigits(p.regionCode)) {
    bad('regionCode', 'must be 6 digits');
  }
  if (typeof p.holderSurname !== 'string' || !isInitial(p.holderSurname)) {
    bad('holderSurname', 'must be one character in U+0020–U+FFFF (see holderInitial)');
  }
  if (!(p.nonce instanceof Uint8Array) || p.nonce.length !== QR_NONCE_BYTES) {
    bad('nonce', `must be ${QR_NONCE_BYTES} bytes`);
  }
  if (issues.length > 0 || !channel || purposeCode === undefined) {
    throw new EsscError('VALIDATION_FAILED', 'The QR payload does not fit the QR format.', {
      details: { issues },
    });
  }
  const initial = initialBytes(p.holderSurname);
  const out = new Uint8Array(FIXED_BYTES + channel.length + initial.length + room);
  out[0] =
    (QR_FORMAT_VERSION << 4) |
    (relationCode === undefined ? purposeCode : ON_BEHALF_BASE + relationCode);
  out.set(p.keyId, 1);
  out[5] = p.issuedAt >>> 24;
  out[6] = (p.issuedAt >>> 16) & 0xff;
  out[7] = (p.issuedAt >>> 8) & 0xff;
  out[8] = p.issuedAt & 0xff;
  out[9] = ttl;
  const packed = Number(p.regionCode) * 16 + (channel.length - 1);
  out[10] = packed >>> 16;
  out[11] = (packed >>> 8) & 0xff;
  out[12] = packed & 0xff;
  out.set(p.cardRef, 13);
  out.set(p.nonce, 25);
  out.set(channel, FIXED_BYTES);
  out.set(initial, FIXED_BYTES + channel.length);
  return out;
}

/**
 * Signs a payload with the platform key and returns the QR text (`EC1:` + base45). The
 * payload's `keyId` must be {@link shortKeyId} of that key (`VALIDATION_FAILED` otherwise),
 * so a code can never name a key other than the one that signed it.
 */
export async function signQr(p: QrPayload, key: SigningKeyPair): Promise<string> {
  // One buffer: the payload, then the signature written after it (no copy of the payload).
  const all = encodeWithRoom(p, QR_SIGNATURE_BYTES);
  const unsigned = all.subarray(0, all.length - QR_SIGNATURE_BYTES);
  checkKeyId(p, cachedKeyId(key.publicJwk) ?? (await keyIdOf(key.publicJwk)));
  const signature = signBytesNow(key, unsigned) ?? (await signBytes(key, unsigned));
  all.set(signature, unsigned.length);
  return base45Encode(all, QR_TEXT_PREFIX);
}

/**
 * {@link signQr} at once, where it needs nothing to wait for: the key's short id was computed
 * before and the runtime signs synchronously (node:crypto). Otherwise `undefined`, and the
 * caller awaits {@link signQr}. Same checks, same text. The platform's hot path: a screen
 * refreshing its identity code every minute, across every holder.
 */
export function signQrNow(p: QrPayload, key: SigningKeyPair): string | undefined {
  const keyId = cachedKeyId(key.publicJwk);
  if (!keyId) return undefined;
  const all = encodeWithRoom(p, QR_SIGNATURE_BYTES);
  const unsigned = all.subarray(0, all.length - QR_SIGNATURE_BYTES);
  checkKeyId(p, keyId);
  const signature = signBytesNow(key, unsigned);
  if (!signature) return undefined;
  all.set(signature, unsigned.length);
  return base45Encode(all, QR_TEXT_PREFIX);
}

/** A code can never name a key other than the one that signs it. */
function checkKeyId(p: QrPayload, keyId: Uint8Array): void {
  if (!constantTimeEqual(p.keyId, keyId)) {
    throw new EsscError('VALIDATION_FAILED', 'The payload keyId does not name the signing key.', {
      details: { issues: [{ path: ['keyId'], message: 'must be shortKeyId(key.publicJwk)' }] },
    });
  }
}

/** Bytes of the UTF-8 sequence a lead byte starts, for 1–3-byte sequences; else 0. */
function utf8SequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  return 0;
}

/**
 * Parses QR text into its fields, the signed bytes and the signature — without checking the
 * signature or the expiry (see {@link verifyQrSignature}). Throws `EsscError('QR_MALFORMED')`
 * on ANY other input: wrong length (checked first, so a 100 KB string costs nothing), another
 * prefix, lower case, non-base45 characters, an unknown version or purpose, a field out of
 * range, truncated or trailing bytes. Every valid code has exactly one text.
 */
export function parseQrText(text: string): ParsedQr {
  if (
    typeof text !== 'string' ||
    text.length < MIN_TEXT_LENGTH ||
    text.length > QR_MAX_TEXT_LENGTH ||
    !text.startsWith(QR_TEXT_PREFIX)
  ) {
    throw malformed();
  }
  const body = text.slice(QR_TEXT_PREFIX.length);
  if (base45DecodedLength(body.length) < 0) throw malformed();
  let bytes: Uint8Array;
  try {
    bytes = base45Decode(body);
  } catch {
    throw malformed();
  }
  return parseQrBytes(bytes);
}

function parseQrBytes(bytes: Uint8Array): ParsedQr {
  if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) throw malformed();
  const header = bytes[0]!;
  const kind = header & 0x0f;
  const onBehalf = kind >= ON_BEHALF_BASE ? RELATIONS[kind - ON_BEHALF_BASE] : undefined;
  const purpose = onBehalf === undefined ? PURPOSES[kind] : 'identity';
  if (header >>> 4 !== QR_FORMAT_VERSION || purpose === undefined) throw malformed();
  if (kind >= ON_BEHALF_BASE && onBehalf === undefined) throw malformed();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const issuedAt = view.getUint32(5);
  const ttl = bytes[9]!;
  if (ttl === 0) throw malformed();
  const packed = (bytes[10]! << 16) | (bytes[11]! << 8) | bytes[12]!;
  const region = packed >>> 4;
  if (region > 999_999) throw malformed();
  const channelEnd = FIXED_BYTES + (packed & 0x0f) + 1;
  if (channelEnd >= bytes.length) throw malformed();
  const initialEnd = channelEnd + utf8SequenceLength(bytes[channelEnd]!);
  // The signature is exactly what follows the initial: no truncation, no trailing bytes.
  if (initialEnd === channelEnd || bytes.length - initialEnd !== QR_SIGNATURE_BYTES) {
    throw malformed();
  }
  let channelId: string;
  let holderSurname: string;
  try {
    channelId = strictUtf8.decode(bytes.subarray(FIXED_BYTES, channelEnd));
    holderSurname = strictUtf8.decode(bytes.subarray(channelEnd, initialEnd));
  } catch {
    throw malformed(); // overlong forms, surrogates, truncated sequences
  }
  if (hasControl(channelId) || !isInitial(holderSurname)) throw malformed();
  return {
    payload: {
      version: QR_FORMAT_VERSION,
      keyId: bytes.slice(1, 5),
      purpose,
      issuedAt,
      expiresAt: issuedAt + ttl,
      channelId,
      cardRef: bytes.slice(13, 25),
      regionCode: String(region).padStart(6, '0'),
      holderSurname,
      nonce: bytes.slice(25, 33),
      ...(onBehalf === undefined ? {} : { onBehalf }),
    },
    signedBytes: bytes.slice(0, initialEnd),
    signature: bytes.slice(initialEnd),
  };
}

/**
 * Finds the key that signed a parsed code: among `keys`, those whose {@link shortKeyId} equals
 * the code's key id are tried. Returns that key, or `undefined` (then the caller refreshes its
 * JWKS once and, failing again, answers `QR_INVALID_SIGNATURE`, R16). Never throws; keys that
 * are neither Ed25519 nor SM2 are skipped; an SM2 key verifies SM2 signatures only, and an
 * Ed25519 key Ed25519 ones, so a JWKS of one suite refuses the other's codes.
 */
export async function verifyQrSignature(
  parsed: Pick<ParsedQr, 'signedBytes' | 'signature'> & { payload: Pick<QrPayload, 'keyId'> },
  keys: JWK[] | { keys: JWK[] },
): Promise<JWK | undefined> {
  const list = Array.isArray(keys) ? keys : Array.isArray(keys?.keys) ? keys.keys : [];
  for (const jwk of list) {
    let id = cachedKeyId(jwk);
    if (!id) {
      try {
        id = await keyIdOf(jwk);
      } catch {
        continue;
      }
    }
    if (!constantTimeEqual(id, parsed.payload.keyId)) continue;
    if (await verifyBytes(jwk, parsed.signedBytes, parsed.signature)) return jwk;
  }
  return undefined;
}

/**
 * {@link verifyQrSignature} without a promise, where nothing needs awaiting: every key's short
 * id was computed before and the provider verifies synchronously (`node:crypto`). Answers the
 * signing key, `null` when none of `keys` signed the code, or `undefined` when the caller must
 * await {@link verifyQrSignature} instead. Same keys tried in the same order, same answer. The
 * acceptor's hot path: every code scanned at a desk.
 */
export function verifyQrSignatureNow(
  parsed: Pick<ParsedQr, 'signedBytes' | 'signature'> & { payload: Pick<QrPayload, 'keyId'> },
  keys: readonly JWK[],
): JWK | null | undefined {
  for (const jwk of keys) {
    const id = cachedKeyId(jwk);
    if (!id) return undefined;
    if (!constantTimeEqual(id, parsed.payload.keyId)) continue;
    const valid = verifyBytesNow(jwk, parsed.signedBytes, parsed.signature);
    if (valid === undefined) return undefined;
    if (valid) return jwk;
  }
  return null;
}

/**
 * A stable string naming one code, for a replay store (R15/R16: single-use): key id, card
 * reference and nonce, base64url (32 characters), after `prefix` when one is given.
 */
export function qrReplayKey(
  payload: Pick<QrPayload, 'keyId' | 'cardRef' | 'nonce'>,
  prefix?: string,
): string {
  const all = new Uint8Array(QR_KEY_ID_BYTES + QR_CARD_REF_BYTES + QR_NONCE_BYTES);
  // Byte by byte rather than `set` of `subarray`s: three views fewer per code verified.
  copyBytes(all, 0, payload.keyId, QR_KEY_ID_BYTES);
  copyBytes(all, QR_KEY_ID_BYTES, payload.cardRef, QR_CARD_REF_BYTES);
  copyBytes(all, QR_KEY_ID_BYTES + QR_CARD_REF_BYTES, payload.nonce, QR_NONCE_BYTES);
  return base64urlEncode(all, prefix);
}

/** The first `n` bytes of `from` into `to` at `at` (zeros past a shorter `from`, as before). */
function copyBytes(to: Uint8Array, at: number, from: Uint8Array, n: number): void {
  for (let i = 0; i < n; i++) to[at + i] = from[i] ?? 0;
}
