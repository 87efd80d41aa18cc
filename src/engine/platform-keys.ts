import {
  type CryptoSuite,
  type EncryptionKeyPair,
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  type JWK,
  openSecret,
  publicJwks,
  type SigningKeyPair,
  suiteHmac,
} from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import { sealedSecretContext } from '../platform/protocol.js';

/** A secret sealed to the platform's encryption key (compact JWE). */
export type SealedSecret = string;

/**
 * The platform's private keys.
 *
 * @example
 * ```ts
 * const { signing, encryption }: PlatformKeys = await generatePlatformKeys();
 * ```
 */
export interface PlatformKeys {
  /** Signs QR codes, responses, assertions and notifications (published in the JWKS). */
  signing: SigningKeyPair;
  /** The key channels seal passwords and real-person proofs to. */
  encryption: EncryptionKeyPair;
}

/**
 * Makes a fresh set of platform keys of `suite` (default `'jose'`: Ed25519 and P-256; `'sm'`:
 * SM2 for both, R34), to keep and hand to several platform instances.
 *
 * @example
 * ```ts
 * const keys = await generatePlatformKeys();
 * const platform = new MockPlatform({ keys });
 * const sm = new MockPlatform({ keys: await generatePlatformKeys('sm') });
 * ```
 */
export async function generatePlatformKeys(suite: CryptoSuite = 'jose'): Promise<PlatformKeys> {
  const [signing, encryption] = await Promise.all([
    generateSigningKeyPair(undefined, suite),
    generateEncryptionKeyPair(undefined, suite),
  ]);
  return { signing, encryption };
}

/**
 * The suite of a platform: the one asked for, else the one its given keys are of (SM2 → `sm`).
 * Keys of one suite with `suite` naming the other are refused: a platform signs and seals with
 * one suite (R34).
 */
function suiteOf(keys: PlatformKeys | undefined, suite: CryptoSuite | undefined): CryptoSuite {
  const ofKeys = keys ? (keys.signing?.alg === 'SM2' ? 'sm' : 'jose') : undefined;
  const encOf = keys ? (keys.encryption?.publicJwk?.crv === 'SM2' ? 'sm' : 'jose') : undefined;
  if ((ofKeys && suite && ofKeys !== suite) || ofKeys !== encOf) {
    throw new EsscError('VALIDATION_FAILED', 'The platform keys are not of the chosen suite.', {
      details: { issues: [{ path: ['keys'], message: 'keys of another crypto suite' }] },
    });
  }
  return suite ?? ofKeys ?? 'jose';
}

/**
 * The platform's keys in use (R19): the signing keys with their rotation and JWKS, and the
 * encryption key that sealed secrets are opened with. Nothing else in the engine touches a
 * private key.
 */
export class PlatformKeyring {
  /** The crypto suite every key, signature, sealed secret and keyed digest here uses (R34). */
  readonly suite: CryptoSuite;
  private signingKeys: Promise<SigningKeyPair[]>;
  /** The settled value of `signingKeys`, once it has settled (the hot path reads it at once). */
  private signingKeysNow: SigningKeyPair[] | undefined;
  private readonly encryptionKey: Promise<EncryptionKeyPair>;

  constructor(keys: PlatformKeys | undefined, suite?: CryptoSuite) {
    this.suite = suiteOf(keys, suite);
    // Keys are made per instance unless given; WebCrypto is async, so every use awaits them.
    this.signingKeys = keys
      ? Promise.resolve([keys.signing])
      : generateSigningKeyPair(undefined, this.suite).then((key) => [key]);
    this.encryptionKey = keys
      ? Promise.resolve(keys.encryption)
      : generateEncryptionKeyPair(undefined, this.suite);
    // Avoid an unhandled rejection before first use in runtimes without WebCrypto;
    // the error surfaces on the first call that needs the keys.
    this.encryptionKey.catch(() => undefined);
    this.follow(this.signingKeys);
  }

