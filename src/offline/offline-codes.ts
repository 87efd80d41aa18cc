/**
 * Offline codes on the phone (R39, R40): provision a credential while online, then make codes
 * with no network at all.
 */
import type { EsscClient } from '../client/client.js';
import { decode as b64Decode } from '../crypto/base64url.js';
import { EsscError } from '../domain/errors.js';
import type { OfflineCredential } from '../domain/offline.js';
import type { DynamicQr, QrPurpose, UserVerification } from '../domain/types.js';
import { invalidField } from '../domain/validation.js';
import {
  type DeviceKeyAlgorithm,
  encodeOfflineCode,
  OFFLINE_CODE_TTL_SECONDS,
  offlineCodeText,
} from '../qr/offline-codec.js';
import { generateDeviceKey, type StoredDeviceKey, signWithDeviceKey } from './device-key.js';
import { defaultRandomSource, type RandomSource } from './random.js';
import type { OfflineStorage } from './storage.js';

/** The storage key of this SDK's offline state (one JSON document). */
export const OFFLINE_STORAGE_KEY = 'essc-sdk:offline:v1';

/** One provisioned credential as kept in storage, with its device key. */
interface Entry {
  signNo: string;
  credential: Omit<OfflineCredential, 'revoked'>;
  key: StoredDeviceKey;
}

/**
 * Options of {@link createOfflineCodes}.
 */
export interface OfflineCodesOptions {
  /** The channel's client: used by `provision` only (online). `issueCode` calls nothing. */
  client: OfflineClient;
  /** Where the credentials and their private keys are kept (see {@link OfflineStorage}). */
  storage: OfflineStorage;
  /**
   * The platform's suite (R34): `'jose'` makes Ed25519 keys, `'sm'` SM2 keys. Default: read
   * from the platform's JWKS through the client's adapter when it has `jwks()`, else `'jose'`.
   */
  suite?: 'jose' | 'sm';
  /** The clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /** Random bytes (default `crypto.getRandomValues`, else `wx`/`my.getRandomValues`). */
  random?: RandomSource;
  /**
   * The phone's own check that its holder is here (R15, R18), asked before every offline
   * payment code: no password can be checked offline, so the app proves presence locally —
   * `wx.startSoterAuthentication` (fingerprint/face) in WeChat, `my.startAPVerify` or the
   * app's PIN in Alipay, WebAuthn on the web. Resolve `true` only when the holder passed it.
   * Without it, or when it answers `false` or throws, `issueCode({ purpose: 'payment' })` is
   * `PRESENCE_NOT_CONFIRMED` and makes no code. Identity codes do not ask.
   */
  confirmPayment?: () => Promise<boolean>;
}

/**
 * What offline codes need of the channel's client: an `EsscClient` fits.
 *
 * @example
 * ```ts
 * const forOffline: OfflineClient = createClient({ adapter });
 * ```
 */
export interface OfflineClient {
  /** Has the platform certify a device key (R39). */
  provisionOfflineCredential: EsscClient['provisionOfflineCredential'];
  /** The client's adapter: its `jwks()`, when it has one, tells the platform's suite. */
  adapter?: {
    /** The platform's published keys: an SM2 key means the sm suite. */
    jwks?(): Promise<{
      /** The keys, by their curve. */
      keys: {
        /** `Ed25519` or `SM2`. */
        crv?: string;
      }[];
    }>;
  };
}

/**
 * A credential as {@link OfflineCodes.credentials} lists it: what was provisioned, never the key.
 *
 * @example
 * ```ts
 * const [first]: OfflineCredentialInfo[] = await offline.credentials();
 * ```
 */
export interface OfflineCredentialInfo extends Omit<OfflineCredential, 'credential' | 'revoked'> {
  /** The e-card the credential was provisioned for. */
  signNo: string;
}

