/**
 * Verifying an offline code at the desk (R41), with no call to the platform: the platform's
 * signature on the credential, the device's on the code, the times, the credential's purposes
 * and its bit in the status list, then single use. `qr-verifier.ts` sends offline codes here.
 *
 * @internal
 */
import type { CryptoSuite, JWK } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import type { QrPurpose } from '../domain/types.js';
import { type ParsedOfflineCode, parseOfflineCodeText } from '../qr/offline-codec.js';
import {
  checkOfflineCodeRules,
  offlineReplayKey,
  verifyOfflineSignatures,
} from '../qr/offline-verify.js';
import type { VerifiedQr } from './qr-verifier.js';
import type { StatusListCache } from './status-list.js';

/** What the verifier lends this check. */
export interface OfflineCheckDeps {
  /** The platform keys, refreshed once when none verifies the credential. */
  keys(): Promise<JWK[]>;
  refreshKeys(): Promise<JWK[] | undefined>;
  statusList: StatusListCache | undefined;
  now(): number;
  toleranceMs: number;
  /** Consumes the code's nonce: false when it was used before. */
  consume(key: string, retainUntil: number): Promise<boolean>;
  /** How long past a code's expiry its nonce is kept. */
  retainMs: number;
}

/** What the verifier lends to finish the answer. */
export interface OfflineVerifyDeps extends OfflineCheckDeps {
  /** Whether to run the online status check for a code of this purpose. */
  online(purpose: QrPurpose): boolean;
  /** The online status check of the platform's card reference. */
  checkStatus(cardRef: Uint8Array): Promise<void>;
  /** The acceptor's card reference of the platform's. */
  cardRef(platformRef: Uint8Array, suite: CryptoSuite): Promise<string>;
}

/**
 * An offline code verified as {@link checkOfflineCode} says, then the online status check when
 * asked (a payment code with a `statusCheck`), answered as {@link VerifiedQr} with `offline: true`.
 */
export async function verifyOfflineQr(text: string, deps: OfflineVerifyDeps): Promise<VerifiedQr> {
  const { parsed, platformKey } = await checkOfflineCode(parseOffline(text), deps);
  const { code } = parsed;
  const { fields } = parsed.credential;
  const online = deps.online(code.purpose);
  if (online) await deps.checkStatus(fields.cardRef);
  return {
    purpose: code.purpose,
    issuedAt: new Date(code.issuedAt * 1000).toISOString(),
    expiresAt: new Date(code.expiresAt * 1000).toISOString(),
    holderName: `${fields.holderInitial}*`,
    regionCode: fields.regionCode,
    channelId: fields.channelId,
    cardRef: await deps.cardRef(fields.cardRef, platformKey.crv === 'SM2' ? 'sm' : 'jose'),
    onlineChecked: online,
    offline: true,
    ...(fields.onBehalf === undefined ? {} : { onBehalf: { relation: fields.onBehalf } }),
  };
}

/** A verified offline code and the platform key that certified it. */
export interface CheckedOfflineCode {
  parsed: ParsedOfflineCode;
  platformKey: JWK;
}

/** Parses an offline code's text; `QR_MALFORMED` for anything else (never echoing it). */
export function parseOffline(text: string): ParsedOfflineCode {
  try {
    return parseOfflineCodeText(text);
  } catch (error) {
    if (isEsscError(error, 'QR_MALFORMED')) throw error;
    throw new EsscError('QR_MALFORMED', 'This is not an e-card QR code.');
  }
}

/**
 * Every check of an offline code, in order: signatures (`QR_INVALID_SIGNATURE`), the times
 * and purpose as the platform checks them at charge time ({@link checkOfflineCodeRules}:
 * `QR_MALFORMED`, `QR_EXPIRED`, `PAYMENT_NOT_ENABLED`), the status list (`CREDENTIAL_REVOKED`, `STATUS_STALE` —
 * before the nonce, so an acceptor's stale list does not burn the citizen's code), then single
 * use (`QR_REPLAYED`).
 */
export async function checkOfflineCode(
  parsed: ParsedOfflineCode,
  deps: OfflineCheckDeps,
): Promise<CheckedOfflineCode> {
  let platformKey = await verifyOfflineSignatures(parsed, await deps.keys());
  if (!platformKey) {
    // The platform may have rotated since the keys were loaded: look once more.
    const refreshed = await deps.refreshKeys();
    if (refreshed) platformKey = await verifyOfflineSignatures(parsed, refreshed);
  }
  if (!platformKey) {
    throw new EsscError(
      'QR_INVALID_SIGNATURE',
      'The offline code or its credential is not signed as the platform certified: refuse it.',
    );
  }
  checkOfflineCodeRules(parsed, deps.now(), deps.toleranceMs);
  const { code } = parsed;
  const { fields } = parsed.credential;
  if (!deps.statusList) {
    throw new EsscError(
      'STATUS_STALE',
      'Offline codes need the status list: pass { statusList } to createQrVerifier.',
    );
  }
  if (await deps.statusList.isRevoked(fields.statusIndex)) {
    throw new EsscError(
      'CREDENTIAL_REVOKED',
      'The offline credential behind this code was revoked: ask for an online code.',
    );
  }
  const retainUntil = code.expiresAt * 1000 + deps.retainMs;
  if (!(await deps.consume(offlineReplayKey(parsed), retainUntil))) {
    throw new EsscError('QR_REPLAYED', 'This code was already used: ask for a fresh one.');
  }
  return { parsed, platformKey };
}
