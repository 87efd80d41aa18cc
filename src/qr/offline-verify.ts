/**
 * The two signatures of an offline code (R41): the platform's on the credential (found by its
 * key id in the JWKS, as an online code's) and the device's on the code (the key the credential
 * certifies). The engine checks them at charge time, the acceptor's verifier at the desk.
 */
import { base64urlEncode, type JWK, verifyBytes } from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import { type ParsedQr, verifyQrSignature } from './codec.js';
import { OFFLINE_CODE_TTL_SECONDS, type ParsedOfflineCode } from './offline-codec.js';
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

/** The clock tolerance the platform allows a device's clock when it charges an offline code (R16's bound). */
export const OFFLINE_CLOCK_TOLERANCE_MS = 30_000;

/**
 * The rules of an offline code's times and purpose (R40, R41), the same at the desk and at
 * charge time: a lifetime of at most 60 s (`QR_MALFORMED`: the device did not follow R40), not
 * expired and not issued in the future beyond `toleranceMs` (`QR_EXPIRED`, as online codes),
 * within the credential's validity (`QR_EXPIRED`), and a purpose the credential allows
 * (`PAYMENT_NOT_ENABLED`). Signatures first: call it after {@link verifyOfflineSignatures}.
 */
export function checkOfflineCodeRules(
  parsed: ParsedOfflineCode,
  nowMs: number,
  toleranceMs: number,
): void {
  const { code } = parsed;
  const { fields } = parsed.credential;
  if (code.expiresAt - code.issuedAt > OFFLINE_CODE_TTL_SECONDS) {
    throw new EsscError(
      'QR_MALFORMED',
      `An offline code lives ${OFFLINE_CODE_TTL_SECONDS} s at most: refuse it and ask for a fresh one.`,
    );
  }
  if (nowMs > code.expiresAt * 1000 + toleranceMs) {
    throw new EsscError('QR_EXPIRED', 'The code has expired: ask the user to refresh it.');
  }
  if (code.issuedAt * 1000 > nowMs + toleranceMs) {
    throw new EsscError(
      'QR_EXPIRED',
      "The code is issued in the future beyond the clock tolerance: check the phone's clock.",
    );
  }
  if (code.issuedAt < fields.notBefore || code.issuedAt > fields.notAfter) {
    throw new EsscError(
      'QR_EXPIRED',
      'The offline credential behind this code has expired: the user provisions it again online.',
    );
  }
  if (!fields.purposes.includes(code.purpose)) {
    throw new EsscError('PAYMENT_NOT_ENABLED', 'This offline credential cannot make this code.');
  }
}
