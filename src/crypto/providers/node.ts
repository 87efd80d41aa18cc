/**
 * Private: the `node:crypto` provider, preferred wherever Node is: Ed25519 there is about
 * 2–3× faster than WebCrypto (docs/performance.md), and it signs without a promise, which the QR hot
 * path uses (`signNow`). `node:crypto` is reached through `process.getBuiltinModule`
 * (Node ≥ 20.16) instead of a static import, so that bundlers for browsers never see the
 * specifier.
 *
 * @internal
 */
import type * as NodeCryptoModule from 'node:crypto';
import type { JWK } from 'jose';
import { privateKeyParts, publicKeyParts, type SignatureAlgorithm } from '../jwk.js';
import type { CryptoProvider, DigestAlgorithm } from '../provider.js';
import { exportedParts, ImportedKeys } from './key-cache.js';
import { createNodeJwe } from './node-jwe.js';

type NodeCrypto = typeof NodeCryptoModule;
type KeyObject = NodeCryptoModule.KeyObject;

// SM3 is OpenSSL's, correct (GB/T 32905 vectors, test/crypto/sm.test.ts); SM2 is not done here
// (Node's `sign('sm3', …)` is ECDSA on the SM2 curve): `providers/sm.ts` does it.
const NODE_DIGESTS: Readonly<Record<DigestAlgorithm, string>> = {
  'SHA-256': 'sha256',
  SM3: 'sm3',
};

let lookedUp = false;
let instance: CryptoProvider | undefined;

/** The provider, or `undefined` when this runtime has no `node:crypto`. Looked up once. */
export function nodeProvider(): CryptoProvider | undefined {
  if (!lookedUp) {
    lookedUp = true;
    const node = lookUpNodeCrypto();
    instance = node ? createNodeProvider(node) : undefined;
  }
  return instance;
}

function lookUpNodeCrypto(): NodeCrypto | undefined {
  try {
    const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
      .process;
    const mod = proc?.getBuiltinModule?.('node:crypto') as NodeCrypto | undefined;
    // A partial polyfill (some bundlers stub `process`) must not be mistaken for Node.
    return typeof mod?.sign === 'function' && typeof mod.createPrivateKey === 'function'
      ? mod
      : undefined;
  } catch {
    return undefined;
  }
}

function createNodeProvider(node: NodeCrypto): CryptoProvider {
  const keys = new ImportedKeys<KeyObject>();
  const jwe = createNodeJwe(node);

  function publicKey(alg: SignatureAlgorithm, jwk: JWK): KeyObject | undefined {
    // Hot path (every QR verified): a key imported before is found by its material, undecoded.
    const id = keys.publicId(alg, jwk);
    if (id === undefined) return undefined;
    const hit = keys.publicKey(alg, id);
    if (hit) return hit;
    const parts = publicKeyParts(alg, jwk);
    if (!parts) return undefined;
    return keys.rememberPublic(alg, id, node.createPublicKey({ key: { ...parts }, format: 'jwk' }));
  }

  function privateKey(alg: SignatureAlgorithm, jwk: JWK): KeyObject {
    // Hot path (every QR issued): a hit compares a few strings, no decoding or validation.
    const hit = keys.privateKey(alg, jwk);
    if (hit) return hit;
    const parts = privateKeyParts(alg, jwk);
    if (!parts) throw new Error(`not an ${alg} private key`);
    return keys.rememberPrivate(
      alg,
      jwk,
      node.createPrivateKey({ key: { ...parts }, format: 'jwk' }),
    );
  }

  function signNow(alg: SignatureAlgorithm, jwk: JWK, data: Uint8Array): Uint8Array {
    const key = privateKey(alg, jwk);
    // ES256 as JWS wants it: raw r‖s (RFC 7518 §3.4), not DER.
    return alg === 'EdDSA'
      ? node.sign(null, data, key)
      : node.sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' });
  }

  function verifyNow(
    alg: SignatureAlgorithm,
    jwk: JWK,
    data: Uint8Array,
    signature: Uint8Array,
  ): boolean {
    const key = publicKey(alg, jwk);
    if (!key) return false;
    return alg === 'EdDSA'
      ? node.verify(null, data, key, signature)
      : node.verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  }

  return {
    name: 'node',
    fillRandom(out) {
      node.randomFillSync(out);
    },
    async digest(alg, data) {
      // Copied: Node's small Buffers are views into a shared pool.
      return new Uint8Array(node.createHash(NODE_DIGESTS[alg]).update(data).digest());
    },
    async hmac(alg, key, message) {
      return new Uint8Array(node.createHmac(NODE_DIGESTS[alg], key).update(message).digest());
    },
    async generateSigningKey(alg) {
      if (alg === 'SM2') throw new Error('SM2 keys are made by the sm provider');
      const { privateKey: generated } =
        alg === 'EdDSA'
          ? node.generateKeyPairSync('ed25519')
          : node.generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return exportedParts(generated.export({ format: 'jwk' }));
    },
    async sign(alg, jwk, data) {
      return new Uint8Array(signNow(alg, jwk, data));
    },
    signNow,
    async verify(alg, jwk, data, signature) {
      return verifyNow(alg, jwk, data, signature);
    },
    verifyNow,
    async generateSealingKey() {
      const { privateKey: generated } = node.generateKeyPairSync('ec', { namedCurve: 'P-256' });
      return exportedParts(generated.export({ format: 'jwk' }));
    },
    // Sealed secrets in node:crypto too (providers/node-jwe.ts: jose's format, a fraction of
    // its time over WebCrypto).
    seal: jwe.seal,
    open: jwe.open,
    derivePasswordKey(alg, password, salt, iterations, length) {
      return new Promise<Uint8Array>((resolve, reject) => {
        node.pbkdf2(password, salt, iterations, length, NODE_DIGESTS[alg], (err, key) => {
          if (err) reject(err);
          else resolve(new Uint8Array(key));
        });
      });
    },
  };
}
