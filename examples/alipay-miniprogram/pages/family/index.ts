/**
 * 亲情服务 (family service, R31, R32): the holder adds a parent and shows the parent's
 * identity code at the hospital for them (亲情码: the desk sees it is shown on behalf). Adding
 * needs the holder's password and the parent's own face check (their consent, from age 16);
 * the parent needs a normal social-security card, not an e-card or a phone. For a member the
 * holder may show an identity code, query and certify, never pay or touch the password: the
 * platform's rule.
 */
import { type FamilyMember, isValidIdNumber, normalizeIdNumber } from 'essc-sdk';
import { relationName } from 'essc-sdk/i18n';
import { essc, mySignNo } from '../../utils/essc';
import { faceCheck } from '../../utils/face-check';
import { timeText } from '../../utils/labels';
import { messageOf } from '../../utils/messages';
import { qrImage } from '../../utils/qr-image';

type InputEvent = { detail: { value: string } };
type TapEvent = { target: { dataset: { memberId?: string } } };

let memberProof: string | undefined;

function memberView(member: FamilyMember) {
  return {
    memberId: member.memberId,
    relationText: relationName(member.relation),
    name: member.name,
    idNumber: member.idNumber,
  };
}

Page({
  data: {
    loading: true,
    members: [] as ReturnType<typeof memberView>[],
    name: '',
    idNumber: '',
    password: '',
    faceChecked: false,
    busy: false,
    /** The member whose code is shown, and the code. */
    shownFor: '',
    qrSrc: '',
    qrHint: '',
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
      const members = await essc().listFamilyMembers({ signNo });
      this.setData({ loading: false, members: members.map(memberView) });
    } catch (error) {
      this.setData({ loading: false, error: messageOf(error) });
    }
  },
  onHide() {
    // A code nobody looks at is one somebody else might photograph.
    this.setData({ shownFor: '', qrSrc: '', qrHint: '' });
  },
  onNameInput(event: InputEvent) {
    this.setData({ name: event.detail.value });
  },
  onIdNumberInput(event: InputEvent) {
    // The proof is bound to one ID number: another one needs another face check.
    memberProof = undefined;
    this.setData({ idNumber: event.detail.value, faceChecked: false });
  },
  onPasswordInput(event: InputEvent) {
    this.setData({ password: event.detail.value });
  },
  /** The parent's own face check, on the holder's phone: their consent (R31). */
  async onFaceCheck() {
    const idNumber = normalizeIdNumber(this.data.idNumber);
    if (!isValidIdNumber(idNumber)) {
      this.setData({ error: '请先填写父母的身份证号' });
      return;
    }
    this.setData({ busy: true, error: '' });
    try {
      memberProof = await faceCheck(idNumber);
      this.setData({ faceChecked: true });
    } catch (error) {
      this.setData({ error: messageOf(error), faceChecked: false });
    } finally {
      this.setData({ busy: false });
    }
  },
  async onAdd() {
    const { name, password } = this.data;
    const idNumber = normalizeIdNumber(this.data.idNumber);
    let problem = '';
    if (!name.trim()) problem = '请填写父母的姓名';
    else if (!isValidIdNumber(idNumber)) problem = '请填写正确的身份证号';
    else if (!/^\d{6}$/.test(password)) problem = '请输入 6 位电子社保卡密码';
    if (problem) {
      this.setData({ error: problem });
      return;
    }
    this.setData({ busy: true, error: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) return;
      await essc().addFamilyMember({
        signNo,
        relation: 'parent',
        name: name.trim(),
        idNumber,
        verification: { password },
        ...(memberProof ? { memberProof } : {}),
      });
      memberProof = undefined;
      const members = await essc().listFamilyMembers({ signNo });
      this.setData({
        members: members.map(memberView),
        name: '',
        idNumber: '',
        password: '',
        faceChecked: false,
      });
      my.showToast({ content: '已添加', type: 'success' });
    } catch (error) {
      this.setData({ error: messageOf(error), password: '' });
    } finally {
      this.setData({ busy: false });
    }
  },
  /** The parent's identity code, shown by the holder for them (R32). */
  async onShowCode(event: TapEvent) {
    const { memberId } = event.target.dataset;
    const member = this.data.members.find((m) => m.memberId === memberId);
    if (!member) return;
    this.setData({ error: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) return;
      const qr = await essc().issueQr({ signNo, memberId: member.memberId });
      this.setData({
        shownFor: member.memberId,
        qrSrc: qrImage(qr.text),
        qrHint: `代${member.relationText}${member.name}出示，${timeText(qr.expiresAt).slice(11)} 前有效`,
      });
    } catch (error) {
      this.setData({ shownFor: '', qrSrc: '', qrHint: '', error: messageOf(error) });
    }
  },
  goCertification(event: TapEvent) {
    const memberId = event.target.dataset.memberId ?? '';
    my.navigateTo({ url: `/pages/certification/index?memberId=${encodeURIComponent(memberId)}` });
  },
  /** The member's pension month by month (待遇发放记录, R44). */
  goBenefitPayments(event: TapEvent) {
    const memberId = event.target.dataset.memberId ?? '';
    my.navigateTo({
      url: `/pages/benefit-payments/index?memberId=${encodeURIComponent(memberId)}`,
    });
  },
});
