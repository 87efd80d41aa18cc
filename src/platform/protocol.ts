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
