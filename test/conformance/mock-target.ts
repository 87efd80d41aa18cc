import type { CryptoSuite } from '../../src/crypto/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { type ConformanceSuiteOptions, runConformanceSuite } from '../../src/testing/index.js';
import { sharedPlatformKeys, TEST_PASSWORD_HASH_ITERATIONS } from '../test-platform.js';
import { CHANNELS, MERCHANTS, OTHER_PORTAL, PORTAL } from './parties.js';

/**
 * The conformance suite on the in-process reference engine, in one crypto suite (R34: every
 * flow must behave the same under SM2/SM3/SM4). One test file per suite, so the two run in
 * parallel workers.
 */
export function mockConformance(
  suite: CryptoSuite,
  shard?: ConformanceSuiteOptions['shard'],
): void {
  runConformanceSuite(
    `MockPlatform (in-process reference engine, ${suite} suite)`,
    async () => {
      let now = Date.UTC(2026, 0, 1);
      const platform = new MockPlatform({
        now: () => now,
        suite,
        keys: await sharedPlatformKeys(suite),
        passwordHashIterations: TEST_PASSWORD_HASH_ITERATIONS,
      });
      platform.registerChannel({ id: 'wechat', name: '微信' });
      platform.registerChannel({ id: 'alipay', name: '支付宝' });
      platform.registerChannel({ id: 'bank-app', name: '某银行App' });
      platform.registerPortal(PORTAL);
      platform.registerPortal(OTHER_PORTAL);
      for (const merchant of MERCHANTS) platform.registerMerchant(merchant);
      return {
        channels: CHANNELS,
        adapter: (channelId) => platform.adapter(channelId),
        portal: { ...PORTAL, adapter: () => platform.portalAdapter(PORTAL.id) },
        otherPortal: { ...OTHER_PORTAL, adapter: () => platform.portalAdapter(OTHER_PORTAL.id) },
        merchants: {
          hospital: MERCHANTS[0].id,
          shop: MERCHANTS[1].id,
          adapter: (merchantId) => platform.merchantAdapter(merchantId),
        },
        admin: platform,
        advanceTime: (ms) => {
          now += ms;
        },
        now: () => now,
      };
    },
    shard ? { shard } : {},
  );
}
