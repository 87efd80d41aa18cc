import type { LoginScope } from '../../src/domain/types.js';
import { MockPlatform } from '../../src/mock/index.js';
import { runConformanceSuite } from '../../src/testing/index.js';
import { sharedPlatformKeys, TEST_PASSWORD_HASH_ITERATIONS } from '../test-platform.js';

const CHANNELS = ['wechat', 'alipay', 'bank-app'] as const;
const MERCHANTS = [
  { id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' },
  { id: 'GZ-METRO', name: '广州地铁', kind: 'transit' },
] as const;
// Registered without `level`, so the R30 cases can ask beyond the registration.
const PORTAL = {
  id: 'gov-portal',
  name: '国家政务服务平台',
  scopes: ['name', 'idNumber', 'regionCode'] as LoginScope[],
};
// A second portal, registered with the sign number (R30 as amended): the suite logs one person
// in at both and checks that nothing joins the two, and that signNo goes only where asked for.
const OTHER_PORTAL = {
  id: 'GD-GOV',
  name: '广东政务服务网',
  scopes: ['name', 'regionCode', 'signNo'] as LoginScope[],
};

// Both crypto suites (R34): every flow must behave the same under SM2/SM3/SM4.
for (const suite of ['jose', 'sm'] as const) {
  runConformanceSuite(`MockPlatform (in-process reference engine, ${suite} suite)`, async () => {
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
  });
}
