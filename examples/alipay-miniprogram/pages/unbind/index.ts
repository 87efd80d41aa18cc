/**
 * Unbind (解除关联): removes this mini-program's binding of the e-card, with the password.
 * Other channels keep theirs. Allowed whatever the card's status — after a card is reported
 * lost or replaced it is the only thing left to do.
 */
import { essc, forgetSignNo, mySignNo } from '../../utils/essc';
import { messageOf } from '../../utils/messages';

type InputEvent = { detail: { value: string } };

function confirmUnbind(): Promise<boolean> {
  return new Promise((resolve) => {
    my.confirm({
      title: '解除关联',
      content: '确定解除本小程序与电子社保卡的关联吗？',
      confirmButtonText: '解除',
      confirmColor: '#cf222e',
      success: (res) => resolve(res.confirm),
      fail: () => resolve(false),
    });
  });
}

Page({
  data: {
    password: '',
    busy: false,
    error: '',
  },
  onPasswordInput(event: InputEvent) {
    this.setData({ password: event.detail.value });
  },
  async onSubmit() {
    const { password } = this.data;
    if (!/^\d{6}$/.test(password)) {
      this.setData({ error: '请输入 6 位电子社保卡密码' });
      return;
    }
    if (!(await confirmUnbind())) return;
    this.setData({ busy: true, error: '' });
    try {
      const signNo = await mySignNo();
      if (signNo) await essc().unbind({ signNo, verification: { password } });
      forgetSignNo();
      this.setData({ password: '' });
      my.showToast({ content: '已解除关联', type: 'success' });
      my.reLaunch({ url: '/pages/apply/index' });
    } catch (error) {
      this.setData({ error: messageOf(error), password: '' });
    } finally {
      this.setData({ busy: false });
    }
  },
});
