/**
 * 亲情服务 (family service, R31, R32): the holder adds a parent — or a child, spouse, other —
 * and shows that person's identity code at the hospital for them (亲情码: the desk sees it is
 * shown on behalf). Adding needs the holder's password and, from age 16, the member's own
 * face check (their consent); the member needs a normal social-security card, not an e-card
 * or a phone. What the holder may do for a member is the platform's rule: an identity code,
 * queries and the pension certification, never a payment code or the member's password.
 */
import { FAMILY_RELATIONS, type FamilyMember, isValidIdNumber, normalizeIdNumber } from 'essc-sdk';
import { relationName } from 'essc-sdk/i18n';
import { essc, mySignNo } from '../../utils/essc';
import { faceCheck } from '../../utils/face-check';
import { timeText } from '../../utils/labels';
import { messageOf } from '../../utils/messages';
import { qrImage } from '../../utils/qr-image';

let memberProof: string | undefined;

function memberView(member: FamilyMember) {
  return {
    memberId: member.memberId,
    relationText: relationName(member.relation),
    name: member.name,
    idNumber: member.idNumber,
  };
}

Component({
  data: {
    loading: true,
    members: [] as ReturnType<typeof memberView>[],
    relations: FAMILY_RELATIONS.map((relation) => relationName(relation)),
    relationIndex: 0,
    name: '',
    idNumber: '',
    password: '',
    faceChecked: false,
    faceChecking: false,
    busy: false,
    /** The member whose code is shown, and the code. */
    shownFor: '',
    qrSrc: '',
    qrHint: '',
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
    onRelationChange(event: WechatMiniprogram.PickerChange) {
      this.setData({ relationIndex: Number(event.detail.value) });
    },
    onNameInput(event: WechatMiniprogram.Input) {
      this.setData({ name: event.detail.value });
    },
    onIdNumberInput(event: WechatMiniprogram.Input) {
      // The proof is bound to one ID number: another one needs another face check.
      memberProof = undefined;
      this.setData({ idNumber: event.detail.value, faceChecked: false });
    },
    onPasswordInput(event: WechatMiniprogram.Input) {
      this.setData({ password: event.detail.value });
    },
    /** The member's own face check, on the holder's phone: their consent (R31). */
    async onFaceCheck() {
      const idNumber = normalizeIdNumber(this.data.idNumber);
      if (!isValidIdNumber(idNumber)) {
        this.setData({ error: '请先填写家人的身份证号' });
        return;
      }
      this.setData({ faceChecking: true, error: '' });
      try {
        memberProof = await faceCheck(idNumber);
        this.setData({ faceChecked: true });
      } catch (error) {
        this.setData({ error: messageOf(error), faceChecked: false });
      } finally {
        this.setData({ faceChecking: false });
      }
    },
    async onAdd() {
      const { name, password, relationIndex } = this.data;
      const idNumber = normalizeIdNumber(this.data.idNumber);
      let problem = '';
      if (!name.trim()) problem = '请填写家人的姓名';
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
        // A child under 16 is added without a face check; from 16 the platform asks for one.
        await essc().addFamilyMember({
          signNo,
          relation: FAMILY_RELATIONS[relationIndex] ?? 'parent',
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
        wx.showToast({ title: '已添加', icon: 'success' });
      } catch (error) {
        this.setData({ error: messageOf(error), password: '' });
      } finally {
        this.setData({ busy: false });
      }
    },
    /** The member's identity code, shown by the holder for them (R32). */
    async onShowCode(event: WechatMiniprogram.BaseEvent) {
      const memberId = String(event.currentTarget.dataset.memberId ?? '');
      const member = this.data.members.find((m) => m.memberId === memberId);
      if (!member) return;
      this.setData({ error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) return;
        const qr = await essc().issueQr({ signNo, memberId });
        this.setData({
          shownFor: memberId,
          qrSrc: qrImage(qr.text),
          qrHint: `代${member.relationText}${member.name}出示，${timeText(qr.expiresAt).slice(11)} 前有效`,
        });
      } catch (error) {
        this.setData({ shownFor: '', qrSrc: '', qrHint: '', error: messageOf(error) });
      }
    },
    goCertification(event: WechatMiniprogram.BaseEvent) {
      const memberId = String(event.currentTarget.dataset.memberId ?? '');
      wx.navigateTo({ url: `/pages/certification/index?memberId=${encodeURIComponent(memberId)}` });
    },
    /** The member's pension month by month (待遇发放记录, R44). */
    goBenefitPayments(event: WechatMiniprogram.BaseEvent) {
      const memberId = String(event.currentTarget.dataset.memberId ?? '');
      wx.navigateTo({
        url: `/pages/benefit-payments/index?memberId=${encodeURIComponent(memberId)}`,
      });
    },
  },
});
