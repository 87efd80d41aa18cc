/**
 * The acceptor's side of the dynamic e-card QR code (R15, R16): a hospital, pharmacy or gate
 * scans the code and verifies it offline against the platform's published keys, refusing
 * forgeries, expired codes and replays.
 */

import { base64urlEncode, type JWK } from '../crypto/index.js';
import { EsscError, isEsscError } from '../domain/errors.js';
import type { FamilyRelation } from '../domain/family.js';
import type { ECardStatus, QrPurpose } from '../domain/types.js';
import { invalidField } from '../domain/validation.js';
import {
  checkJwksUrl,
  type FetchLike,
  fetchKeySet,
  type KeySet,
  KeySetCache,
} from '../platform/key-set-cache.js';
import {
  maskedHolderName,
  type ParsedQr,
  parseQrText,
  QR_MALFORMED_MESSAGE,
  qrReplayKey,
  shortKeyId,
  verifyQrSignature,
  verifyQrSignatureNow,
} from '../qr/codec.js';
import { isoSecondsMemo } from '../qr/iso-time.js';
import { isOfflineCodeText } from '../qr/offline-codec.js';
import { createMemoryNonceStore, type NonceStore } from '../stores/nonce-store.js';
import { acceptorCardRef, acceptorCardRefNow, cardRefKey } from './card-ref.js';
import { verifyOfflineQr } from './offline-code.js';
import { type StatusListSource, statusListOf } from './status-list.js';

/**
 * R16: the clock tolerance is bounded; 30 seconds is both the default and the most allowed.
 *
 * @example
 * ```ts
 * createQrVerifier({ jwks, clockToleranceSeconds: MAX_CLOCK_TOLERANCE_SECONDS });
 * ```
 */
export const MAX_CLOCK_TOLERANCE_SECONDS = 30;
/**
 * How long past (expiry + the largest tolerance) a nonce is remembered. Verifiers that share a
 * store may disagree on the time; this margin covers a minute of disagreement, so a verifier
 * whose clock is behind cannot accept a code another one has already forgotten.
 */
const NONCE_SKEW_MARGIN_MS = 60_000;
/** Nonce keys of QR codes, apart from other single-use values in a shared store. */
const QR_NONCE_PREFIX = 'qr1:';

const ACTIVE: ECardStatus = 'active';
const INACTIVE_STATUSES: readonly ECardStatus[] = ['sealed', 'lost', 'locked', 'cancelled'];

/**
 * The online status check of payments: given the platform's card reference (base64url of the
 * 12 bytes in the code), the card's current status. `MockPlatform#cardStatusCheck()` is one;
 * against a real platform it is a call to its status service.
 *
 * @example
 * ```ts
 * const statusCheck: CardStatusCheck = async ({ cardRef }) =>
 *   (await platformApi.cardStatus(cardRef)).status;
 * ```
 */
export type CardStatusCheck = (input: { cardRef: string }) => Promise<ECardStatus>;

/**
 * Options of {@link createQrVerifier}.
 */
export interface QrVerifierOptions {
  /**
   * The platform's public keys: a JWK Set, the URL it is published at (fetched with `fetch`,
   * cached, refreshed once when a code names a key it does not hold), or a function that
   * loads it (treated like the URL).
   */
  jwks: KeySet | string | URL | (() => Promise<KeySet>);
  /**
   * Where used codes are recorded (default: a memory store for this verifier). Verifiers
   * behind a load balancer must share one (`createRedisNonceStore`), or a code refused by one
   * is accepted by another.
   */
  nonceStore?: NonceStore;
  /** Allowed clock difference with the platform, 0–30 seconds (default 30, R16). */
  clockToleranceSeconds?: number;
  /** The clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /**
   * The secret behind {@link VerifiedQr.cardRef} (≥ 16 bytes). Keep it stable — in the
   * acceptor's configuration, like a password — to recognise a card across codes, restarts
   * and instances. Without it each verifier makes a random one: `cardRef` is then stable only
   * for this verifier instance, and changes on restart.
   */
  cardRefSecret?: string | Uint8Array;
  /**
   * The online status check. Given, it runs for every payment code, and for identity codes
   * verified with `{ online: true }`.
   */
  statusCheck?: CardStatusCheck;
  /** The `fetch` used for a JWKS or status list URL (default the global one). */
  fetch?: FetchLike;
  /**
   * The platform's status list of offline credentials (R41): its URL
   * (`…/v1/status-lists/offline`) or a function answering the token. Needed to accept offline
   * codes: without it they are refused (`STATUS_STALE`), since a revocation could not be seen.
   */
  statusList?: StatusListSource;
  /**
   * How old the status list may be before offline codes are refused (`STATUS_STALE`), seconds;
   * default 3600. It is refreshed after its `ttl` (5 minutes on the reference platform).
   */
  maxStatusAgeSeconds?: number;
}

