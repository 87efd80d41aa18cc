/**
 * The acceptance test of the wire protocol: the one conformance suite, run against
 * `createHttpAdapter` (and `createHttpMerchantAdapter` for the payment cases) talking to a sandbox over loopback. The sandbox serves a MockPlatform
 * with a test clock; the back-office controls run in-process on that platform, as a
 * channel developer's test harness would drive its own sandbox.
 */

import type { JWK } from 'jose';
import type { CryptoSuite } from '../../src/crypto/index.js';
import {
  createHttpAdapter,
  createHttpMerchantAdapter,
  createHttpPortalAdapter,
  generateCallerKeyPair,
} from '../../src/http/index.js';
import { MockPlatform } from '../../src/mock/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { type ConformanceSuiteOptions, runConformanceSuite } from '../../src/testing/index.js';
import { CHANNELS, MERCHANTS, OTHER_PORTAL, PORTAL } from '../conformance/parties.js';
import { sharedPlatformKeys, TEST_PASSWORD_HASH_ITERATIONS } from '../test-platform.js';

type Pairs = Record<string, { privateJwk: JWK; publicJwk: JWK }>;

// Key pairs are made once for the file (each test registers them on its fresh platform).
// Under jose one channel signs with ES256, the others with EdDSA, so both algorithms run the
// suite; under sm (R34) every caller signs with SM2, as on the real platform.
const keys: Partial<Record<CryptoSuite, Promise<Pairs>>> = {};
function callerKeys(suite: CryptoSuite) {
  const [a, b] = suite === 'sm' ? (['SM2', 'SM2'] as const) : (['EdDSA', 'ES256'] as const);
  keys[suite] ??= (async () => ({
    wechat: await generateCallerKeyPair(a),
    alipay: await generateCallerKeyPair(b),
    'bank-app': await generateCallerKeyPair(a),
    [PORTAL.id]: await generateCallerKeyPair(b),
    [OTHER_PORTAL.id]: await generateCallerKeyPair(a),
    [MERCHANTS[0].id]: await generateCallerKeyPair(b),
    [MERCHANTS[1].id]: await generateCallerKeyPair(a),
  }))();
  return keys[suite];
}

/** The conformance suite over the wire, in one crypto suite (one test file per suite). */
export function httpConformance(
  suite: CryptoSuite,
  shard?: ConformanceSuiteOptions['shard'],
): void {
  runConformanceSuite(
    `http adapter → sandbox (wire protocol v1 over loopback, ${suite} suite)`,
    async () => {
      const pairs = await callerKeys(suite);
      let now = Date.UTC(2026, 0, 1);
      const platform = new MockPlatform({
        now: () => now,
        suite,
        keys: await sharedPlatformKeys(suite),
        passwordHashIterations: TEST_PASSWORD_HASH_ITERATIONS,
      });
      platform.registerChannel({
        id: 'wechat',
        name: '微信',
        publicKey: pairs.wechat!.publicJwk,
      });
      platform.registerChannel({
        id: 'alipay',
        name: '支付宝',
        publicKey: pairs.alipay!.publicJwk,
      });
      platform.registerChannel({
        id: 'bank-app',
        name: '某银行App',
        publicKey: pairs['bank-app']!.publicJwk,
      });
      for (const portal of [PORTAL, OTHER_PORTAL]) {
        platform.registerPortal({ ...portal, publicKey: pairs[portal.id]!.publicJwk });
      }
      for (const merchant of MERCHANTS) {
        platform.registerMerchant({ ...merchant, publicKey: pairs[merchant.id]!.publicJwk });
      }
      const sandbox = await startSandbox({ platform, port: 0 });
      return {
        channels: CHANNELS,
        adapter: (channelId) =>
          createHttpAdapter({
            baseUrl: sandbox.url,
            channelId,
            channelKey: pairs[channelId]!.privateJwk,
            // The suite's R13/R14 notification cases run over the long poll.
            notifications: true,
          }),
        portal: {
          ...PORTAL,
          adapter: () =>
            createHttpPortalAdapter({
              baseUrl: sandbox.url,
              portalId: PORTAL.id,
              portalKey: pairs[PORTAL.id]!.privateJwk,
            }),
        },
        otherPortal: {
          ...OTHER_PORTAL,
          adapter: () =>
            createHttpPortalAdapter({
              baseUrl: sandbox.url,
              portalId: OTHER_PORTAL.id,
              portalKey: pairs[OTHER_PORTAL.id]!.privateJwk,
            }),
        },
        merchants: {
          hospital: MERCHANTS[0].id,
          shop: MERCHANTS[1].id,
          adapter: (merchantId) =>
            createHttpMerchantAdapter({
              baseUrl: sandbox.url,
              merchantId,
              merchantKey: pairs[merchantId]!.privateJwk,
            }),
        },
        admin: platform,
        advanceTime: (ms) => {
          now += ms;
        },
        now: () => now,
        close: () => sandbox.close(),
      };
    },
    shard ? { shard } : {},
  );
}
