/**
 * Compact JWS (RFC 7515) over bytes, by platform keys and by JWK keys (channel and portal
 * request signatures): EdDSA (Ed25519) or ES256 (P-256) under the jose suite, SM2 (64-byte
 * r‖s over SM3 with the default user id) under the national one (R34).
 *
 * Why not jose's `CompactSign`/`compactVerify`: signing and verifying here go through the
 * provider seam instead, for two reasons. Speed — every HTTP request carries one signature
 * each way, and the sandbox and the client verify them (bench/http.ts counts all four in its
 * crypto-bound limit); jose runs on WebCrypto, which on Node reaches only 0.37–0.58× of
 * `node:crypto` (docs/performance.md). And reach — the national suite signs
 * with SM2 (R34), which jose does not implement, while a provider can. The parsing follows
 * jose's rules for a compact JWS (three parts, a JSON object header, `alg` the key's, no
 * `crit`, no `b64`), and test/crypto checks that jose accepts what is signed here.
 */
import type { JWK } from 'jose';
import { isEsscError } from '../domain/errors.js';
import { jwkThumbprint } from './digest.js';
import { base64urlDecode, base64urlEncode, parseJsonObject, utf8 } from './encoding.js';
import { validation } from './errors.js';
import { SIGNING_CURVES, type SignatureAlgorithm } from './jwk.js';
import { providerFor } from './provider.js';
import { type SigningKeyPair, signBytes } from './signing-keys.js';

/** No JWS or JWT this SDK handles comes near this; longer input is refused unread. @internal */
export const MAX_JWS_LENGTH = 16_384;

/**
 * The JWS algorithms of the keys this module signs and verifies compact JWS with: `EdDSA`
 * (Ed25519), `ES256` (P-256) or `SM2` (JWK `{ kty: 'EC', crv: 'SM2' }`).
 */
export type JwsAlgorithm = SignatureAlgorithm;

/**
 * The protected header members a caller of {@link signCompactJws} may set; `alg` always
 * follows the key, so a signer can never be talked into another algorithm.
 */
export interface CompactJwsHeader {
  /** The `typ` header, e.g. `'essc-req+jws'`. Omitted when not given. */
  typ?: string;
  /** The key id; defaults to the key's own `kid`. */
  kid?: string;
}

const ALGORITHMS = Object.keys(SIGNING_CURVES) as JwsAlgorithm[];

/**
 * The JWS algorithm of an Ed25519 (`EdDSA`), P-256 (`ES256`) or SM2 (`SM2`) JWK, or `undefined` for any
 * other key — and for a key whose own `alg` says otherwise, so a verifier never runs the
 * registered key under another algorithm.
 */
export function jwsAlgorithm(jwk: JWK): JwsAlgorithm | undefined {
  const alg = ALGORITHMS.find(
    (a) => jwk?.kty === SIGNING_CURVES[a].kty && jwk.crv === SIGNING_CURVES[a].crv,
  );
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
 */
export async function generateJwsKeyPair(
  alg: JwsAlgorithm = 'EdDSA',
): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  if (!ALGORITHMS.includes(alg)) throw validation('alg', 'must be EdDSA, ES256 or SM2');
  const { d, ...publicPart } = await providerFor(alg).generateSigningKey(alg);
  const kid = await jwkThumbprint(publicPart);
  const publicJwk: JWK = { ...publicPart, kid, alg, use: 'sig' };
  return { publicJwk, privateJwk: { ...publicJwk, d } };
}

function isSigningKeyPair(key: SigningKeyPair | JWK): key is SigningKeyPair {
  return typeof key === 'object' && key !== null && 'privateJwk' in key;
}

/**
 * Signs bytes into a compact JWS (RFC 7515): with a platform {@link SigningKeyPair} (EdDSA or
 * SM2, through {@link signBytes}'s fast path) or with a private JWK (Ed25519 → EdDSA, P-256 →
 * ES256, SM2 → SM2). The header is `{ alg, kid?, typ? }`, `alg` taken from the key and `kid` from the
 * key unless `header.kid` is given. A key that is neither fails with `VALIDATION_FAILED`.
 */
export async function signCompactJws(
  key: SigningKeyPair | JWK,
  payload: Uint8Array,
  header: CompactJwsHeader = {},
): Promise<string> {
  if (!(payload instanceof Uint8Array)) throw validation('payload', 'must be a Uint8Array');
  if (isSigningKeyPair(key)) {
    const kid = header.kid ?? key.kid;
    const encoded = encodedHeader('pair', key.alg, kid, header.typ, () => {
      const protectedHeader: Record<string, unknown> = { alg: key.alg, kid };
      if (header.typ !== undefined) protectedHeader.typ = header.typ;
      return protectedHeader;
    });
    const signingInput = `${encoded}.${base64urlEncode(payload)}`;
    const signature = await signBytes(key, utf8(signingInput));
    return `${signingInput}.${base64urlEncode(signature)}`;
  }
  const alg = jwsAlgorithm(key);
  const notAKey = () => validation('key', 'not an Ed25519, P-256 or SM2 private JWK');
  if (!alg || typeof key.d !== 'string') throw notAKey();
  const kid = header.kid ?? (typeof key.kid === 'string' ? key.kid : undefined);
  const encoded = encodedHeader('jwk', alg, kid, header.typ, () => {
    // Members in the order jose's CompactSign writes them.
    const protectedHeader: Record<string, unknown> = { alg };
    if (header.typ !== undefined) protectedHeader.typ = header.typ;
    if (kid !== undefined) protectedHeader.kid = kid;
    return protectedHeader;
  });
  const signingInput = `${encoded}.${base64urlEncode(payload)}`;
  const provider = providerFor(alg);
  let signature: Uint8Array;
  try {
    signature = provider.signNow
      ? provider.signNow(alg, key, utf8(signingInput))
      : await provider.sign(alg, key, utf8(signingInput));
  } catch (error) {
    throw isEsscError(error) ? error : notAKey();
  }
  return `${signingInput}.${base64urlEncode(signature)}`;
}