/**
 * Options of {@link QrVerifier.verify}.
 *
 * @example
 * ```ts
 * await verifier.verify(text, { online: true }); // check the card status for an identity code too
 * ```
 */
export interface VerifyQrOptions {
  /**
   * Run the online status check (needs `statusCheck`). Default: on for payment codes when a
   * `statusCheck` is configured, off otherwise. `false` skips it even for a payment.
   */
  online?: boolean;
}

/**
 * What a verified code tells the acceptor. Nothing in it identifies the person beyond the
 * masked name; `cardRef` recognises the same card again, for this acceptor only.
 *
 * @example
 * ```ts
 * const qr: VerifiedQr = await verifier.verify(scanned);
 * console.log(qr.holderName, qr.regionCode, qr.purpose); // '张*' '440100' 'identity'
 * ```
 */
export interface VerifiedQr {
  /** `identity`, or `payment` (then the online status check ran, if configured). */
  purpose: QrPurpose;
  /** ISO 8601. */
  issuedAt: string;
  /** ISO 8601. */
  expiresAt: string;
  /** Masked, e.g. `张*`: the code carries only the first character. */
  holderName: string;
  /** 6-digit region code of the city that issued the card. */
  regionCode: string;
  /** The channel app that showed the code (e.g. `wechat`). */
  channelId: string;
  /**
   * This acceptor's stable reference for the card: the same for every code of the card under
   * the same `cardRefSecret`, different under another secret. 22 characters, base64url.
   */
  cardRef: string;
  /**
   * Set when a family member shows the code on the card holder's behalf (亲情服务, R32):
   * `relation` is what the card holder is to the person showing it (`parent`: the holder's
   * child is at the desk). `holderName`, `regionCode` and `cardRef` name the card holder.
   */
  onBehalf?: {
    /** The card holder is the shower's `parent`, `child`, `spouse` or `other`. */
    relation: FamilyRelation;
  };
  /** Whether the online status check ran (and found the card active). */
  onlineChecked: boolean;
  /**
   * Set on a code the phone made with no network (R41): its credential was checked against
   * the status list, not online. A payment code is still charged online (R21).
   */
  offline?: true;
}

/**
 * Verifies dynamic e-card QR codes. Create one per acceptor process and reuse it: it caches
 * the platform's keys.
 *
 * @example
 * ```ts
 * const verifier: QrVerifier = createQrVerifier({ jwks: 'https://platform.example/jwks.json' });
 * const qr = await verifier.verify(scannedText);
 * ```
 */
export interface QrVerifier {
  /**
   * Verifies one scanned text. In order: its form (`QR_MALFORMED`); the signing key, found by
   * the code's key id, the key set refreshed once if needed; the signature
   * (`QR_INVALID_SIGNATURE`, also for a key the platform does not publish); expiry with the
   * tolerance (`QR_EXPIRED`, also for a code issued too far in the future); single use
   * (`QR_REPLAYED`) — the code is consumed here, so it stays used even if the status check
   * after it fails (R15); then the online status check (`CARD_INACTIVE`).
   *
   * Whatever the text (empty, 100 KB, binary, another kind of code), it rejects with one of
   * those `EsscError`s. Infrastructure failures are reported as such: `NETWORK`, `TIMEOUT`,
   * `PLATFORM_UNAVAILABLE` (JWKS, nonce store or status check unreachable; retryable).
   *
   * @example
   * ```ts
   * try {
   *   const qr = await verifier.verify(scanned);
   *   admit(qr.cardRef);
   * } catch (e) {
   *   if (isEsscError(e, 'QR_EXPIRED')) showHint('请刷新二维码后重试');
   *   else throw e;
   * }
   * ```
   */
  verify(text: string, options?: VerifyQrOptions): Promise<VerifiedQr>;
}

