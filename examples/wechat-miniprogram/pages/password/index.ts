/**
 * The e-card password (电子社保卡密码): change it with the old one, or reset it with a face
 * check when it is forgotten or locked. It is shared by every channel: the new one works
 * everywhere at once.
 */
import {
  checkNewPassword,
  isValidIdNumber,
  normalizeIdNumber,
  type RealPersonProof,
} from 'essc-sdk';
import { weakPasswordText } from 'essc-sdk/i18n';
import { essc, mySignNo } from '../../utils/essc';
import { faceCheck } from '../../utils/face-check';
import { messageOf } from '../../utils/messages';

let realPerson: RealPersonProof | undefined;

Component({
  data: {
    mode: 'change' as 'change' | 'reset',
    oldPassword: '',
    idNumber: '',
    newPassword: '',
    newPasswordAgain: '',
    faceChecked: false,
    faceChecking: false,
    busy: false,
    done: '',
    error: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      realPerson = undefined;
      // The card page links here with ?mode=reset after PASSWORD_LOCKED.
      if (query?.mode === 'reset') this.setData({ mode: 'reset' });
    },
    useChange() {
      this.setData({ mode: 'change', error: '', done: '' });
    },
    useReset() {
      this.setData({ mode: 'reset', error: '', done: '' });
    },
    onOldPasswordInput(event: WechatMiniprogram.Input) {
      this.setData({ oldPassword: event.detail.value });
    },
    onIdNumberInput(event: WechatMiniprogram.Input) {
      realPerson = undefined;
      this.setData({ idNumber: event.detail.value, faceChecked: false });
    },
    onNewPasswordInput(event: WechatMiniprogram.Input) {
      this.setData({ newPassword: event.detail.value });
    },
    onNewPasswordAgainInput(event: WechatMiniprogram.Input) {
      this.setData({ newPasswordAgain: event.detail.value });
    },
    async onFaceCheck() {
      const idNumber = normalizeIdNumber(this.data.idNumber);
      if (!isValidIdNumber(idNumber)) {
        this.setData({ error: '请先填写正确的身份证号' });
        return;
      }
      this.setData({ faceChecking: true, error: '' });
      try {
        realPerson = await faceCheck(idNumber);
        this.setData({ faceChecked: true });
      } catch (error) {
        this.setData({ error: messageOf(error) });
      } finally {
        this.setData({ faceChecking: false });
      }
    },
    async onSubmit() {
      const { mode, oldPassword, newPassword, newPasswordAgain } = this.data;
      const idNumber = normalizeIdNumber(this.data.idNumber);
      // The platform's own rules, checked before anything is sent (it checks them again).
      const verdict = checkNewPassword(newPassword, mode === 'reset' ? { idNumber } : {});
      let problem = '';
      if (mode === 'change' && !/^\d{6}$/.test(oldPassword)) problem = '请输入 6 位原密码';
      else if (mode === 'reset' && !realPerson) problem = '请先完成刷脸认证';
      else if (!verdict.ok) problem = weakPasswordText(verdict.reason) ?? '密码不符合规则';
      else if (newPassword !== newPasswordAgain) problem = '两次输入的新密码不一致';
      if (problem) {
        this.setData({ error: problem, done: '' });
        return;
      }
      this.setData({ busy: true, error: '', done: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) {
          wx.redirectTo({ url: '/pages/apply/index' });
          return;
        }
        if (mode === 'change') {
          await essc().changePassword({ signNo, oldPassword, newPassword });
        } else {
          const proof = realPerson!;
          realPerson = undefined;
          this.setData({ faceChecked: false });
          await essc().resetPassword({ signNo, realPerson: proof, newPassword });
        }
        this.setData({
          done: mode === 'change' ? '密码已修改' : '密码已重置',
          oldPassword: '',
          newPassword: '',
          newPasswordAgain: '',
        });
        wx.showToast({ title: '已生效', icon: 'success' });
      } catch (error) {
        this.setData({ error: messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
