import type { JWK } from 'jose';
import type { HostedAnswers } from '../domain/hosted.js';
import type { NewPerson } from '../domain/new-person.js';
import type { QueryTopic, TopicRecords } from '../domain/records.js';
import type { Application } from '../domain/services.js';
import type { BillKind, LoginScope, PhysicalCardStatus, RealPersonProof } from '../domain/types.js';
import type { MerchantAdapter, PlatformAdapter, PortalAdapter } from '../platform/port.js';

/**
 * The back-office controls the conformance suite needs from a platform under test. A
 * `MockPlatform` has them in-process; a sandbox exposes them over its admin routes.
 * Methods may return a value or a promise.
 *
 * @example
 * ```ts
 * import { MockPlatform } from 'essc-sdk/mock';
 * const platform = new MockPlatform();
 * const admin: ConformanceAdmin = platform; // a MockPlatform is one as it is
 * ```
 */
export interface ConformanceAdmin {
  /**
   * Enables the e-card service in a city (R4).
   *
   * @example
   * ```ts
   * await admin.enableRegion('440100', '广州市');
   * ```
   */
  enableRegion(regionCode: string, name?: string): void | Promise<void>;
  /**
   * Adds a person holding a physical card; answers the card number.
   *
   * @example
   * ```ts
   * const { cardNo } = await admin.addPerson({ name: '张三', idNumber, regionCode: '440100' });
   * ```
   */
  addPerson(input: NewPerson):
    | {
        /** The new card's number. */
        cardNo: string;
      }
    | Promise<{
        /** The new card's number. */
        cardNo: string;
      }>;
  /**
   * Changes a physical card's status; bound channels must be notified (R13).
   *
   * @example
   * ```ts
   * await admin.setCardStatus(cardNo, 'lost');
   * ```
   */
  setCardStatus(cardNo: string, status: PhysicalCardStatus): void | Promise<void>;
  /**
   * Optional (cases that change the bank account between two steps skip without it): R7,
   * the card's bank account active or not. A `MockPlatform` has it.
   *
   * @example
   * ```ts
   * await admin.setBankAccountActive?.(cardNo, false);
   * ```
   */
  setBankAccountActive?(cardNo: string, active: boolean): void | Promise<void>;
  /**
   * Replaces a person's card (R14): the old one is cancelled.
   *
   * @example
   * ```ts
   * const { newCardNo } = await admin.replaceCard(idNumber);
   * ```
   */
  replaceCard(idNumber: string):
    | {
        /** The cancelled card. */
        oldCardNo: string;
        /** The card issued in its place. */
        newCardNo: string;
      }
    | Promise<{
        /** The cancelled card. */
        oldCardNo: string;
        /** The card issued in its place. */
        newCardNo: string;
      }>;
  /**
   * Mints a real-person proof for an ID number, as a passed face check would.
   *
   * @example
   * ```ts
   * const realPerson = await admin.realPersonProof(idNumber);
   * ```
   */
  realPersonProof(idNumber: string): RealPersonProof | Promise<RealPersonProof>;
  /**
   * The platform's public signing keys (the suite verifies QR codes and assertions with them).
   *
   * @example
   * ```ts
   * const verifier = createQrVerifier({ jwks: await admin.jwks() });
   * ```
   */
  jwks(): Promise<{
    /** Public JWKs. */
    keys: JWK[];
  }>;
  /**
   * Optional: the platform's signed status list of offline credentials (R41), as
   * `MockPlatform#statusList` and the sandbox's `GET /v1/status-lists/offline` answer it. The
   * offline cases skip without it.
   *
   * @example
   * ```ts
   * const verifier = createQrVerifier({ jwks: await admin.jwks(), statusList: () => admin.statusList!() });
   * ```
   */
  statusList?(): Promise<string>;
  /**
   * Optional: rotates the signing key and answers the new kid. The suite does not call it
   * at present; a `MockPlatform` has it.
   *
   * @example
   * ```ts
   * const kid = await admin.rotateSigningKey?.();
   * ```
   */
  rotateSigningKey?(): Promise<string>;
  /**
   * Adds a record the person's queries answer and eligibility reads (R28, R29).
   *
   * @example
   * ```ts
   * await admin.addRecord(idNumber, 'employment', { status: 'unemployed', since: '2026-06-30' });
   * ```
   */
  addRecord<T extends QueryTopic>(
    idNumber: string,
    topic: T,
    record: TopicRecords[T],
  ): void | Promise<void>;
  /**
   * The back office moves an application (R29).
   *
   * @example
   * ```ts
   * await admin.reviewApplication(applicationId, { decision: 'accepted' });
   * ```
   */
  reviewApplication(
    applicationId: string,
    input: {
      /** The new state. */
      decision: 'accepted' | 'approved' | 'rejected';
      /** A note for the holder. */
      note?: string;
    },
  ): Promise<Application>;
  /**
   * Optional (the hosted-page cases, R35–R37, skip without it): completes a launched hosted
   * page as its citizen would — the face check, the password, a new password, or closing it —
   * and answers the receipt the browser would bring back. A step refused while the page stays
   * open (a wrong password) rejects with that error and leaves the page at that step.
   *
   * @example
   * ```ts
   * const receipt = await admin.completeHosted(url, { face: 'pass', password: '258046' });
   * ```
   */
  completeHosted?(url: string, answers: HostedAnswers): Promise<string>;
  /**
   * Optional (the benefit cases, R44, skip without it): runs a month's benefit disbursement
   * and answers the persons this run paid and suspended. A `MockPlatform` has it; a sandbox
   * has it as `POST /admin/disbursements`.
   *
   * @example
   * ```ts
   * const { paid, suspended } = await admin.runDisbursement({ month: '2026-03' });
   * ```
   */
  runDisbursement?(input: {
    /** The month to pay, `YYYY-MM`: the platform clock's month or one of the 12 before it; absent: the clock's. */
    month?: string;
  }): Promise<{
    /** Persons this run paid. */
    paid: number;
    /** Persons whose month this run suspended. */
    suspended: number;
  }>;
  /**
   * Optional (the payment cases, R21–R27, skip without it): a person's balances in fen.
   *
   * @example
   * ```ts
   * const { bank, personalAccount, deductibleLeft } = await admin.balances(idNumber);
   * ```
   */
  balances?(idNumber: string): PersonBalances | Promise<PersonBalances>;
  /**
   * Optional (the bill cases, R26, skip without it): adds a bill for a person.
   *
   * @example
   * ```ts
   * const { billId } = await admin.addBill({ idNumber, kind: 'exam', title: '会计考试', amount: 5600 });
   * ```
   */
  addBill?(input: {
    /** Whose bill. */
    idNumber: string;
    /** 参保, 考试 or 培训缴费. */
    kind: BillKind;
    /** Shown to the holder. */
    title: string;
    /** Fen. */
    amount: number;
  }):
    | {
        /** The new bill's id. */
        billId: string;
      }
    | Promise<{
        /** The new bill's id. */
        billId: string;
      }>;
  /**
   * Optional (the lost-answer case, R24, skips without it): makes the next call of an
   * operation fail; with `afterCommit`, the platform commits it and the answer is lost.
   *
   * @example
   * ```ts
   * await admin.failNext('charge', { afterCommit: true });
   * ```
   */
  failNext?(
    operation: 'charge',
    options: {
      /** Commit, then lose the answer. */
      afterCommit: boolean;
    },
  ): void | Promise<void>;
}

