/**
 * The offline code (离线码, R39–R41): a credential the platform signs once, online, and codes the
 * phone makes from it with no network, signed by a key that never leaves the phone.
 *
 * Both are packed as bytes, like the online code (`codec.ts`), so a code fits QR version 11 at
 * error correction M (362 alphanumeric characters). A compact JWS of the credential alone would
 * be ~420 characters; packed, the whole code is 340–357.
 *
 * Credential, format 1 (all integers big-endian), signed by the platform's key:
 *
 * | offset | bytes  | field                                                                   |
 * |--------|--------|-------------------------------------------------------------------------|
 * | 0      | 1      | header: high nibble format (1); bit 0 identity, bit 1 payment, bit 2    |
 * |        |        | device key SM2 (else Ed25519)                                           |
 * | 1      | 1      | on behalf (R32): 0 the holder's own, 1–4 parent, child, spouse, other   |
 * | 2      | 4      | platform key id (as the online code's)                                  |
 * | 6      | 8      | credentialId                                                            |
 * | 14     | 12     | cardRef: the platform's opaque per-card handle                          |
 * | 26     | 3      | uint24: region code << 4 \| (channel length − 1)                        |
 * | 29     | 4      | notBefore, unix seconds                                                 |
 * | 33     | 4      | notAfter, unix seconds                                                  |
 * | 37     | 4      | statusIndex: the credential's bit in the status list                    |
 * | 41     | 32\|33 | device public key: Ed25519 raw, or SM2 compressed (02/03‖x)             |
 * | …      | n      | channel id, UTF-8, 1–16 bytes                                           |
 * | …      | m      | holder initial, one character, 1–3 UTF-8 bytes (shown `张*`)            |
 * | …      | 64     | platform signature over everything before it                            |
 *
 * Code: `ED1:` + base45 of
 *
 * | offset | bytes | field                                                                    |
 * |--------|-------|--------------------------------------------------------------------------|
 * | 0      | 1     | header: high nibble format (1), low nibble purpose (0 identity, 1 payment) |
 * | 1      | 4     | issuedAt, unix seconds                                                   |
 * | 5      | 1     | ttl seconds (60)                                                         |
 * | 6      | 8     | nonce                                                                    |
 * | 14     | …     | the credential, as above (self-delimiting)                               |
 * | …      | 64    | device signature over everything before it                               |
 *
 * This file packs and parses only; the signatures are made and checked by the callers (the
 * engine and the verifier with `src/crypto`, the phone with `src/offline`), so it loads in a
 * mini-program.
 */
import { EsscError } from '../domain/errors.js';
import type { FamilyRelation } from '../domain/family.js';
import type { QrPurpose } from '../domain/types.js';
import { base45Decode, base45Encode } from './base45.js';

/** Text prefix of an offline code: E-card, Device-signed, format 1 (`EO1:` is an order code). */
export const OFFLINE_TEXT_PREFIX = 'ED1:';
/** QR version 11 at level M holds 362 alphanumeric characters: no offline code is longer. */
export const OFFLINE_MAX_TEXT_LENGTH = 362;
/** A code lives 60 s (R40). */
export const OFFLINE_CODE_TTL_SECONDS = 60;
/** A credential lives at most 7 days (R39). */
export const OFFLINE_MAX_VALIDITY_SECONDS = 7 * 24 * 3600;
/** Bytes of a credential id. */
export const OFFLINE_CREDENTIAL_ID_BYTES = 8;
const FORMAT = 1;
const SIG = 64;
const FIXED = 41;
const CODE_FIXED = 14;
const RELATIONS: readonly FamilyRelation[] = ['parent', 'child', 'spouse', 'other'];

/** The device key's algorithm: Ed25519 under the jose suite, SM2 under sm (R34). */
export type DeviceKeyAlgorithm = 'Ed25519' | 'SM2';

/** The fields of an offline credential, before the platform signs them. */
export interface OfflineCredentialFields {
  purposes: QrPurpose[];
  /** The card holder is the provisioner's … (R32: a member's credential, identity only). */
  onBehalf?: FamilyRelation;
  /** 4 bytes: the platform key's short id. */
  keyId: Uint8Array;
  /** {@link OFFLINE_CREDENTIAL_ID_BYTES} bytes. */
  credentialId: Uint8Array;
  /** 12 bytes. */
  cardRef: Uint8Array;
  regionCode: string;
  channelId: string;
  /** Unix seconds. */
  notBefore: number;
  /** Unix seconds. */
  notAfter: number;
  statusIndex: number;
  deviceKeyAlgorithm: DeviceKeyAlgorithm;
  /** Ed25519: 32 raw bytes; SM2: 33 compressed bytes. */
  devicePublicKey: Uint8Array;
  /** One character (see `holderInitial`). */
  holderInitial: string;
}

