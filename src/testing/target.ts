import type { JWK } from 'jose';
import type { PhysicalCardStatus, RealPersonProof } from '../domain/types.js';
import type { PlatformAdapter, PortalAdapter } from '../platform/port.js';

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
  enableRegion(regionCode: string, name?: string): void | Promise<void>;
  addPerson(input: {
    name: string;
    idNumber: string;
    regionCode: string;
    cardStatus?: PhysicalCardStatus;
    bankAccountActive?: boolean;
  }): { cardNo: string } | Promise<{ cardNo: string }>;
  setCardStatus(cardNo: string, status: PhysicalCardStatus): void | Promise<void>;
  replaceCard(
    idNumber: string,
  ): { oldCardNo: string; newCardNo: string } | Promise<{ oldCardNo: string; newCardNo: string }>;
  realPersonProof(idNumber: string): RealPersonProof | Promise<RealPersonProof>;
  jwks(): Promise<{ keys: JWK[] }>;
  rotateSigningKey?(): Promise<string>;
}

/**
 * One fresh platform to run the conformance suite against: three registered channels, a
 * registered portal, the adapters, the admin controls, and the clock. The suite calls the
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
  /** The adapter of a channel, as the implementation under test builds it. */
  adapter(channelId: string): PlatformAdapter;
  /** A registered portal's adapter, for scan-to-login. */
  portal: { id: string; name: string; adapter(): PortalAdapter };
  admin: ConformanceAdmin;
  /**
   * Moves the platform's clock forward (the suite's expiry tests need it). The mock gives a
   * test clock; a target without one skips those tests, and says so.
   */
  advanceTime?(ms: number): void | Promise<void>;
  /** The platform's clock in milliseconds, for verifiers that must share it. */
  now(): number;
  /** Frees what the target holds (servers, sockets). */
  close?(): void | Promise<void>;
}
