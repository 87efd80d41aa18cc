/**
 * Offline credentials (离线凭证, R39–R42): the inputs of provisioning and revoking them, and
 * what the platform answers. The rules are the engine's (`src/engine/offline-credentials.ts`).
 */
import * as z from 'zod/mini';
import {
  memberIdSchema,
  qrPurposeSchema,
  signNoSchema,
  userVerificationSchema,
} from './schemas.js';
import type { QrPurpose } from './types.js';

/** 32 bytes, base64url: a coordinate, or the Ed25519 key. */
const keyPart = z.string().check(z.regex(/^[\w-]{43}$/));

/**
 * The device's public key (R39): Ed25519 (`OKP`) under the jose suite, SM2 (`EC`, with `y`)
 * under sm (R34). The platform checks it is a key of its suite and a point of the curve.
 */
export const devicePublicKeySchema = z.strictObject({
  /** Key type: `OKP` (Ed25519) or `EC` (SM2). */
  kty: z.literal(['OKP', 'EC']), // not z.enum: see qrPurposeSchema
  /** Curve: `Ed25519` or `SM2`. */
  crv: z.literal(['Ed25519', 'SM2']),
  /** The raw Ed25519 key, or the SM2 point's x coordinate, base64url. */
  x: keyPart,
  /** The SM2 point's y coordinate, base64url. */
  y: z.optional(keyPart),
});

/**
 * A device's public key as the platform certifies it (R39): Ed25519 or SM2, never a private part.
 *
 * @example
 * ```ts
 * const publicKey: DevicePublicKey = { kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' };
 * ```
 */
export interface DevicePublicKey {
  /** Key type: `OKP` (Ed25519) or `EC` (SM2). */
  kty: 'OKP' | 'EC';
  /** Curve: `Ed25519` or `SM2`. */
  crv: 'Ed25519' | 'SM2';
  /** The raw Ed25519 key, or the SM2 point's x coordinate, base64url. */
  x: string;
  /** The SM2 point's y coordinate, base64url. */
  y?: string;
}

export const offlineProvisionInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
  /** The public half of the key pair made on the device; the private half never leaves it. */
  publicKey: devicePublicKeySchema,
  /** What its codes may do: `identity` (default) and, at level 2, `payment` (R39). */
  purposes: z.optional(z.array(qrPurposeSchema).check(z.minLength(1), z.maxLength(2))),
  /** A family member's credential (R32): identity only. */
  memberId: z.optional(memberIdSchema),
});

export const offlineRevocationInput = z.strictObject({
  /** The e-card's sign number (签发号). */
  signNo: signNoSchema,
  /** User verification: the e-card password or a real-person proof (R18). */
  verification: userVerificationSchema,
});

/**
 * An offline credential (R39): the platform's certificate of a device key, from which the
 * device makes codes with no network (`essc-sdk/offline`). `credential` is what the codes
 * carry; it holds no secret (the private key stays on the device).
 *
 * @example
 * ```ts
 * const c: OfflineCredential = await client.provisionOfflineCredential({ signNo, verification, publicKey });
 * c.notAfter; // at most 7 days after c.notBefore
 * ```
 */
export interface OfflineCredential {
  /** The credential's id (base64url). */
  credentialId: string;
  /** The platform-signed credential, base64url (the bytes every offline code carries). */
  credential: string;
  /** What its codes may do. */
  purposes: QrPurpose[];
  /** Masked, as on a code, e.g. `张*`. */
  holderName: string;
  /** 6-digit region code of the card. */
  regionCode: string;
  /** ISO 8601. */
  notBefore: string;
  /** ISO 8601; at most 7 days after `notBefore`. */
  notAfter: string;
  /** The credential's bit in the platform's status list (R41). */
  statusIndex: number;
  /** Set on a family member's credential (R32). */
  memberId?: string;
  /**
   * The ids of this binding's credentials that provisioning this one revoked (R39: at most 3
   * live per binding, the oldest go): a phone holding one forgets it. Usually empty.
   */
  revoked: string[];
}
