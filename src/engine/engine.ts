import {
  base64urlEncode,
  constantTimeEqual,
  type EncryptionKeyPair,
  generateEncryptionKeyPair,
  generateSigningKeyPair,
  hashPassword,
  hmacSha256,
  type JWK,
  openSecret,
  publicJwks,
  randomBytes,
  randomId,
  type SigningKeyPair,
  signJwt,
  verifyPasswordHash,
} from '../crypto/index.js';
import { EsscError } from '../domain/errors.js';
import { parseIdNumber } from '../domain/id-number.js';
import { maskCardNo, maskIdNumber, maskName } from '../domain/masking.js';
import { checkNewPassword } from '../domain/password-rules.js';
import { channelIdSchema } from '../domain/schemas.js';
import type {
  DynamicQr,
  ECard,
  ECardStatus,
  LoginRequest,
  LoginState,
  NotificationType,
  PhysicalCardStatus,
  PlatformNotification,
  QrPurpose,
} from '../domain/types.js';
import type { LoginSession } from '../platform/port.js';
import {
  LOGIN_ASSERTION_TTL_SECONDS,
  LOGIN_ASSERTION_TYP,
  LOGIN_QR_PREFIX,
  PLATFORM_ISSUER,
  sealedSecretContext,
} from '../platform/protocol.js';
import {
  holderInitial,
  QR_CARD_REF_BYTES,
  QR_MAX_TTL_SECONDS,
  QR_NONCE_BYTES,
  shortKeyId,
  signQr,
} from '../qr/codec.js';
import { IdempotencyStore } from './idempotency.js';
import { KeyedMutex } from './keyed-mutex.js';
import { type LoginSessionRecord, LoginSessions } from './login-sessions.js';
import type {
  BindingRecord,
  CardRecord,
  ChannelRecord,
  ECardRecord,
  PersonRecord,
  PortalRecord,
  RealPersonProofRecord,
} from './records.js';

/** A secret sealed to the platform's encryption key (compact JWE). */
export type SealedSecret = string;

/** User verification as the platform receives it: the secret sealed. */
export type SealedVerification = { password: SealedSecret } | { realPerson: SealedSecret };

/** Options of {@link PlatformEngine}. */
export interface PlatformEngineOptions {
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /**
   * PBKDF2 iterations of the password hash. The reference engine defaults to 20 000 so test
   * suites stay fast; a platform facing real users sets 600 000 (OWASP 2023).
   */
  passwordHashIterations?: number;
  /** Lifetime of a real-person proof, seconds (default 300). */
  realPersonProofTtlSeconds?: number;
  /**
   * The platform's keys, when they must outlive the instance (a sandbox restarted with the
   * JWKS its channels pinned). Made per instance when left out.
   */
  keys?: PlatformKeys;
  /** Lifetime of a dynamic QR code, seconds (default 60, R15). */
  qrTtlSeconds?: number;
  /** Lifetime of a scan-to-login session, seconds (default 120, R17). */
  loginTtlSeconds?: number;
}

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

/** Consecutive wrong passwords that lock the password (R11). */
export const MAX_PASSWORD_FAILURES = 5;

const bindingKey = (channelId: string, signNo: string) => `${channelId}\u0000${signNo}`;

const eCardStatus = (status: PhysicalCardStatus): ECardStatus =>
  status === 'normal' ? 'active' : status;

/**
 * The reference platform engine: the one place the domain rules (R1–R20) are decided. The
 * mock adapter calls it in-process and the sandbox serves it over HTTP; adapters and the
 * client only translate. Secrets arrive sealed to the engine's encryption key and are opened
 * here, never stored in plain text.
 *
 * @internal
 */
export class PlatformEngine {
  readonly now: () => number;
  private readonly passwordHashIterations: number;
  private readonly proofTtlMs: number;
  private readonly qrTtlSeconds: number;
  private readonly loginTtlMs: number;
  private readonly loginSessions: LoginSessions;
  /**
   * Keys the portal-specific subject of login assertions. A plain hash of an ID number could be
   * brute-forced back (region, birth date, three digits); a keyed one cannot.
   */
  private readonly subjectSecret = randomBytes(32);

  private readonly regions = new Map<string, { name: string }>();
  private readonly persons = new Map<string, PersonRecord>();
  private readonly cards = new Map<string, CardRecord>();
  private readonly ecards = new Map<string, ECardRecord>();
  private readonly ecardByCardNo = new Map<string, string>();
  private readonly bindings = new Map<string, BindingRecord>();
  private readonly channels = new Map<string, ChannelRecord>();
  private readonly portals = new Map<string, PortalRecord>();
  private readonly proofs = new Map<string, RealPersonProofRecord>();
  private readonly listeners = new Map<string, Set<(n: PlatformNotification) => void>>();

