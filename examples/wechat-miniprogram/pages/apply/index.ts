/**
 * Apply (申领): real name + real person + real card. The name and ID number are typed, the
 * face check gives the real-person proof, the platform checks the physical card. The first
 * application sets the e-card password; in a second channel the user types the existing one.
 */
import { isValidIdNumber, normalizeIdNumber, type RealPersonProof } from 'essc-sdk';
import { essc, rememberSignNo } from '../../utils/essc';
import { faceCheck } from '../../utils/face-check';
import { messageOf } from '../../utils/messages';
import { session } from '../../utils/session';

/** The proof of the last face check: kept out of `data`, which the view layer receives. */
let realPerson: RealPersonProof | undefined;

Component({
  data: {
    name: '',
    idNumber: '',
    password: '',
    passwordAgain: '',
    faceChecked: false,
    faceChecking: false,
    submitting: false,
    error: '',
  },
  methods: {
    onLoad() {
      realPerson = undefined;
    },
    onNameInput(event: WechatMiniprogram.Input) {
      this.setData({ name: event.detail.value });
    },
    onIdNumberInput(event: WechatMiniprogram.Input) {
      // A proof is for one ID number: another number needs another face check.
      realPerson = undefined;
      this.setData({ idNumber: event.detail.value, faceChecked: false });
    },
    onPasswordInput(event: WechatMiniprogram.Input) {
      this.setData({ password: event.detail.value });
    },
    onPasswordAgainInput(event: WechatMiniprogram.Input) {
      this.setData({ passwordAgain: event.detail.value });
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
      const { name, password, passwordAgain } = this.data;
      const idNumber = normalizeIdNumber(this.data.idNumber);
      const problem = !name.trim()
        ? '请填写姓名'
        : !isValidIdNumber(idNumber)
          ? '请填写正确的身份证号'
          : !realPerson
            ? '请先完成刷脸认证'
            : !/^\d{6}$/.test(password)
              ? '密码须为 6 位数字'
              : password !== passwordAgain
                ? '两次输入的密码不一致'
                : '';
      if (problem || !realPerson) {
        this.setData({ error: problem });
        return;
      }
      this.setData({ submitting: true, error: '' });
      try {
        const { channelUserId } = await session();
        const card = await essc().apply({ channelUserId, name, idNumber, realPerson, password });
        rememberSignNo(card.signNo);
        this.setData({ password: '', passwordAgain: '' });
        wx.showToast({ title: '申领成功', icon: 'success' });
        wx.redirectTo({ url: '/pages/card/index' });
      } catch (error) {
        // A proof is single-use: an application that reached the platform may have used it.
        realPerson = undefined;
        this.setData({ error: messageOf(error), faceChecked: false });
      } finally {
        this.setData({ submitting: false });
      }
    },
  },
});
