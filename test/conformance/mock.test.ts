import type { LoginScope } from '../../src/domain/types.js';
import { MockPlatform } from '../../src/mock/index.js';
import { runConformanceSuite } from '../../src/testing/index.js';

const CHANNELS = ['wechat', 'alipay', 'bank-app'] as const;
// Registered without `level`, so the R30 cases can ask beyond the registration.
const PORTAL = {
  id: 'gov-portal',
  name: '国家政务服务平台',
  scopes: ['name', 'idNumber', 'regionCode'] as LoginScope[],
};

runConformanceSuite('MockPlatform (in-process reference engine)', () => {
  let now = Date.UTC(2026, 0, 1);
  const platform = new MockPlatform({ now: () => now });
  platform.registerChannel({ id: 'wechat', name: '微信' });
  platform.registerChannel({ id: 'alipay', name: '支付宝' });
  platform.registerChannel({ id: 'bank-app', name: '某银行App' });
  platform.registerPortal(PORTAL);
  return {
    channels: CHANNELS,
    adapter: (channelId) => platform.adapter(channelId),
    portal: { ...PORTAL, adapter: () => platform.portalAdapter(PORTAL.id) },
    admin: platform,
    advanceTime: (ms) => {
      now += ms;
    },
    now: () => now,
  };
});