function invalid(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return invalidField('createQrVerifier: ', [field], message);
}

/** A 4-byte short key id as one number: the index's key, with no string made per code. */
function idNumberOf(bytes: Uint8Array): number {
  return ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
}

const issuedIso = isoSecondsMemo();
const expiresIso = isoSecondsMemo();

/** The key set indexed by short key id (what a code names its key by). */
type KeyIndex = Map<number, JWK[]>;

async function indexKeys(set: KeySet): Promise<KeyIndex> {
  const index: KeyIndex = new Map();
  for (const jwk of set.keys) {
    let id: Uint8Array;
    try {
      id = await shortKeyId(jwk);
    } catch {
      continue; // not an Ed25519 key: codes are never signed by it
    }
    const list = index.get(idNumberOf(id)) ?? [];
    list.push(jwk);
    index.set(idNumberOf(id), list);
  }
  return index;
}

function checkTolerance(value: number | undefined): number {
  if (value === undefined) return MAX_CLOCK_TOLERANCE_SECONDS;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    value > MAX_CLOCK_TOLERANCE_SECONDS
  ) {
    throw invalid(
      'clockToleranceSeconds',
      `must be 0–${MAX_CLOCK_TOLERANCE_SECONDS} seconds (R16 bounds the tolerance)`,
    );
  }
  return value;
}

function keySource(
  jwks: QrVerifierOptions['jwks'],
  fetchImpl: FetchLike | undefined,
): { load: () => Promise<KeySet> | KeySet; refreshable: boolean } {
  if (typeof jwks === 'function') return { load: jwks, refreshable: true };
  if (typeof jwks === 'string' || jwks instanceof URL) {
    const url = checkJwksUrl(jwks);
    const f = fetchImpl ?? (globalThis as { fetch?: FetchLike }).fetch;
    if (typeof f !== 'function') {
      throw new EsscError(
        'UNSUPPORTED_RUNTIME',
        'No fetch in this runtime to load the JWKS URL: pass { fetch } or the key set itself.',
      );
    }
    return { load: fetchKeySet(url, f), refreshable: true };
  }
  if (typeof jwks === 'object' && jwks !== null && Array.isArray(jwks.keys)) {
    // Copied: a caller mutating its object later must not change what this verifier trusts.
    const fixed: KeySet = { keys: [...jwks.keys] };
    return { load: () => fixed, refreshable: false };
  }
  throw invalid('jwks', 'must be a JWK Set ({ keys }), its URL, or a function loading it');
}

/**
 * Creates a QR verifier for an acceptor (R16). The key set is loaded on first use.
 *
 * Construction fails with `VALIDATION_FAILED` for a tolerance above 30 s, a short
 * `cardRefSecret`, a JWKS URL that is not https (plain http is allowed to localhost only), or a
 * `jwks` of another shape; with `UNSUPPORTED_RUNTIME` for a URL without any `fetch`.
 *
 * @example
 * ```ts
 * import { createQrVerifier } from 'essc-sdk/acceptor';
 * import { createRedisNonceStore } from 'essc-sdk/redis';
 *
 * const verifier = createQrVerifier({
 *   jwks: 'https://platform.example/.well-known/jwks.json',
 *   nonceStore: createRedisNonceStore({ client: redis }),
 *   cardRefSecret: process.env.CARD_REF_SECRET,
 *   statusCheck: ({ cardRef }) => platformStatus(cardRef),
 * });
 * const { holderName, purpose, cardRef } = await verifier.verify(scannedText);
 * ```
 */
