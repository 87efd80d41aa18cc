/**
 * The two signatures of an offline code (R41): the platform's on the credential (found by its
 * key id in the JWKS, as an online code's) and the device's on the code (the key the credential
 * certifies). The engine checks them at charge time, the acceptor's verifier at the desk.
 */
import { base64urlEncode, type JWK, verifyBytes } from '../crypto/index.js';
import { type ParsedQr, verifyQrSignature } from './codec.js';
import type { ParsedOfflineCode } from './offline-codec.js';
import { deviceJwk } from './offline-keys.js';

/**
 * The platform key that signed the code's credential, when both signatures hold and the device
 * key is of the platform's suite (an SM2 platform certifies SM2 keys only, R34); else `undefined`.
 */
export async function verifyOfflineSignatures(
  parsed: ParsedOfflineCode,
  keys: JWK[] | { keys: JWK[] },
): Promise<JWK | undefined> {
  const { fields, signedBytes, signature } = parsed.credential;
  // The codec's own key lookup and check, on the credential's bytes.
  const credentialAsQr = { payload: { keyId: fields.keyId }, signedBytes, signature };
  const platformKey = await verifyQrSignature(credentialAsQr as unknown as ParsedQr, keys);
  if (!platformKey) return undefined;
  if ((platformKey.crv === 'SM2') !== (fields.deviceKeyAlgorithm === 'SM2')) return undefined;
  const device = deviceJwk(fields.deviceKeyAlgorithm, fields.devicePublicKey);
  if (!device) return undefined;
  const valid = await verifyBytes(device as JWK, parsed.signedBytes, parsed.signature);
  return valid ? platformKey : undefined;
}

/** The key naming one offline code in a replay store: its credential and nonce (base64url). */
export function offlineReplayKey(parsed: ParsedOfflineCode): string {
  const all = new Uint8Array(16);
  all.set(parsed.credential.fields.credentialId);
  all.set(parsed.code.nonce, 8);
  return `o${base64urlEncode(all)}`;
}
