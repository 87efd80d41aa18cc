/**
 * The conformance suite through the relay (relay adapter → relay handler → MockPlatform), in
 * one crypto suite (R34; one test file per suite, so the two run in parallel workers).
 */
import type { CryptoSuite } from '../../src/crypto/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { createRelayAdapter, createRelayHandler } from '../../src/relay/index.js';
import { type ConformanceSuiteOptions, runConformanceSuite } from '../../src/testing/index.js';
import { CHANNELS, MERCHANTS, OTHER_PORTAL, PORTAL } from '../conformance/parties.js';
import { sharedPlatformKeys, TEST_PASSWORD_HASH_ITERATIONS } from '../test-platform.js';
import { headerSession, inProcessTransport, RELAY_URL } from './helpers.js';

/** Any user for the operations that name a card; the suite's cards are not tied to users. */
const SUITE_USER = 'suite-user';

export function relayConformance(
  suite: CryptoSuite,
  shard?: ConformanceSuiteOptions['shard'],
): void {
  runConformanceSuite(
    `relay adapter → relay handler → MockPlatform (${suite} suite)`,
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
        adapter: (channelId) => {
          const handler = createRelayHandler({
            adapter: platform.adapter(channelId),
            authenticate: headerSession,
          });
          // The suite applies for many people through one client: the test's session is the user
          // the application (or hosted launch) names (a real mini-program has one user, from its
          // session token).
          const transport = inProcessTransport(handler, ({ op, input }) =>
            (op === 'apply' || op === 'launchHosted') && typeof input.channelUserId === 'string'
              ? input.channelUserId
              : SUITE_USER,
          );
          return createRelayAdapter({ url: RELAY_URL, channelId, transport });
        },
        portal: { ...PORTAL, adapter: () => platform.portalAdapter(PORTAL.id) },
        otherPortal: { ...OTHER_PORTAL, adapter: () => platform.portalAdapter(OTHER_PORTAL.id) },
        // Merchants talk to the platform, never through a channel's relay: in-process here.
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