/**
 * A person's money, fen (R23).
 */
export interface PersonBalances {
  /** The bank account behind the card. */
  bank: number;
  /** 个人账户: the medical personal account. */
  personalAccount: number;
  /** 起付线: what is left of this year's deductible. */
  deductibleLeft: number;
}

/**
 * The merchants of a target (R21): one medical, one not, both registered on the platform,
 * and how the implementation under test builds their adapters.
 *
 * @example
 * ```ts
 * const merchants: ConformanceMerchants = {
 *   hospital: 'GZ-HOSP-1',
 *   shop: 'GZ-METRO',
 *   adapter: (merchantId) => platform.merchantAdapter(merchantId),
 * };
 * ```
 */
export interface ConformanceMerchants {
  /** A merchant registered with kind `hospital` (it settles medical insurance, R23). */
  hospital: string;
  /** A merchant registered with kind `transit` or `shop` (everything is self-paid). */
  shop: string;
  /**
   * A merchant's adapter, as the implementation under test builds it.
   *
   * @example
   * ```ts
   * adapter: (merchantId) => createHttpMerchantAdapter({ baseUrl, merchantId, merchantKey: keys[merchantId] }),
   * ```
   */
  adapter(merchantId: string): MerchantAdapter;
}

/**
 * A registered government portal of a target (R17, R30), and how the implementation under
 * test builds its adapter.
 *
 * @example
 * ```ts
 * const portal: ConformancePortal = {
 *   id: 'gov-portal',
 *   name: '国家政务服务平台',
 *   scopes: ['name', 'idNumber', 'regionCode'],
 *   adapter: () => platform.portalAdapter('gov-portal'),
 * };
 * ```
 */
