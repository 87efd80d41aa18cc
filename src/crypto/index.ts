/**
 * The one crypto module of the SDK. Every signature, key, sealed secret, password hash, random
 * value and digest the SDK makes goes through here, so a national-algorithm suite
 * (SM2/SM3/SM4, which the real platform uses) can replace this file without touching callers.
 *
 * Algorithms (JOSE):
 * - signatures: Ed25519 (`EdDSA`) — platform responses, QR codes, assertions, notifications;
 *   compact JWS by channel and portal keys: Ed25519 (`EdDSA`) or P-256 (`ES256`);
 * - sealing secrets (passwords, R18): compact JWE, `ECDH-ES+A256KW` on P-256 with `A256GCM`;
 * - password storage: PBKDF2-SHA256.
 *
 * Primitives run on `node:crypto` when present (faster) and on WebCrypto elsewhere; the
 * signatures and formats are identical on both. This module must never be imported by the core
 * entry (`essc-sdk`), which has to load in mini-programs without WebCrypto.
 */
import type { KeyObject } from 'node:crypto';
import {
  CompactEncrypt,
  type CompactJWEHeaderParameters,
  CompactSign,
  compactDecrypt,
  compactVerify,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JWK,
} from 'jose';
import { EsscError } from '../domain/errors.js';
import {
  activeBackend,
  bufferSource,
  getNodeCrypto,
  requireNode,
  requireSubtle,
} from './backend.js';
import { decode as b64Decode, encode as b64Encode } from './base64url.js';

export type { JWK } from 'jose';

// ---------------------------------------------------------------------------------------------
// Encoding helpers
// ---------------------------------------------------------------------------------------------

const textEncoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true });

function utf8(s: string): Uint8Array {
  return textEncoder.encode(s);
}

function validation(path: string, message: string, text?: string): EsscError<'VALIDATION_FAILED'> {
  return new EsscError('VALIDATION_FAILED', text ?? message, {
    details: { issues: [{ path: [path], message }] },
  });
}

/**
 * Encodes bytes as unpadded base64url (RFC 4648 §5).
 *
 * @example
 * ```ts
 * base64urlEncode(new Uint8Array([251, 255])); // '-_8'
 * ```
 */
export function base64urlEncode(b: Uint8Array): string {
  return b64Encode(b);
}

/**
 * Decodes unpadded base64url. Strict: padding, whitespace, other alphabets and non-canonical
 * trailing bits throw `EsscError('VALIDATION_FAILED')` (the input is not echoed).
 *
 * @example
 * ```ts
 * base64urlDecode('-_8'); // Uint8Array [251, 255]
 * ```
 */
export function base64urlDecode(s: string): Uint8Array {
  return b64Decode(s);
}

/**
 * Compares two byte arrays in time that depends only on their lengths (lengths are public).
 *
 * @example
 * ```ts
 * constantTimeEqual(storedTag, computedTag); // true or false
 * ```
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

// ---------------------------------------------------------------------------------------------
// Random values and digests
// ---------------------------------------------------------------------------------------------

/** WebCrypto's `getRandomValues` fills at most 65 536 bytes per call. */
const RANDOM_CHUNK = 65_536;

/**
 * `n` cryptographically random bytes (WebCrypto `getRandomValues`, or `node:crypto`).
 *
 * @example
 * ```ts
 * const nonce = randomBytes(12);
 * ```
 */
export function randomBytes(n: number): Uint8Array {
  if (!Number.isSafeInteger(n) || n < 0) throw validation('n', 'must be a non-negative integer');
  if (n > 0 && n <= POOLED_MAX) {
    // Small values (nonces, ids: several per request) come from a pool filled 4 KB at a time:
    // one call into the random source instead of one per value, as node's randomUUID does.
    // Each byte is handed out once; the pool's bytes are never returned as a view.
    if (poolOffset + n > RANDOM_POOL_BYTES) {
      fillRandom(randomPool);
      poolOffset = 0;
    }
    const out = randomPool.slice(poolOffset, poolOffset + n);
    randomPool.fill(0, poolOffset, poolOffset + n);
    poolOffset += n;
    return out;
  }
  return fillRandom(new Uint8Array(n));
}

const RANDOM_POOL_BYTES = 4_096;
const POOLED_MAX = 64;
const randomPool = new Uint8Array(RANDOM_POOL_BYTES);
/** The pool starts empty: it is filled on first use, from whatever source exists then. */
let poolOffset = RANDOM_POOL_BYTES;

function fillRandom(out: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const n = out.length;
  const web = (globalThis as { crypto?: Crypto }).crypto;
  if (typeof web?.getRandomValues === 'function') {
    for (let i = 0; i < n; i += RANDOM_CHUNK) {
      web.getRandomValues(out.subarray(i, Math.min(n, i + RANDOM_CHUNK)));
    }
    return out;
  }
  const node = getNodeCrypto();
  if (node) {
    node.randomFillSync(out);
    return out;
  }
  throw new EsscError('UNSUPPORTED_RUNTIME', 'No cryptographic random source in this runtime.');
}

/**
 * A random identifier: `bytes` random bytes (default 16, i.e. 128 bits) as base64url.
 *
 * @example
 * ```ts
 * randomId();   // e.g. 'q3V0bU9tY2Vp0F2aJ0mFxA' (22 characters)
 * randomId(8);  // 11 characters
 * ```
 */
export function randomId(bytes = 16): string {
  return b64Encode(randomBytes(bytes));
}

/**
 * SHA-256 of bytes, or of a string's UTF-8 encoding.
 *
 * @example
 * ```ts
 * const digest = await sha256('abc'); // 32 bytes
 * ```
 */
export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  if (activeBackend() === 'node') {
    const digest = requireNode().createHash('sha256').update(bytes).digest();
    // Copied: Node's small Buffers are views into a shared pool.
    return new Uint8Array(digest);
  }
  return new Uint8Array(await requireSubtle().digest('SHA-256', bufferSource(bytes)));
}

