import type { CryptoSuite, JWK, SigningKeyPair } from '../crypto/index.js';
import type { NewPerson } from '../domain/new-person.js';
import type { QueryTopic } from '../domain/records.js';
import type { Application } from '../domain/services.js';
import type {
  BillKind,
  ECardStatus,
  LoginScope,
  MerchantKind,
  Payment,
  PhysicalCardStatus,
  PlatformNotification,
} from '../domain/types.js';
import type { AnyOperation, AnyOperationOutput } from '../platform/acceptor-operations.js';
import type { BalanceChange } from './accounts.js';
import { Applications } from './applications.js';
import type { CardReplacement } from './back-office.js';
import { BackOffice } from './back-office.js';
import {
  BackOfficeViews,
  type PartiesView,
  type PersonDetail,
  type PersonSummary,
} from './back-office-views.js';
import { Benefits, type DisbursementOutcome } from './benefits.js';
import { Bills } from './bills.js';
import { Cards } from './cards.js';
import { Certifications } from './certification.js';
import { EngineContext, type PlatformEngineOptions } from './context.js';
import type { ChannelRecord, MerchantRecord, PortalRecord } from './entities.js';
import { Family } from './family.js';
import { Hosted, type HostedStepInput, type HostedView } from './hosted.js';
import { Login } from './login.js';
import { OfflineCredentials } from './offline-credentials.js';
import { OrderCodes } from './order-codes.js';
import { Passwords } from './passwords.js';
import { Payments } from './payments.js';
import { type OperationHandlers, runOperation } from './pipeline.js';
import { QrIssue } from './qr-issue.js';
import { Queries } from './queries.js';

export type { AccountInput, BalanceChange } from './accounts.js';
export type { CardReplacement } from './back-office.js';
export type { PartiesView, PersonDetail, PersonSummary } from './back-office-views.js';
export type { DisbursementOutcome } from './benefits.js';
export type { PlatformEngineOptions } from './context.js';
export type { HostedStepInput, HostedStepName, HostedView } from './hosted.js';
export { generatePlatformKeys, type PlatformKeys, type SealedSecret } from './platform-keys.js';
export { MAX_PASSWORD_FAILURES, type SealedVerification } from './user-verification.js';

/**
 * The reference platform engine: the one place the domain rules (R1–R20) are decided. The
 * mock adapter calls it in-process and the sandbox serves it over HTTP; adapters and the
 * client only translate. Secrets arrive sealed to the engine's encryption key and are opened
 * here, never stored in plain text.
 *
 * This class is the facade: each method hands over to the capability module that owns the
 * rule, all built on one {@link EngineContext} (clock, keys, shared records, notifier, user
 * verification, idempotency and per-person serialisation):
 *
 * - `platform-keys.ts`: signing keys, rotation, JWKS, opening sealed secrets (R19)
 * - `registry.ts`: regions, persons, cards, e-cards, bindings, channels, portals
 * - `back-office.ts`: admin controls (R4, R13, R14, registration)
 * - `user-verification.ts`: password failures and lock, real-person proofs (R11, R18)
 * - `cards.ts`: apply, getCard, unbind, payment level (R3–R8, R12–R14)
 * - `passwords.ts`: change and reset (R8–R11)
 * - `qr-issue.ts`: dynamic QR codes (R15)
 * - `login.ts`: scan-to-login sessions (R17)
 * - `notifier.ts`: notifications to bound channels
 * - `payments.ts`: merchants' charges, settlement, order ids, refunds (R21–R25, R27), with
 *   `settlement.ts` (the R23 arithmetic) and `accounts.ts` (balances, coverage, deductible)
 * - `order-codes.ts`: paying by scanning the merchant's order code, settled as a charge (R45)
 * - `bills.ts`: bills paid from the channel app (R26, R27)
 * - `queries.ts`: records per person and information queries (R28)
 * - `applications.ts`, `services-catalogue.ts`: business applications and their state machine (R29)
 * - `login.ts`, `login-scopes.ts`: consent to what a portal receives, and its record (R30)
 * - `family.ts`: family members, and what a holder may do for one (R31, R32)
 * - `certification.ts`: entitlement certification, its year and due window (R33)
 * - `cards.ts`, `card-status.ts`: the holder's loss report and its withdrawal (R43)
 * - `benefits.ts`: benefit payments, suspension and arrears (R44)
 * - `hosted.ts`, `hosted-receipts.ts`: hosted pages, their steps and signed receipts (R35–R38)
 * - `offline-credentials.ts`, `offline-status.ts`: offline credentials, their revocation and
 *   the signed status list (R39–R42)
 *
 * A new operation is a row of the operation table (`src/platform/operations.ts`) and a handler
 * in the module of its capability, listed by that module's `handlers()`: every call of a
 * channel, merchant or portal runs through {@link PlatformEngine.call}, one pipeline
 * (`pipeline.ts`). What stays here is the back office, the keys and the views.
 *
 * @internal
 */
