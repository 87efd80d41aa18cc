/**
 * The signed messages of the wire protocol (R19), as canonical payloads. The signing itself
 * lives in the crypto module (`signCompactJws`, `verifyCompactJws`, `verifyJwt`), so a
 * national-algorithm suite replaces it in one place; this file only says what each
 * signature covers.
 *
 * - A **request signature** (`x-essc-signature`): a compact JWS by the channel's (or
 *   portal's) own key, ES256 or EdDSA, over the method, the path with its query, the SHA-256
 *   of the body, the timestamp, the nonce and the idempotency key. The platform verifies it
 *   with the public JWK the channel registered.
 * - A **response signature** (`x-essc-response-signature`): a compact JWS by the platform's
 *   current signing key over the status, the SHA-256 of the body and the request's nonce, so
 *   the caller knows the answer is the platform's and answers this very request.
 * - A **notification** (a webhook delivery's body): a JWT by the platform's current signing
 *   key (`typ: essc-notification+jwt`) whose claims are the notification, `iss` and `iat`.
 *
 * This file is only reached from `essc-sdk/http` and `essc-sdk/sandbox`, never from the core.
 *
 * @internal
 */
import {
  base64urlEncode,
  generateJwsKeyPair,
  type JWK,
  jwsAlgorithm,
  peekJwsHeader,
  type SigningKeyPair,
  sha256,
  signCompactJws,
  sm3,
  verifyCompactJws,
  verifyJwt,
} from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import type { PlatformNotification } from '../domain/types.js';
import { PLATFORM_ISSUER } from '../platform/protocol.js';
import {
  NOTIFICATION_TYP,
  REQUEST_SIGNATURE_TYP,
  RESPONSE_SIGNATURE_TYP,
  WIRE_PROTOCOL_VERSION,
} from './protocol.js';

/**
 * The algorithms a channel or portal key may use: EdDSA (Ed25519) or ES256 (P-256), or SM2
 * (JWK `{ kty: 'EC', crv: 'SM2', x, y, d? }`) to talk to a platform on the national suite.
 *
 * @example
 * ```ts
 * const alg: CallerKeyAlgorithm = 'ES256';
 * const { privateJwk } = await generateCallerKeyPair(alg);
 * ```
 */
export type CallerKeyAlgorithm = 'EdDSA' | 'ES256' | 'SM2';

/**
 * Who signs a request.
 */
export type CallerKind = 'channel' | 'portal' | 'merchant';

/**
 * What a request signature covers. Every member is checked against the request itself, so a
 * signature cannot be moved to another path, body, caller or moment.
 */
export interface RequestSignaturePayload {
  v: typeof WIRE_PROTOCOL_VERSION;
  /** `channel`, `portal` or `merchant`: one kind's signature is not another's. */
  kind: CallerKind;
  /** The caller's id (the `x-essc-channel` / `x-essc-portal` / `x-essc-merchant` header). */
  caller: string;
  method: string;
  /** The path with its query, exactly as sent. */
  path: string;
  /** base64url SHA-256 of the raw body (of nothing for a body-less request). */
  bodySha256: string;
  /** Milliseconds since the epoch (the `x-essc-timestamp` header). */
  timestamp: number;
  /** The `x-essc-nonce` header. */
  nonce: string;
  /** The `idempotency-key` header, when sent. */
  idempotencyKey?: string;
}

/**
 * What a response signature covers.
 */
export interface ResponseSignaturePayload {
  v: typeof WIRE_PROTOCOL_VERSION;
  status: number;
  /** base64url SHA-256 of the raw response body. */
  bodySha256: string;
  /** The nonce of the request answered (`null` when the request carried none). */
  nonce: string | null;
  /** The `x-request-id` of the response. */
  requestId: string;
}

const encoder = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * base64url digest of a body: the value both signatures bind. SHA-256, or SM3 when `key` —
 * the JWK or platform key pair that signs or verifies the signature covering it — is an SM2
 * key (the national suite, R34). The payload member keeps its wire name, `bodySha256`.
 */
