import type { CryptoSuite, JWK } from '../crypto/index.js';
import type { HostedAnswers } from '../domain/hosted.js';
import { idNumberCheckChar } from '../domain/id-number.js';
import type { NewPerson } from '../domain/new-person.js';
import type { QueryTopic, TopicRecords } from '../domain/records.js';
import type { Application } from '../domain/services.js';
import type {
  BillKind,
  ECardStatus,
  LoginScope,
  MerchantKind,
  PhysicalCardStatus,
  RealPersonProof,
} from '../domain/types.js';
import { type CardReplacement, PlatformEngine, type PlatformKeys } from '../engine/engine.js';
import type { MerchantAdapter, PlatformAdapter } from '../platform/port.js';
import { completeHosted } from './complete-hosted.js';
import { DEMO_RECORDS } from './demo-records.js';
import {
  type AdapterOperation,
  type FailNextOptions,
  FaultInjector,
  type FaultSettings,
} from './faults.js';
import { createMockMerchantAdapter } from './merchant-adapter.js';
import { createMockAdapter } from './mock-adapter.js';
import { createMockPortalAdapter, type PortalAdapter } from './portal-adapter.js';

/**
 * Options of {@link MockPlatform}.
 *
 * @example
 * ```ts
 * let now = Date.UTC(2026, 0, 1);
 * const platform = new MockPlatform({ now: () => now }); // a test clock: now += 61_000 expires a QR code
 * ```
 */
export interface MockPlatformOptions {
  /** The platform's clock in milliseconds since the epoch (default `Date.now`): a test clock. */
  now?: () => number;
  /**
   * PBKDF2 iterations of the stored password hashes (default 20 000, fast enough for test
   * suites; the real platform's cost is higher).
   */
  passwordHashIterations?: number;
  /**
   * The platform's private keys (from {@link generatePlatformKeys}), for a platform whose JWKS
   * must stay the same across instances, e.g. a sandbox restarted while channels pin its keys.
   * Made per instance when left out.
   */
  keys?: PlatformKeys;
  /**
   * The crypto suite (R34): `'jose'` (default: EdDSA, ECDH-ES+A256KW/A256GCM, SHA-256) or
   * `'sm'` (SM2 signatures and sealing with SM4, SM3 and HMAC-SM3). Follows `keys` when given.
   */
  suite?: CryptoSuite;
  /**
   * How long `getPayment` waits for a charge of the same order that is still being made,
   * milliseconds (default 2 000), before answering the retryable `PAYMENT_PENDING` (R24).
   */
  paymentLookupWaitMs?: number;
  /**
   * Where the hosted pages are served (R35): a launch answers `<hostedBaseUrl>/hosted/<action>?launch=<id>`
   * (default `https://essc.example.cn`; the sandbox serves them at its own origin).
   */
  hostedBaseUrl?: string;
}

/**
 * A person of {@link MockPlatform.demo}.
 *
 * @example
 * ```ts
 * const { name, idNumber }: DemoPerson = DEMO_PEOPLE[0]!; // 张三, Guangzhou
 * ```
 */
export interface DemoPerson {
  /** Full name as on the ID card. */
  name: string;
  /** A valid, made-up 18-character ID number. */
  idNumber: string;
  /** The city that issued the person's card. */
  regionCode: string;
  /** What the person is there to show. */
  role: string;
}

const withCheckChar = (first17: string) => first17 + idNumberCheckChar(first17);

/**
 * The people {@link MockPlatform.demo} holds. Their ID numbers are valid (GB 11643) and made
 * up; none belongs to a real person.
 *
 * @example
 * ```ts
 * import { DEMO_PEOPLE, MockPlatform } from 'essc-sdk/mock';
 * const zhang = DEMO_PEOPLE[0];
 * ```
 */
