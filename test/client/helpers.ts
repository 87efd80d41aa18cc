/**
 * Shared set-up of the client tests: a spy adapter that records what reaches it, and a mock
 * platform with a test clock and a person ready to apply.
 */
import { vi } from 'vitest';
import type { ECard } from '../../src/domain/types.js';
import { MockPlatform } from '../../src/mock/index.js';
import type { PlatformAdapter, RequestContext } from '../../src/platform/port.js';
import { freshIdNumber, PASSWORD } from '../../src/testing/people.js';

export const SIGN_NO = '440100D156ABCDEFGHJK';

export const CARD: ECard = {
  signNo: SIGN_NO,
  channelId: 'wechat',
  name: '张*',
  idNumber: '440106********1237',
  cardNo: 'A1*****78',
  regionCode: '440100',
  status: 'active',
  level: 1,
  boundAt: '2026-01-01T00:00:00.000Z',
};

/** An adapter whose every method is a spy answering a plausible value. */
export function spyAdapter() {
  return {
    channelId: 'wechat',
    apply: vi.fn(async (_input: unknown, _ctx: RequestContext) => CARD),
    getCard: vi.fn(async (_input: unknown, _ctx: RequestContext) => CARD),
    unbind: vi.fn(async (_input: unknown, _ctx: RequestContext) => undefined),
    changePassword: vi.fn(async (_input: unknown, _ctx: RequestContext) => undefined),
    resetPassword: vi.fn(async (_input: unknown, _ctx: RequestContext) => undefined),
    enablePayment: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      ...CARD,
      level: 2 as const,
    })),
    issueQr: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      text: 'EC1:QR',
      purpose: 'identity' as const,
      issuedAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-01-01T00:01:00.000Z',
    })),
    scanLogin: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      requestId: 'lr_1',
      portal: { id: 'gov-portal', name: '国家政务服务平台' },
      scopes: ['name' as const],
      expiresAt: '2026-01-01T00:02:00.000Z',
    })),
    confirmLogin: vi.fn(async (_input: unknown, _ctx: RequestContext) => undefined),
    rejectLogin: vi.fn(async (_input: unknown, _ctx: RequestContext) => undefined),
    scanOrder: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      requestId: 'or_1',
      merchant: { id: 'GZ-PHARM-1', name: '广州市大参林药店', kind: 'pharmacy' as const },
      orderId: 'POS-1',
      amount: 2_850,
      items: [],
      expiresAt: '2026-01-01T00:05:00.000Z',
    })),
    payOrder: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      paymentId: 'pay_1',
      orderId: 'POS-1',
      merchantId: 'GZ-PHARM-1',
      amount: 2_850,
      refunded: 0,
      status: 'succeeded' as const,
      split: { pooledFund: 0, personalAccount: 0, selfPay: 2_850 },
      holderName: '张*',
      cardRef: 'AAAAAAAAAAAAAAAA',
      paidAt: '2026-01-01T00:00:00.000Z',
    })),
    declineOrder: vi.fn(async (_input: unknown, _ctx: RequestContext) => undefined),
    listPayments: vi.fn(async (_input: unknown, _ctx: RequestContext) => []),
    listBills: vi.fn(async (_input: unknown, _ctx: RequestContext) => []),
    payBill: vi.fn(async (_input: unknown, _ctx: RequestContext) => BILL),
    query: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      topic: 'insurance' as const,
      records: [],
    })),
    submitApplication: vi.fn(async (_input: unknown, _ctx: RequestContext) => APPLICATION),
    getApplication: vi.fn(async (_input: unknown, _ctx: RequestContext) => APPLICATION),
    listApplications: vi.fn(async (_input: unknown, _ctx: RequestContext) => [APPLICATION]),
    withdrawApplication: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      ...APPLICATION,
      status: 'withdrawn' as const,
    })),
    listAuthorizations: vi.fn(async (_input: unknown, _ctx: RequestContext) => []),
    addFamilyMember: vi.fn(async (_input: unknown, _ctx: RequestContext) => MEMBER),
    listFamilyMembers: vi.fn(async (_input: unknown, _ctx: RequestContext) => [MEMBER]),
    removeFamilyMember: vi.fn(async (_input: unknown, _ctx: RequestContext) => undefined),
    getCertification: vi.fn(async (_input: unknown, _ctx: RequestContext) => CERTIFICATION),
    certify: vi.fn(async (_input: unknown, _ctx: RequestContext) => CERTIFICATION),
    launchHosted: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      url: 'https://essc.example.cn/hosted/apply?launch=x',
      busiSeq: 'HS1',
      expiresAt: '2026-01-01T00:10:00.000Z',
    })),
    reportLoss: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      ...CARD,
      status: 'lost' as const,
      lossReportedBy: 'holder' as const,
    })),
    withdrawLossReport: vi.fn(async (_input: unknown, _ctx: RequestContext) => CARD),
    listBenefitPayments: vi.fn(async (_input: unknown, _ctx: RequestContext) => []),
    provisionOfflineCredential: vi.fn(async (_input: unknown, _ctx: RequestContext) => ({
      credentialId: 'AAAAAAAAAAA',
      credential: 'AAAA',
      purposes: ['identity' as const],
      holderName: '张*',
      regionCode: '440100',
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2026-01-08T00:00:00.000Z',
      statusIndex: 0,
      revoked: [],
    })),
    revokeOfflineCredentials: vi.fn(async (_input: unknown, _ctx: RequestContext) => undefined),
  } satisfies PlatformAdapter;
}

const MEMBER = {
  memberId: 'fm_1',
  relation: 'parent' as const,
  name: '张*',
  idNumber: '440106********1234',
  addedAt: '2026-01-01T00:00:00.000Z',
};

const CERTIFICATION = { status: 'not-required' as const };

const BILL = {
  billId: 'bill_1',
  kind: 'exam' as const,
  title: '考试',
  amount: 100,
  status: 'paid' as const,
  paidAt: '2026-01-01T00:00:00.000Z',
};

const APPLICATION = {
  applicationId: 'ap_1',
  service: 'skill-subsidy' as const,
  status: 'submitted' as const,
  submittedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

/** The number of calls that reached a spy adapter, all methods together. */
export function callsTo(adapter: ReturnType<typeof spyAdapter>): number {
  return Object.values(adapter).reduce(
    (sum, value) => sum + (typeof value === 'function' ? value.mock.calls.length : 0),
    0,
  );
}

/** A mock platform on a test clock with channels `wechat` and `alipay`. */
export function mockPlatform() {
  let now = Date.UTC(2026, 0, 1);
  const platform = new MockPlatform({ now: () => now });
  platform.enableRegion('440100', '广州市');
  platform.registerChannel({ id: 'wechat', name: '微信' });
  platform.registerChannel({ id: 'alipay', name: '支付宝' });
  return {
    platform,
    advance: (ms: number) => {
      now += ms;
    },
    /** Adds a person with a card in Guangzhou and returns what `client.apply` needs. */
    person(name = '张三', bankAccountActive = false) {
      const idNumber = freshIdNumber({ district: '440106' });
      const { cardNo } = platform.addPerson({
        name,
        idNumber,
        regionCode: '440100',
        bankAccountActive,
      });
      return {
        cardNo,
        idNumber,
        application: () => ({
          channelUserId: `user-${idNumber.slice(-4)}`,
          name,
          idNumber,
          realPerson: platform.realPersonProof(idNumber),
          password: PASSWORD,
        }),
      };
    },
  };
}