export class PlatformEngine {
  private readonly ctx: EngineContext;
  private readonly backOffice: BackOffice;
  private readonly cards: Cards;
  private readonly passwords: Passwords;
  private readonly qr: QrIssue;
  private readonly login: Login;
  private readonly payments: Payments;
  private readonly orderCodes: OrderCodes;
  private readonly bills: Bills;
  private readonly queries: Queries;
  private readonly applications: Applications;
  private readonly views: BackOfficeViews;
  private readonly family: Family;
  private readonly certifications: Certifications;
  private readonly benefits: Benefits;
  private readonly hosted: Hosted;
  private readonly offlineCredentials: OfflineCredentials;
  /** One handler per row of the operation table, from the module of its capability. */
  private readonly handlers: OperationHandlers;

  constructor(options: PlatformEngineOptions = {}) {
    this.ctx = new EngineContext(options);
    this.backOffice = new BackOffice(this.ctx);
    this.passwords = new Passwords(this.ctx);
    this.cards = new Cards(this.ctx, this.passwords);
    this.family = new Family(this.ctx);
    this.certifications = new Certifications(this.ctx, this.family);
    this.benefits = new Benefits(this.ctx, this.family);
    this.qr = new QrIssue(this.ctx, this.family);
    this.login = new Login(this.ctx);
    this.payments = new Payments(this.ctx);
    this.orderCodes = new OrderCodes(this.ctx, this.payments);
    this.bills = new Bills(this.ctx);
    this.queries = new Queries(this.ctx, this.family);
    this.applications = new Applications(this.ctx, this.queries);
    this.offlineCredentials = new OfflineCredentials(this.ctx, this.family);
    this.hosted = new Hosted(this.ctx, (operation, channelId, input, key) =>
      this.call(operation, channelId, input, key),
    );
    this.handlers = {
      ...this.cards.handlers(),
      ...this.passwords.handlers(),
      ...this.qr.handlers(),
      ...this.login.handlers(),
      ...this.payments.handlers(),
      ...this.orderCodes.handlers(),
      ...this.bills.handlers(),
      ...this.queries.handlers(),
      ...this.applications.handlers(),
      ...this.family.handlers(),
      ...this.certifications.handlers(),
      ...this.benefits.handlers(),
      ...this.hosted.handlers(),
      ...this.offlineCredentials.handlers(),
    };
    this.views = new BackOfficeViews(
      this.ctx,
      this.payments,
      this.bills,
      this.applications,
      this.queries,
      this.family,
      this.benefits,
    );
  }

  // ─── platform keys (R19) ──────────────────────────────────────────────────

  /** The crypto suite of every key and signature of this platform (R34). */
  get suite(): CryptoSuite {
    return this.ctx.keys.suite;
  }

  /** The current signing key (the first of the list). */
  currentSigningKey(): Promise<SigningKeyPair> {
    return this.ctx.keys.currentSigningKey();
  }

  /** Public keys acceptors verify with: the current key and the previous one (rotation). */
  jwks(): Promise<{ keys: JWK[] }> {
    return this.ctx.keys.jwks();
  }

  /** The public JWK channels seal secrets to. */
  encryptionPublicKey(): Promise<JWK> {
    return this.ctx.keys.encryptionPublicKey();
  }

  /** Rotates the signing key; the previous one stays published. Resolves with the new kid. */
  rotateSigningKey(): Promise<string> {
    return this.ctx.keys.rotateSigningKey();
  }

  // ─── back office ──────────────────────────────────────────────────────────

