/**
 * Private: the card reference an acceptor sees. A code carries the platform's own 96-bit
 * handle for the card; handing that out as is would let every acceptor (and anyone who
 * joins their logs) follow one person from pharmacy to hospital to metro gate. So each
 * acceptor sees a keyed hash of it instead: stable for that acceptor's secret (it can link a
 * patient's visits), unlinkable across acceptors with different secrets.
 *
 * The HMAC comes from the crypto module and follows the platform's suite: HMAC-SHA256 for a
 * jose platform, HMAC-SM3 for one on the national algorithms (R34), picked from the key that
 * signed the code.
 *
 * @internal
 */
import {
  base64urlEncode,
  type CryptoSuite,
  randomBytes,
  suiteHmac,
  suiteHmacNow,
} from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';

/** 128 bits of the HMAC: collision-free for any number of cards, and short in a database. */
const CARD_REF_BYTES = 16;
/** Secrets shorter than this are guessable enough to undo the unlinkability. */
export const MIN_CARD_REF_SECRET_BYTES = 16;
/** Separates this use of the secret from any other the acceptor may make of it. */
const DOMAIN = new TextEncoder().encode('essc-card-ref/v1\u0000');

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The secret as bytes: given (checked), or random for this verifier only. */
export function cardRefKey(secret: string | Uint8Array | undefined): Uint8Array {
  if (secret === undefined) return randomBytes(32);
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (!(bytes instanceof Uint8Array) || bytes.length < MIN_CARD_REF_SECRET_BYTES) {
    throw new EsscError(
      'VALIDATION_FAILED',
      `cardRefSecret must be at least ${MIN_CARD_REF_SECRET_BYTES} bytes (e.g. 32 random bytes, kept like a password).`,
      { details: { issues: [{ path: ['cardRefSecret'], message: 'too short' }] } },
    );
  }
  return bytes.slice();
}

/** The acceptor's view of a platform card reference: base64url of 16 HMAC bytes (22 characters). */
export async function acceptorCardRef(
  key: Uint8Array,
  platformRef: Uint8Array,
  suite: CryptoSuite = 'jose',
): Promise<string> {
  const mac = await suiteHmac(suite, key, concat(DOMAIN, platformRef));
  return base64urlEncode(mac.subarray(0, CARD_REF_BYTES));
}

/**
 * {@link acceptorCardRef} at once where the HMAC needs no promise (`node:crypto`, the jose
 * suite), else `undefined`: the caller awaits {@link acceptorCardRef}. Same reference.
 */
export function acceptorCardRefNow(
  key: Uint8Array,
  platformRef: Uint8Array,
  suite: CryptoSuite = 'jose',
): string | undefined {
  const mac = suiteHmacNow(suite, key, concat(DOMAIN, platformRef));
  return mac && base64urlEncode(mac.subarray(0, CARD_REF_BYTES));
}