export async function bodySha256(
  body: Uint8Array | string,
  key?: { crv?: unknown; alg?: unknown },
): Promise<string> {
  const bytes = typeof body === 'string' ? encoder.encode(body) : body;
  const sm = key?.crv === 'SM2' || key?.alg === 'SM2';
  return base64urlEncode(await (sm ? sm3(bytes) : sha256(bytes)));
}

/**
 * The JWS algorithm of a channel or portal key: EdDSA for Ed25519, ES256 for P-256. A key
 * whose `alg` says otherwise is refused, so a verifier can never be talked into another
 * algorithm than the one the registered key is for.
 */
export function callerKeyAlgorithm(jwk: JWK): CallerKeyAlgorithm {
  const alg = jwsAlgorithm(jwk);
  if (!alg) {
    throw new EsscError(
      'VALIDATION_FAILED',
      'A channel or portal key must be an Ed25519 (EdDSA), P-256 (ES256) or SM2 JWK.',
      {
        details: { issues: [{ path: ['key'], message: 'not an Ed25519, P-256 or SM2 JWK' }] },
      },
    );
  }
  return alg;
}

/**
 * The key pair of {@link generateCallerKeyPair}.
 */
export interface CallerKeyPair {
  /** Keep it on the channel's (or portal's) server; it signs every request. */
  privateJwk: JWK;
  /** Register it with the platform (`registerChannel({ publicKey })`). */
  publicJwk: JWK;
}

/**
 * A key pair for a channel app or a portal to sign its requests with: the private JWK stays
 * with the channel's backend, the public JWK is registered with the platform
 * (`platform.registerChannel({ id, name, publicKey })`). The kid is the RFC 7638 thumbprint.
 *
 * @example
 * ```ts
 * import { generateCallerKeyPair } from 'essc-sdk/http';
 * const { privateJwk, publicJwk } = await generateCallerKeyPair('ES256');
 * const sm = await generateCallerKeyPair('SM2'); // { kty: 'EC', crv: 'SM2', x, y, d }
 * platform.registerChannel({ id: 'wechat', name: '微信', publicKey: publicJwk });
 * ```
 */
export function generateCallerKeyPair(alg: CallerKeyAlgorithm = 'EdDSA'): Promise<CallerKeyPair> {
  return generateJwsKeyPair(alg);
}

/**
 * Signs a request: a compact JWS (`typ: essc-req+jws`) by the caller's private JWK.
 */
export async function signRequest(
  privateJwk: JWK,
  payload: RequestSignaturePayload,
): Promise<string> {
  callerKeyAlgorithm(privateJwk);
  if (typeof privateJwk.d !== 'string') {
    throw new EsscError('VALIDATION_FAILED', 'The channel key must be a private JWK (with "d").', {
      details: { issues: [{ path: ['channelKey'], message: 'not a private key' }] },
    });
  }
  return signCompactJws(privateJwk, encoder.encode(JSON.stringify(payload)), {
    typ: REQUEST_SIGNATURE_TYP,
  });
}

/**
 * Verifies a request signature with the caller's registered public JWK. Returns the payload,
 * or `undefined` for any failure (malformed, wrong key, wrong algorithm, wrong `typ`): the
 * platform answers every one of them alike.
 */