export const DEMO_PEOPLE: readonly [DemoPerson, DemoPerson, DemoPerson, DemoPerson] = [
  {
    name: '张三',
    idNumber: withCheckChar('44010619900307123'),
    regionCode: '440100',
    role: 'Guangzhou, bank account active: can enable payment',
  },
  {
    name: '买买提·艾力',
    idNumber: withCheckChar('65010219851122231'),
    regionCode: '650100',
    role: 'Urumqi, a minority name with the middle dot',
  },
  {
    name: '李四',
    idNumber: withCheckChar('31011519780615402'),
    regionCode: '310100',
    role: 'Shanghai, bank account not active: level 1 only',
  },
  {
    name: '王五',
    idNumber: withCheckChar('54010219950101301'),
    regionCode: '540100',
    role: 'Lhasa, whose city has not enabled the e-card',
  },
];

/** Each platform's engine, for the package's own servers (not exported from `essc-sdk/mock`). */
const ENGINES = new WeakMap<MockPlatform, PlatformEngine>();

/**
 * The reference engine behind a {@link MockPlatform}: what the sandbox serves over the wire.
 * Internal to the package: `essc-sdk/mock` does not export it, so the engine is no public API.
 *
 * @internal
 */
export function engineOf(platform: MockPlatform): PlatformEngine {
  const engine = ENGINES.get(platform);
  if (!engine) throw new TypeError('engineOf: not a MockPlatform');
  return engine;
}

/**
 * An in-memory national platform for tests and demos: the reference engine with admin
 * controls, an injectable clock and fault injection. Its keys are made per instance.
 *
 * @example
 * ```ts
 * import { createClient } from 'essc-sdk';
 * import { MockPlatform } from 'essc-sdk/mock';
 *
 * const platform = new MockPlatform();
 * platform.enableRegion('440100', '广州市');
 * platform.registerChannel({ id: 'wechat', name: '微信' });
 * platform.addPerson({ name: '张三', idNumber: '440106199003071231', regionCode: '440100' });
 * const client = createClient({ adapter: platform.adapter('wechat') });
 * ```
 */
export class MockPlatform {
  /** The reference engine behind this platform; the sandbox reaches it with {@link engineOf}. */
  private readonly engine: PlatformEngine;
  private readonly faultInjector = new FaultInjector();

  constructor(options: MockPlatformOptions = {}) {
    this.engine = new PlatformEngine({
      ...(options.now ? { now: options.now } : {}),
      ...(options.passwordHashIterations
        ? { passwordHashIterations: options.passwordHashIterations }
        : {}),
      ...(options.keys ? { keys: options.keys } : {}),
      ...(options.suite ? { suite: options.suite } : {}),
      ...(options.paymentLookupWaitMs !== undefined
        ? { paymentLookupWaitMs: options.paymentLookupWaitMs }
        : {}),
      ...(options.hostedBaseUrl ? { hostedBaseUrl: options.hostedBaseUrl } : {}),
      // A mock is a platform under test: its hosted face check is the tester's pass or fail.
      testMode: true,
    });
    ENGINES.set(this, this.engine);
  }

  /**
   * A platform ready for a demo: regions (广州 440100, 上海 310100, 乌鲁木齐 650100 enabled;
   * 拉萨 540100 not), the {@link DEMO_PEOPLE} with their records (张三 a worker with 160
   * months of pension contributions and a skill certificate, 买买提·艾力 unemployed and
   * eligible for the unemployment benefit, 李四 repaying a start-up loan), channels `wechat`,
   * `alipay`, `bank-app` and the portal `gov-portal`.
   *
   * @example
   * ```ts
   * const platform = MockPlatform.demo();
   * const client = createClient({ adapter: platform.adapter('wechat') });
   * ```
   */
  static demo(options: MockPlatformOptions = {}): MockPlatform {
    const platform = new MockPlatform(options);
    platform.enableRegion('440100', '广州市');
    platform.enableRegion('310100', '上海市');
    platform.enableRegion('650100', '乌鲁木齐市');
    for (const [index, person] of DEMO_PEOPLE.entries()) {
      platform.addPerson({
        name: person.name,
        idNumber: person.idNumber,
        regionCode: person.regionCode,
        bankAccountActive: person.regionCode === '440100',
      });
      for (const { topic, record } of DEMO_RECORDS[index] ?? []) {
        platform.addRecord(person.idNumber, topic, record);
      }
    }
    platform.registerChannel({ id: 'wechat', name: '微信' });
    platform.registerChannel({ id: 'alipay', name: '支付宝' });
    platform.registerChannel({ id: 'bank-app', name: '某银行App' });
    platform.registerPortal({ id: 'gov-portal', name: '国家政务服务平台' });
    return platform;
  }