  private readonly mutex = new KeyedMutex();
  readonly idempotency: IdempotencyStore;

  private signingKeys: Promise<SigningKeyPair[]>;
  private readonly encryptionKey: Promise<EncryptionKeyPair>;

  constructor(options: PlatformEngineOptions = {}) {
    this.now = options.now ?? Date.now;
    this.passwordHashIterations = options.passwordHashIterations ?? 20_000;
    this.proofTtlMs = (options.realPersonProofTtlSeconds ?? 300) * 1000;
    this.qrTtlSeconds = options.qrTtlSeconds ?? 60;
    if (
      !Number.isInteger(this.qrTtlSeconds) ||
      this.qrTtlSeconds < 1 ||
      this.qrTtlSeconds > QR_MAX_TTL_SECONDS
    ) {
      throw new RangeError(`qrTtlSeconds must be a whole number from 1 to ${QR_MAX_TTL_SECONDS}.`);
    }
    this.loginTtlMs = (options.loginTtlSeconds ?? 120) * 1000;
    this.idempotency = new IdempotencyStore(this.now);
    this.loginSessions = new LoginSessions(this.now);
    // Keys are made per instance; WebCrypto is async, so every use awaits them.
    this.signingKeys = options.keys
      ? Promise.resolve([options.keys.signing])
      : generateSigningKeyPair().then((key) => [key]);
    this.encryptionKey = options.keys
      ? Promise.resolve(options.keys.encryption)
      : generateEncryptionKeyPair();
    // Avoid an unhandled rejection before first use in runtimes without WebCrypto;
    // the error surfaces on the first call that needs the keys.
    this.signingKeys.catch(() => undefined);
    this.encryptionKey.catch(() => undefined);
  }

  // ─── keys ──────────────────────────────────────────────────────────────────

  /** The current signing key (the first of the list). */
  async currentSigningKey(): Promise<SigningKeyPair> {
    const keys = await this.signingKeys;
    return keys[0]!;
  }

  /** Public keys acceptors verify with: the current key and the previous one (rotation). */
  async jwks() {
    return publicJwks(await this.signingKeys);
  }