/**
 * HMAC-SHA256 (RFC 2104), built on {@link sha256} so that it follows this module when a
 * national-algorithm suite replaces the digest (HMAC-SM3).
 *
 * @example
 * ```ts
 * const mac = await hmacSha256(secret, new TextEncoder().encode('message'));
 * ```
 */
export async function hmacSha256(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
  if (activeBackend() === 'node') {
    return new Uint8Array(requireNode().createHmac('sha256', key).update(message).digest());
  }
  const BLOCK_BYTES = 64;
  const block = new Uint8Array(BLOCK_BYTES);
  block.set(key.length > BLOCK_BYTES ? await sha256(key) : key);
  const inner = new Uint8Array(BLOCK_BYTES + message.length);
  const outer = new Uint8Array(BLOCK_BYTES + 32);
  for (let i = 0; i < BLOCK_BYTES; i++) {
    inner[i] = block[i]! ^ 0x36;
    outer[i] = block[i]! ^ 0x5c;
  }
  inner.set(message, BLOCK_BYTES);
  outer.set(await sha256(inner), BLOCK_BYTES);
  return sha256(outer);
}

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of an Ed25519 or P-256 public key. Keys made
 * by this module without an explicit kid use it as their kid.
 *
 * @example
 * ```ts
 * const kid = await jwkThumbprint(keys.publicJwk); // 43 characters
 * ```
 */
export async function jwkThumbprint(jwk: JWK): Promise<string> {
  let canonical: string;
  // Members in lexicographic order, no whitespace, as RFC 7638 §3 requires.
  if (jwk.kty === 'OKP' && typeof jwk.crv === 'string' && typeof jwk.x === 'string') {
    canonical = JSON.stringify({ crv: jwk.crv, kty: 'OKP', x: jwk.x });
  } else if (
    jwk.kty === 'EC' &&
    typeof jwk.crv === 'string' &&
    typeof jwk.x === 'string' &&
    typeof jwk.y === 'string'
  ) {
    canonical = JSON.stringify({ crv: jwk.crv, kty: 'EC', x: jwk.x, y: jwk.y });
  } else {
    throw validation('jwk', 'not an OKP or EC public key');
  }
  return b64Encode(await sha256(canonical));
}

// ---------------------------------------------------------------------------------------------
// Ed25519 signatures
// ---------------------------------------------------------------------------------------------

/**
 * An Ed25519 signing key pair with its JWKs (`kty: 'OKP'`, `crv: 'Ed25519'`, `alg: 'EdDSA'`,
 * `use: 'sig'`, and the kid). `privateJwk` also holds `d`; never publish it: a platform
 * publishes the public halves only (`platform.jwks()`).
 *
 * @example
 * ```ts
 * const { signing }: PlatformKeys = await generatePlatformKeys();
 * const key: SigningKeyPair = signing;
 * ```
 */
export interface SigningKeyPair {
  /** The key id, as published in the JWKS (RFC 7638 thumbprint unless given). */
  kid: string;
  /** Always EdDSA (Ed25519). */
  alg: 'EdDSA';
  /** The public half, safe to publish. */
  publicJwk: JWK;
  /** The private half (holds `d`): never published, never logged. */
  privateJwk: JWK;
}

const ED25519_KEY_BYTES = 32;
const ED25519_SIG_BYTES = 64;

/** The public key `x` of a well-formed Ed25519 JWK, else `undefined`. */
function ed25519X(jwk: unknown): string | undefined {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const { kty, crv, x } = jwk as JWK;
  if (kty !== 'OKP' || crv !== 'Ed25519' || typeof x !== 'string' || x.length !== 43)
    return undefined;
  try {
    return b64Decode(x).length === ED25519_KEY_BYTES ? x : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Imported keys are cached so that signing or verifying many times does not re-import.
 * Public keys are cached by their `x` (not secret; a JWKS fetched again yields new objects with
 * the same `x`), bounded so that a flood of unknown keys cannot grow memory. Private keys are
 * cached only by the identity of their JWK object, and the entry remembers `x` and `d` so a
 * mutated JWK is re-imported rather than signing with a stale key.
 */
const PUBLIC_CACHE_LIMIT = 256;
const nodePublic = new Map<string, KeyObject>();
const webPublic = new Map<string, CryptoKey>();
interface PrivateEntry<K> {
  x: string;
  d: string;
  key: K;
}
const nodePrivate = new WeakMap<object, PrivateEntry<KeyObject>>();
const webPrivate = new WeakMap<object, PrivateEntry<CryptoKey>>();

function remember<K>(cache: Map<string, K>, id: string, key: K): K {
  if (cache.size >= PUBLIC_CACHE_LIMIT) {
    // Maps iterate in insertion order: dropping the first entry evicts the oldest.
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(id, key);
  return key;
}

function nodePublicKey(x: string): KeyObject {
  const hit = nodePublic.get(x);
  if (hit) return hit;
  const key = requireNode().createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x },
    format: 'jwk',
  });
  return remember(nodePublic, x, key);
}

async function webPublicKey(x: string): Promise<CryptoKey> {
  const hit = webPublic.get(x);
  if (hit) return hit;
  const key = await requireSubtle().importKey(
    'jwk',
    { kty: 'OKP', crv: 'Ed25519', x },
    { name: 'Ed25519' },
    false,
    ['verify'],
  );
  return remember(webPublic, x, key);
}

function privateParts(key: SigningKeyPair): { x: string; d: string } {
  const jwk = key?.privateJwk;
  const x = ed25519X(jwk);
  const d = jwk?.d;
  if (!x || typeof d !== 'string' || d.length !== 43) {
    throw validation(
      'key',
      'not an Ed25519 private key',
      'The signing key is not an Ed25519 private JWK.',
    );
  }
  return { x, d };
}

