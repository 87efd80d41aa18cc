/**
 * 扫码付款 (R45): scan the order code a pharmacy, canteen or car park shows, see who asks — the
 * merchant's name as the platform registered it, not what the code claims — the amount and the
 * items, then pay with the e-card password or decline. Covered items at a hospital, pharmacy
 * or clinic are settled by medical insurance as at any payment (R23); the payment then shows in
 * 消费记录. A code pays once (ORDER_PAID) and lives 5 minutes (QR_EXPIRED): the page says so in
 * the citizen's words.
 */
import { formatFen, isEsscError, type OrderPreview } from 'essc-sdk';
import { essc, mySignNo } from '../../utils/essc';
import { timeText } from '../../utils/labels';
import { messageOf } from '../../utils/messages';

/** The scanned order being paid. */
let pending: { signNo: string; requestId: string } | undefined;

function scanCode(): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    wx.scanCode({
      onlyFromCamera: true,
      scanType: ['qrCode'],
      success: (res) => resolve(res.result),
      // The user closed the camera: nothing to report.
      fail: (err) => (/cancel/.test(err.errMsg) ? resolve(undefined) : reject(err)),
    });
  });
}

/**
 * The SDK's sentence, except for an expired code: `userMessage` speaks of the user's own code
 * (刷新后重新出示); here it is the merchant's to show again.
 */
function orderMessage(error: unknown): string {
  return isEsscError(error, 'QR_EXPIRED') ? '收款码已过期，请商户重新出示' : messageOf(error);
}

function orderView(order: OrderPreview) {
  return {
    merchantName: order.merchant.name,
    orderId: order.orderId,
    amountText: formatFen(order.amount),
    description: order.description ?? '',
    items: order.items.map((item) => ({
      name: item.name,
      amountText: formatFen(item.amount),
      coverageText: item.coverage === 'covered' ? '医保' : '自费',
    })),
    expiresText: `${timeText(order.expiresAt).slice(11)} 前有效`,
  };
}

Component({
  data: {
    step: 'idle' as 'idle' | 'confirm' | 'done',
    order: null as ReturnType<typeof orderView> | null,
    password: '',
    result: '',
    busy: false,
    error: '',
  },
  methods: {
    onLoad() {
      pending = undefined;
    },
    onPasswordInput(event: WechatMiniprogram.Input) {
      this.setData({ password: event.detail.value });
    },
    async onScan() {
      this.setData({ busy: true, error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) {
          wx.redirectTo({ url: '/pages/apply/index' });
          return;
        }
        const qrText = await scanCode();
        if (qrText === undefined) return;
        const order = await essc().scanOrder({ signNo, qrText });
        pending = { signNo, requestId: order.requestId };
        this.setData({ step: 'confirm', order: orderView(order) });
      } catch (error) {
        this.setData({ error: orderMessage(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onPay() {
      if (!pending) return;
      const { password, order } = this.data;
      if (!/^\d{6}$/.test(password)) {
        this.setData({ error: '请输入 6 位电子社保卡密码' });
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        const payment = await essc().payOrder({ ...pending, verification: { password } });
        pending = undefined;
        this.setData({
          step: 'done',
          result: `已向 ${order?.merchantName ?? payment.merchantId} 支付 ${formatFen(payment.amount)}`,
        });
        wx.showToast({ title: '支付成功', icon: 'success' });
      } catch (error) {
        this.setData({ error: orderMessage(error) });
        // A wrong password leaves the order open; anything else ends it (paid, expired…).
        if (!isEsscError(error, 'PASSWORD_INCORRECT')) {
          pending = undefined;
          this.setData({ step: 'idle', order: null });
        }
      } finally {
        this.setData({ busy: false, password: '' });
      }
    },
    async onDecline() {
      if (!pending) return;
      this.setData({ busy: true, error: '' });
      try {
        await essc().declineOrder(pending);
        this.setData({ step: 'done', result: `已取消向 ${this.data.order?.merchantName} 付款` });
      } catch (error) {
        this.setData({ step: 'idle', order: null, error: messageOf(error) });
      } finally {
        pending = undefined;
        this.setData({ busy: false, password: '' });
      }
    },
    onAgain() {
      this.setData({ step: 'idle', order: null, result: '', error: '' });
    },
  },
});