  /** The public JWK channels seal secrets to. */
  async encryptionPublicKey() {
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

  // ─── administration (what the national platform's back office does) ────────

  enableRegion(regionCode: string, name = regionCode): void {
    this.regions.set(regionCode, { name });
  }

  isRegionEnabled(regionCode: string): boolean {
    return this.regions.has(regionCode);
  }

  addPerson(input: {
    name: string;
    idNumber: string;
    regionCode: string;
    cardStatus?: PhysicalCardStatus;
    bankAccountActive?: boolean;
    cardNo?: string;
  }): { cardNo: string } {
    const parsed = parseIdNumber(input.idNumber, this.now());
    if (!parsed.ok) {
      throw new EsscError('VALIDATION_FAILED', `The ID number is not valid (${parsed.reason}).`, {
        details: { issues: [{ path: ['idNumber'], message: parsed.reason }] },
      });
    }
    if (this.persons.has(parsed.idNumber)) {
      throw new EsscError('VALIDATION_FAILED', 'A person with this ID number already exists.', {
        details: { issues: [{ path: ['idNumber'], message: 'already exists' }] },
      });
    }
    const cardNo = input.cardNo ?? this.newCardNo();
    this.cards.set(cardNo, {
      cardNo,
      idNumber: parsed.idNumber,
      regionCode: input.regionCode,
      status: input.cardStatus ?? 'normal',
      bankAccountActive: input.bankAccountActive ?? false,
    });
    this.persons.set(parsed.idNumber, { idNumber: parsed.idNumber, name: input.name, cardNo });
    return { cardNo };
  }

  /** The card a person holds now. */
  currentCard(idNumber: string): { cardNo: string; status: PhysicalCardStatus } {
    const person = this.persons.get(idNumber);
    if (!person) throw new EsscError('CARD_NOT_FOUND', 'No person with this ID number.');
    const card = this.cards.get(person.cardNo)!;
    return { cardNo: card.cardNo, status: card.status };
  }

  /** Sets the physical card's status; the e-card follows (R3) and every bound channel is told (R13). */
  setCardStatus(cardNo: string, status: PhysicalCardStatus): void {
    const card = this.cards.get(cardNo);
    if (!card) throw new EsscError('CARD_NOT_FOUND', `No card ${maskCardNo(cardNo)}.`);
    if (card.status === status) return;
    card.status = status;
    const signNo = this.ecardByCardNo.get(cardNo);
    if (signNo) this.notifyBound(signNo, 'card.status_changed', { status: eCardStatus(status) });
  }

  setBankAccountActive(cardNo: string, active: boolean): void {
    const card = this.cards.get(cardNo);
    if (!card) throw new EsscError('CARD_NOT_FOUND', `No card ${maskCardNo(cardNo)}.`);
    card.bankAccountActive = active;
  }

  /** R14: the old card is cancelled, a new one issued; the e-card of the old card stays cancelled. */
  replaceCard(idNumber: string): { oldCardNo: string; newCardNo: string } {
    const person = this.persons.get(idNumber);
    if (!person) throw new EsscError('CARD_NOT_FOUND', 'No person with this ID number.');
    const old = this.cards.get(person.cardNo)!;
    const newCardNo = this.newCardNo();
    this.cards.set(newCardNo, {
      cardNo: newCardNo,
      idNumber,
      regionCode: old.regionCode,
      status: 'normal',
      bankAccountActive: old.bankAccountActive,
    });
    person.cardNo = newCardNo;
    old.status = 'cancelled';
    const signNo = this.ecardByCardNo.get(old.cardNo);
    if (signNo) this.notifyBound(signNo, 'card.replaced', { status: 'cancelled' });
    return { oldCardNo: old.cardNo, newCardNo };
  }

  registerChannel(input: { id: string; name: string; publicKey?: JWK; webhookUrl?: string }): void {
    requireCallerId(input.id, 'channel');
    this.channels.set(input.id, { ...input });
  }

  channel(id: string): ChannelRecord | undefined {
    return this.channels.get(id);
  }

  registerPortal(input: { id: string; name: string; publicKey?: JWK }): void {
    requireCallerId(input.id, 'portal');
    this.portals.set(input.id, { ...input });
  }

  portal(id: string): PortalRecord | undefined {
    return this.portals.get(id);
  }

  /** Mints the token a passed face check yields: for one ID number, short-lived, usable once. */
  realPersonProof(idNumber: string): string {
    const token = `rp_${randomId(24)}`;
    this.proofs.set(token, { idNumber, expiresAt: this.now() + this.proofTtlMs, used: false });
    return token;
  }

  /** Adds a listener for one channel's notifications; returns the unsubscribe function. */
  subscribe(channelId: string, listener: (n: PlatformNotification) => void): () => void {
    let set = this.listeners.get(channelId);
    if (!set) {
      set = new Set();
      this.listeners.set(channelId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  // ─── channel operations ───────────────────────────────────────────────────

  private requireChannel(channelId: string): ChannelRecord {
    const channel = this.channels.get(channelId);
    if (!channel) {
      throw new EsscError('CHANNEL_UNAUTHORIZED', `Unknown channel "${channelId}".`);
    }
    return channel;
  }

  /** Runs a mutating operation once per idempotency key, serialised per person. */
  private async mutate<T>(
    channelId: string,
    operation: string,
    idempotencyKey: string | undefined,
    request: unknown,
    lockKey: () => string,
    work: () => Promise<T>,
  ): Promise<T> {
    this.requireChannel(channelId);
    const fingerprint = `${operation}:${JSON.stringify(request, withoutSecrets)}`;
    return this.idempotency.run(channelId, idempotencyKey, fingerprint, () =>
      this.mutex.run(lockKey(), work),
    );
  }

  /** R5–R8, R13, R14: apply for the e-card in a channel. */
  apply(
    channelId: string,
    input: {
      channelUserId: string;
      name: string;
      idNumber: string;
      realPerson: SealedSecret;
      password: SealedSecret;
    },
    idempotencyKey?: string,
  ): Promise<ECard> {
    return this.mutate(
      channelId,
      'apply',
      idempotencyKey,
      input,
      () => input.idNumber,
      async () => {
        const person = this.persons.get(input.idNumber);
        if (!person) {
          throw new EsscError(
            'CARD_NOT_FOUND',
            'No social security card is held under this ID number.',
          );
        }
        const card = this.cards.get(person.cardNo)!;
        if (!this.regions.has(card.regionCode)) {
          throw new EsscError(
            'REGION_NOT_ENABLED',
            `The e-card service is not enabled in region ${card.regionCode}.`,
            { details: { regionCode: card.regionCode } },
          );
        }
        if (person.name !== input.name) {
          throw new EsscError('IDENTITY_MISMATCH', 'The name does not match the ID number.');
        }
        const proof = await this.checkRealPerson(input.realPerson, person.idNumber, channelId);
        if (card.status !== 'normal') {
          throw new EsscError(
            'CARD_INACTIVE',
            `The card is ${card.status}; apply once it is normal again.`,
            {
              details: { status: eCardStatus(card.status) },
            },
          );
        }
        const existingBinding = this.bindingOfPersonInChannel(channelId, person.idNumber);
        if (existingBinding) {
          throw new EsscError(
            'ALREADY_BOUND',
            'This channel already holds an e-card binding for this person; unbind it before applying again.',
            { details: { signNo: existingBinding.signNo } },
          );
        }
        const password = await this.open(input.password, 'password', channelId);
        let signNo = this.ecardByCardNo.get(card.cardNo);
        if (signNo) {
          // R8: a later channel verifies the shared password instead of setting one.
          await this.verifyPassword(this.ecards.get(signNo)!, password, channelId);
        } else {
          const weak = checkNewPassword(password, { idNumber: person.idNumber });
          if (!weak.ok) throw weakPassword(weak.reason);
          signNo = this.newSignNo(card.regionCode);
          this.ecards.set(signNo, {
            signNo,
            cardNo: card.cardNo,
            idNumber: person.idNumber,
            cardRef: randomBytes(QR_CARD_REF_BYTES),
            passwordHash: await hashPassword(password, { iterations: this.passwordHashIterations }),
            failures: 0,
            level: 1,
          });
          this.ecardByCardNo.set(card.cardNo, signNo);
        }
        proof.used = true;
        const binding: BindingRecord = {
          channelId,
          signNo,
          channelUserId: input.channelUserId,
          boundAt: this.now(),
        };
        this.bindings.set(bindingKey(channelId, signNo), binding);
        return this.view(binding);
      },
    );
  }

  /** R13: answers in every status, showing it. */
  async getCard(channelId: string, input: { signNo: string }): Promise<ECard> {
    this.requireChannel(channelId);
    return this.view(this.requireBinding(channelId, input.signNo));
  }

  /** R12: unbind in one channel, with user verification; allowed in every card status. */
  unbind(
    channelId: string,
    input: { signNo: string; verification: SealedVerification },
    idempotencyKey?: string,
  ): Promise<void> {
    return this.mutate(
      channelId,
      'unbind',
      idempotencyKey,
      input,
      () => this.lockOf(input.signNo),
      async () => {
        const binding = this.requireBinding(channelId, input.signNo);
        const ecard = this.ecards.get(binding.signNo)!;
        const consume = await this.verifyUser(ecard, input.verification, channelId);
        consume();
        this.bindings.delete(bindingKey(channelId, binding.signNo));
      },
    );
  }

  /** R9, R10, R11: change with the old password; takes effect in every channel at once. */
  changePassword(
    channelId: string,
    input: { signNo: string; oldPassword: SealedSecret; newPassword: SealedSecret },
    idempotencyKey?: string,
  ): Promise<void> {
    return this.mutate(
      channelId,
      'changePassword',
      idempotencyKey,
      input,
      () => this.lockOf(input.signNo),
      async () => {
        const { ecard } = this.requireActive(channelId, input.signNo);
        const [oldPassword, newPassword] = await Promise.all([
          this.open(input.oldPassword, 'oldPassword', channelId),
          this.open(input.newPassword, 'newPassword', channelId),
        ]);
        // A weak new password is refused before the old one is tried, so it costs no attempt.
        const weak = checkNewPassword(newPassword, { idNumber: ecard.idNumber });
        if (!weak.ok) throw weakPassword(weak.reason);
        await this.verifyPassword(ecard, oldPassword, channelId);
        if (oldPassword === newPassword) {
          throw new EsscError('PASSWORD_REUSED', 'The new password must differ from the old one.');
        }
        ecard.passwordHash = await hashPassword(newPassword, {
          iterations: this.passwordHashIterations,
        });
        this.notifyBound(ecard.signNo, 'password.changed', {}, channelId);
      },
    );
  }

  /** R10, R11: reset with a real-person check instead of the old password; unlocks the password. */
  resetPassword(
    channelId: string,
    input: { signNo: string; realPerson: SealedSecret; newPassword: SealedSecret },
    idempotencyKey?: string,
  ): Promise<void> {
    return this.mutate(
      channelId,
      'resetPassword',
      idempotencyKey,
      input,
      () => this.lockOf(input.signNo),
      async () => {
        const { ecard } = this.requireActive(channelId, input.signNo);
        const newPassword = await this.open(input.newPassword, 'newPassword', channelId);
        const weak = checkNewPassword(newPassword, { idNumber: ecard.idNumber });
        if (!weak.ok) throw weakPassword(weak.reason);
        const proof = await this.checkRealPerson(input.realPerson, ecard.idNumber, channelId);
        if (await verifyPasswordHash(newPassword, ecard.passwordHash)) {
          throw new EsscError(
            'PASSWORD_REUSED',
            'The new password must differ from the current one.',
          );
        }
        proof.used = true;
        ecard.passwordHash = await hashPassword(newPassword, {
          iterations: this.passwordHashIterations,
        });
        ecard.failures = 0;
        this.notifyBound(ecard.signNo, 'password.reset', {}, channelId);
      },
    );
  }

  /** R7: level 2 needs the card's bank account active and user verification. */
  enablePayment(
    channelId: string,
    input: { signNo: string; verification: SealedVerification },
    idempotencyKey?: string,
  ): Promise<ECard> {
    return this.mutate(
      channelId,
      'enablePayment',
      idempotencyKey,
      input,
      () => this.lockOf(input.signNo),
      async () => {
        const { binding, ecard, card } = this.requireActive(channelId, input.signNo);
        if (!card.bankAccountActive) {
          throw new EsscError(
            'PAYMENT_NOT_ENABLED',
            "The card's bank account is not activated; the user must activate it at the bank first.",
          );
        }
        const consume = await this.verifyUser(ecard, input.verification, channelId);
        consume();
        if (ecard.level !== 2) {
          ecard.level = 2;
          this.notifyBound(ecard.signNo, 'payment.enabled', {}, channelId);
        }
        return this.view(binding);
      },
    );
  }

  // ─── dynamic QR (R15) ─────────────────────────────────────────────────────

  /** R15: a short-lived, single-use code signed by the platform; payment needs level 2 and verification. */
  issueQr(
    channelId: string,
    input: { signNo: string; purpose: QrPurpose; verification?: SealedVerification },
    idempotencyKey?: string,
  ): Promise<DynamicQr> {
    return this.mutate(
      channelId,
      'issueQr',
      idempotencyKey,
      input,
      () => this.lockOf(input.signNo),
      async () => {
        const { ecard, card } = this.requireActive(channelId, input.signNo);
        let consume: () => void = () => {};
        if (input.purpose === 'payment') {
          if (ecard.level !== 2 || !card.bankAccountActive) {
            throw new EsscError(
              'PAYMENT_NOT_ENABLED',
              'A payment code needs a level-2 e-card; call enablePayment first.',
            );
          }
          if (!input.verification) {
            throw new EsscError(
              'VALIDATION_FAILED',
              'A payment code needs user verification (password or real-person proof).',
              {
                details: {
                  issues: [{ path: ['verification'], message: 'required for a payment code' }],
                },
              },
            );
          }
          consume = await this.verifyUser(ecard, input.verification, channelId);
        }
        const person = this.persons.get(ecard.idNumber)!;
        const issuedAt = Math.floor(this.now() / 1000);
        const expiresAt = issuedAt + this.qrTtlSeconds;
        const key = await this.currentSigningKey();
        const text = await signQr(
          {
            version: 1,
            keyId: await shortKeyId(key.publicJwk),
            purpose: input.purpose,
            issuedAt,
            expiresAt,
            channelId,
            cardRef: ecard.cardRef,
            regionCode: card.regionCode,
            holderSurname: holderInitial(person.name),
            nonce: randomBytes(QR_NONCE_BYTES),
          },
          key,
        );
        consume();
        return {
          text,
          purpose: input.purpose,
          issuedAt: new Date(issuedAt * 1000).toISOString(),
          expiresAt: new Date(expiresAt * 1000).toISOString(),
        };
      },
    );
  }

  /** For acceptors' online check (payments): the status of the card behind a code's card reference. */
  cardStatusByRef(cardRef: Uint8Array): ECardStatus | undefined {
    const found = this.ecardByRef(cardRef);
    return found ? eCardStatus(found.card.status) : undefined;
  }

  // ─── scan-to-login (R17) ──────────────────────────────────────────────────

  /** The portal opens a session and shows its QR. */
  async createLoginSession(portalId: string): Promise<LoginSession> {
    if (!this.portals.has(portalId)) {
      throw new EsscError('CHANNEL_UNAUTHORIZED', `Unknown portal "${portalId}".`);
    }
    const now = this.now();
    const session: LoginSessionRecord = {
      sessionId: `ls_${randomId(16)}`,
      portalId,
      code: toBase32(randomBytes(20)),
      state: 'pending',
      createdAt: now,
      expiresAt: now + this.loginTtlMs,
    };
    this.loginSessions.add(session);
    return {
      sessionId: session.sessionId,
      qrText: `${LOGIN_QR_PREFIX}${session.code}`,
      expiresAt: new Date(session.expiresAt).toISOString(),
    };
  }

  /** The portal polls its session; once confirmed it gets the signed assertion. */
  async getLoginSession(
    portalId: string,
    sessionId: string,
  ): Promise<{ state: LoginState; assertion?: string }> {
    const session = this.loginSessions.get(sessionId);
    if (!session || session.portalId !== portalId) {
      throw new EsscError('LOGIN_NOT_FOUND', 'No login session with this id for this portal.');
    }
    return { state: session.state, ...(session.assertion ? { assertion: session.assertion } : {}) };
  }

  /** The user scans the portal's code in a channel app and sees who asks. */
  scanLogin(
    channelId: string,
    input: { signNo: string; qrText: string },
    idempotencyKey?: string,
  ): Promise<LoginRequest> {
    return this.mutate(
      channelId,
      'scanLogin',
      idempotencyKey,
      input,
      () => this.lockOf(input.signNo),
      async () => {
        this.requireActive(channelId, input.signNo);
        const text = input.qrText.trim();
        if (!text.startsWith(LOGIN_QR_PREFIX)) {
          throw new EsscError('LOGIN_NOT_FOUND', 'This is not a portal login code.');
        }
        const session = this.loginSessions.byScannedCode(text.slice(LOGIN_QR_PREFIX.length));
        const requestId = `lr_${randomId(16)}`;
        this.loginSessions.markScanned(session, requestId, { channelId, signNo: input.signNo });
        const portal = this.portals.get(session.portalId)!;
        return {
          requestId,
          portal: { id: portal.id, name: portal.name },
          expiresAt: new Date(session.expiresAt).toISOString(),
        };
      },
    );
  }

  /** Confirms with user verification; a wrong password leaves the session scanned. */
  confirmLogin(
    channelId: string,
    input: { signNo: string; requestId: string; verification: SealedVerification },
    idempotencyKey?: string,
  ): Promise<void> {
    return this.mutate(
      channelId,
      'confirmLogin',
      idempotencyKey,
      input,
      () => this.lockOf(input.signNo),
      async () => {
        const session = this.loginSessions.byRequestOf(input.requestId, channelId, input.signNo);
        this.loginSessions.requireState(session, 'scanned');
        const { ecard, card } = this.requireActive(channelId, input.signNo);
        const consume = await this.verifyUser(ecard, input.verification, channelId);
        const person = this.persons.get(ecard.idNumber)!;
        const assertion = await signJwt(
          await this.currentSigningKey(),
          {
            sub: base64urlEncode(
              await hmacSha256(
                this.subjectSecret,
                utf8(`${session.portalId}\u0000${ecard.idNumber}`),
              ),
            ),
            name: person.name,
            idNumber: ecard.idNumber,
            regionCode: card.regionCode,
            signNo: ecard.signNo,
            level: ecard.level,
            channelId,
            amr: ['password' in input.verification ? 'pwd' : 'face'],
            sid: session.sessionId,
            jti: randomId(16),
          },
          {
            issuer: PLATFORM_ISSUER,
            audience: session.portalId,
            expiresInSeconds: LOGIN_ASSERTION_TTL_SECONDS,
            typ: LOGIN_ASSERTION_TYP,
            now: this.now(),
          },
        );
        // The deadline may have passed while the password was checked.
        this.loginSessions.requireState(session, 'scanned');
        consume();
        session.state = 'confirmed';
        session.assertion = assertion;
      },
    );
  }

  /** The user refuses; the portal sees `rejected`. */
  rejectLogin(
    channelId: string,
    input: { signNo: string; requestId: string },
    idempotencyKey?: string,
  ): Promise<void> {
    return this.mutate(
      channelId,
      'rejectLogin',
      idempotencyKey,
      input,
      () => this.lockOf(input.signNo),
      async () => {
        this.requireBinding(channelId, input.signNo);
        const session = this.loginSessions.byRequestOf(input.requestId, channelId, input.signNo);
        this.loginSessions.requireState(session, 'scanned');
        session.state = 'rejected';
      },
    );
  }

  // ─── rule helpers ─────────────────────────────────────────────────────────

  /** R13: a bound e-card whose physical card is normal, or CARD_INACTIVE. */
  requireActive(channelId: string, signNo: string) {
    const binding = this.requireBinding(channelId, signNo);
    const ecard = this.ecards.get(binding.signNo)!;
    const card = this.cards.get(ecard.cardNo)!;
    if (card.status !== 'normal') {
      throw new EsscError(
        'CARD_INACTIVE',
        `The card is ${card.status}: only unbinding is allowed until it is normal again.`,
        { details: { status: eCardStatus(card.status) } },
      );
    }
    return { binding, ecard, card };
  }

  requireBinding(channelId: string, signNo: string): BindingRecord {
    const binding = this.bindings.get(bindingKey(channelId, signNo));
    if (!binding) {
      throw new EsscError('NOT_BOUND', 'This channel holds no binding for that sign number.');
    }
    return binding;
  }

  /**
   * R18: checks a password or a real-person proof. Returns the function that consumes the
   * proof, so the caller consumes it only once the whole operation succeeds.
   */
  async verifyUser(
    ecard: ECardRecord,
    verification: SealedVerification,
    channelId: string,
  ): Promise<() => void> {
    if ('password' in verification) {
      await this.verifyPassword(
        ecard,
        await this.open(verification.password, 'password', channelId),
        channelId,
      );
      return () => undefined;
    }
    const proof = await this.checkRealPerson(verification.realPerson, ecard.idNumber, channelId);
    return () => {
      proof.used = true;
    };
  }

  /** R11: counted across channels; five consecutive failures lock until a reset. */
  private async verifyPassword(
    ecard: ECardRecord,
    password: string,
    channelId: string,
  ): Promise<void> {
    if (ecard.failures >= MAX_PASSWORD_FAILURES) throw passwordLocked();
    if (await verifyPasswordHash(password, ecard.passwordHash)) {
      ecard.failures = 0;
      return;
    }
    ecard.failures += 1;
    if (ecard.failures >= MAX_PASSWORD_FAILURES) {
      this.notifyBound(ecard.signNo, 'password.locked', {}, channelId);
      throw passwordLocked();
    }
    const attemptsLeft = MAX_PASSWORD_FAILURES - ecard.failures;
    throw new EsscError(
      'PASSWORD_INCORRECT',
      `Wrong e-card password; ${attemptsLeft} attempt${attemptsLeft === 1 ? '' : 's'} left.`,
      { details: { attemptsLeft } },
    );
  }

  private async checkRealPerson(
    sealed: SealedSecret,
    idNumber: string,
    channelId: string,
  ): Promise<RealPersonProofRecord> {
    const token = await this.open(sealed, 'realPerson', channelId);
    const proof = this.proofs.get(token);
    if (!proof || proof.used || proof.expiresAt <= this.now() || proof.idNumber !== idNumber) {
      throw new EsscError(
        'REAL_PERSON_FAILED',
        'The real-person proof is missing, expired, used, or for another person; run the face check again.',
      );
    }
    return proof;
  }

  /** Opens a secret sealed for this channel's request (its JWE context names the channel). */
  private async open(sealed: SealedSecret, field: string, channelId: string): Promise<string> {
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

  private lockOf(signNo: string): string {
    return this.ecards.get(signNo)?.idNumber ?? `signNo:${signNo}`;
  }

  private bindingOfPersonInChannel(channelId: string, idNumber: string): BindingRecord | undefined {
    for (const binding of this.bindings.values()) {
      if (binding.channelId !== channelId) continue;
      if (this.ecards.get(binding.signNo)?.idNumber === idNumber) return binding;
    }
    return undefined;
  }

  /** What a channel sees of its binding: masked (R18), with the card's current status (R3). */
  view(binding: BindingRecord): ECard {
    const ecard = this.ecards.get(binding.signNo)!;
    const card = this.cards.get(ecard.cardNo)!;
    const person = this.persons.get(ecard.idNumber)!;
    return {
      signNo: ecard.signNo,
      channelId: binding.channelId,
      name: maskName(person.name),
      idNumber: maskIdNumber(ecard.idNumber),
      cardNo: maskCardNo(card.cardNo),
      regionCode: card.regionCode,
      status: eCardStatus(card.status),
      level: ecard.level,
      boundAt: new Date(binding.boundAt).toISOString(),
    };
  }

  /** Internal lookups for the QR and login parts of the engine. */
  ecardOf(
    signNo: string,
  ): { ecard: ECardRecord; card: CardRecord; person: PersonRecord } | undefined {
    const ecard = this.ecards.get(signNo);
    if (!ecard) return undefined;
    return {
      ecard,
      card: this.cards.get(ecard.cardNo)!,
      person: this.persons.get(ecard.idNumber)!,
    };
  }

  /** Finds an e-card by its opaque card reference (for online status checks by acceptors). */
  ecardByRef(cardRef: Uint8Array) {
    for (const ecard of this.ecards.values()) {
      if (constantTimeEqual(ecard.cardRef, cardRef)) return this.ecardOf(ecard.signNo);
    }
    return undefined;
  }

  // ─── notifications ────────────────────────────────────────────────────────

  /**
   * Tells every channel bound to the e-card. A change a channel made itself is not echoed back
   * to it (`except`): that channel has the response already.
   */
  private notifyBound(
    signNo: string,
    type: NotificationType,
    extra: Partial<PlatformNotification> = {},
    except?: string,
  ) {
    for (const binding of this.bindings.values()) {
      if (binding.signNo === signNo && binding.channelId !== except) {
        this.notify(binding.channelId, signNo, type, extra);
      }
    }
  }

  notify(
    channelId: string,
    signNo: string,
    type: NotificationType,
    extra: Partial<PlatformNotification> = {},
  ): void {
    const notification: PlatformNotification = {
      id: `ntf_${randomId(12)}`,
      type,
      channelId,
      signNo,
      occurredAt: new Date(this.now()).toISOString(),
      ...extra,
    };
    const set = this.listeners.get(channelId);
    if (!set) return;
    for (const listener of set) {
      // Delivered after the operation commits; a listener's failure never undoes a change.
      queueMicrotask(() => {
        try {
          listener(notification);
        } catch {
          // The platform does not depend on a channel's handling of a notification.
        }
      });
    }
  }

  // ─── identifiers ──────────────────────────────────────────────────────────

  private newSignNo(regionCode: string): string {
    // Region + ISO 3166 numeric of China + random: unique, and says nothing of the person.
    let signNo: string;
    do {
      signNo = `${regionCode}D156${toBase32(randomBytes(10))}`;
    } while (this.ecards.has(signNo));
    return signNo;
  }

  private newCardNo(): string {
    let cardNo: string;
    do {
      const digits = Array.from(randomBytes(8), (b) => String(b % 10)).join('');
      cardNo = `A${digits}`;
    } while (this.cards.has(cardNo));
    return cardNo;
  }
}

const SEALED_FIELDS = new Set(['password', 'oldPassword', 'newPassword', 'realPerson']);

/**
 * Leaves sealed secrets out of an idempotency fingerprint: every seal is a fresh JWE, so a
 * real retry (which seals again) would never match; and a digest of a 6-digit password kept in
 * memory would be as good as the password. Only which kind of secret was given counts.
 */
function withoutSecrets(key: string, value: unknown): unknown {
  return SEALED_FIELDS.has(key) && typeof value === 'string' ? '(sealed)' : value;
}

/** Channel and portal ids have one form (they travel in QR codes and request signatures). */
function requireCallerId(id: string, kind: 'channel' | 'portal'): void {
  const parsed = channelIdSchema.safeParse(id);
  if (!parsed.success) {
    throw new EsscError(
      'VALIDATION_FAILED',
      `Invalid ${kind} id: ${parsed.error.issues[0]?.message}`,
      {
        details: {
          issues: [{ path: ['id'], message: parsed.error.issues[0]?.message ?? 'invalid' }],
        },
      },
    );
  }
}

function weakPassword(reason: import('../domain/errors.js').WeakPasswordReason): EsscError {
  return new EsscError('WEAK_PASSWORD', `The new password is too weak (${reason}).`, {
    details: { reason },
  });
}

function passwordLocked(): EsscError {
  return new EsscError(
    'PASSWORD_LOCKED',
    'The e-card password is locked after 5 wrong attempts; reset it with a face check.',
    { details: { attemptsLeft: 0 } },
  );
}

const utf8 = (s: string) => new TextEncoder().encode(s);

const BASE32 = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
function toBase32(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => BASE32[b & 31]).join('');
}