  /** Keeps `signingKeysNow` to the latest list once it settles (a rejection surfaces on use). */
  private follow(keys: Promise<SigningKeyPair[]>): void {
    keys.then(
      (list) => {
        if (this.signingKeys === keys) this.signingKeysNow = list;
      },
      () => undefined,
    );
  }

  /** The current signing key (the first of the list). */
  async currentSigningKey(): Promise<SigningKeyPair> {
    const keys = await this.signingKeys;
    return keys[0]!;
  }

  /**
   * The current signing key at once, once the keys are ready (made, or given); before that
   * (the first moments of an instance that makes its own) `undefined`, and the caller awaits
   * {@link currentSigningKey}.
   */
  currentSigningKeyNow(): SigningKeyPair | undefined {
    return this.signingKeysNow?.[0];
  }

  /** Public keys acceptors verify with: the current key and the previous one (rotation). */
  async jwks(): Promise<{ keys: JWK[] }> {
    return publicJwks(await this.signingKeys);
  }

  /** The public JWK channels seal secrets to. */
  async encryptionPublicKey(): Promise<JWK> {
    return (await this.encryptionKey).publicJwk;
  }

  /**
   * Rotates the signing key. The previous key stays published so that codes and assertions
   * signed just before the rotation still verify; older keys are dropped.
   */
  async rotateSigningKey(): Promise<string> {
    const [next, current] = await Promise.all([
      generateSigningKeyPair(undefined, this.suite),
      this.signingKeys,
    ]);
    const rotated = [next, ...current.slice(0, 1)];
    this.signingKeys = Promise.resolve(rotated);
    this.signingKeysNow = rotated;
    return next.kid;
  }

  /** The suite's keyed digest (HMAC-SHA256, or HMAC-SM3 under `sm`) of `message`. */
  mac(key: Uint8Array, message: Uint8Array): Promise<Uint8Array> {
    return suiteHmac(this.suite, key, message);
  }

  /**
   * Secrets opened for a request still being answered: the idempotency fingerprint opens each
   * sealed field before the handler runs, and the handler (the password or proof check) would
   * open it again — an ECDH and an AES-GCM each, 1–2.5 ms (docs/performance.md). Held only
   * while that request runs ({@link openHeld}), under the exact JWE text and the channel
   * its context names.
   */
  private readonly held = new Map<SealedSecret, { channelId: string; secret: string }>();

  /** Opens a secret sealed for this channel's request (its JWE context names the channel). */
  async open(sealed: SealedSecret, field: string, channelId: string): Promise<string> {
    const held = this.held.get(sealed);
    if (held !== undefined && held.channelId === channelId) return held.secret;
    return this.decrypt(sealed, field, channelId);
  }

  /**
   * Opens `sealed` for `channelId` and keeps the secret for {@link open} until `until`
   * settles (the request that carried it has its answer); rejects as `open` does.
   */
  async openHeld(
    sealed: SealedSecret,
    field: string,
    channelId: string,
    until: Promise<unknown>,
  ): Promise<string> {
    const secret = await this.open(sealed, field, channelId);
    if (this.held.has(sealed)) return secret;
    const entry = { channelId, secret };
    this.held.set(sealed, entry);
    const release = () => {
      if (this.held.get(sealed) === entry) this.held.delete(sealed);
    };
    until.then(release, release);
    return secret;
  }

  /** The one place a sealed secret is decrypted with the platform's key. */
  private async decrypt(sealed: SealedSecret, field: string, channelId: string): Promise<string> {
    try {
      return await openSecret(await this.encryptionKey, sealed, {
        aad: sealedSecretContext(channelId),
      });
    } catch (cause) {
      throw new EsscError(
        'VALIDATION_FAILED',
        `The field "${field}" is not sealed to this platform's key.`,
        {
          details: { issues: [{ path: [field], message: 'not sealed to the platform key' }] },
          cause,
        },
      );
    }
  }
}
