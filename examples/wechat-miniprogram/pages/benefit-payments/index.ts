/**
 * 待遇发放记录 (benefit payments, R44): the pension paid into the card's bank account month by
 * month, newest first — the holder's own, or, opened from 亲情服务 with `?memberId=`, a family
 * member's (the holder's binding reads it, R32). A month is 已发放 with the day it arrived, or
 * 已暂停 while the certification is overdue (R33): it is paid with the arrears once the
 * pensioner certifies, and the page links to 待遇资格认证 then.
 */
import { essc, mySignNo } from '../../utils/essc';
import { benefitPaymentView } from '../../utils/labels';
import { messageOf } from '../../utils/messages';

let memberId: string | undefined;

Component({
  data: {
    loading: true,
    forMember: false,
    payments: [] as ReturnType<typeof benefitPaymentView>[],
    /** Some month is suspended: certifying pays it. */
    suspended: false,
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      memberId = query?.memberId ? decodeURIComponent(query.memberId) : undefined;
      this.setData({ forMember: memberId !== undefined });
    },
    async onShow() {
      this.setData({ error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) {
          wx.redirectTo({ url: '/pages/apply/index' });
          return;
        }
        const payments = await essc().listBenefitPayments({
          signNo,
          ...(memberId ? { memberId } : {}),
        });
        this.setData({
          loading: false,
          payments: payments.map(benefitPaymentView),
          suspended: payments.some((p) => p.status === 'suspended'),
        });
      } catch (error) {
        this.setData({ loading: false, error: messageOf(error) });
      }
    },
    async onPullDownRefresh() {
      await this.onShow();
      wx.stopPullDownRefresh();
    },
    goCertification() {
      const query = memberId ? `?memberId=${encodeURIComponent(memberId)}` : '';
      wx.navigateTo({ url: `/pages/certification/index${query}` });
    },
  },
});