  /**
   * Enables the e-card service in a city (R4); applications for cards issued elsewhere fail
   * with `REGION_NOT_ENABLED`.
   *
   * @example
   * ```ts
   * platform.enableRegion('440100', '广州市');
   * ```
   */
  enableRegion(regionCode: string, name?: string): void {
    this.engine.enableRegion(regionCode, name);
  }

  /**
   * Adds a person holding a physical card (status `normal` unless `cardStatus` says
   * otherwise; bank account inactive unless `bankAccountActive`); returns the card number.
   * The person's money, in integer fen: `bankBalance` (default 10 000 000), and `medical`:
   * the personal account (个人账户, default 0), the coverage ratio of medical insurance
   * (0–1, default 0.7) and the yearly deductible (起付线, default 0). `benefit` says the person
   * receives a pension whose payment needs the yearly certification (R33), paid
   * `monthlyAmount` fen a month (default 300 000) by {@link MockPlatform.runDisbursement}
   * (R44). A value of another
   * form is `VALIDATION_FAILED`, and nothing is added.
   *
   * @example
   * ```ts
   * const { cardNo } = platform.addPerson({
   *   name: '张三', idNumber: '440106199003071231', regionCode: '440100', bankAccountActive: true,
   *   bankBalance: 50_000, medical: { personalAccount: 20_000, coverage: 0.8, deductible: 10_000 },
   * });
   * ```
   */
  addPerson(input: NewPerson): {
    /** The new physical card's number. */
    cardNo: string;
  } {
    return this.engine.addPerson(input);
  }

  /**
   * A person's balances in fen: the bank account, the medical personal account, and what is
   * left of this year's deductible. Changed only by settlement, refunds and bills.
   *
   * @example
   * ```ts
   * const { bank, personalAccount, deductibleLeft } = platform.balances(idNumber);
   * ```
   */
  balances(idNumber: string): {
    /** The card's bank account, fen. */
    bank: number;
    /** 个人账户, fen. */
    personalAccount: number;
    /** 起付线 left this year, fen. */
    deductibleLeft: number;
  } {
    return this.engine.balances(idNumber);
  }

  /**
   * Registers a merchant (R21): a hospital, pharmacy or clinic settles medical insurance
   * (R23); transit and shop take the whole amount from the bank. `publicKey` is its public
   * JWK, needed over HTTP, of the platform's suite (R34: Ed25519 or P-256 under `jose`, SM2
   * under `sm`; another is `VALIDATION_FAILED`). Registering an id again replaces it; the id
   * has the channel id form.
   *
   * @example
   * ```ts
   * platform.registerMerchant({ id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' });
   * ```
   */
  registerMerchant(input: { id: string; name: string; kind: MerchantKind; publicKey?: JWK }): void {
    this.engine.registerMerchant(input);
  }

  /**
   * The in-process adapter of a merchant's payment terminal; applies this platform's faults
   * (`failNext('charge', { afterCommit: true })` loses a charge's response after it committed).
   *
   * @example
   * ```ts
   * const terminal = createPaymentTerminal({ adapter: platform.merchantAdapter('GZ-HOSP-1') });
   * ```
   */
  merchantAdapter(merchantId: string): MerchantAdapter {
    return createMockMerchantAdapter(this.engine, merchantId, this.faultInjector);
  }

  /**
   * Adds a bill (缴费, R26) for a person: an `insurance` contribution, an `exam` or a
   * `training` fee, amount in fen; the holder lists and pays it from a channel app.
   *
   * @example
   * ```ts
   * const { billId } = platform.addBill({ idNumber, kind: 'exam', title: '2026 年会计资格考试', amount: 5600 });
   * ```
   */
  addBill(input: { idNumber: string; kind: BillKind; title: string; amount: number }): {
    /** The new bill's id. */
    billId: string;
  } {
    return this.engine.addBill(input);
  }

