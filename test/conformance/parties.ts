/**
 * The parties every conformance target registers: three channels, a hospital and a transit
 * merchant, and two portals (R30: one registered without `level`, so the cases can ask beyond
 * the registration; one registered with the sign number, so the suite logs one person in at
 * both and checks that nothing joins the two and that signNo goes only where asked for).
 */
import type { LoginScope } from '../../src/domain/types.js';

export const CHANNELS = ['wechat', 'alipay', 'bank-app'] as const;
export const MERCHANTS = [
  { id: 'GZ-HOSP-1', name: '广州市第一人民医院', kind: 'hospital' },
  { id: 'GZ-METRO', name: '广州地铁', kind: 'transit' },
] as const;
export const PORTAL = {
  id: 'gov-portal',
  name: '国家政务服务平台',
  scopes: ['name', 'idNumber', 'regionCode'] as LoginScope[],
};
export const OTHER_PORTAL = {
  id: 'GD-GOV',
  name: '广东政务服务网',
  scopes: ['name', 'regionCode', 'signNo'] as LoginScope[],
};