export interface ConformancePortal {
  /** The portal's registered id. */
  id: string;
  /** Its registered display name (the suite checks `scanLogin` shows it). */
  name: string;
  /**
   * The claims it is registered for (R30), as registered; left out, the four a registration
   * without scopes allows (`name`, `idNumber`, `regionCode`, `level`: never `signNo`).
   * Registered with fewer, the suite also checks that a session asking for more is refused.
   */
  scopes?: LoginScope[];
  /**
   * A portal adapter, as the implementation under test builds it.
   *
   * @example
   * ```ts
   * adapter: () => platform.portalAdapter('gov-portal')
   * ```
   */
  adapter(): PortalAdapter;
}

/**
 * One fresh platform to run the conformance suite against: three registered channels, a
 * registered portal (a second one optional), the adapters, the admin controls, and the clock. The suite calls the
 * setup that makes it before every test and `close` after it.
 *
 * @example
 * ```ts
 * let now = Date.UTC(2026, 0, 1);
 * const platform = new MockPlatform({ now: () => now });
 * for (const id of ['wechat', 'alipay', 'bank-app']) platform.registerChannel({ id, name: id });
 * platform.registerPortal({ id: 'gov-portal', name: '国家政务服务平台' });
 * const target: ConformanceTarget = {
 *   channels: ['wechat', 'alipay', 'bank-app'],
 *   adapter: (channelId) => platform.adapter(channelId),
 *   portal: { id: 'gov-portal', name: '国家政务服务平台', adapter: () => platform.portalAdapter('gov-portal') },
 *   admin: platform,
 *   advanceTime: (ms) => { now += ms; },
 *   now: () => now,
 * };
 * ```
 */
export interface ConformanceTarget {
  /** Ids of three channels registered on the platform. */
  channels: readonly [string, string, string];
  /**
   * The adapter of a channel, as the implementation under test builds it.
   *
   * @example
   * ```ts
   * adapter: (channelId) => createHttpAdapter({ baseUrl: sandbox.url, channelId, channelKey: keys[channelId] }),
   * ```
   */
  adapter(channelId: string): PlatformAdapter;
  /** A registered portal, for scan-to-login. */
  portal: ConformancePortal;
  /**
   * Optional: a second registered portal, with another id. The R30 cases log one person in at
   * both and check that the two assertions share no identifier beyond the consented claims;
   * registered with `'signNo'` among its scopes, they also check that the sign number is
   * released only when asked for. Left out, those cases skip themselves and say why.
   *
   * @example
   * ```ts
   * otherPortal: {
   *   id: 'GD-GOV',
   *   name: '广东政务服务网',
   *   scopes: ['name', 'regionCode', 'signNo'],
   *   adapter: () => platform.portalAdapter('GD-GOV'),
   * },
   * ```
   */
  otherPortal?: ConformancePortal;
  /** The back-office controls (a `MockPlatform` is one as it is). */
  admin: ConformanceAdmin;
  /**
   * The registered merchants; left out, the payment cases (R21–R27) skip themselves and say
   * why.
   */
  merchants?: ConformanceMerchants;
  /**
   * Moves the platform's clock forward (the suite's expiry tests need it). The mock gives a
   * test clock; a target without one skips those tests, and says so.
   *
   * @example
   * ```ts
   * advanceTime: (ms) => { now += ms; },
   * ```
   */
  advanceTime?(ms: number): void | Promise<void>;
  /**
   * The platform's clock in milliseconds, for verifiers that must share it.
   *
   * @example
   * ```ts
   * now: () => now,
   * ```
   */
  now(): number;
  /**
   * Frees what the target holds (servers, sockets); called after each test.
   *
   * @example
   * ```ts
   * close: () => sandbox.close(),
   * ```
   */
  close?(): void | Promise<void>;
}