  /**
   * The card a person holds now, with its status.
   *
   * @example
   * ```ts
   * platform.setCardStatus(platform.currentCard(idNumber).cardNo, 'lost');
   * ```
   */
  currentCard(idNumber: string): {
    /** The number of the card the person holds now. */
    cardNo: string;
    /** Its status. */
    status: PhysicalCardStatus;
  } {
    return this.engine.currentCard(idNumber);
  }

  /**
   * Changes the physical card's status; bound channels are notified (R13), and their clients
   * emit `card:status`. The change is made at once, unless a channel operation of the card's
   * holder is in flight: then right after it, so that operation is not overtaken halfway.
   * The promise resolves once the change is made; an unknown card throws `CARD_NOT_FOUND`.
   *
   * @example
   * ```ts
   * await platform.setCardStatus(platform.currentCard(idNumber).cardNo, 'lost'); // 挂失
   * ```
   */
  setCardStatus(cardNo: string, status: PhysicalCardStatus): Promise<void> {
    return this.engine.setCardStatus(cardNo, status);
  }

  /**
   * Activates or deactivates the card's bank account (needed for level 2, R7); made at once
   * or right after the holder's operation in flight, like {@link MockPlatform.setCardStatus}.
   *
   * @example
   * ```ts
   * await platform.setBankAccountActive(cardNo, true); // now enablePayment succeeds
   * ```
   */
  setBankAccountActive(cardNo: string, active: boolean): Promise<void> {
    return this.engine.setBankAccountActive(cardNo, active);
  }

  /**
   * Replaces the person's card (换补卡, R14): the old one is cancelled and its e-card with it;
   * channels must unbind it, then apply again for the new card. Bound channels are told
   * (`card:status` with `replaced: true`). Made at once or right after the person's operation
   * in flight, like {@link MockPlatform.setCardStatus}: an application running meanwhile binds
   * the old card and its channel is told, or it sees the new card. The numbers are there at
   * once; await the result to know the replacement is applied.
   *
   * @example
   * ```ts
   * const { oldCardNo, newCardNo } = platform.replaceCard(idNumber);
   * await platform.replaceCard(otherIdNumber); // resolves to the same { oldCardNo, newCardNo }
   * ```
   */
  replaceCard(idNumber: string): Promise<CardReplacement> & CardReplacement {
    return this.engine.replaceCard(idNumber);
  }

  /**
   * Registers a channel app (registering an id again replaces it); `publicKey` is its public
   * JWK, needed over HTTP (the sandbox checks each request's signature against it), of the
   * platform's suite (R34: Ed25519 or P-256 under `jose`, SM2 under `sm`; another is
   * `VALIDATION_FAILED`).
   * `webhookUrl` (http: or https:) is where a sandbox serving this platform POSTs the
   * channel's signed notifications (see `startSandbox`); in process, `adapter(id).subscribe`
   * delivers them instead. A URL of another form fails with `VALIDATION_FAILED`.
   *
   * @example
   * ```ts
   * platform.registerChannel({ id: 'wechat', name: '微信' });
   * platform.registerChannel({
   *   id: 'alipay',
   *   name: '支付宝',
   *   publicKey,
   *   webhookUrl: 'http://127.0.0.1:3000/essc/notifications',
   * });
   * ```
   */
  registerChannel(input: { id: string; name: string; publicKey?: JWK; webhookUrl?: string }): void {
    this.engine.registerChannel(input);
  }

  /**
   * The in-process adapter a channel's client uses. It seals secrets like a real adapter and
   * applies this platform's faults.
   *
   * @example
   * ```ts
   * const client = createClient({ adapter: platform.adapter('wechat') });
   * ```
   */
  adapter(channelId: string): PlatformAdapter {
    return createMockAdapter(this.engine, channelId, this.faultInjector);
  }

