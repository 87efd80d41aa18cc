/**
 * A device key as an offline credential carries it (raw Ed25519, or SM2 compressed to 33 bytes
 * so the code fits QR version 11-M) and as a JWK (what travels to the platform, and what
 * `src/crypto`'s `verifyBytes` checks signatures with). The SM2 point arithmetic is
 * `sm-crypto-v2`'s (on noble), the library the national suite already uses.
 */
import { sm2 } from 'sm-crypto-v2';
import { decode as b64Decode, encode as b64Encode } from '../crypto/base64url.js';
import type { DeviceKeyAlgorithm } from './offline-codec.js';

/** A device's public key as a JWK: Ed25519 (jose suite) or SM2 (sm suite). */
export interface DevicePublicJwk {
  kty: 'OKP' | 'EC';
  crv: 'Ed25519' | 'SM2';
  x: string;
  y?: string;
}

/** Bytes as lowercase hex (sm-crypto-v2's form of keys and signatures). */
export const hexOf = (b: Uint8Array): string => sm2.arrayToHex(Array.from(b));
/** Hex as bytes. */
export const bytesOf = (hex: string): Uint8Array => sm2.hexToArray(hex);

/**
 * The raw form of a device public JWK, or `undefined` when it is not an Ed25519 or SM2 public
 * key (a point off the curve included).
 */
export function rawDeviceKey(
  jwk: DevicePublicJwk,
): { algorithm: DeviceKeyAlgorithm; raw: Uint8Array } | undefined {
  try {
    if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') {
      const raw = b64Decode(jwk.x);
      return raw.length === 32 ? { algorithm: 'Ed25519', raw } : undefined;
    }
    if (jwk.kty === 'EC' && jwk.crv === 'SM2' && typeof jwk.y === 'string') {
      const x = b64Decode(jwk.x);
      const y = b64Decode(jwk.y);
      if (x.length !== 32 || y.length !== 32) return undefined;
      const full = `04${hexOf(x)}${hexOf(y)}`;
      if (!sm2.verifyPublicKey(full)) return undefined;
      return { algorithm: 'SM2', raw: bytesOf(sm2.compressPublicKeyHex(full)) };
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** The JWK of a credential's raw device key (SM2 decompressed); `undefined` for a bad point. */
export function deviceJwk(
  algorithm: DeviceKeyAlgorithm,
  raw: Uint8Array,
): DevicePublicJwk | undefined {
  if (algorithm === 'Ed25519') return { kty: 'OKP', crv: 'Ed25519', x: b64Encode(raw) };
  try {
    // Only to decompress the point: the smallest table the library makes (its default window
    // of 8 costs ~60 ms per device key, this one a few).
    const full = sm2.precomputePublicKey(hexOf(raw), 2).toRawBytes(false);
    return {
      kty: 'EC',
      crv: 'SM2',
      x: b64Encode(full.subarray(1, 33)),
      y: b64Encode(full.subarray(33, 65)),
    };
  } catch {
    return undefined;
  }
}