  enableRegion(regionCode: string, name?: string): void {
    this.backOffice.enableRegion(regionCode, name);
  }

  isRegionEnabled(regionCode: string): boolean {
    return this.backOffice.isRegionEnabled(regionCode);
  }

  addPerson(input: NewPerson & { cardNo?: string }): { cardNo: string } {
    return this.backOffice.addPerson(input);
  }

  /** A person's balances in fen (R23, R26). */
  balances(idNumber: string): { bank: number; personalAccount: number; deductibleLeft: number } {
    return this.backOffice.balances(idNumber);
  }

  /** The card a person holds now. */
  currentCard(idNumber: string): { cardNo: string; status: PhysicalCardStatus } {
    return this.backOffice.currentCard(idNumber);
  }

  /**
   * Sets the physical card's status (R3, R13); applied at once unless an operation of the
   * card's holder is in flight, then right after it. Resolves once applied.
   */
  setCardStatus(cardNo: string, status: PhysicalCardStatus): Promise<void> {
    return this.backOffice.setCardStatus(cardNo, status);
  }

  /** Activates the card's bank account (R7); serialised like {@link setCardStatus}. */
  setBankAccountActive(cardNo: string, active: boolean): Promise<void> {
    return this.backOffice.setBankAccountActive(cardNo, active);
  }

  /** R14: replaces the person's card; serialised like {@link setCardStatus}. */
  replaceCard(idNumber: string): Promise<CardReplacement> & CardReplacement {
    return this.backOffice.replaceCard(idNumber);
  }

  registerChannel(input: { id: string; name: string; publicKey?: JWK; webhookUrl?: string }): void {
    this.backOffice.registerChannel(input);
  }

  channel(id: string): ChannelRecord | undefined {
    return this.backOffice.channel(id);
  }

  registerPortal(input: {
    id: string;
    name: string;
    publicKey?: JWK;
    scopes?: LoginScope[];
  }): void {
    this.backOffice.registerPortal(input);
  }

  portal(id: string): PortalRecord | undefined {
    return this.backOffice.portal(id);
  }

  registerMerchant(input: { id: string; name: string; kind: MerchantKind; publicKey?: JWK }): void {
    this.backOffice.registerMerchant(input);
  }

  merchant(id: string): MerchantRecord | undefined {
    return this.backOffice.merchant(id);
  }

  /** R26: a bill for a person. */
  addBill(input: { idNumber: string; kind: BillKind; title: string; amount: number }): {
    billId: string;
  } {
    return this.bills.addBill(input);
  }

  /**
   * R44: runs a month's benefit disbursement (`{ month: 'YYYY-MM' }`): once per person and
   * month however often it runs, suspended while the certification is overdue, arrears paid
   * after the person certifies. Answers the persons this run paid and suspended.
   */
  runDisbursement(input: { month?: string } = {}): Promise<DisbursementOutcome> {
    return this.benefits.runDisbursement(input);
  }

  // ─── user verification (R11, R18) ─────────────────────────────────────────

  /** Mints a passed face check's token for a known person (CARD_NOT_FOUND otherwise). */
  realPersonProof(idNumber: string): string {
    return this.ctx.verification.realPersonProof(idNumber);
  }

  // ─── notifications ────────────────────────────────────────────────────────

  /** Adds a listener for one channel's notifications; returns the unsubscribe function. */
  subscribe(channelId: string, listener: (n: PlatformNotification) => void): () => void {
    return this.ctx.notifier.subscribe(channelId, listener);
  }

  // ─── the operations (one pipeline, one handler each) ──────────────────────

  /**
   * Runs an operation through the engine's one pipeline (caller, parse, idempotency, lock,
   * handler): what the mock adapters call in process and the sandbox over the wire. `caller`
   * is the channel, merchant or portal the row names; the input is the row's, with its secrets
   * sealed; it is validated here whoever sent it.
   */
  call<O extends AnyOperation>(
    operation: O,
    caller: string,
    input: unknown,
    idempotencyKey?: string,
  ): Promise<AnyOperationOutput<O>> {
    return runOperation(this.ctx, this.handlers, operation, caller, input, idempotencyKey);
  }

  // ─── hosted pages (R35–R38): what the platform's own pages drive ─────────