  /**
   * Registers a government portal for scan-to-login (R17); `publicKey` is its public JWK,
   * needed over HTTP, of the platform's suite like a channel's (R34).
   *
   * @example
   * ```ts
   * platform.registerPortal({ id: 'gov-portal', name: '国家政务服务平台' });
   * ```
   */
  registerPortal(input: {
    id: string;
    name: string;
    publicKey?: JWK;
    /**
     * The claims its sessions may ask for (R30); left out, `name`, `idNumber`, `regionCode`
     * and `level` — `signNo` only when listed here.
     */
    scopes?: LoginScope[];
  }): void {
    this.engine.registerPortal(input);
  }

  /**
   * Adds a record the holder's queries answer (R28) and eligibility reads (R29), checked
   * against its topic's schema (`VALIDATION_FAILED` otherwise); an unknown person is
   * `CARD_NOT_FOUND`.
   *
   * @example
   * ```ts
   * platform.addRecord(idNumber, 'insurance', {
   *   type: 'pension', status: 'contributing', regionCode: '440100', since: '2013-09', months: 160,
   * });
   * ```
   */
  addRecord<T extends QueryTopic>(idNumber: string, topic: T, record: TopicRecords[T]): void {
    this.engine.addRecord(idNumber, topic, record);
  }

  /**
   * The back office moves an application (R29): `accepted` from `submitted`, `approved` from
   * `accepted`, `rejected` from either; anything else `APPLICATION_STATE`. The card's bound
   * channels are told (`application.updated`).
   *
   * @example
   * ```ts
   * await platform.reviewApplication(application.applicationId, { decision: 'accepted' });
   * await platform.reviewApplication(application.applicationId, { decision: 'approved', note: '已核准' });
   * ```
   */
  reviewApplication(
    applicationId: string,
    input: { decision: 'accepted' | 'approved' | 'rejected'; note?: string },
  ): Promise<Application> {
    return this.engine.reviewApplication(applicationId, input);
  }

  /**
   * Runs a month's benefit disbursement (待遇发放, R44), as the back office does each month: every
   * person with a benefit (`addPerson({ benefit })`) is paid their monthly amount into the
   * card's bank account, once per month however often it runs or retries (concurrent runs
   * too); a person whose certification is overdue (R33) has the month `suspended`, paid with
   * its arrears (at most 12 months) by the first run after they certify. Bound channels are
   * told (`benefit.paid`, `benefit.suspended`). Answers the persons this run paid and
   * suspended: running it again answers zeros for them. `month` is the clock's month (China
   * time; the default) or one of the 12 before it; another month, or one not `YYYY-MM`:
   * `VALIDATION_FAILED` naming `month`.
   *
   * @example
   * ```ts
   * const { paid, suspended } = await platform.runDisbursement({ month: '2026-03' });
   * ```
   */
  runDisbursement(input: { month?: string } = {}): Promise<{
    /** People paid this run (their month, and arrears). */
    paid: number;
    /** People whose month was suspended this run (certification overdue, R33). */
    suspended: number;
  }> {
    return this.engine.runDisbursement(input);
  }

  /**
   * The adapter a portal's `createLoginPortal` uses.
   *
   * @example
   * ```ts
   * const portal = createLoginPortal({ adapter: platform.portalAdapter('gov-portal') });
   * ```
   */
  portalAdapter(portalId: string): PortalAdapter {
    return createMockPortalAdapter(this.engine, portalId, this.faultInjector);
  }

  /**
   * Mints a real-person proof, as a passed face check for this ID number would: valid for
   * 5 minutes, usable once. A person the platform does not hold is `CARD_NOT_FOUND`.
   *
   * @example
   * ```ts
   * await client.resetPassword({ signNo, realPerson: platform.realPersonProof(idNumber), newPassword: '739164' });
   * ```
   */
  realPersonProof(idNumber: string): RealPersonProof {
    return this.engine.realPersonProof(idNumber);
  }

