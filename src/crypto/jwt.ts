/**
 * JWTs signed by the platform (EdDSA, or SM2 under the sm suite): login assertions, response
 * signatures, notifications.
 *
 * Why not jose's `SignJWT`/`jwtVerify`: the client verifies the platform's response signature
 * with {@link verifyJwt} on every HTTP answer (bench/http.ts), so it verifies through the
 * provider — `node:crypto` on Node, where jose's WebCrypto path costs 0.37–0.58× — and an SM2
 * suite (R34, which jose lacks) slots in below it. The tokens are the ones jose makes and
 * accepts; test/crypto checks them with jose's `jwtVerify`.
 */
import type { JWK } from 'jose';
import { base64urlDecode, base64urlEncode, parseJsonObject, utf8 } from './encoding.js';
import { validation } from './errors.js';
import { MAX_JWS_LENGTH } from './jws.js';
import { type SigningKeyPair, signBytes, verifyBytes } from './signing-keys.js';

/** The `alg` of platform-signed JWTs: EdDSA (jose suite), SM2 (sm suite). */
const PLATFORM_ALGS: ReadonlySet<unknown> = new Set(['EdDSA', 'SM2']);

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
 * Signs a JWT with the key's algorithm (EdDSA or SM2): header `{ alg, kid, typ? }`, claims plus `iss`, `aud`,
 * `iat` and `exp`. The output is the same compact JWS jose's `SignJWT` makes (jose's
 * `jwtVerify` accepts it), but signing goes through {@link signBytes} so Node uses its fast
 * path and the cached key.
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
  const header: Record<string, unknown> = { alg: key.alg, kid: key.kid };
  if (options.typ !== undefined) header.typ = options.typ;
  const payload: Record<string, unknown> = { ...claims };
  if (options.issuer !== undefined) payload.iss = options.issuer;
  if (options.audience !== undefined) payload.aud = options.audience;
  payload.iat = iat;
  payload.exp = iat + Math.floor(expiresInSeconds);
  const signingInput = `${base64urlEncode(utf8(JSON.stringify(header)))}.${base64urlEncode(utf8(JSON.stringify(payload)))}`;
  const signature = await signBytes(key, utf8(signingInput));
  return `${signingInput}.${base64urlEncode(signature)}`;
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

/**
 * The outcome of {@link verifyJwt}: the claims, or why it failed.
 */
export type VerifyJwtResult =
  | { ok: true; header: Record<string, unknown>; payload: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'signature' | 'expired' | 'claims' };

/**
 * Verifies an EdDSA or SM2 JWT (the alg must be the chosen key's) against a key set (the key is chosen by `kid`; without a `kid`
 * every key is tried) and checks `exp`, `nbf`, `aud`, `iss` and `typ`. Never throws: the result
 * says why a token failed, so callers map it to their own error code.
 */
export async function verifyJwt(
  keys: JWK[] | { keys: JWK[] },
  token: string,
  options: VerifyJwtOptions = {},
): Promise<VerifyJwtResult> {
  if (typeof token !== 'string' || token.length > MAX_JWS_LENGTH)
    return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  const header = parseJsonObject(h);
  const payload = parseJsonObject(p);
  let signature: Uint8Array;
  try {
    signature = base64urlDecode(s);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!header || !payload || !PLATFORM_ALGS.has(header.alg) || header.crit !== undefined) {
    return { ok: false, reason: 'malformed' };
  }
  const list = Array.isArray(keys) ? keys : Array.isArray(keys?.keys) ? keys.keys : [];
  const candidates =
    typeof header.kid === 'string' ? list.filter((k) => k.kid === header.kid) : list;
  // The header's alg must be the key's: an SM2 JWKS never verifies an EdDSA token, nor back.
  const ofAlg = candidates.filter((k) => (k?.crv === 'SM2' ? 'SM2' : 'EdDSA') === header.alg);
  const signingInput = utf8(`${h}.${p}`);
  let valid = false;
  for (const k of ofAlg) {
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