function nodePrivateKey(key: SigningKeyPair): KeyObject {
  // Hot path: a cache hit compares two strings and does no decoding or validation.
  const jwk = key?.privateJwk;
  const hit = typeof jwk === 'object' && jwk !== null ? nodePrivate.get(jwk) : undefined;
  if (hit && hit.x === jwk.x && hit.d === jwk.d) return hit.key;
  const { x, d } = privateParts(key);
  const imported = requireNode().createPrivateKey({
    key: { kty: 'OKP', crv: 'Ed25519', x, d },
    format: 'jwk',
  });
  nodePrivate.set(key.privateJwk, { x, d, key: imported });
  return imported;
}

async function webPrivateKey(key: SigningKeyPair): Promise<CryptoKey> {
  const jwk = key?.privateJwk;
  const hit = typeof jwk === 'object' && jwk !== null ? webPrivate.get(jwk) : undefined;
  if (hit && hit.x === jwk.x && hit.d === jwk.d) return hit.key;
  const { x, d } = privateParts(key);
  const imported = await requireSubtle().importKey(
    'jwk',
    { kty: 'OKP', crv: 'Ed25519', x, d },
    { name: 'Ed25519' },
    false,
    ['sign'],
  );
  webPrivate.set(key.privateJwk, { x, d, key: imported });
  return imported;
}

/**
 * Generates an Ed25519 signing key pair. Without `kid`, the kid is the key's RFC 7638
 * thumbprint, so it is stable and derivable from the public key alone.
 *
 * @example
 * ```ts
 * const platformKey = await generateSigningKeyPair();
 * const jwks = publicJwks([platformKey]);
 * ```
 */
export async function generateSigningKeyPair(kid?: string): Promise<SigningKeyPair> {
  let x: string;
  let d: string;
  let nodeKey: KeyObject | undefined;
  if (activeBackend() === 'node') {
    const { privateKey } = requireNode().generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' });
    x = jwk.x as string;
    d = jwk.d as string;
    nodeKey = privateKey;
  } else {
    const subtle = requireSubtle();
    const pair = (await subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const jwk = await subtle.exportKey('jwk', pair.privateKey);
    x = jwk.x as string;
    d = jwk.d as string;
  }
  const publicJwk: JWK = { kty: 'OKP', crv: 'Ed25519', x, kid: '', alg: 'EdDSA', use: 'sig' };
  publicJwk.kid = kid ?? (await jwkThumbprint(publicJwk));
  const privateJwk: JWK = { ...publicJwk, d };
  // The freshly generated KeyObject is the imported key: prime the cache with it.
  if (nodeKey) nodePrivate.set(privateJwk, { x, d, key: nodeKey });
  return { kid: publicJwk.kid, alg: 'EdDSA', publicJwk, privateJwk };
}

/**
 * Signs bytes with Ed25519; returns the raw 64-byte signature. Deterministic (RFC 8032): the
 * same key and data always give the same signature, on either backend.
 *
 * @example
 * ```ts
 * const sig = await signBytes(platformKey, payload);
 * await verifyBytes(platformKey.publicJwk, payload, sig); // true
 * ```
 */
export async function signBytes(key: SigningKeyPair, data: Uint8Array): Promise<Uint8Array> {
  const now = signBytesNow(key, data);
  if (now) return new Uint8Array(now); // a plain copy, not a view into Node's Buffer pool
  const sig = await requireSubtle().sign(
    { name: 'Ed25519' },
    await webPrivateKey(key),
    bufferSource(data),
  );
  return new Uint8Array(sig);
}

/**
 * Signs at once where the runtime can (node:crypto), else returns `undefined` and the caller
 * awaits {@link signBytes}. The result may be a Node `Buffer` (a `Uint8Array` view). The QR hot path uses it: each avoided promise is a measurable
 * share of a 35 µs signature.
 *
 * @example
 * ```ts
 * const signature = signBytesNow(key, data) ?? (await signBytes(key, data));
 * ```
 */
export function signBytesNow(key: SigningKeyPair, data: Uint8Array): Uint8Array | undefined {
  if (!(data instanceof Uint8Array)) throw validation('data', 'must be a Uint8Array');
  if (activeBackend() !== 'node') return undefined;
  return requireNode().sign(null, data, nodePrivateKey(key));
}

/**
 * Verifies a raw 64-byte Ed25519 signature. Returns `false` — never throws — on a wrong
 * signature, a malformed key, a signature of the wrong length or any other bad input, so a
 * verifier can treat every failure alike.
 *
 * @example
 * ```ts
 * if (!(await verifyBytes(jwk, signedBytes, signature))) throw new EsscError('QR_INVALID_SIGNATURE');
 * ```
 */
export async function verifyBytes(
  publicJwk: JWK,
  data: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    if (!(data instanceof Uint8Array) || !(signature instanceof Uint8Array)) return false;
    if (signature.length !== ED25519_SIG_BYTES) return false;
    // Hot path (every QR verified): a key imported before is found by its `x` without decoding.
    const cached = typeof publicJwk?.x === 'string' ? nodePublic.get(publicJwk.x) : undefined;
    if (
      cached &&
      publicJwk.kty === 'OKP' &&
      publicJwk.crv === 'Ed25519' &&
      activeBackend() === 'node'
    ) {
      return requireNode().verify(null, data, cached, signature);
    }
    const x = ed25519X(publicJwk);
    if (!x) return false;
    if (activeBackend() === 'node') {
      return requireNode().verify(null, data, nodePublicKey(x), signature);
    }
    return await requireSubtle().verify(
      { name: 'Ed25519' },
      await webPublicKey(x),
      bufferSource(signature),
      bufferSource(data),
    );
  } catch {
    return false;
  }
}

/**
 * The public JWK Set of signing keys: exactly `kty`, `crv`, `x`, `kid`, `alg`, `use` of each —
 * never `d`, whatever the input objects hold.
 *
 * @example
 * ```ts
 * app.get('/.well-known/jwks.json', () => publicJwks([currentKey, previousKey]));
 * ```
 */