  /**
   * What the hosted page of a launch shows now (the `launch` parameter of its url): the
   * action, the launching channel's name, the person's masked name, the current step and the
   * token its form must send back, the attempts left on a password step (R11), the last
   * refusal, and once finished the receipt with the address to send the browser to. Loading it
   * again changes nothing. A finished launch is `LAUNCH_USED`; one past its 10 minutes on the
   * platform's clock, or unknown, `LAUNCH_EXPIRED`.
   *
   * @example
   * ```ts
   * const view = await engine.hostedView(new URL(url).searchParams.get('launch')!);
   * if (view.step === 'face') renderFaceCheck(view.token);
   * ```
   */
  hostedView(launchId: string): Promise<HostedView> {
    return this.hosted.view(launchId);
  }

  /**
   * Submits a hosted page's form for its current step (`token` from the view) and answers the
   * next view. The work is done by the same operations as the API, as the launch's channel
   * (R37), with idempotency keys of the launch (R20): a double submit or a form reloaded from
   * history applies nothing twice and answers the current view. A wrong password stays on the
   * step with the attempts left; the lock, a failed face check, `cancel` or any other refusal
   * ends the page with a `closed` receipt (R36) naming the error. Every end also notifies the
   * channel (`hosted.completed`).
   *
   * @example
   * ```ts
   * let view = await engine.hostedView(launchId);
   * view = await engine.hostedStep(launchId, { token: view.token, face: 'pass' });
   * view = await engine.hostedStep(launchId, { token: view.token, newPassword: '258046' });
   * redirect(view.done!.returnUrl);
   * ```
   */
  hostedStep(launchId: string, input: HostedStepInput): Promise<HostedView> {
    return this.hosted.step(launchId, input);
  }

  /** Where the hosted pages are served (the sandbox gives its origin once it listens). */
  setHostedBaseUrl(baseUrl: string): void {
    this.hosted.setBaseUrl(baseUrl);
  }

  // ─── cards and bindings (R3–R8, R12–R14) ──────────────────────────────────

  /** The signed status list of offline credentials (R41): a compact JWS acceptors refresh. */
  offlineStatusList(): Promise<string> {
    return this.ctx.offline.token();
  }

  /** An acceptor's online check of the card behind a code's card reference (base64url). */
  cardStatus(cardRef: string): ECardStatus {
    return this.cards.cardStatus(cardRef);
  }

  // ─── information queries (R28) ────────────────────────────────────────────

  /** The back office adds a record of a topic for a person (validated against its schema). */
  addRecord(idNumber: string, topic: QueryTopic, record: unknown): void {
    this.queries.addRecord(idNumber, topic, record);
  }

  // ─── business applications (R29) ──────────────────────────────────────────

  /** The back office moves an application (R29's state machine); the bound channels are told. */
  reviewApplication(
    applicationId: string,
    input: { decision: 'accepted' | 'approved' | 'rejected'; note?: string },
  ): Promise<Application> {
    return this.applications.reviewApplication(applicationId, input);
  }

  // ─── back-office views and balances (the sandbox console) ────────────────

  /** The platform's clock, ms (a test clock when the platform was made with one). */
  now(): number {
    return this.ctx.now();
  }

  /** Every person, ID numbers masked: the back office's list. */
  persons(): PersonSummary[] {
    return this.views.persons();
  }

  /** One person with card, e-card, bindings, money, bills, applications (CARD_NOT_FOUND otherwise). */
  person(idNumber: string): PersonDetail {
    return this.views.person(idNumber);
  }

  /** The holder of a card, as {@link PlatformEngine.person}. */
  holderOfCard(cardNo: string): PersonDetail {
    return this.views.holderOfCard(cardNo);
  }

  /** Regions, channels, portals and merchants, with key ids (never a key). */
  parties(): PartiesView {
    return this.views.parties();
  }

  /** The latest payments of every merchant, newest first. */
  recentPayments(limit: number): Payment[] {
    return this.views.recentPayments(limit);
  }

  /** Sets a person's balances, fen (VALIDATION_FAILED, no partial change); serialised. */
  setBalances(idNumber: string, change: BalanceChange): Promise<void> {
    return this.backOffice.setBalances(idNumber, change);
  }
}
