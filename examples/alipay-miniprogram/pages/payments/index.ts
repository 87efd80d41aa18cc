/**
 * The payment history (消费记录, R27): every payment of the e-card, whichever channel showed
 * the code, newest first, with where the money came from (统筹基金 / 个人账户 / 自付) and
 * what was refunded. Readable in any card status.
 */
import { essc, mySignNo } from '../../utils/essc';
import { paymentView } from '../../utils/labels';
import { messageOf } from '../../utils/messages';

Page({
  data: {
    loading: true,
    payments: [] as ReturnType<typeof paymentView>[],
    error: '',
  },
  async onShow() {
    await this.load();
  },
  async onPullDownRefresh() {
    await this.load();
    my.stopPullDownRefresh();
  },
  async load() {
    this.setData({ error: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) {
        my.redirectTo({ url: '/pages/apply/index' });
        return;
      }
      const payments = await essc().listPayments({ signNo });
      this.setData({ loading: false, payments: payments.map(paymentView) });
    } catch (error) {
      this.setData({ loading: false, error: messageOf(error) });
    }
  },
});
