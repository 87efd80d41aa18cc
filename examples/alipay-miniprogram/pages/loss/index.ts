/**
 * 挂失 / 解挂 (R43): a holder who lost the physical card reports it lost here, at any hour,
 * with the e-card password; the card and the e-card stop working in every channel at once.
 * The holder may withdraw a loss they reported with a face check only (the phone may be what
 * was lost). A loss the service centre reported is withdrawn there: the page says so instead
 * of offering it (the platform refuses it too, LOSS_NOT_WITHDRAWABLE).
 */
import { type ECard, isValidIdNumber, normalizeIdNumber } from 'essc-sdk';
import { cardStatusName, lossReporterName } from 'essc-sdk/i18n';
import { essc, mySignNo } from '../../utils/essc';
import { faceCheck } from '../../utils/face-check';
import { messageOf } from '../../utils/messages';

type InputEvent = { detail: { value: string } };

function lossView(card: ECard) {
  const lost = card.status === 'lost';
  return {
    status: card.status,
    statusText: lost ? '已挂失' : cardStatusName(card.status),
    reportedByText: lost && card.lossReportedBy ? lossReporterName(card.lossReportedBy) : '',
    reportable: card.status === 'active',
    withdrawable: lost && card.lossReportedBy === 'holder',
  };
}

function confirmReport(): Promise<boolean> {
  return new Promise((resolve) => {
    my.confirm({
      title: '社保卡挂失',
      content: '挂失后，社保卡和电子社保卡在所有渠道暂停使用（可解挂）。确定挂失吗？',
      confirmButtonText: '挂失',
      cancelButtonText: '取消',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

Page({
  data: {
    loading: true,
    card: null as ReturnType<typeof lossView> | null,
    password: '',
    idNumber: '',
    busy: false,
    done: '',
    error: '',
  },
  async onShow() {
    this.setData({ error: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) {
        my.redirectTo({ url: '/pages/apply/index' });
        return;
      }
      this.setData({ loading: false, card: lossView(await essc().getCard({ signNo })) });
    } catch (error) {
      this.setData({ loading: false, error: messageOf(error) });
    }
  },
  onPasswordInput(event: InputEvent) {
    this.setData({ password: event.detail.value });
  },
  onIdNumberInput(event: InputEvent) {
    this.setData({ idNumber: event.detail.value });
  },
  async onReport() {
    const { password } = this.data;
    if (!/^\d{6}$/.test(password)) {
      this.setData({ error: '请输入 6 位电子社保卡密码' });
      return;
    }
    if (!(await confirmReport())) return;
    this.setData({ busy: true, error: '', done: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) return;
      const card = await essc().reportLoss({ signNo, verification: { password } });
      this.setData({ card: lossView(card), done: '挂失成功' });
      my.showToast({ content: '已挂失', type: 'success' });
    } catch (error) {
      this.setData({ error: messageOf(error) });
    } finally {
      this.setData({ busy: false, password: '' });
    }
  },
  async onWithdraw() {
    const idNumber = normalizeIdNumber(this.data.idNumber);
    if (!isValidIdNumber(idNumber)) {
      this.setData({ error: '请先填写正确的身份证号' });
      return;
    }
    this.setData({ busy: true, error: '', done: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) return;
      // The holder's own face, not the password (R43).
      const realPerson = await faceCheck(idNumber);
      const card = await essc().withdrawLossReport({ signNo, realPerson });
      this.setData({ card: lossView(card), done: '已解除挂失', idNumber: '' });
      my.showToast({ content: '已解挂', type: 'success' });
    } catch (error) {
      this.setData({ error: messageOf(error) });
    } finally {
      this.setData({ busy: false });
    }
  },
});