/** How many protected headers are kept each way (a signer uses one or two; more are read afresh). */
const KEPT_HEADERS = 32;
/** Protected headers signed lately, base64url-encoded, by `alg`, `kid` and `typ`. */
const encodedHeaders = new Map<string, string>();
/** Protected headers verified lately, by their base64url text (only headers of plain values). */
const readHeaders = new Map<string, Readonly<Record<string, unknown>>>();

/**
 * The base64url text of a protected header, made once per key form, `alg`, `kid` and `typ`
 * (which name the header whole: a key pair and a private JWK write the members in different
 * orders, so the form is part of the id): every request and answer is signed under one of a
 * few headers.
 */
function encodedHeader(
  form: 'pair' | 'jwk',
  alg: string,
  kid: string | undefined,
  typ: string | undefined,
  header: () => Record<string, unknown>,
): string {
  // Length-prefixed, so no two (kid, typ) pairs, given or not, share an id.
  const id = `${form}|${kid === undefined ? '' : `${kid.length}:${kid}`}|${typ === undefined ? '' : `${typ.length}:${typ}`}|${alg}`;
  let text = encodedHeaders.get(id);
  if (text === undefined) {
    text = base64urlEncode(utf8(JSON.stringify(header())));
    if (encodedHeaders.size >= KEPT_HEADERS) encodedHeaders.clear();
    encodedHeaders.set(id, text);
  }
  return text;
}

/**
 * A protected header's members (`parseJsonObject`), read once per distinct text: a caller signs
 * every request under the same header. Each call gets its own copy; a header with an object or
 * array member (none this SDK writes) is read afresh every time.
 */
function readProtectedHeader(part: string): Record<string, unknown> | undefined {
  const known = readHeaders.get(part);
  if (known !== undefined) return { ...known };
  const header = parseJsonObject(part);
  if (
    header !== undefined &&
    part.length <= 512 &&
    Object.values(header).every((value) => typeof value !== 'object' || value === null)
  ) {
    if (readHeaders.size >= KEPT_HEADERS) readHeaders.clear();
    readHeaders.set(part, { ...header });
  }
  return header;
}

/** Options of {@link verifyCompactJws}. */
export interface VerifyCompactJwsOptions {
  /** The `typ` the header must carry. */
  typ?: string;
  /** The longest JWS accepted, characters (default 16 KB; a status list is larger, R41). */
  maxLength?: number;
}

/**
 * Verifies a compact JWS with one public JWK (Ed25519, P-256 or SM2; the algorithm follows the
 * key). Returns the protected header and the payload bytes, or `undefined` — never throws —
 * for any failure: malformed, another key, another algorithm, another `typ`, over 16 KB.
 */
export async function verifyCompactJws(
  publicJwk: JWK,
  jws: string,
  options: VerifyCompactJwsOptions = {},
): Promise<{ header: Record<string, unknown>; payload: Uint8Array } | undefined> {
  try {
    if (typeof jws !== 'string' || jws.length > (options.maxLength ?? MAX_JWS_LENGTH)) {
      return undefined;
    }
    const alg = jwsAlgorithm(publicJwk);
    if (!alg) return undefined;
    const first = jws.indexOf('.');
    const second = jws.indexOf('.', first + 1);
    if (first <= 0 || second < 0 || jws.indexOf('.', second + 1) !== -1) return undefined;
    const header = readProtectedHeader(jws.slice(0, first));
    if (!header || header.alg !== alg || header.crit !== undefined || header.b64 !== undefined) {
      return undefined;
    }
    if (options.typ !== undefined && header.typ !== options.typ) return undefined;
    const payload = base64urlDecode(jws.slice(first + 1, second));
    const signature = base64urlDecode(jws.slice(second + 1));
    const input = utf8(jws.slice(0, second));
    const provider = providerFor(alg);
    const valid = provider.verifyNow
      ? provider.verifyNow(alg, publicJwk, input, signature)
      : await provider.verify(alg, publicJwk, input, signature);
    return valid ? { header, payload } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The protected header of a compact JWS, read WITHOUT verifying anything — to pick the key
 * (`kid`) before verifying. `undefined` for anything that is not a JWS header (never throws).
 */
export function peekJwsHeader(jws: string): Record<string, unknown> | undefined {
  if (typeof jws !== 'string' || jws.length > MAX_JWS_LENGTH) return undefined;
  const dot = jws.indexOf('.');
  if (dot <= 0) return undefined;
  return parseJsonObject(jws.slice(0, dot));
}