/**
 * The phone's offline codes (离线码). Create one per app with the channel's client and a
 * storage; it holds no key in memory between calls.
 *
 * @example
 * ```ts
 * const offline = createOfflineCodes({ client, storage: miniProgramStorage(wx) });
 * await offline.provision({ signNo, verification: { password } }); // online, once a week
 * const qr = await offline.issueCode({ signNo }); // in the basement, no network
 * ```
 */
export interface OfflineCodes {
  /**
   * Makes a key pair on this device, has the platform certify its public key (online, with
   * the holder's verification), and keeps the credential and the private key in storage.
   * Answers the platform's refusals as they are (`PASSWORD_INCORRECT`, `PAYMENT_NOT_ENABLED`
   * for payment below level 2, `MEMBER_FORBIDDEN` for a member's payment, …).
   *
   * @example
   * ```ts
   * await offline.provision({ signNo, verification: { password }, purposes: ['identity', 'payment'] });
   * ```
   */
  provision(input: {
    signNo: string;
    verification: UserVerification;
    purposes?: QrPurpose[];
    memberId?: string;
  }): Promise<OfflineCredential>;
  /**
   * Makes a code with no network call: the newest live credential for the card (and member)
   * that allows `purpose`, plus the time, a nonce and the purpose, signed by the device key.
   * Lives 60 s, single use. `VALIDATION_FAILED` when no live credential allows it. A payment
   * code asks `confirmPayment` first, every time: `PRESENCE_NOT_CONFIRMED` without a yes.
   *
   * @example
   * ```ts
   * const qr = await offline.issueCode({ signNo, purpose: 'payment' });
   * render(qr.text);
   * ```
   */
  issueCode(input: { signNo: string; purpose?: QrPurpose; memberId?: string }): Promise<DynamicQr>;
  /**
   * Whether a live credential would make a code (what the QR refresher asks before falling
   * back to an offline code).
   *
   * @example
   * ```ts
   * if (await offline.canIssue({ signNo })) showOfflineBadge();
   * ```
   */
  canIssue(input: { signNo: string; purpose?: QrPurpose; memberId?: string }): Promise<boolean>;
  /**
   * The credentials kept on this device that have not expired, newest first (never a key).
   *
   * @example
   * ```ts
   * for (const c of await offline.credentials()) console.log(c.purposes, c.notAfter);
   * ```
   */
  credentials(): Promise<OfflineCredentialInfo[]>;
}

/**
 * Creates the phone's offline codes over the channel's client and a storage.
 *
 * @example
 * ```ts
 * import { createOfflineCodes, createMemoryStorage } from 'essc-sdk/offline';
 * const offline = createOfflineCodes({ client, storage: createMemoryStorage() });
 * ```
 */
