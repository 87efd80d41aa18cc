/**
 * Private: the seam between the crypto operations and the code that performs the primitives.
 *
 * Every operation file (`random.ts`, `digest.ts`, `hmac.ts`, `signing-keys.ts`, `jws.ts`,
 * `jwt.ts`, `seal.ts`, `password-hash.ts`) reaches the primitives only through
 * {@link activeProvider}; none knows which provider it got. Two implement the interface, one
 * file each: `providers/node.ts` (`node:crypto`, about 2–3× faster than WebCrypto for Ed25519
 * on Node, docs/performance.md) and `providers/web.ts` (WebCrypto, everywhere else). The choice is
 * made once, by feature detection, on first use.
 *
 * The national algorithms (R34) are one more file, not a branch in every function:
 * `providers/sm.ts` implements the same interface for `'SM2'` signatures (JWK
 * `{ kty: 'EC', crv: 'SM2' }`, 64-byte r‖s over SM3 with the default user id — not Node's
 * `sign('sm3', …)`, which is ECDSA), `'SM3'` digests, HMAC-SM3 (`hmacWithDigest` over SM3)
 * and SM2/SM4 sealing, delegating the rest to the runtime provider it wraps. The operation
 * files ask {@link providerFor} with the algorithm the key or the suite names, so one process
 * serves platforms of both suites (the tests run both side by side).
 *
 * @internal
 */
import type { JWK } from 'jose';
import { EsscError } from '../domain/errors.js';
import type { PrivateKeyParts, SignatureAlgorithm } from './jwk.js';
import { nodeProvider } from './providers/node.js';
import { createSmProvider } from './providers/sm.js';
import { webProvider } from './providers/web.js';

export type { SignatureAlgorithm } from './jwk.js';

/** Which provider performs the primitives. */
export type CryptoBackend = 'node' | 'web';

/** Digests the providers compute: the jose suite's SHA-256, the national suite's SM3. */
export type DigestAlgorithm = 'SHA-256' | 'SM3';

/**
 * A platform's crypto suite (R34): `'jose'` (EdDSA/ES256, ECDH-ES+A256KW/A256GCM, SHA-256) or
 * `'sm'` (SM2 signatures and sealing with SM4, SM3 digests and HMAC-SM3).
 *
 * @example
 * ```ts
 * const suite: CryptoSuite = 'sm';
 * const platform = new MockPlatform({ suite });
 * ```
 */
export type CryptoSuite = 'jose' | 'sm';

/** Protected header members of a sealed secret that the caller sets. */
export interface SealHeader {
  /** The recipient key's id. */
  kid?: string;
  /** The context the secret is bound to (authenticated, not secret). */
  ctx?: string;
}

/**
 * The primitives. Keys travel as JWKs: each provider imports them once and caches the
 * imported form (by key material for public keys, by JWK object for private ones, re-imported
 * when the object's material changes). Methods throw on bad input; the operation files turn
 * every failure into their documented result (`false`, `undefined`, `VALIDATION_FAILED`).
 */