export function publicJwks(keys: SigningKeyPair[]): { keys: JWK[] } {
  return {
    keys: keys.map((k) => ({
      kty: 'OKP',
      crv: 'Ed25519',
      x: k.publicJwk.x as string,
      kid: k.kid,
      alg: 'EdDSA',
      use: 'sig',
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// JWT (compact JWS, EdDSA)
// ---------------------------------------------------------------------------------------------

/** Options of {@link signJwt}. */
export interface SignJwtOptions {
  audience?: string;
  issuer?: string;
  /** Lifetime; `exp` = `iat` + this. */
  expiresInSeconds: number;
  /** The `typ` header, e.g. `'essc-assertion+jwt'`. Omitted when not given. */
  typ?: string;
  /** The clock in milliseconds (e.g. the mock platform's injected clock); default `Date.now()`. */
  now?: number;
}

/**
 * Signs a JWT with EdDSA: header `{ alg: 'EdDSA', kid, typ? }`, claims plus `iss`, `aud`,
 * `iat` and `exp`. The output is the same compact JWS jose's `SignJWT` makes (jose's
 * `jwtVerify` accepts it), but signing goes through {@link signBytes} so Node uses its fast
 * path and the cached key.
 *
 * @example
 * ```ts
 * const assertion = await signJwt(platformKey, { sub: 'cardRef…', name: '张*' }, {
 *   audience: 'portal-1', issuer: 'essc-platform', expiresInSeconds: 300,
 * });
 * ```
 */
export async function signJwt(
  key: SigningKeyPair,
  claims: Record<string, unknown>,
  options: SignJwtOptions,
): Promise<string> {
  const { expiresInSeconds } = options;
  if (!Number.isFinite(expiresInSeconds) || expiresInSeconds <= 0) {
    throw validation('expiresInSeconds', 'must be a positive number');
  }
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const header: Record<string, unknown> = { alg: 'EdDSA', kid: key.kid };
  if (options.typ !== undefined) header.typ = options.typ;
  const payload: Record<string, unknown> = { ...claims };
  if (options.issuer !== undefined) payload.iss = options.issuer;
  if (options.audience !== undefined) payload.aud = options.audience;
  payload.iat = iat;
  payload.exp = iat + Math.floor(expiresInSeconds);
  const signingInput = `${b64Encode(utf8(JSON.stringify(header)))}.${b64Encode(utf8(JSON.stringify(payload)))}`;
  const signature = await signBytes(key, utf8(signingInput));
  return `${signingInput}.${b64Encode(signature)}`;
}

/** Options of {@link verifyJwt}. */
export interface VerifyJwtOptions {
  audience?: string;
  issuer?: string;
  typ?: string;
  /** The clock in milliseconds; default `Date.now()`. */
  now?: number;
  /** Allowed clock skew for `exp`, `nbf` and `iat`; default 30, at most 300. */
  clockToleranceSeconds?: number;
}

/** The outcome of {@link verifyJwt}: the claims, or why it failed. */
export type VerifyJwtResult =
  | { ok: true; header: Record<string, unknown>; payload: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'claims' };

const MAX_JWT_LENGTH = 16_384;

function parseJsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(strictDecoder.decode(b64Decode(part)));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies an EdDSA JWT against a key set (the key is chosen by `kid`; without a `kid`
 * every key is tried) and checks `exp`, `nbf`, `aud`, `iss` and `typ`. Never throws: the result
 * says why a token failed, so callers map it to their own error code.
 *
 * @example
 * ```ts
 * const r = await verifyJwt(await platform.jwks(), assertion, { audience: 'portal-1' });
 * if (r.ok) console.log(r.payload.sub);
 * ```
 */
export async function verifyJwt(
  keys: JWK[] | { keys: JWK[] },
  token: string,
  options: VerifyJwtOptions = {},
): Promise<VerifyJwtResult> {
  if (typeof token !== 'string' || token.length > MAX_JWT_LENGTH)
    return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  const header = parseJsonObject(h);
  const payload = parseJsonObject(p);
  let signature: Uint8Array;
  try {
    signature = b64Decode(s);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!header || !payload || header.alg !== 'EdDSA' || header.crit !== undefined) {
    return { ok: false, reason: 'malformed' };
  }
  const list = Array.isArray(keys) ? keys : Array.isArray(keys?.keys) ? keys.keys : [];
  const candidates =
    typeof header.kid === 'string' ? list.filter((k) => k.kid === header.kid) : list;
  const signingInput = utf8(`${h}.${p}`);
  let valid = false;
  for (const k of candidates) {
    if (await verifyBytes(k, signingInput, signature)) {
      valid = true;
      break;
    }
  }
  if (!valid) return { ok: false, reason: 'signature' };

  const tolerance = Math.min(Math.max(options.clockToleranceSeconds ?? 30, 0), 300);
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const { exp, nbf, iat, aud, iss } = payload;
  if (exp !== undefined && (typeof exp !== 'number' || now > exp + tolerance)) {
    return { ok: false, reason: typeof exp === 'number' ? 'expired' : 'claims' };
  }
  if (nbf !== undefined && (typeof nbf !== 'number' || now < nbf - tolerance)) {
    return { ok: false, reason: 'claims' };
  }
  if (iat !== undefined && (typeof iat !== 'number' || iat > now + tolerance)) {
    return { ok: false, reason: 'claims' };
  }
  if (options.audience !== undefined) {
    const audiences = Array.isArray(aud) ? aud : [aud];
    if (!audiences.includes(options.audience)) return { ok: false, reason: 'claims' };
  }
  if (options.issuer !== undefined && iss !== options.issuer)
    return { ok: false, reason: 'claims' };
  if (options.typ !== undefined && header.typ !== options.typ)
    return { ok: false, reason: 'claims' };
  return { ok: true, header, payload };
}

// ---------------------------------------------------------------------------------------------
// Compact JWS over bytes (EdDSA or ES256)
// ---------------------------------------------------------------------------------------------

/**
 * The JWS algorithms of the keys this module signs and verifies compact JWS with: `EdDSA`
 * (Ed25519) or `ES256` (P-256).
 *
 * @example
 * ```ts
 * const alg: JwsAlgorithm = 'ES256';
 * const { privateJwk } = await generateJwsKeyPair(alg);
 * ```
 */
export type JwsAlgorithm = 'EdDSA' | 'ES256';

/**
 * The protected header members a caller of {@link signCompactJws} may set; `alg` always
 * follows the key, so a signer can never be talked into another algorithm.
 *
 * @example
 * ```ts
 * const header: CompactJwsHeader = { typ: 'essc-req+jws', kid: channelKey.kid };
 * ```
 */
export interface CompactJwsHeader {
  /** The `typ` header, e.g. `'essc-req+jws'`. Omitted when not given. */
  typ?: string;
  /** The key id; defaults to the key's own `kid`. */
  kid?: string;
}

/**
 * The JWS algorithm of an Ed25519 (`EdDSA`) or P-256 (`ES256`) JWK, or `undefined` for any
 * other key — and for a key whose own `alg` says otherwise, so a verifier never runs the
 * registered key under another algorithm.
 *
 * @example
 * ```ts
 * jwsAlgorithm({ kty: 'OKP', crv: 'Ed25519', x: '…' }); // 'EdDSA'
 * jwsAlgorithm({ kty: 'RSA', n: '…', e: 'AQAB' });      // undefined
 * ```
 */
export function jwsAlgorithm(jwk: JWK): JwsAlgorithm | undefined {
  let alg: JwsAlgorithm | undefined;
  if (jwk?.kty === 'OKP' && jwk.crv === 'Ed25519') alg = 'EdDSA';
  else if (jwk?.kty === 'EC' && jwk.crv === 'P-256') alg = 'ES256';
  if (!alg) return undefined;
  if (jwk.alg !== undefined && jwk.alg !== alg && !(alg === 'EdDSA' && jwk.alg === 'Ed25519')) {
    return undefined;
  }
  return alg;
}

/**
 * A key pair to sign compact JWS with (channel and portal request signatures): the private
 * JWK (with `d`) stays with its owner, the public JWK is registered with the verifier. Both
 * carry `alg`, `use: 'sig'` and the RFC 7638 thumbprint as `kid`.
 *
 * @example
 * ```ts
 * const { privateJwk, publicJwk } = await generateJwsKeyPair('ES256');
 * ```
 */
export async function generateJwsKeyPair(
  alg: JwsAlgorithm = 'EdDSA',
): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (alg !== 'EdDSA' && alg !== 'ES256') throw validation('alg', 'must be EdDSA or ES256');
  const { privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const { d, ...publicPart } = await exportJWK(privateKey);
  const kid = await jwkThumbprint(publicPart);
  const publicJwk: JWK = { ...publicPart, kid, alg, use: 'sig' };
  return { publicJwk, privateJwk: { ...publicJwk, d } };
}

// Imported JWKs are cached per JWK object: a process signs or verifies many messages with the
// same few keys, and importing costs more than signing. Signing and verifying keys are kept
// apart, and a verifying key is imported without `d` whatever the JWK holds.
const jwsSigningKeys = new WeakMap<object, Promise<CryptoKey | Uint8Array>>();
const jwsVerifyingKeys = new WeakMap<object, Promise<CryptoKey | Uint8Array>>();

function importJwsKey(
  cache: WeakMap<object, Promise<CryptoKey | Uint8Array>>,
  jwk: JWK,
  alg: JwsAlgorithm,
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

// On Node, compact JWS by JWK keys are made and checked with `node:crypto` KeyObjects (Ed25519,
// or P-256 with the raw r‖s signature JWS uses), imported once: WebCrypto through jose costs
// several times more per signature there (TOOLCHAIN.md). Elsewhere jose over WebCrypto does it.
// Public keys are cached by their key material (bounded), private keys by their JWK object
// with the material they were imported from, so a mutated JWK is imported again.
const nodeJwsPublic = new Map<string, KeyObject>();
const nodeJwsPrivate = new WeakMap<
  object,
  { x: unknown; y: unknown; d: unknown; key: KeyObject }
>();

function nodeJwsPublicKey(jwk: JWK, alg: JwsAlgorithm): KeyObject {
  if (alg === 'EdDSA') {
    const x = ed25519X(jwk);
    if (!x) throw validation('key', 'not an Ed25519 public key');
    return nodePublicKey(x);
  }
  const parts = p256Public(jwk);
  if (!parts) throw validation('key', 'not a P-256 public key');
  const id = `${parts.x}.${parts.y}`;
  const hit = nodeJwsPublic.get(id);
  if (hit) return hit;
  const key = requireNode().createPublicKey({
    key: { kty: 'EC', crv: 'P-256', ...parts },
    format: 'jwk',
  });
  return remember(nodeJwsPublic, id, key);
}

function nodeJwsPrivateKey(jwk: JWK, alg: JwsAlgorithm): KeyObject {
  const hit = nodeJwsPrivate.get(jwk);
  if (hit && hit.x === jwk.x && hit.y === jwk.y && hit.d === jwk.d) return hit.key;
  const key = requireNode().createPrivateKey({
    key:
      alg === 'EdDSA'
        ? { kty: 'OKP', crv: 'Ed25519', x: jwk.x, d: jwk.d }
        : { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, d: jwk.d },
    format: 'jwk',
  });
  nodeJwsPrivate.set(jwk, { x: jwk.x, y: jwk.y, d: jwk.d, key });
  return key;
}

/** Signs a JWS signing input with node:crypto: Ed25519, or ES256 as raw r‖s (JWS, RFC 7518). */
function nodeJwsSign(alg: JwsAlgorithm, input: Uint8Array, key: KeyObject): Uint8Array {
  const node = requireNode();
  return alg === 'EdDSA'
    ? node.sign(null, input, key)
    : node.sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' });
}

function nodeJwsVerify(
  alg: JwsAlgorithm,
  input: Uint8Array,
  key: KeyObject,
  signature: Uint8Array,
): boolean {
  const node = requireNode();
  return alg === 'EdDSA'
    ? node.verify(null, input, key, signature)
    : node.verify('sha256', input, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

function isSigningKeyPair(key: SigningKeyPair | JWK): key is SigningKeyPair {
  return typeof key === 'object' && key !== null && 'privateJwk' in key;
}

/**
 * Signs bytes into a compact JWS (RFC 7515): with a platform {@link SigningKeyPair} (EdDSA,
 * through {@link signBytes}'s fast path) or with a private JWK (Ed25519 → EdDSA, P-256 →
 * ES256). The header is `{ alg, kid?, typ? }`, `alg` taken from the key and `kid` from the
 * key unless `header.kid` is given. A key that is neither fails with `VALIDATION_FAILED`.
 *
 * @example
 * ```ts
 * const payload = new TextEncoder().encode(JSON.stringify({ status: 200 }));
 * const jws = await signCompactJws(platformKey, payload, { typ: 'essc-res+jws' });
 * ```
 */
export async function signCompactJws(
  key: SigningKeyPair | JWK,
  payload: Uint8Array,
  header: CompactJwsHeader = {},
): Promise<string> {
  if (!(payload instanceof Uint8Array)) throw validation('payload', 'must be a Uint8Array');
  if (isSigningKeyPair(key)) {
    const protectedHeader: Record<string, unknown> = { alg: 'EdDSA', kid: header.kid ?? key.kid };
    if (header.typ !== undefined) protectedHeader.typ = header.typ;
    const signingInput = `${b64Encode(utf8(JSON.stringify(protectedHeader)))}.${b64Encode(payload)}`;
    const signature = await signBytes(key, utf8(signingInput));
    return `${signingInput}.${b64Encode(signature)}`;
  }
  const alg = jwsAlgorithm(key);
  if (!alg || typeof key.d !== 'string') {
    throw validation('key', 'not an Ed25519 or P-256 private JWK');
  }
  const kid = header.kid ?? (typeof key.kid === 'string' ? key.kid : undefined);
  if (activeBackend() === 'node') {
    // The same protected header, member for member, as jose's CompactSign below writes.
    const protectedHeader: Record<string, unknown> = { alg };
    if (header.typ !== undefined) protectedHeader.typ = header.typ;
    if (kid !== undefined) protectedHeader.kid = kid;
    const signingInput = `${b64Encode(utf8(JSON.stringify(protectedHeader)))}.${b64Encode(payload)}`;
    let signature: Uint8Array;
    try {
      signature = nodeJwsSign(alg, utf8(signingInput), nodeJwsPrivateKey(key, alg));
    } catch {
      throw validation('key', 'not an Ed25519 or P-256 private JWK');
    }
    return `${signingInput}.${b64Encode(signature)}`;
  }
  return new CompactSign(payload)
    .setProtectedHeader({
      alg,
      ...(header.typ !== undefined ? { typ: header.typ } : {}),
      ...(kid !== undefined ? { kid } : {}),
    })
    .sign(await importJwsKey(jwsSigningKeys, key, alg, false));
}

/** Options of {@link verifyCompactJws}. */
export interface VerifyCompactJwsOptions {
  /** The `typ` the header must carry. */
  typ?: string;
}

/**
 * Verifies a compact JWS with one public JWK (Ed25519 or P-256; the algorithm follows the
 * key). Returns the protected header and the payload bytes, or `undefined` — never throws —
 * for any failure: malformed, another key, another algorithm, another `typ`, over 16 KB.
 *
 * @example
 * ```ts
 * const verified = await verifyCompactJws(channel.publicKey, jws, { typ: 'essc-req+jws' });
 * if (verified) JSON.parse(new TextDecoder().decode(verified.payload));
 * ```
 */
export async function verifyCompactJws(
  publicJwk: JWK,
  jws: string,
  options: VerifyCompactJwsOptions = {},
): Promise<{ header: Record<string, unknown>; payload: Uint8Array } | undefined> {
  try {
    if (typeof jws !== 'string' || jws.length > MAX_JWT_LENGTH) return undefined;
    const alg = jwsAlgorithm(publicJwk);
    if (!alg) return undefined;
    if (activeBackend() === 'node') return verifyCompactJwsNow(publicJwk, alg, jws, options);
    const key = await importJwsKey(jwsVerifyingKeys, publicJwk, alg, true);
    const { payload, protectedHeader } = await compactVerify(jws, key, { algorithms: [alg] });
    if (options.typ !== undefined && protectedHeader.typ !== options.typ) return undefined;
    return { header: { ...protectedHeader }, payload };
  } catch {
    return undefined;
  }
}

/**
 * {@link verifyCompactJws} on node:crypto, with jose's rules for a compact JWS: three
 * base64url parts, a JSON object header whose `alg` is the key's, no `crit` (none is
 * understood here, so any is refused, as jose refuses those it does not know). Throws on
 * malformed input; the caller turns every failure into `undefined`.
 */
function verifyCompactJwsNow(
  publicJwk: JWK,
  alg: JwsAlgorithm,
  jws: string,
  options: VerifyCompactJwsOptions,
): { header: Record<string, unknown>; payload: Uint8Array } | undefined {
  const first = jws.indexOf('.');
  const second = jws.indexOf('.', first + 1);
  if (first <= 0 || second < 0 || jws.indexOf('.', second + 1) !== -1) return undefined;
  const header = parseJsonObject(jws.slice(0, first));
  if (!header || header.alg !== alg || header.crit !== undefined || header.b64 !== undefined) {
    return undefined;
  }
  if (options.typ !== undefined && header.typ !== options.typ) return undefined;
  const payload = b64Decode(jws.slice(first + 1, second));
  const signature = b64Decode(jws.slice(second + 1));
  const key = nodeJwsPublicKey(publicJwk, alg);
  if (!nodeJwsVerify(alg, utf8(jws.slice(0, second)), key, signature)) return undefined;
  return { header, payload };
}

/**
 * The protected header of a compact JWS, read WITHOUT verifying anything — to pick the key
 * (`kid`) before verifying. `undefined` for anything that is not a JWS header (never throws).
 *
 * @example
 * ```ts
 * const kid = peekJwsHeader(jws)?.kid;
 * ```
 */
export function peekJwsHeader(jws: string): Record<string, unknown> | undefined {
  if (typeof jws !== 'string' || jws.length > MAX_JWT_LENGTH) return undefined;
  const dot = jws.indexOf('.');
  if (dot <= 0) return undefined;
  return parseJsonObject(jws.slice(0, dot));
}

// ---------------------------------------------------------------------------------------------
// Sealed secrets (compact JWE, ECDH-ES+A256KW / A256GCM on P-256)
// ---------------------------------------------------------------------------------------------

/**
 * A P-256 key pair for sealing secrets (passwords) to its owner: JWKs with `kty: 'EC'`,
 * `crv: 'P-256'`, `alg: 'ECDH-ES+A256KW'`, `use: 'enc'` and the kid.
 *
 * @example
 * ```ts
 * const platformEncKey: EncryptionKeyPair = await generateEncryptionKeyPair();
 * ```
 */
export interface EncryptionKeyPair {
  /** The key id, carried in each sealed secret's header. */
  kid: string;
  /** The public half channels seal secrets to. */
  publicJwk: JWK;
  /** The private half (holds `d`) that opens them: never published, never logged. */
  privateJwk: JWK;
}

const KEY_ALG = 'ECDH-ES+A256KW';
const CONTENT_ALG = 'A256GCM';
/** A sealed 6-digit password is ~300 characters; anything far larger is not ours. */
const MAX_JWE_LENGTH = 8_192;

const encPublic = new Map<string, CryptoKey>();
const encPrivate = new WeakMap<object, { d: string; key: CryptoKey }>();

function p256Public(jwk: unknown): { x: string; y: string } | undefined {
  if (typeof jwk !== 'object' || jwk === null) return undefined;
  const { kty, crv, x, y } = jwk as JWK;
  if (kty !== 'EC' || crv !== 'P-256' || typeof x !== 'string' || typeof y !== 'string')
    return undefined;
  return { x, y };
}

async function encryptionPublicKey(jwk: JWK): Promise<CryptoKey> {
  const parts = p256Public(jwk);
  if (!parts) throw validation('publicJwk', 'not a P-256 public key');
  const id = `${parts.x}.${parts.y}`;
  const hit = encPublic.get(id);
  if (hit) return hit;
  const key = (await importJWK({ kty: 'EC', crv: 'P-256', ...parts }, KEY_ALG)) as CryptoKey;
  return remember(encPublic, id, key);
}

async function encryptionPrivateKey(pair: EncryptionKeyPair): Promise<CryptoKey> {
  const parts = p256Public(pair?.privateJwk);
  const d = pair?.privateJwk?.d;
  if (!parts || typeof d !== 'string') throw new Error('not a P-256 private key');
  const hit = encPrivate.get(pair.privateJwk);
  if (hit && hit.d === d) return hit.key;
  const key = (await importJWK({ kty: 'EC', crv: 'P-256', ...parts, d }, KEY_ALG)) as CryptoKey;
  encPrivate.set(pair.privateJwk, { d, key });
  return key;
}

/**
 * Generates a P-256 key pair to receive sealed secrets. Without `kid`, the kid is the key's
 * RFC 7638 thumbprint. Needs WebCrypto (jose).
 *
 * @example
 * ```ts
 * const encKey = await generateEncryptionKeyPair('platform-enc-1');
 * const jwe = await sealSecret(encKey.publicJwk, '135790');
 * ```
 */
export async function generateEncryptionKeyPair(kid?: string): Promise<EncryptionKeyPair> {
  requireSubtle();
  const { privateKey } = await generateKeyPair(KEY_ALG, { crv: 'P-256', extractable: true });
  const exported = await exportJWK(privateKey);
  const publicJwk: JWK = {
    kty: 'EC',
    crv: 'P-256',
    x: exported.x as string,
    y: exported.y as string,
    kid: '',
    alg: KEY_ALG,
    use: 'enc',
  };
  publicJwk.kid = kid ?? (await jwkThumbprint(publicJwk));
  const privateJwk: JWK = { ...publicJwk, d: exported.d as string };
  return { kid: publicJwk.kid, publicJwk, privateJwk };
}

/**
 * Seals a secret (e.g. the e-card password, R18) to the holder of `publicJwk`: a compact JWE
 * with `alg: 'ECDH-ES+A256KW'`, `enc: 'A256GCM'` and the key's `kid` in the protected header.
 *
 * `aad` binds the secret to a context (e.g. `'changePassword:<signNo>:<requestId>'`): it goes
 * into the protected header as `ctx`, which A256GCM authenticates, and {@link openSecret}
 * refuses the JWE unless the opener names the same context. It is not secret.
 *
 * @example
 * ```ts
 * const sealed = await sealSecret(platformEncJwk, password, `apply:${channelId}`);
 * ```
 */
export async function sealSecret(publicJwk: JWK, secret: string, aad?: string): Promise<string> {
  if (typeof secret !== 'string') throw validation('secret', 'must be a string');
  if (aad !== undefined && typeof aad !== 'string') throw validation('aad', 'must be a string');
  const key = await encryptionPublicKey(publicJwk);
  const header: CompactJWEHeaderParameters = { alg: KEY_ALG, enc: CONTENT_ALG };
  if (typeof publicJwk.kid === 'string') header.kid = publicJwk.kid;
  if (aad !== undefined) header.ctx = aad;
  try {
    return await new CompactEncrypt(utf8(secret)).setProtectedHeader(header).encrypt(key);
  } catch {
    // No cause attached: nothing derived from the secret may leave this function.
    throw validation('publicJwk', 'sealing failed', 'The secret could not be sealed to this key.');
  }
}

/** Options of {@link openSecret}. */
export interface OpenSecretOptions {
  /** The context the secret was sealed with (`aad` of {@link sealSecret}); must match exactly. */
  aad?: string;
}

/**
 * Opens a secret sealed with {@link sealSecret}. Throws `EsscError('VALIDATION_FAILED')` on
 * anything that is not a JWE sealed to this key with the expected context; the message and
 * details never contain the input, the secret, or a cause.
 *
 * @example
 * ```ts
 * const password = await openSecret(platformEncKey, request.sealedPassword, { aad: `apply:${channelId}` });
 * ```
 */
export async function openSecret(
  key: EncryptionKeyPair,
  jwe: string,
  options: OpenSecretOptions = {},
): Promise<string> {
  const refused = () =>
    validation('jwe', 'not a secret sealed to this key', 'The sealed secret could not be opened.');
  if (typeof jwe !== 'string' || jwe.length > MAX_JWE_LENGTH || jwe.split('.').length !== 5) {
    throw refused();
  }
  let opened: Awaited<ReturnType<typeof compactDecrypt>>;
  try {
    opened = await compactDecrypt(jwe, await encryptionPrivateKey(key), {
      keyManagementAlgorithms: [KEY_ALG],
      contentEncryptionAlgorithms: [CONTENT_ALG],
    });
  } catch {
    throw refused();
  }
  const { protectedHeader, plaintext } = opened;
  if (protectedHeader.kid !== undefined && protectedHeader.kid !== key.kid) throw refused();
  if ((protectedHeader as { ctx?: unknown }).ctx !== options.aad) throw refused();
  try {
    return strictDecoder.decode(plaintext);
  } catch {
    throw refused();
  }
}

// ---------------------------------------------------------------------------------------------
// Password hashing (PBKDF2-SHA256)
// ---------------------------------------------------------------------------------------------

/**
 * Default PBKDF2 iterations. A 6-digit password has only 10⁶ values, so no KDF cost makes a
 * stolen hash safe; the real protection is the 5-attempt lock (R11) and keeping hashes
 * private. The cost only slows bulk attacks, and must stay cheap enough for test suites that
 * verify passwords hundreds of times (the mock may pass a lower `iterations`).
 */
export const DEFAULT_PBKDF2_ITERATIONS = 100_000;
/** Upper bound accepted from a stored hash, so a corrupted record cannot stall the process. */
const MAX_PBKDF2_ITERATIONS = 10_000_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
const PBKDF2_PREFIX = 'pbkdf2-sha256';

async function pbkdf2(
  password: string,
  salt: Uint8Array,
  iterations: number,
  length: number,
): Promise<Uint8Array> {
  const secret = utf8(password);
  if (activeBackend() === 'node') {
    const node = requireNode();
    return await new Promise<Uint8Array>((resolve, reject) => {
      node.pbkdf2(secret, salt, iterations, length, 'sha256', (err, key) => {
        if (err) reject(err);
        else resolve(new Uint8Array(key));
      });
    });
  }
  const subtle = requireSubtle();
  const base = await subtle.importKey('raw', bufferSource(secret), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: bufferSource(salt), iterations },
    base,
    length * 8,
  );
  return new Uint8Array(bits);
}

/**
 * Hashes a password for storage: PBKDF2-SHA256 with a 16-byte random salt, encoded as
 * `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>`.
 *
 * @example
 * ```ts
 * const stored = await hashPassword('135790');                    // 100 000 iterations
 * const fast = await hashPassword('135790', { iterations: 1000 }); // tests, mock platform
 * ```
 */
export async function hashPassword(
  password: string,
  options: { iterations?: number } = {},
): Promise<string> {
  if (typeof password !== 'string') throw validation('password', 'must be a string');
  const iterations = options.iterations ?? DEFAULT_PBKDF2_ITERATIONS;
  if (!Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_PBKDF2_ITERATIONS) {
    throw validation('iterations', `must be an integer from 1 to ${MAX_PBKDF2_ITERATIONS}`);
  }
  const salt = randomBytes(SALT_BYTES);
  const hash = await pbkdf2(password, salt, iterations, HASH_BYTES);
  return `${PBKDF2_PREFIX}$${iterations}$${b64Encode(salt)}$${b64Encode(hash)}`;
}

/**
 * Checks a password against a {@link hashPassword} string, comparing in constant time.
 * Returns `false` (never throws) for a wrong password or a malformed stored string.
 *
 * @example
 * ```ts
 * if (!(await verifyPasswordHash(password, card.passwordHash))) countFailure();
 * ```
 */
export async function verifyPasswordHash(password: string, encoded: string): Promise<boolean> {
  if (typeof password !== 'string' || typeof encoded !== 'string' || encoded.length > 512)
    return false;
  const parts = encoded.split('$');
  if (parts.length !== 4 || parts[0] !== PBKDF2_PREFIX) return false;
  const [, iterText, saltText, hashText] = parts as [string, string, string, string];
  if (!/^[1-9][0-9]{0,7}$/.test(iterText)) return false;
  const iterations = Number(iterText);
  if (iterations > MAX_PBKDF2_ITERATIONS) return false;
  let salt: Uint8Array;
  let expected: Uint8Array;
  try {
    salt = b64Decode(saltText);
    expected = b64Decode(hashText);
  } catch {
    return false;
  }
  if (salt.length < 8 || expected.length < 16 || expected.length > 64) return false;
  const actual = await pbkdf2(password, salt, iterations, expected.length);
  return constantTimeEqual(actual, expected);
}

/**
 * Which primitive provider is in use here: `'node'` (`node:crypto`) or `'web'` (WebCrypto).
 * Throws `UNSUPPORTED_RUNTIME` when neither exists.
 *
 * @example
 * ```ts
 * console.log(`crypto backend: ${cryptoBackend()}`);
 * ```
 */
export function cryptoBackend(): 'node' | 'web' {
  return activeBackend();
}