/** A parsed credential: its fields, the bytes the platform signed, its signature, and all its bytes. */
export interface ParsedOfflineCredential {
  fields: OfflineCredentialFields;
  signedBytes: Uint8Array;
  signature: Uint8Array;
  bytes: Uint8Array;
}

/** The fields a code adds to its credential. */
export interface OfflineCodeFields {
  purpose: QrPurpose;
  /** Unix seconds. */
  issuedAt: number;
  /** Unix seconds. */
  expiresAt: number;
  /** 8 bytes. */
  nonce: Uint8Array;
}

/** A parsed code: its fields, its credential, the bytes the device signed and its signature. */
export interface ParsedOfflineCode {
  code: OfflineCodeFields;
  credential: ParsedOfflineCredential;
  signedBytes: Uint8Array;
  signature: Uint8Array;
}

const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

function malformed(): EsscError<'QR_MALFORMED'> {
  return new EsscError(
    'QR_MALFORMED',
    'This is not an e-card QR code: ask the user to show the code again.',
  );
}

function invalid(message: string): EsscError<'VALIDATION_FAILED'> {
  return new EsscError('VALIDATION_FAILED', `The offline credential does not fit: ${message}.`, {
    details: { issues: [{ path: ['credential'], message }] },
  });
}

function putUint32(out: Uint8Array, at: number, value: number): void {
  new DataView(out.buffer, out.byteOffset, out.byteLength).setUint32(at, value);
}
function getUint32(bytes: Uint8Array, at: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(at);
}
const isUint32 = (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff;

/** The credential's unsigned bytes (the platform signs them and appends the signature). */
export function encodeOfflineCredential(f: OfflineCredentialFields): Uint8Array {
  const channel = encoder.encode(f.channelId);
  const initial = encoder.encode(f.holderInitial);
  const keyBytes = f.deviceKeyAlgorithm === 'SM2' ? 33 : 32;
  if (channel.length < 1 || channel.length > 16) throw invalid('channelId is 1–16 bytes');
  if (initial.length < 1 || initial.length > 3 || [...f.holderInitial].length !== 1) {
    throw invalid('holderInitial is one character');
  }
  if (f.devicePublicKey.length !== keyBytes) throw invalid('devicePublicKey has the wrong size');
  if (!/^\d{6}$/.test(f.regionCode)) throw invalid('regionCode is 6 digits');
  if (![f.notBefore, f.notAfter, f.statusIndex].every(isUint32) || f.notAfter <= f.notBefore) {
    throw invalid('the times or the status index are out of range');
  }
  if (f.keyId.length !== 4 || f.credentialId.length !== 8 || f.cardRef.length !== 12) {
    throw invalid('keyId, credentialId or cardRef has the wrong size');
  }
  const purposeBits =
    (f.purposes.includes('identity') ? 1 : 0) | (f.purposes.includes('payment') ? 2 : 0);
  if (purposeBits === 0) throw invalid('purposes is empty');
  const out = new Uint8Array(FIXED + keyBytes + channel.length + initial.length);
  out[0] = (FORMAT << 4) | purposeBits | (f.deviceKeyAlgorithm === 'SM2' ? 4 : 0);
  out[1] = f.onBehalf === undefined ? 0 : RELATIONS.indexOf(f.onBehalf) + 1;
  out.set(f.keyId, 2);
  out.set(f.credentialId, 6);
  out.set(f.cardRef, 14);
  const packed = Number(f.regionCode) * 16 + (channel.length - 1);
  out[26] = packed >>> 16;
  out[27] = (packed >>> 8) & 0xff;
  out[28] = packed & 0xff;
  putUint32(out, 29, f.notBefore);
  putUint32(out, 33, f.notAfter);
  putUint32(out, 37, f.statusIndex);
  out.set(f.devicePublicKey, FIXED);
  out.set(channel, FIXED + keyBytes);
  out.set(initial, FIXED + keyBytes + channel.length);
  return out;
}

function utf8Length(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  return 0;
}

/**
 * Reads a signed credential at the start of `bytes`; answers it and its length. Throws
 * `QR_MALFORMED` for anything else (the signature is not checked here).
 */
export function parseOfflineCredential(bytes: Uint8Array): ParsedOfflineCredential {
  if (bytes.length < FIXED + 32 + 2 + SIG) throw malformed();
  const header = bytes[0]!;
  const purposeBits = header & 3;
  if (header >>> 4 !== FORMAT || purposeBits === 0 || (header & 8) !== 0) throw malformed();
  const sm2 = (header & 4) !== 0;
  const relationByte = bytes[1]!;
  if (relationByte > RELATIONS.length) throw malformed();
  const packed = (bytes[26]! << 16) | (bytes[27]! << 8) | bytes[28]!;
  const region = packed >>> 4;
  if (region > 999_999) throw malformed();
  const keyBytes = sm2 ? 33 : 32;
  const channelStart = FIXED + keyBytes;
  const channelEnd = channelStart + (packed & 0x0f) + 1;
  if (channelEnd >= bytes.length) throw malformed();
  const initialEnd = channelEnd + utf8Length(bytes[channelEnd]!);
  const end = initialEnd + SIG;
  if (initialEnd === channelEnd || end > bytes.length) throw malformed();
  const devicePublicKey = bytes.slice(FIXED, channelStart);
  if (sm2 && devicePublicKey[0] !== 2 && devicePublicKey[0] !== 3) throw malformed();
  let channelId: string;
  let holderInitial: string;
  try {
    channelId = utf8.decode(bytes.subarray(channelStart, channelEnd));
    holderInitial = utf8.decode(bytes.subarray(channelEnd, initialEnd));
  } catch {
    throw malformed();
  }
  const notBefore = getUint32(bytes, 29);
  const notAfter = getUint32(bytes, 33);
  if (notAfter <= notBefore) throw malformed();
  const purposes: QrPurpose[] = [];
  if (purposeBits & 1) purposes.push('identity');
  if (purposeBits & 2) purposes.push('payment');
  const onBehalf = relationByte === 0 ? undefined : RELATIONS[relationByte - 1];
  return {
    fields: {
      purposes,
      ...(onBehalf === undefined ? {} : { onBehalf }),
      keyId: bytes.slice(2, 6),
      credentialId: bytes.slice(6, 14),
      cardRef: bytes.slice(14, 26),
      regionCode: String(region).padStart(6, '0'),
      channelId,
      notBefore,
      notAfter,
      statusIndex: getUint32(bytes, 37),
      deviceKeyAlgorithm: sm2 ? 'SM2' : 'Ed25519',
      devicePublicKey,
      holderInitial,
    },
    signedBytes: bytes.slice(0, initialEnd),
    signature: bytes.slice(initialEnd, end),
    bytes: bytes.slice(0, end),
  };
}

/** The unsigned bytes of a code over a signed credential (the device signs and appends). */
export function encodeOfflineCode(code: OfflineCodeFields, credential: Uint8Array): Uint8Array {
  const ttl = code.expiresAt - code.issuedAt;
  if (!isUint32(code.issuedAt) || !Number.isInteger(ttl) || ttl < 1 || ttl > 255) {
    throw invalid('issuedAt or expiresAt out of range');
  }
  if (code.nonce.length !== 8) throw invalid('the nonce is 8 bytes');
  const out = new Uint8Array(CODE_FIXED + credential.length);
  out[0] = (FORMAT << 4) | (code.purpose === 'payment' ? 1 : 0);
  putUint32(out, 1, code.issuedAt);
  out[5] = ttl;
  out.set(code.nonce, 6);
  out.set(credential, CODE_FIXED);
  return out;
}

/** The QR text of signed code bytes. */
export function offlineCodeText(signed: Uint8Array): string {
  return base45Encode(signed, OFFLINE_TEXT_PREFIX);
}

/** Whether a scanned text is an offline code (by its prefix; parsing says whether it is well formed). */
export function isOfflineCodeText(text: unknown): text is string {
  return typeof text === 'string' && text.startsWith(OFFLINE_TEXT_PREFIX);
}

/**
 * Parses an offline code's text: `QR_MALFORMED` for anything that is not exactly one, without
 * checking either signature.
 */
export function parseOfflineCodeText(text: string): ParsedOfflineCode {
  if (!isOfflineCodeText(text) || text.length > OFFLINE_MAX_TEXT_LENGTH) throw malformed();
  let bytes: Uint8Array;
  try {
    bytes = base45Decode(text.slice(OFFLINE_TEXT_PREFIX.length));
  } catch {
    throw malformed();
  }
  if (bytes.length < CODE_FIXED + 1) throw malformed();
  const header = bytes[0]!;
  if (header >>> 4 !== FORMAT || (header & 0x0f) > 1) throw malformed();
  const ttl = bytes[5]!;
  if (ttl === 0) throw malformed();
  const credential = parseOfflineCredential(bytes.subarray(CODE_FIXED));
  const signedEnd = CODE_FIXED + credential.bytes.length;
  if (bytes.length - signedEnd !== SIG) throw malformed();
  const issuedAt = getUint32(bytes, 1);
  return {
    code: {
      purpose: (header & 1) === 1 ? 'payment' : 'identity',
      issuedAt,
      expiresAt: issuedAt + ttl,
      nonce: bytes.slice(6, 14),
    },
    credential,
    signedBytes: bytes.slice(0, signedEnd),
    signature: bytes.slice(signedEnd),
  };
}
