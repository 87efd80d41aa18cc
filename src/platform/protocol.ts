/**
 * Constants of the platform's signed artefacts, shared by the engine that makes them and the
 * acceptors that check them (importing them from the engine would tie acceptors to it).
 */

/** The issuer of the platform's signed assertions. */
export const PLATFORM_ISSUER = 'urn:essc:platform';
/** The JWT `typ` of a login assertion. */
export const LOGIN_ASSERTION_TYP = 'essc-login+jwt';
/** A login assertion is short-lived: the portal redeems it right after `confirmed`. */
export const LOGIN_ASSERTION_TTL_SECONDS = 120;
/** The prefix of a portal's login QR text (QR alphanumeric mode). */
export const LOGIN_QR_PREFIX = 'ESSCLOGIN:';

/**
 * The authenticated context a sealed secret carries (the JWE's `ctx` header): it names the
 * channel, so a password sealed for one channel's request cannot be replayed by another.
 */
export function sealedSecretContext(channelId: string): string {
  return `essc-secret/v1:${channelId}`;
}

/** The JWS `typ` of the platform's status list of offline credentials (R41). */
export const STATUS_LIST_TYP = 'essc-status+jws';

/** The JWT `typ` of a hosted page's receipt (R36). */
export const RECEIPT_TYP = 'essc-receipt+jwt';
/** A receipt is accepted within 10 minutes of the page's end (R36). */
export const RECEIPT_TTL_SECONDS = 600;
