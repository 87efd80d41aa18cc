/**
 * The key pair made on the phone (R39), and its signatures: Ed25519 by `@noble/curves` under
 * the jose suite, SM2 by `sm-crypto-v2` (GB/T 32918.2, the default user id) under sm — the same
 * libraries the SDK's crypto providers use, pure JS, so this runs in a mini-program without
 * WebCrypto. The random values come from the caller's {@link RandomSource}, never from a
 * global the library would look for.
 */
import { ed25519 } from '@noble/curves/ed25519';
import { sm2 } from 'sm-crypto-v2';
import { decode as b64Decode, encode as b64Encode } from '../crypto/base64url.js';
import type { DeviceKeyAlgorithm } from '../qr/offline-codec.js';
import { bytesOf, type DevicePublicJwk, hexOf } from '../qr/offline-keys.js';
import type { RandomSource } from './random.js';

/** The GB/T 32918.2 default user id every SM2 peer assumes (as `src/crypto/providers/sm.ts`). */
const SM2_USER_ID = '1234567812345678';

/** A device key as kept in storage: the private half (base64url) never leaves it. */
export interface StoredDeviceKey {
  algorithm: DeviceKeyAlgorithm;
  /** base64url of the 32-byte private key. */
  d: string;
}

/** The order n of the SM2 curve's base point (GB/T 32918.5). */
const SM2_N = BigInt('0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123');

/**
 * A scalar in [1, n − 1] from 32 random bytes, as hex. Not `sm2.generateKeyPairHex(seed)`:
 * sm-crypto-v2 1.15 reduces a given seed modulo 1, so every seeded key would be d = 1.
 */
function sm2Scalar(seed: Uint8Array): string {
  const d = (BigInt(`0x${hexOf(seed)}`) % (SM2_N - BigInt(1))) + BigInt(1);
  return d.toString(16).padStart(64, '0');
}

/** A fresh key pair of `algorithm`, from 32 random bytes (SM2: reduced into [1, n − 1]). */
export async function generateDeviceKey(
  algorithm: DeviceKeyAlgorithm,
  random: RandomSource,
): Promise<{ key: StoredDeviceKey; publicJwk: DevicePublicJwk }> {
  const seed = await random(32);
  if (algorithm === 'Ed25519') {
    return {
      key: { algorithm, d: b64Encode(seed) },
      publicJwk: { kty: 'OKP', crv: 'Ed25519', x: b64Encode(ed25519.getPublicKey(seed)) },
    };
  }
  const d = sm2Scalar(seed);
  const pub = bytesOf(sm2.getPublicKeyFromPrivateKey(d));
  seed.fill(0);
  return {
    key: { algorithm, d: b64Encode(bytesOf(d)) },
    publicJwk: {
      kty: 'EC',
      crv: 'SM2',
      x: b64Encode(pub.subarray(1, 33)),
      y: b64Encode(pub.subarray(33, 65)),
    },
  };
}

/** The 64-byte signature (Ed25519; SM2 r‖s over SM3 with Z) of `data`. */
export async function signWithDeviceKey(
  key: StoredDeviceKey,
  data: Uint8Array,
  random: RandomSource,
): Promise<Uint8Array> {
  const d = b64Decode(key.d);
  if (key.algorithm === 'Ed25519') return ed25519.sign(data, d);
  // SM2 draws a fresh k per signature: from the caller's source, with kG's x by the library.
  const k = sm2Scalar(await random(32));
  const point = {
    k: BigInt(`0x${k}`),
    x1: BigInt(`0x${sm2.getPublicKeyFromPrivateKey(k).slice(2, 66)}`),
  };
  const dHex = hexOf(d);
  const signature = sm2.doSignature(data, dHex, {
    hash: true,
    publicKey: sm2.getPublicKeyFromPrivateKey(dHex),
    userId: SM2_USER_ID,
    pointPool: [point],
  });
  return bytesOf(signature.padStart(128, '0'));
}
