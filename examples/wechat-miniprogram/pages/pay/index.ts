/**
 * The payment code (付款码): shown at a hospital, pharmacy or shop, which charges it (R21).
 * Unlike the identity code it needs a level-2 e-card (payment enabled: the card's bank account
 * is active) and the password each time it is shown; it is single-use and short-lived, so it
 * is not refreshed on its own: the user shows a new one when needed. Hidden, it is cleared.
 */
import { isEsscError } from 'essc-sdk';
import { essc, mySignNo } from '../../utils/essc';
import { timeText } from '../../utils/labels';
import { messageOf } from '../../utils/messages';
import { qrImage } from '../../utils/qr-image';

const NO_BANK_ACCOUNT = '社保卡银行账户未激活，请先到发卡银行激活后再开通';

Component({
  data: {
    loading: true,
    /** 2: payment enabled (二级卡). */
    level: 0,
    password: '',
    qrSrc: '',
    expiresText: '',
    busy: false,
    error: '',
  },
  methods: {
    async onShow() {
      this.setData({ error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) {
          wx.redirectTo({ url: '/pages/apply/index' });
          return;
        }
        const card = await essc().getCard({ signNo });
        this.setData({ loading: false, level: card.level });
      } catch (error) {
        this.setData({ loading: false, error: messageOf(error) });
      }
    },
    onHide() {
      // A payment code nobody looks at is one somebody else might photograph.
      this.setData({ qrSrc: '', expiresText: '' });
    },
    onPasswordInput(event: WechatMiniprogram.Input) {
      this.setData({ password: event.detail.value });
    },
    /** The password, checked for form; an error is shown when it is not 6 digits. */
    typedPassword(): string | undefined {
      const { password } = this.data;
      if (/^\d{6}$/.test(password)) return password;
      this.setData({ error: '请输入 6 位电子社保卡密码' });
      return undefined;
    },
    async onEnable() {
      const password = this.typedPassword();
      if (!password) return;
      this.setData({ busy: true, error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) return;
        const card = await essc().enablePayment({ signNo, verification: { password } });
        this.setData({ level: card.level, password: '' });
        wx.showToast({ title: '已开通支付', icon: 'success' });
      } catch (error) {
        // Refused on enabling, it means the card's bank account is not active (R7).
        const message = isEsscError(error, 'PAYMENT_NOT_ENABLED')
          ? NO_BANK_ACCOUNT
          : messageOf(error);
        this.setData({ error: message, password: '' });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onShowCode() {
      const password = this.typedPassword();
      if (!password) return;
      this.setData({ busy: true, error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) return;
        const qr = await essc().issueQr({
          signNo,
          purpose: 'payment',
          verification: { password },
        });
        this.setData({
          qrSrc: qrImage(qr.text),
          expiresText: `${timeText(qr.expiresAt).slice(11)} 前有效，仅可使用一次`,
          password: '',
        });
      } catch (error) {
        this.setData({ qrSrc: '', error: messageOf(error), password: '' });
      } finally {
        this.setData({ busy: false });
      }
    },
    goPayments() {
      wx.navigateTo({ url: '/pages/payments/index' });
    },
  },
});