export function createQrVerifier(options: QrVerifierOptions): QrVerifier {
  if (typeof options !== 'object' || options === null) {
    throw invalid('options', 'must be an object with at least { jwks }');
  }
  const now = options.now ?? Date.now;
  const toleranceMs = checkTolerance(options.clockToleranceSeconds) * 1000;
  const secret = cardRefKey(options.cardRefSecret);
  const statusCheck = options.statusCheck;
  if (statusCheck !== undefined && typeof statusCheck !== 'function') {
    throw invalid('statusCheck', 'must be a function');
  }
  const nonceStore = options.nonceStore ?? createMemoryNonceStore({ now });
  if (typeof nonceStore?.consume !== 'function') {
    throw invalid('nonceStore', 'must have a consume() method');
  }
  const source = keySource(options.jwks, options.fetch);
  const keys = new KeySetCache({
    load: source.load,
    derive: indexKeys,
    now,
    refreshable: source.refreshable,
  });
  const allKeys = (index: KeyIndex | undefined) => (index ? [...index.values()].flat() : []);
  const statusList = statusListOf(
    options,
    async () => allKeys(await keys.current()),
    now,
    async () => allKeys(await keys.refresh()),
  );

  /**
   * The key that signed the code (or `null`): at once when the cached key set holds the code's
   * key id and the runtime verifies synchronously, else through {@link signingKeys} (which
   * loads, or refreshes once for an unknown id). The same keys, tried in the same order.
   */
  function signerOf(parsed: ParsedQr): JWK | null | Promise<JWK | undefined> {
    const found = keys.currentNow()?.get(idNumberOf(parsed.payload.keyId));
    const signer = found && verifyQrSignatureNow(parsed, found);
    if (signer !== undefined) return signer;
    return signingKeys(parsed).then((list) => verifyQrSignature(parsed, list));
  }

  async function signingKeys(parsed: ParsedQr): Promise<JWK[]> {
    const id = idNumberOf(parsed.payload.keyId);
    const found = (await keys.current()).get(id);
    if (found) return found;
    // The platform may have rotated since the set was loaded: look once more (rate-limited).
    const refreshed = await keys.refresh();
    return refreshed?.get(id) ?? [];
  }

  /** The store's answer; its failure is PLATFORM_UNAVAILABLE (retryable), as documented. */
  async function consumeNonce(key: string, retainUntil: number): Promise<boolean> {
    try {
      return (await nonceStore.consume(key, retainUntil)) === true;
    } catch (error) {
      if (isEsscError(error)) throw error;
      throw new EsscError('PLATFORM_UNAVAILABLE', 'The replay store (nonce store) failed.', {
        cause: error,
      });
    }
  }

  async function checkStatus(platformRef: Uint8Array): Promise<void> {
    let status: unknown;
    try {
      status = await statusCheck!({ cardRef: base64urlEncode(platformRef) });
    } catch (error) {
      if (isEsscError(error)) throw error;
      throw new EsscError('PLATFORM_UNAVAILABLE', 'The card status check failed.', {
        cause: error,
      });
    }
    if (status === ACTIVE) return;
    if (INACTIVE_STATUSES.includes(status as ECardStatus)) {
      throw new EsscError('CARD_INACTIVE', `The card is ${String(status)}: refuse the code.`, {
        details: { status: status as ECardStatus },
      });
    }
    // Fail closed: an answer we cannot read is no proof the card is usable.
    throw new EsscError('PLATFORM_UNAVAILABLE', 'The card status check gave an unknown status.');
  }

  return {
    async verify(text, verifyOptions) {
      // Every option is read before anything consumes the code: a typo or a wrong type is a
      // programming error, and reporting it after the nonce was spent would burn the code.
      const requested = readVerifyOptions(verifyOptions);
      if (requested === true && statusCheck === undefined) {
        // A programming error, reported before the code is consumed.
        throw new EsscError(
          'VALIDATION_FAILED',
          'verify({ online: true }) needs a statusCheck in createQrVerifier options.',
          { details: { issues: [{ path: ['online'], message: 'no statusCheck configured' }] } },
        );
      }

      if (isOfflineCodeText(text)) {
        return verifyOfflineQr(text, {
          keys: async () => allKeys(await keys.current()),
          refreshKeys: async () => allKeys(await keys.refresh()),
          statusList,
          now,
          toleranceMs,
          consume: (key, retainUntil) => consumeNonce(QR_NONCE_PREFIX + key, retainUntil),
          retainMs: MAX_CLOCK_TOLERANCE_SECONDS * 1000 + NONCE_SKEW_MARGIN_MS,
          online: (purpose) => requested ?? (statusCheck !== undefined && purpose === 'payment'),
          checkStatus,
          cardRef: (ref, suite) => acceptorCardRef(secret, ref, suite),
        });
      }

      const parsed = parse(text);
      const { payload } = parsed;

      // The codec's own check (key id, then signature), on the keys the index holds for it.
      const found = signerOf(parsed);
      const signer = found instanceof Promise ? await found : found;
      if (!signer) {
        throw new EsscError(
          'QR_INVALID_SIGNATURE',
          'The code is not signed by a key the platform publishes: refuse it.',
        );
      }

      const nowMs = now();
      const expiresAtMs = payload.expiresAt * 1000;
      if (nowMs > expiresAtMs + toleranceMs) {
        throw new EsscError('QR_EXPIRED', 'The code has expired: ask the user to refresh it.');
      }
      if (payload.issuedAt * 1000 > nowMs + toleranceMs) {
        throw new EsscError(
          'QR_EXPIRED',
          "The code is issued in the future beyond the clock tolerance: check this device's clock.",
        );
      }

      const retainUntil = expiresAtMs + MAX_CLOCK_TOLERANCE_SECONDS * 1000 + NONCE_SKEW_MARGIN_MS;
      const first = await consumeNonce(qrReplayKey(payload, QR_NONCE_PREFIX), retainUntil);
      if (!first) {
        throw new EsscError('QR_REPLAYED', 'This code was already used: ask for a fresh one.');
      }

      // The keyed hash follows the signer's suite (R34): HMAC-SM3 behind an SM2 JWKS.
      const suite = signer.crv === 'SM2' ? 'sm' : 'jose';

      // After the nonce: a code that fails the status check stays consumed (R15).
      const online = requested ?? (statusCheck !== undefined && payload.purpose === 'payment');
      if (online) await checkStatus(payload.cardRef);

      return {
        purpose: payload.purpose,
        issuedAt: issuedIso(payload.issuedAt),
        expiresAt: expiresIso(payload.expiresAt),
        holderName: maskedHolderName(payload),
        regionCode: payload.regionCode,
        channelId: payload.channelId,
        cardRef:
          acceptorCardRefNow(secret, payload.cardRef, suite) ??
          (await acceptorCardRef(secret, payload.cardRef, suite)),
        onlineChecked: online,
        ...(payload.onBehalf === undefined ? {} : { onBehalf: { relation: payload.onBehalf } }),
      };
    },
  };
}

/** `options.online` of a verify call, or VALIDATION_FAILED for options it cannot read. */
function readVerifyOptions(options: unknown): boolean | undefined {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw invalidOption('options', 'must be an object such as { online: true }');
  }
  for (const key of Object.keys(options)) {
    // A misspelt `online` would silently skip the status check.
    if (key !== 'online') throw invalidOption(key, 'is not an option of verify (only "online")');
  }
  const { online } = options as { online?: unknown };
  if (online !== undefined && typeof online !== 'boolean') {
    throw invalidOption('online', 'must be true or false');
  }
  return online;
}

function invalidOption(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return invalidField('verify: ', [field], message);
}

/** Parses, reporting anything unexpected as `QR_MALFORMED` (the text is never echoed). */
function parse(text: unknown): ParsedQr {
  try {
    return parseQrText(text as string);
  } catch (error) {
    if (isEsscError(error, 'QR_MALFORMED')) throw error;
    throw new EsscError('QR_MALFORMED', QR_MALFORMED_MESSAGE);
  }
}
