/**
 * Private: the WebCrypto provider, for browsers, workers and any runtime without
 * `node:crypto`. Its signatures, digests and sealed secrets are the same as the node
 * provider's, byte for byte where the algorithm is deterministic (Ed25519), so a browser
 * acceptor verifies what a Node platform issued.
 *
 * @internal
 */
import type { JWK } from 'jose';
import { EsscError } from '../../domain/errors.js';
import {
  type PrivateKeyParts,
  privateKeyParts,
  publicKeyParts,
  type SignatureAlgorithm,
} from '../jwk.js';
import type { CryptoProvider, DigestAlgorithm } from '../provider.js';
import { joseOpen, joseSeal } from './jose-jwe.js';
import { exportedParts, ImportedKeys } from './key-cache.js';
import { hmacWithDigest } from './rfc2104.js';

/** WebCrypto's `getRandomValues` fills at most 65 536 bytes per call. */
const RANDOM_CHUNK = 65_536;

/** The WebCrypto parameters of each signature algorithm (ECDSA signatures are raw r‖s). */
const IMPORT: Readonly<Record<SignatureAlgorithm, EcKeyImportParams | Algorithm>> = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', namedCurve: 'P-256' } as EcKeyImportParams,
  // No WebCrypto implements SM2; `providerFor` sends SM2 to providers/sm.ts, so a stray call
  // here fails in WebCrypto instead of silently using another curve.
  SM2: { name: 'SM2' },
};
const SIGN: Readonly<Record<SignatureAlgorithm, EcdsaParams | Algorithm>> = {
  EdDSA: { name: 'Ed25519' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams,
  SM2: { name: 'SM2' },
};

function webCrypto(): Crypto | undefined {
  return (globalThis as { crypto?: Crypto }).crypto;
}

function subtle(): SubtleCrypto {
  const s = webCrypto()?.subtle;
  if (!s) throw new EsscError('UNSUPPORTED_RUNTIME', 'WebCrypto (crypto.subtle) is not available.');
  return s;
}

/**
 * A view WebCrypto accepts: TS types `BufferSource` as backed by a plain `ArrayBuffer`, so a
 * view over a `SharedArrayBuffer` is copied.
 */
function bufferSource(data: Uint8Array): Uint8Array<ArrayBuffer> {
  return data.buffer instanceof ArrayBuffer
    ? (data as Uint8Array<ArrayBuffer>)
    : (new Uint8Array(data) as Uint8Array<ArrayBuffer>);
}

async function exportParts(key: CryptoKey): Promise<PrivateKeyParts> {
  return exportedParts(await subtle().exportKey('jwk', key));
}

let instance: CryptoProvider | undefined;

/**
 * The provider, or `undefined` without any WebCrypto. Random values need only
 * `getRandomValues` (an insecure browser context has no `crypto.subtle`); the other
 * primitives fail with `UNSUPPORTED_RUNTIME` there.
 */
export function webProvider(): CryptoProvider | undefined {
  const c = webCrypto();
  if (typeof c?.getRandomValues !== 'function' && !c?.subtle) return undefined;
  instance ??= createWebProvider();
  return instance;
}

function createWebProvider(): CryptoProvider {
  const keys = new ImportedKeys<CryptoKey>();

  async function publicKey(alg: SignatureAlgorithm, jwk: JWK): Promise<CryptoKey | undefined> {
    const id = keys.publicId(alg, jwk);
    const hit = id === undefined ? undefined : keys.publicKey(alg, id);
    if (hit) return hit;
    const parts = publicKeyParts(alg, jwk);
    if (!parts || id === undefined) return undefined;
    const key = await subtle().importKey('jwk', { ...parts }, IMPORT[alg], false, ['verify']);
    return keys.rememberPublic(alg, id, key);
  }

  async function privateKey(alg: SignatureAlgorithm, jwk: JWK): Promise<CryptoKey> {
    const hit = keys.privateKey(alg, jwk);
    if (hit) return hit;
    const parts = privateKeyParts(alg, jwk);
    if (!parts) throw new Error(`not an ${alg} private key`);
    const key = await subtle().importKey('jwk', { ...parts }, IMPORT[alg], false, ['sign']);
    return keys.rememberPrivate(alg, jwk, key);
  }

  const digest = async (alg: DigestAlgorithm, data: Uint8Array) =>
    new Uint8Array(await subtle().digest(alg, bufferSource(data)));

  return {
    name: 'web',
    fillRandom(out) {
      const c = webCrypto();
      if (typeof c?.getRandomValues !== 'function') {
        throw new EsscError(
          'UNSUPPORTED_RUNTIME',
          'No cryptographic random source in this runtime.',
        );
      }
      for (let i = 0; i < out.length; i += RANDOM_CHUNK) {
        c.getRandomValues(out.subarray(i, Math.min(out.length, i + RANDOM_CHUNK)));
      }
    },
    digest,
    hmac(alg, key, message) {
      return hmacWithDigest((data) => digest(alg, data), key, message);
    },
    async generateSigningKey(alg) {
      const pair = (await subtle().generateKey(IMPORT[alg], true, [
        'sign',
        'verify',
      ])) as CryptoKeyPair;
      return exportParts(pair.privateKey);
    },
    async sign(alg, jwk, data) {
      const key = await privateKey(alg, jwk);
      return new Uint8Array(await subtle().sign(SIGN[alg], key, bufferSource(data)));
    },
    async verify(alg, jwk, data, signature) {
      const key = await publicKey(alg, jwk);
      if (!key) return false;
      return subtle().verify(SIGN[alg], key, bufferSource(signature), bufferSource(data));
    },
    async generateSealingKey() {
      const pair = (await subtle().generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
        'deriveBits',
      ])) as CryptoKeyPair;
      return exportParts(pair.privateKey);
    },
    seal: (jwk, plaintext, header) => {
      subtle();
      return joseSeal(jwk, plaintext, header);
    },
    open: joseOpen,
    async derivePasswordKey(alg, password, salt, iterations, length) {
      const s = subtle();
      const base = await s.importKey('raw', bufferSource(password), 'PBKDF2', false, [
        'deriveBits',
      ]);
      const bits = await s.deriveBits(
        { name: 'PBKDF2', hash: alg, salt: bufferSource(salt), iterations },
        base,
        length * 8,
      );
      return new Uint8Array(bits);
    },
  };
}
