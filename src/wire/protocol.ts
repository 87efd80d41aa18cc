/**
 * Names and limits of the wire protocol (version 1), shared by the http adapter and the
 * sandbox so the two sides cannot disagree on a header name or a bound.
 *
 * @internal
 */

/**
 * The version of the wire protocol. It is the `/v1/` prefix of every platform route and the
 * `v` claim of every request and response signature: a platform that changes the protocol in
 * a breaking way serves `/v2/` beside `/v1/`.
 */
export const WIRE_PROTOCOL_VERSION = 1;

/**
 * The HTTP header names of the wire protocol (lower case, as `Headers` reports them).
 */
export const WIRE_HEADERS = {
  /** The id of the calling channel app (channel routes). */
  channel: 'x-essc-channel',
  /** The id of the calling government portal (portal routes). */
  portal: 'x-essc-portal',
  /** The id of the calling merchant (merchant routes, R21). */
  merchant: 'x-essc-merchant',
  /** Milliseconds since the epoch when the caller signed the request. */
  timestamp: 'x-essc-timestamp',
  /** A fresh random value per attempt; the response signature echoes it. */
  nonce: 'x-essc-nonce',
  /** The caller's compact JWS over the request (see `RequestSignaturePayload`). */
  signature: 'x-essc-signature',
  /** The platform's compact JWS over the response (see `ResponseSignaturePayload`). */
  responseSignature: 'x-essc-response-signature',
  /** R20: the same key for every attempt of one mutating call. */
  idempotencyKey: 'idempotency-key',
  /** The platform's id of one request, on every response. */
  requestId: 'x-request-id',
  /**
   * On a webhook delivery: the notification's id, the same on every attempt (deduplicate by
   * it — after verifying, by the id inside the signed body).
   */
  notificationId: 'x-essc-notification-id',
  /** On a webhook delivery: 1 for the first attempt, 2 for the first retry, … */
  deliveryAttempt: 'x-essc-delivery-attempt',
} as const;

/**
 * A request whose timestamp is further than this from the platform's clock is refused.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/**
 * How long a seen nonce is remembered. Twice the skew window: a replayed request older than
 * this carries a timestamp outside the window and is refused for that reason alone, so
 * nothing older needs remembering.
 */
export const NONCE_WINDOW_MS = 2 * MAX_CLOCK_SKEW_MS;

/**
 * Request bodies above this size are refused (`VALIDATION_FAILED`, HTTP 413).
 */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The JWS `typ` of a request signature.
 */
export const REQUEST_SIGNATURE_TYP = 'essc-req+jws';
/**
 * The JWS `typ` of a response signature.
 */
export const RESPONSE_SIGNATURE_TYP = 'essc-res+jws';
/**
 * The JWT `typ` of a notification: the body of a webhook delivery.
 */
export const NOTIFICATION_TYP = 'essc-notification+jwt';
/**
 * The media type of a webhook delivery's body: a compact JWS (RFC 7515 §9.2.1).
 */
export const NOTIFICATION_CONTENT_TYPE = 'application/jose';
/**
 * A webhook delivery's body is at most this long; a receiver reads no more.
 */
export const MAX_NOTIFICATION_BYTES = 16 * 1024;

/**
 * Nonces: 16–128 base64url characters (the adapter sends 22, i.e. 128 random bits).
 */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
// One definition for the header, the relay and the client's CallOptions (R20).
export { IDEMPOTENCY_KEY_PATTERN } from '../domain/idempotency-key.js';
