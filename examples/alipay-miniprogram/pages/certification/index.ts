/**
 * 待遇资格认证 (entitlement certification, R33): once a year a pensioner proves by face that
 * they still qualify. The page shows where the holder — or, opened from 亲情服务 with
 * `?memberId=`, a parent — stands (已认证, 待认证 in the last 30 days, 已逾期) and certifies with
 * the certified person's own face check, on the holder's phone.
 */
import { type Certification, isValidIdNumber, normalizeIdNumber } from 'essc-sdk';
import { essc, mySignNo } from '../../utils/essc';
import { faceCheck } from '../../utils/face-check';
import { certificationView } from '../../utils/labels';
import { messageOf } from '../../utils/messages';

type InputEvent = { detail: { value: string } };

let memberId: string | undefined;

Page({
  data: {
    loading: true,
    forMember: false,
    certification: null as ReturnType<typeof certificationView> | null,
    idNumber: '',
    busy: false,
    done: '',
    error: '',
  },
  onLoad(query: Record<string, string | undefined>) {
    memberId = query?.memberId ? decodeURIComponent(query.memberId) : undefined;
    this.setData({ forMember: memberId !== undefined });
  },
  async onShow() {
    this.setData({ error: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) {
        my.redirectTo({ url: '/pages/apply/index' });
        return;
      }
      this.show(await essc().getCertification({ signNo, ...(memberId ? { memberId } : {}) }));
    } catch (error) {
      this.setData({ loading: false, error: messageOf(error) });
    }
  },
  show(certification: Certification) {
    this.setData({ loading: false, certification: certificationView(certification) });
  },
  onIdNumberInput(event: InputEvent) {
    this.setData({ idNumber: event.detail.value });
  },
  async onCertify() {
    const idNumber = normalizeIdNumber(this.data.idNumber);
    if (!isValidIdNumber(idNumber)) {
      this.setData({ error: '请填写被认证人的身份证号' });
      return;
    }
    this.setData({ busy: true, error: '', done: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) return;
      // The certified person's own face: anyone else's is refused (REAL_PERSON_FAILED).
      const realPerson = await faceCheck(idNumber);
      this.show(await essc().certify({ signNo, realPerson, ...(memberId ? { memberId } : {}) }));
      this.setData({ done: '认证成功', idNumber: '' });
    } catch (error) {
      this.setData({ error: messageOf(error) });
    } finally {
      this.setData({ busy: false });
    }
  },
});
