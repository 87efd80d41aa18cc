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

/** The block size of SHA-256 and SM3, the digests HMAC runs over here. */
const HMAC_BLOCK = 64;
/** Messages up to this length are MACed in a scratch buffer (card references: 29 bytes). */
const HMAC_SCRATCH_MESSAGE = 192;

type OneShotHash = (algorithm: string, data: Uint8Array, outputEncoding: 'buffer') => Uint8Array;

/** A key's padded blocks for one digest, and the key they were made from. */
interface KeyPads {
  digest: string;
  key: Uint8Array;
  inner: Uint8Array;
  outer: Uint8Array;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

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

  /**
   * HMAC (RFC 2104) as two one-shot hashes over the key's padded blocks, kept per key: no
   * `Hmac` object per call (each is a native object the garbage collector must finalise), and
   * the key is padded once. Same bytes as `createHmac` (test/crypto/hmac-now.test.ts). Where
   * `crypto.hash` is missing (Node < 20.12) or the message is long, `createHmac`.
   */
  const oneShot = (node as { hash?: OneShotHash }).hash;
  const pads = new WeakMap<Uint8Array, KeyPads>();
  const scratch = new Uint8Array(HMAC_BLOCK + HMAC_SCRATCH_MESSAGE);
  function hmacNow(digest: string, key: Uint8Array, message: Uint8Array): Uint8Array {
    if (typeof oneShot !== 'function' || message.length > HMAC_SCRATCH_MESSAGE) {
      return new Uint8Array(node.createHmac(digest, key).update(message).digest());
    }
    let kept = pads.get(key);
    if (kept === undefined || kept.digest !== digest || !sameBytes(kept.key, key)) {
      kept = padsOf(digest, key);
      pads.set(key, kept);
    }
    scratch.set(kept.inner);
    scratch.set(message, HMAC_BLOCK);
    const inner = oneShot(digest, scratch.subarray(0, HMAC_BLOCK + message.length), 'buffer');
    scratch.set(kept.outer);
    scratch.set(inner, HMAC_BLOCK);
    const mac = new Uint8Array(
      oneShot(digest, scratch.subarray(0, HMAC_BLOCK + inner.length), 'buffer'),
    );
    // The pads are the key XOR 0x36 / 0x5c: nothing of them (or the message) stays in the
    // module's buffer.
    scratch.fill(0, 0, HMAC_BLOCK + Math.max(message.length, inner.length));
    return mac;
  }

  function padsOf(digest: string, key: Uint8Array): KeyPads {
    // A key longer than the block is hashed first (RFC 2104 §2).
    const block = new Uint8Array(HMAC_BLOCK);
    block.set(key.length > HMAC_BLOCK ? node.createHash(digest).update(key).digest() : key);
    const inner = block.map((b) => b ^ 0x36);
    const outer = block.map((b) => b ^ 0x5c);
    return { digest, key: key.slice(), inner, outer };
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
    hmacNow: (alg, key, message) => hmacNow(NODE_DIGESTS[alg], key, message),
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