  /**
   * Completes a launched hosted page (R38) without a browser, as its citizen would: the face
   * check (`face`, default `'pass'`), the password (the current one, or the one a first apply
   * sets), the new password of a change or a reset, or `cancel`. Resolves with the page's
   * receipt, the token the browser would bring back to the channel (`?receipt=`). A step
   * refused while the page stays open — a wrong password (`PASSWORD_INCORRECT` with
   * `details.attemptsLeft`), a weak new password — rejects with that error, and the page waits
   * at that step: call again with other answers. A finished page is `LAUNCH_USED`, an expired
   * one `LAUNCH_EXPIRED`.
   *
   * @example
   * ```ts
   * const { url } = await hosted.launch({ action: 'apply', channelUserId, person, returnUrl });
   * const receipt = await platform.completeHosted(url, { face: 'pass', password: '258046' });
   * const { kind, signNo } = await hosted.verifyReceipt(receipt); // 'applied'
   * ```
   */
  completeHosted(url: string, answers: HostedAnswers = {}): Promise<string> {
    return completeHosted(this.engine, url, answers);
  }

  /**
   * The public keys acceptors and portals verify with (current and previous).
   *
   * @example
   * ```ts
   * const verifier = createQrVerifier({ jwks: await platform.jwks() });
   * ```
   */
  async jwks(): Promise<{
    /** Ed25519 public JWKs. */
    keys: JWK[];
  }> {
    return this.engine.jwks();
  }

  /**
   * The signed status list of offline credentials (R41): a compact JWS acceptors load and
   * cache, where bit `statusIndex` set means revoked. Pass this method to
   * `createQrVerifier({ statusList })`; the sandbox serves the same at
   * `GET /v1/status-lists/offline`.
   *
   * @example
   * ```ts
   * const verifier = createQrVerifier({ jwks: await platform.jwks(), statusList: () => platform.statusList() });
   * ```
   */
  statusList(): Promise<string> {
    return this.engine.offlineStatusList();
  }

  /**
   * The online card status check acceptors run for payment codes: plug it into
   * `createQrVerifier({ statusCheck })`. It answers the current status of the card behind a
   * code's card reference (base64url of the 12 bytes in the code); `CARD_NOT_FOUND` for a
   * reference the platform never issued.
   *
   * @example
   * ```ts
   * const verifier = createQrVerifier({ jwks: await platform.jwks(), statusCheck: platform.cardStatusCheck() });
   * ```
   */
  cardStatusCheck(): (input: { cardRef: string }) => Promise<ECardStatus> {
    return async ({ cardRef }) => this.engine.cardStatus(cardRef);
  }

  /**
   * Rotates the platform's signing key; the previous key stays in the JWKS. Resolves with the
   * new key's kid.
   *
   * @example
   * ```ts
   * const kid = await platform.rotateSigningKey(); // verifiers refresh their JWKS on the next unknown kid
   * ```
   */
  rotateSigningKey(): Promise<string> {
    return this.engine.rotateSigningKey();
  }

  /**
   * Standing faults for every adapter of this platform (replacing earlier ones). A latency
   * range `[min, max]` with min above max is `VALIDATION_FAILED`.
   *
   * @example
   * ```ts
   * platform.setFaults({ latencyMs: 300, failureRate: 0.2 });
   * ```
   */
  setFaults(settings: FaultSettings): void {
    this.faultInjector.set(settings);
  }

  /**
   * Fails the next call of `operation`, before or after the platform commits it. With
   * `afterCommit` the change is made and the response lost: retrying with the same
   * idempotency key must return the first outcome (R20).
   *
   * @example
   * ```ts
   * platform.failNext('changePassword', { afterCommit: true });
   * await client.changePassword(input, { idempotencyKey }).catch(() => {}); // TIMEOUT, but applied
   * await client.changePassword(input, { idempotencyKey }); // same key: the first outcome, not a second change
   * ```
   */
  failNext(operation: AdapterOperation, options?: FailNextOptions): void {
    this.faultInjector.failNext(operation, options);
  }

  /**
   * Removes every fault, standing and one-shot.
   *
   * @example
   * ```ts
   * afterEach(() => platform.clearFaults());
   * ```
   */
  clearFaults(): void {
    this.faultInjector.clear();
  }

  /**
   * The fault injector of this platform, so the sandbox applies the same faults to calls
   * over the wire as the in-process adapters do.
   *
   * @internal
   */
  get faults(): FaultInjector {
    return this.faultInjector;
  }
}
