import {
  type EncryptionKeyPair,
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  type JWK,
  openSecret,
  publicJwks,
  type SigningKeyPair,
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
 * Makes a fresh set of platform keys, to keep and hand to several platform instances.
 *
 * @example
 * ```ts
 * const keys = await generatePlatformKeys();
 * const platform = new MockPlatform({ keys });
 * ```
 */
export async function generatePlatformKeys(): Promise<PlatformKeys> {
  const [signing, encryption] = await Promise.all([
    generateSigningKeyPair(),
    generateEncryptionKeyPair(),
  ]);
  return { signing, encryption };
}

/**
 * The platform's keys in use (R19): the signing keys with their rotation and JWKS, and the
 * encryption key that sealed secrets are opened with. Nothing else in the engine touches a
 * private key.
 */
export class PlatformKeyring {
  private signingKeys: Promise<SigningKeyPair[]>;
  private readonly encryptionKey: Promise<EncryptionKeyPair>;

  constructor(keys: PlatformKeys | undefined) {
    // Keys are made per instance unless given; WebCrypto is async, so every use awaits them.
    this.signingKeys = keys
      ? Promise.resolve([keys.signing])
      : generateSigningKeyPair().then((key) => [key]);
    this.encryptionKey = keys ? Promise.resolve(keys.encryption) : generateEncryptionKeyPair();
    // Avoid an unhandled rejection before first use in runtimes without WebCrypto;
    // the error surfaces on the first call that needs the keys.
    this.signingKeys.catch(() => undefined);
    this.encryptionKey.catch(() => undefined);
  }

  /** The current signing key (the first of the list). */
  async currentSigningKey(): Promise<SigningKeyPair> {
    const keys = await this.signingKeys;
    return keys[0]!;
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
    const [next, current] = await Promise.all([generateSigningKeyPair(), this.signingKeys]);
    this.signingKeys = Promise.resolve([next, ...current.slice(0, 1)]);
    return next.kid;
  }

  /** Opens a secret sealed for this channel's request (its JWE context names the channel). */
  async open(sealed: SealedSecret, field: string, channelId: string): Promise<string> {
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
