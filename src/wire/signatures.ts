/**
 * The two signatures of the wire protocol (R19):
 *
 * - A **request signature** (`x-essc-signature`): a compact JWS by the channel's (or
 *   portal's) own key, ES256 or EdDSA, over the method, the path with its query, the SHA-256
 *   of the body, the timestamp, the nonce and the idempotency key. The platform verifies it
 *   with the public JWK the channel registered.
 * - A **response signature** (`x-essc-response-signature`): a compact JWS by the platform's
 *   current signing key over the status, the SHA-256 of the body and the request's nonce, so
 *   the caller knows the answer is the platform's and answers this very request.
 *
 * Channel keys are any key jose imports (the channel chooses ES256 or EdDSA), so they go
 * through jose here; platform keys are the crypto module's Ed25519 keys. This file is only
 * reached from `essc-sdk/http` and `essc-sdk/sandbox`, never from the core.
 *
 * @internal
 */
import {
  CompactSign,
  calculateJwkThumbprint,
  compactVerify,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import {
  base64urlDecode,
  base64urlEncode,
  type SigningKeyPair,
  sha256,
  signBytes,
  verifyJwt,
} from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import {
  REQUEST_SIGNATURE_TYP,
  RESPONSE_SIGNATURE_TYP,
  WIRE_PROTOCOL_VERSION,
} from './protocol.js';

/**
 * The algorithms a channel or portal key may use: EdDSA (Ed25519) or ES256 (P-256).
 *
 * @example
 * ```ts
 * const alg: CallerKeyAlgorithm = 'ES256';
 * const { privateJwk } = await generateCallerKeyPair(alg);
 * ```
 */
export type CallerKeyAlgorithm = 'EdDSA' | 'ES256';

/**
 * Who signs a request.
 *
 * @example
 * ```ts
 * const kind: CallerKind = 'portal';
 * ```
 */
export type CallerKind = 'channel' | 'portal';

/**
 * What a request signature covers. Every member is checked against the request itself, so a
 * signature cannot be moved to another path, body, caller or moment.
 *
 * @example
 * ```ts
 * const payload: RequestSignaturePayload = { v: 1, kind: 'channel', caller: 'wechat', method: 'GET', path: '/v1/cards/X', bodySha256, timestamp: Date.now(), nonce };
 * ```
 */
export interface RequestSignaturePayload {
  v: typeof WIRE_PROTOCOL_VERSION;
  /** `channel` or `portal`: a portal's signature is not a channel's. */
  kind: CallerKind;
  /** The channel or portal id (the `x-essc-channel` / `x-essc-portal` header). */
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
 *
 * @example
 * ```ts
 * const payload: ResponseSignaturePayload = { v: 1, status: 200, bodySha256, nonce, requestId };
 * ```
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

/**
 * base64url SHA-256 of a body: the value both signatures bind.
 *
 * @example
 * ```ts
 * await bodySha256(new TextEncoder().encode('{}'));
 * ```
 */
export async function bodySha256(body: Uint8Array | string): Promise<string> {
  return base64urlEncode(await sha256(typeof body === 'string' ? encoder.encode(body) : body));
}

/**
 * The JWS algorithm of a channel or portal key: EdDSA for Ed25519, ES256 for P-256. A key
 * whose `alg` says otherwise is refused, so a verifier can never be talked into another
 * algorithm than the one the registered key is for.
 *
 * @example
 * ```ts
 * callerKeyAlgorithm({ kty: 'OKP', crv: 'Ed25519', x: '…' }); // 'EdDSA'
 * ```
 */
export function callerKeyAlgorithm(jwk: JWK): CallerKeyAlgorithm {
  let alg: CallerKeyAlgorithm | undefined;
  if (jwk?.kty === 'OKP' && jwk.crv === 'Ed25519') alg = 'EdDSA';
  else if (jwk?.kty === 'EC' && jwk.crv === 'P-256') alg = 'ES256';
  if (
    !alg ||
    (jwk.alg !== undefined && jwk.alg !== alg && !(alg === 'EdDSA' && jwk.alg === 'Ed25519'))
  ) {
    throw new EsscError(
      'VALIDATION_FAILED',
      'A channel or portal key must be an Ed25519 (EdDSA) or P-256 (ES256) JWK.',
      {
        details: { issues: [{ path: ['key'], message: 'not an Ed25519 or P-256 JWK' }] },
      },
    );
  }
  return alg;
}

// Imported keys are cached per JWK object: a process signs or verifies many requests with
// the same few keys, and importing costs more than signing. Signing and verifying keys are
// kept apart, and a verifying key is imported without `d` whatever the registered JWK holds.
const signingKeys = new WeakMap<object, Promise<CryptoKey | Uint8Array>>();
const verifyingKeys = new WeakMap<object, Promise<CryptoKey | Uint8Array>>();

function importCached(
  cache: WeakMap<object, Promise<CryptoKey | Uint8Array>>,
  jwk: JWK,
  alg: CallerKeyAlgorithm,
  publicOnly: boolean,
): Promise<CryptoKey | Uint8Array> {
  let key = cache.get(jwk);
  if (!key) {
    const { d, ...rest } = jwk;
    key = importJWK(publicOnly ? rest : { ...rest, d }, alg);
    cache.set(jwk, key);
    key.catch(() => cache.delete(jwk));
  }
  return key;
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
 * platform.registerChannel({ id: 'wechat', name: '微信', publicKey: publicJwk });
 * ```
 */
export async function generateCallerKeyPair(
  alg: CallerKeyAlgorithm = 'EdDSA',
): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const exported = await exportJWK(privateKey);
  const { d, ...publicPart } = exported;
  const kid = await calculateJwkThumbprint(publicPart);
  const publicJwk: JWK = { ...publicPart, kid, alg, use: 'sig' };
  return { publicJwk, privateJwk: { ...publicJwk, d } };
}

/**
 * Signs a request: a compact JWS (`typ: essc-req+jws`) by the caller's private JWK.
 *
 * @example
 * ```ts
 * const jws = await signRequest(channelPrivateJwk, { v: 1, kind: 'channel', caller: 'wechat', method: 'GET', … });
 * ```
 */
export async function signRequest(
  privateJwk: JWK,
  payload: RequestSignaturePayload,
): Promise<string> {
  const alg = callerKeyAlgorithm(privateJwk);
  if (typeof privateJwk.d !== 'string') {
    throw new EsscError('VALIDATION_FAILED', 'The channel key must be a private JWK (with "d").', {
      details: { issues: [{ path: ['channelKey'], message: 'not a private key' }] },
    });
  }
  const key = await importCached(signingKeys, privateJwk, alg, false);
  return new CompactSign(encoder.encode(JSON.stringify(payload)))
    .setProtectedHeader({
      alg,
      typ: REQUEST_SIGNATURE_TYP,
      ...(typeof privateJwk.kid === 'string' ? { kid: privateJwk.kid } : {}),
    })
    .sign(key);
}

/**
 * Verifies a request signature with the caller's registered public JWK. Returns the payload,
 * or `undefined` for any failure (malformed, wrong key, wrong algorithm, wrong `typ`): the
 * platform answers every one of them alike.
 *
 * @example
 * ```ts
 * const payload = await verifyRequestSignature(channel.publicKey, request.headers.get('x-essc-signature'));
 * ```
 */
export async function verifyRequestSignature(
  publicJwk: JWK,
  jws: string,
): Promise<RequestSignaturePayload | undefined> {
  try {
    const alg = callerKeyAlgorithm(publicJwk);
    const key = await importCached(verifyingKeys, publicJwk, alg, true);
    const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: [alg] });
    if (protectedHeader.typ !== REQUEST_SIGNATURE_TYP) return undefined;
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
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
    (p.kind === 'channel' || p.kind === 'portal') &&
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
 *
 * @example
 * ```ts
 * headers.set('x-essc-response-signature', await signResponse(await engine.currentSigningKey(), payload));
 * ```
 */
export async function signResponse(
  key: SigningKeyPair,
  payload: ResponseSignaturePayload,
): Promise<string> {
  const header = { alg: 'EdDSA', kid: key.kid, typ: RESPONSE_SIGNATURE_TYP };
  const signingInput = `${base64urlEncode(encoder.encode(JSON.stringify(header)))}.${base64urlEncode(
    encoder.encode(JSON.stringify(payload)),
  )}`;
  const signature = await signBytes(key, encoder.encode(signingInput));
  return `${signingInput}.${base64urlEncode(signature)}`;
}

/**
 * The outcome of {@link verifyResponseSignature}.
 *
 * @example
 * ```ts
 * const check: ResponseSignatureCheck = await verifyResponseSignature(jwks, jws);
 * if (!check.ok && check.reason === 'unknown-key') await refreshJwks();
 * ```
 */
export type ResponseSignatureCheck =
  | { ok: true; payload: ResponseSignaturePayload }
  | { ok: false; reason: 'malformed' | 'unknown-key' | 'signature' };

/**
 * Verifies a response signature against the platform's JWKS. `unknown-key` tells the caller
 * to refresh its JWKS once (the platform may have rotated) before refusing the answer.
 *
 * @example
 * ```ts
 * const check = await verifyResponseSignature(jwks, response.headers.get('x-essc-response-signature'));
 * ```
 */
export async function verifyResponseSignature(
  jwks: { keys: JWK[] },
  jws: string,
): Promise<ResponseSignatureCheck> {
  const kid = headerKid(jws);
  if (kid === undefined) return { ok: false, reason: 'malformed' };
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
  return { ok: true, payload: p as unknown as ResponseSignaturePayload };
}

function headerKid(jws: string): string | undefined {
  try {
    const [h] = jws.split('.');
    if (!h || jws.length > 8192) return undefined;
    const header: unknown = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(base64urlDecode(h)),
    );
    const kid = (header as { kid?: unknown } | null)?.kid;
    return typeof kid === 'string' ? kid : undefined;
  } catch {
    return undefined;
  }
}