export async function verifyRequestSignature(
  publicJwk: JWK,
  jws: string,
): Promise<RequestSignaturePayload | undefined> {
  const verified = await verifyCompactJws(publicJwk, jws, { typ: REQUEST_SIGNATURE_TYP });
  if (!verified) return undefined;
  try {
    const parsed: unknown = JSON.parse(strictUtf8.decode(verified.payload));
    return isRequestPayload(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function isRequestPayload(value: unknown): value is RequestSignaturePayload {
  if (typeof value !== 'object' || value === null) return false;
  const p = value as Record<string, unknown>;
  return (
    p.v === WIRE_PROTOCOL_VERSION &&
    (p.kind === 'channel' || p.kind === 'portal' || p.kind === 'merchant') &&
    typeof p.caller === 'string' &&
    typeof p.method === 'string' &&
    typeof p.path === 'string' &&
    typeof p.bodySha256 === 'string' &&
    typeof p.timestamp === 'number' &&
    typeof p.nonce === 'string' &&
    (p.idempotencyKey === undefined || typeof p.idempotencyKey === 'string')
  );
}

/**
 * Signs a response with the platform's signing key: a compact JWS (`typ: essc-res+jws`,
 * EdDSA, the key's kid). It has no expiry: the request's nonce makes it fresh.
 */
export async function signResponse(
  key: SigningKeyPair,
  payload: ResponseSignaturePayload,
): Promise<string> {
  return signCompactJws(key, encoder.encode(JSON.stringify(payload)), {
    typ: RESPONSE_SIGNATURE_TYP,
  });
}

/**
 * The outcome of {@link verifyResponseSignature}.
 */
export type ResponseSignatureCheck =
  | { ok: true; payload: ResponseSignaturePayload; alg: string }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'signature' };

/**
 * Verifies a response signature against the platform's JWKS. `unknown-key` tells the caller
 * to refresh its JWKS once (the platform may have rotated) before refusing the answer.
 */
export async function verifyResponseSignature(
  jwks: { keys: JWK[] },
  jws: string,
): Promise<ResponseSignatureCheck> {
  const kid = peekJwsHeader(jws)?.kid;
  if (typeof kid !== 'string') return { ok: false, reason: 'malformed' };
  if (!jwks.keys.some((k) => k.kid === kid)) return { ok: false, reason: 'unknown-key' };
  const result = await verifyJwt(jwks, jws, { typ: RESPONSE_SIGNATURE_TYP });
  if (!result.ok)
    return { ok: false, reason: result.reason === 'malformed' ? 'malformed' : 'signature' };
  const p = result.payload;
  if (
    p.v !== WIRE_PROTOCOL_VERSION ||
    typeof p.status !== 'number' ||
    typeof p.bodySha256 !== 'string' ||
    !(p.nonce === null || typeof p.nonce === 'string') ||
    typeof p.requestId !== 'string'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  return {
    ok: true,
    payload: p as unknown as ResponseSignaturePayload,
    alg: String(result.header.alg),
  };
}

/**
 * The claims of a notification JWT: the notification itself, the platform as issuer and the
 * moment of signing (each delivery attempt is signed afresh, so `iat` is the attempt's).
 */
export interface NotificationClaims extends PlatformNotification {
  iss: typeof PLATFORM_ISSUER;
  /** Seconds since the epoch. */
  iat: number;
}

/**
 * Signs a notification for a webhook delivery: a compact JWS (`typ: essc-notification+jwt`,
 * EdDSA, the key's kid) whose claims are {@link NotificationClaims}.
 */
export function signNotification(
  key: SigningKeyPair,
  notification: PlatformNotification,
  nowMs: number,
): Promise<string> {
  const claims: NotificationClaims = {
    ...notification,
    iss: PLATFORM_ISSUER,
    iat: Math.floor(nowMs / 1000),
  };
  return signCompactJws(key, encoder.encode(JSON.stringify(claims)), { typ: NOTIFICATION_TYP });
}

/**
 * The outcome of {@link verifyNotificationSignature}: the claims (not yet validated beyond
 * `typ`, `iss` and a future `iat`), or why the JWS was refused.
 */
export type NotificationSignatureCheck =
  | { ok: true; claims: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'signature' | 'claims' };

/**
 * Verifies a notification JWT against the platform's JWKS: the signature by the key its `kid`
 * names, `typ`, `iss`, and an `iat` not in the future (30 s tolerance). `unknown-key` tells
 * the caller to refresh its JWKS once before refusing.
 */
export async function verifyNotificationSignature(
  jwks: { keys: JWK[] },
  jws: string,
  nowMs: number,
): Promise<NotificationSignatureCheck> {
  const kid = peekJwsHeader(jws)?.kid;
  if (typeof kid !== 'string') return { ok: false, reason: 'malformed' };
  if (!jwks.keys.some((k) => k.kid === kid)) return { ok: false, reason: 'unknown-key' };
  const result = await verifyJwt(jwks, jws, {
    typ: NOTIFICATION_TYP,
    issuer: PLATFORM_ISSUER,
    now: nowMs,
  });
  if (!result.ok) {
    return { ok: false, reason: result.reason === 'expired' ? 'claims' : result.reason };
  }
  if (typeof result.payload.iat !== 'number') return { ok: false, reason: 'claims' };
  return { ok: true, claims: result.payload };
}
