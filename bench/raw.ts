/**
 * The raw baselines: `node:crypto` doing only the cryptography a path cannot avoid, on
 * messages of the sizes the path signs, with `KeyObject`s made once. No SDK code runs here, so
 * a ratio to these is what the SDK costs beyond the cryptography itself.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
  pbkdf2Sync,
  randomBytes,
  sign,
  verify,
} from 'node:crypto';

type Jwk = Record<string, unknown>;

/** An Ed25519 key pair as `KeyObject`s, from its private JWK. */
export interface RawKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * The `KeyObject`s of an Ed25519 private JWK.
 *
 * @example
 * ```ts
 * const key = rawKey(keys.signing.privateJwk);
 * ```
 */
export function rawKey(privateJwk: unknown): RawKey {
  const privateKey = createPrivateKey({ key: privateJwk as Jwk as never, format: 'jwk' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * A compact JWS's signing input (`header.payload`, base64url) of the shape the wire signs
 * (R19): the header with `alg`, `typ` and a 43-character `kid`, and `payload` as JSON. Used
 * for its size only, made once.
 *
 * @example
 * ```ts
 * const input = jwsSigningInput('essc-req+jws', { v: 1, method: 'POST', … });
 * ```
 */
export function jwsSigningInput(typ: string, payload: unknown): Buffer {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return Buffer.from(`${b64({ alg: 'EdDSA', typ, kid: 'k'.repeat(43) })}.${b64(payload)}`);
}

/**
 * One raw Ed25519 signature, and its verification, as the path needs them.
 *
 * @example
 * ```ts
 * const signature = rawSign(message, key);
 * rawVerify(message, key, signature);
 * ```
 */
export function rawSign(message: Uint8Array, key: RawKey): Buffer {
  return sign(null, message, key.privateKey);
}

/** Verifies a raw Ed25519 signature; throws when it does not verify (a broken baseline). */
export function rawVerify(message: Uint8Array, key: RawKey, signature: Uint8Array): void {
  if (!verify(null, message, key.publicKey, signature)) throw new Error('raw verify failed');
}

/** SHA-256 of a body, as each side of the wire hashes it once (R19's `bodySha256`). */
export function rawBodyHash(body: string): void {
  createHash('sha256').update(body).digest();
}

/**
 * The signing inputs of one signed exchange on the wire (R19): the caller's request signature
 * over its path, body hash, time, nonce and idempotency key, and the platform's response
 * signature, at their real sizes.
 *
 * @example
 * ```ts
 * const { request, response } = wireSigningInputs('merchant', 'GZ-HOSP-1', '/v1/merchant/charges');
 * ```
 */
export function wireSigningInputs(
  kind: 'channel' | 'merchant',
  caller: string,
  path: string,
): { request: Buffer; response: Buffer } {
  return {
    request: jwsSigningInput('essc-req+jws', {
      v: 1,
      kind,
      caller,
      method: 'POST',
      path,
      bodySha256: 'b'.repeat(43),
      timestamp: Date.now(),
      nonce: 'n'.repeat(22),
      idempotencyKey: `idk_${'k'.repeat(26)}`,
    }),
    response: jwsSigningInput('essc-res+jws', {
      v: 1,
      status: 200,
      bodySha256: 'b'.repeat(43),
      nonce: 'n'.repeat(22),
      requestId: `req_${'r'.repeat(22)}`,
    }),
  };
}

/**
 * The raw crypto of one signed exchange made and checked in one process (caller and
 * platform): each body hashed once a side, the request signed and verified, the response
 * signed and verified. `between` runs after the request's check, as the platform's work does.
 *
 * @example
 * ```ts
 * const exchange = rawExchange({ callerKey, platformKey, ...wireSigningInputs(…), requestBody, responseBody });
 * await forDuration(1_000, async () => exchange(() => rawSign(code, platformKey)));
 * ```
 */
export function rawExchange(options: {
  callerKey: RawKey;
  platformKey: RawKey;
  request: Buffer;
  response: Buffer;
  requestBody: string;
  responseBody: string;
}): (between?: () => void) => void {
  const { callerKey, platformKey, request, response, requestBody, responseBody } = options;
  return (between) => {
    rawBodyHash(requestBody);
    const requestSignature = rawSign(request, callerKey);
    rawBodyHash(requestBody);
    rawVerify(request, callerKey, requestSignature);
    between?.();
    rawBodyHash(responseBody);
    const responseSignature = rawSign(response, platformKey);
    rawBodyHash(responseBody);
    rawVerify(response, platformKey, responseSignature);
  };
}

/**
 * The raw crypto of sealing a secret to the platform and opening it (R18, the jose suite's
 * ECDH-ES+A256KW on P-256 with A256GCM): an ephemeral P-256 key pair and an ECDH on the
 * channel's side, an ECDH on the platform's, the content encrypted and decrypted with
 * AES-256-GCM (the key wrap, another AES pass over 32 bytes, left out).
 *
 * @example
 * ```ts
 * const sealAndOpen = rawSealAndOpen();
 * sealAndOpen('258046');
 * ```
 */
export function rawSealAndOpen(): (secret: string) => void {
  const platform = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return (secret) => {
    const ephemeral = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const key = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: platform.publicKey });
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const sealed = Buffer.concat([cipher.update(secret), cipher.final()]);
    const tag = cipher.getAuthTag();
    const opened = diffieHellman({
      privateKey: platform.privateKey,
      publicKey: ephemeral.publicKey,
    });
    const decipher = createDecipheriv('aes-256-gcm', opened, iv);
    decipher.setAuthTag(tag);
    Buffer.concat([decipher.update(sealed), decipher.final()]);
  };
}

/** A password hash check as the platform makes it: PBKDF2-SHA256 of `iterations`. */
export function rawPasswordCheck(password: string, iterations: number): void {
  pbkdf2Sync(password, 'salt-of-16-bytes', iterations, 32, 'sha256');
}