export interface CryptoProvider {
  readonly name: CryptoBackend;
  /** Fills `out` with cryptographically random bytes. */
  fillRandom(out: Uint8Array<ArrayBuffer>): void;
  digest(alg: DigestAlgorithm, data: Uint8Array): Promise<Uint8Array>;
  /** HMAC (RFC 2104) over `alg`; any key length, the empty key included. */
  hmac(alg: DigestAlgorithm, key: Uint8Array, message: Uint8Array): Promise<Uint8Array>;
  /**
   * Optional capability: {@link CryptoProvider.hmac} without a promise, where the runtime
   * computes it synchronously. The acceptor's card reference (every QR verified) uses it.
   */
  hmacNow?(alg: DigestAlgorithm, key: Uint8Array, message: Uint8Array): Uint8Array;
  /** A fresh key pair for `alg`, as private JWK parts (`d` and the public coordinates). */
  generateSigningKey(alg: SignatureAlgorithm): Promise<PrivateKeyParts>;
  /** The raw signature (Ed25519: 64 bytes; ES256: r‖s, 64 bytes) of `data`. */
  sign(alg: SignatureAlgorithm, privateJwk: JWK, data: Uint8Array): Promise<Uint8Array>;
  /**
   * Optional capability: {@link CryptoProvider.sign} without a promise, where the runtime signs
   * synchronously. The result may be a view into a pooled buffer. The QR hot path uses it.
   */
  signNow?(alg: SignatureAlgorithm, privateJwk: JWK, data: Uint8Array): Uint8Array;
  verify(
    alg: SignatureAlgorithm,
    publicJwk: JWK,
    data: Uint8Array,
    signature: Uint8Array,
  ): Promise<boolean>;
  /** Optional capability: {@link CryptoProvider.verify} without a promise. */
  verifyNow?(
    alg: SignatureAlgorithm,
    publicJwk: JWK,
    data: Uint8Array,
    signature: Uint8Array,
  ): boolean;
  /** A fresh key pair to receive sealed secrets, as private JWK parts. */
  generateSealingKey(): Promise<PrivateKeyParts>;
  /**
   * Seals `plaintext` to `publicJwk` as a compact JWE. Throws `VALIDATION_FAILED` for a key of
   * another kind; any other failure as an error that carries nothing of the plaintext.
   */
  seal(publicJwk: JWK, plaintext: Uint8Array, header: SealHeader): Promise<string>;
  /** Opens a compact JWE sealed to `privateJwk`: its protected header and plaintext. */
  open(
    privateJwk: JWK,
    sealed: string,
  ): Promise<{ header: Record<string, unknown>; plaintext: Uint8Array }>;
  /** PBKDF2 over HMAC-`alg`: `length` bytes derived from the password. */
  derivePasswordKey(
    alg: DigestAlgorithm,
    password: Uint8Array,
    salt: Uint8Array,
    iterations: number,
    length: number,
  ): Promise<Uint8Array>;
}

const providers: Readonly<Record<CryptoBackend, () => CryptoProvider | undefined>> = {
  node: nodeProvider,
  web: webProvider,
};

let forced: CryptoBackend | undefined;
let current: CryptoProvider | undefined;

/**
 * Forces a provider (tests compare both on Node); `undefined` restores auto-selection.
 *
 * @internal
 */
export function _setBackend(backend: CryptoBackend | undefined): void {
  forced = backend;
  current = undefined;
}

/** The provider in use, chosen once; throws `UNSUPPORTED_RUNTIME` when there is none. */
export function activeProvider(): CryptoProvider {
  return current ?? select();
}

let sm: CryptoProvider | undefined;

/** The provider for `alg`: the national one for SM2 and SM3, else {@link activeProvider}. */
export function providerFor(
  alg: SignatureAlgorithm | DigestAlgorithm | CryptoSuite,
): CryptoProvider {
  if (alg === 'SM2' || alg === 'SM3' || alg === 'sm') {
    sm ??= createSmProvider(activeProvider);
    return sm;
  }
  return activeProvider();
}

function select(): CryptoProvider {
  const order: CryptoBackend[] = forced ? [forced] : ['node', 'web'];
  for (const name of order) {
    const provider = providers[name]();
    if (provider) {
      current = provider;
      return provider;
    }
  }
  throw new EsscError(
    'UNSUPPORTED_RUNTIME',
    forced
      ? `The forced crypto backend "${forced}" is not available in this runtime.`
      : 'Neither node:crypto nor WebCrypto (crypto.subtle) is available in this runtime.',
  );
}

/**
 * Which primitive provider is in use here: `'node'` (`node:crypto`) or `'web'` (WebCrypto).
 * Throws `UNSUPPORTED_RUNTIME` when neither exists.
 */
export function cryptoBackend(): CryptoBackend {
  return activeProvider().name;
}