export function createOfflineCodes(options: OfflineCodesOptions): OfflineCodes {
  const { client, storage } = options;
  if (typeof client?.provisionOfflineCredential !== 'function') {
    throw invalid('client', 'must be an EsscClient');
  }
  if (typeof storage?.get !== 'function' || typeof storage.set !== 'function') {
    throw invalid('storage', 'must have get, set and remove');
  }
  const now = options.now ?? Date.now;
  let random: RandomSource | undefined = options.random;
  const randomSource = () => {
    random ??= defaultRandomSource();
    return random;
  };

  async function load(): Promise<Entry[]> {
    const text = await storage.get(OFFLINE_STORAGE_KEY);
    if (!text) return [];
    try {
      const parsed = JSON.parse(text) as { entries?: Entry[] };
      return Array.isArray(parsed.entries) ? parsed.entries : [];
    } catch {
      return []; // unreadable: as if nothing was provisioned
    }
  }

  async function save(entries: Entry[]): Promise<void> {
    if (entries.length === 0) await storage.remove(OFFLINE_STORAGE_KEY);
    else await storage.set(OFFLINE_STORAGE_KEY, JSON.stringify({ entries }));
  }

  const live = (e: Entry) => Date.parse(e.credential.notAfter) > now();

  /** R15, R18: a payment code only after the app's local check of the holder says yes. */
  async function confirmPresence(): Promise<void> {
    const confirm = options.confirmPayment;
    if (typeof confirm !== 'function') {
      throw new EsscError(
        'PRESENCE_NOT_CONFIRMED',
        'Offline payment codes need createOfflineCodes({ confirmPayment }): the phone’s fingerprint, face or PIN check of the holder. Show an online payment code instead.',
      );
    }
    const confirmed = await Promise.resolve()
      .then(confirm)
      .catch(() => false);
    if (confirmed !== true) {
      throw new EsscError(
        'PRESENCE_NOT_CONFIRMED',
        'The holder did not confirm this payment on the phone: ask them to confirm, or show an online payment code.',
      );
    }
  }

  async function algorithm(): Promise<DeviceKeyAlgorithm> {
    if (options.suite) return options.suite === 'sm' ? 'SM2' : 'Ed25519';
    const set = await client.adapter?.jwks?.();
    return set?.keys.some((k) => k.crv === 'SM2') ? 'SM2' : 'Ed25519';
  }

  function pick(
    entries: Entry[],
    input: { signNo: string; purpose?: QrPurpose; memberId?: string },
  ) {
    const purpose = input.purpose ?? 'identity';
    const usable = entries.filter(
      (e) =>
        e.signNo === input.signNo &&
        e.credential.memberId === input.memberId &&
        e.credential.purposes.includes(purpose) &&
        live(e),
    );
    return usable[usable.length - 1];
  }

  return {
    async provision(input) {
      const { key, publicJwk } = await generateDeviceKey(await algorithm(), randomSource());
      // The input goes on whole, with the device's public key: a field the operation does not
      // take is the client's to refuse (R32), never dropped here.
      const credential = await client.provisionOfflineCredential({
        ...input,
        publicKey: publicJwk as Parameters<
          EsscClient['provisionOfflineCredential']
        >[0]['publicKey'],
      });
      // What the platform says it revoked (R39's limit is the platform's): forget it here too.
      const { revoked, ...kept } = credential;
      const gone = new Set(revoked);
      const entries = (await load()).filter((e) => live(e) && !gone.has(e.credential.credentialId));
      entries.push({ signNo: input.signNo, credential: kept, key });
      await save(entries);
      return credential;
    },

    async issueCode(input) {
      const purpose = input.purpose ?? 'identity';
      const entry = pick(await load(), input);
      if (!entry) {
        throw new EsscError(
          'VALIDATION_FAILED',
          `No live offline credential makes ${purpose} codes for this card: provision one while online.`,
          { details: { issues: [{ path: ['signNo'], message: 'no live offline credential' }] } },
        );
      }
      if (purpose === 'payment') await confirmPresence();
      const issuedAt = Math.floor(now() / 1000);
      const expiresAt = issuedAt + OFFLINE_CODE_TTL_SECONDS;
      const source = randomSource();
      const unsigned = encodeOfflineCode(
        { purpose, issuedAt, expiresAt, nonce: await source(8) },
        b64Decode(entry.credential.credential),
      );
      const signature = await signWithDeviceKey(entry.key, unsigned, source);
      const signed = new Uint8Array(unsigned.length + signature.length);
      signed.set(unsigned);
      signed.set(signature, unsigned.length);
      return {
        text: offlineCodeText(signed),
        purpose,
        issuedAt: new Date(issuedAt * 1000).toISOString(),
        expiresAt: new Date(expiresAt * 1000).toISOString(),
      };
    },

    async canIssue(input) {
      return pick(await load(), input) !== undefined;
    },

    async credentials() {
      return (await load())
        .filter(live)
        .reverse()
        .map(({ signNo, credential: { credential: _bytes, ...info } }) => ({ signNo, ...info }));
    },
  };
}

function invalid(field: string, message: string): EsscError<'VALIDATION_FAILED'> {
  return invalidField('createOfflineCodes: ', [field], message);
}
