/**
 * 失业保险金申领 (an online business application, R29): the form of the service
 * `unemployment-benefit`, checked with the SDK's exported `unemploymentBenefitFormSchema`
 * before it is sent, submitted with the password ("是我办事"), then its progress: submitted →
 * accepted → approved or rejected, moved by the back office. While it is only submitted the
 * holder may withdraw it. The platform checks eligibility against the records (12 months of
 * unemployment insurance, and unemployed now): `NOT_ELIGIBLE` otherwise.
 */
import {
  type Application,
  type UnemploymentBenefitForm,
  unemploymentBenefitFormSchema,
} from 'essc-sdk';
import { essc, mySignNo } from '../../utils/essc';
import { applicationStatusText, timeText } from '../../utils/labels';
import { messageOf } from '../../utils/messages';

const REASONS: { value: UnemploymentBenefitForm['reason']; label: string }[] = [
  { value: 'contract-ended', label: '劳动合同期满终止' },
  { value: 'dismissed', label: '被用人单位解除劳动合同' },
  { value: 'resigned-with-cause', label: '因用人单位过错辞职' },
  { value: 'other', label: '其他非本人意愿中断就业' },
];

function applicationView(application: Application) {
  return {
    applicationId: application.applicationId,
    status: application.status,
    statusText: applicationStatusText(application.status),
    submittedText: timeText(application.submittedAt),
    updatedText: timeText(application.updatedAt),
    note: application.note ?? '',
    withdrawable: application.status === 'submitted',
  };
}

Component({
  data: {
    loading: true,
    reasons: REASONS,
    reasonIndex: 0,
    lastEmployer: '',
    separatedOn: '',
    password: '',
    application: null as ReturnType<typeof applicationView> | null,
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
        // The latest application for this service, if any (newest first).
        const latest = (await essc().listApplications({ signNo })).find(
          (a) => a.service === 'unemployment-benefit',
        );
        this.setData({ loading: false, application: latest ? applicationView(latest) : null });
      } catch (error) {
        this.setData({ loading: false, error: messageOf(error) });
      }
    },
    onReasonChange(event: WechatMiniprogram.PickerChange) {
      this.setData({ reasonIndex: Number(event.detail.value) });
    },
    onEmployerInput(event: WechatMiniprogram.Input) {
      this.setData({ lastEmployer: event.detail.value });
    },
    onDateChange(event: WechatMiniprogram.PickerChange) {
      this.setData({ separatedOn: String(event.detail.value) });
    },
    onPasswordInput(event: WechatMiniprogram.Input) {
      this.setData({ password: event.detail.value });
    },
    async onSubmit() {
      const { reasonIndex, lastEmployer, separatedOn, password } = this.data;
      const form = unemploymentBenefitFormSchema.safeParse({
        reason: REASONS[reasonIndex]?.value,
        lastEmployer: lastEmployer.trim(),
        separatedOn,
      });
      if (!form.success) {
        this.setData({ error: '请填写原工作单位和离职日期' });
        return;
      }
      if (!/^\d{6}$/.test(password)) {
        this.setData({ error: '请输入 6 位电子社保卡密码' });
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) return;
        const application = await essc().submitApplication({
          signNo,
          service: 'unemployment-benefit',
          form: form.data,
          verification: { password },
        });
        this.setData({ application: applicationView(application), password: '' });
      } catch (error) {
        this.setData({ error: messageOf(error), password: '' });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onRefresh() {
      const current = this.data.application;
      if (!current) return;
      this.setData({ busy: true, error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) return;
        const application = await essc().getApplication({
          signNo,
          applicationId: current.applicationId,
        });
        this.setData({ application: applicationView(application) });
      } catch (error) {
        this.setData({ error: messageOf(error) });
      } finally {
        this.setData({ busy: false });
      }
    },
    async onWithdraw() {
      const current = this.data.application;
      const { password } = this.data;
      if (!current) return;
      if (!/^\d{6}$/.test(password)) {
        this.setData({ error: '撤回需验证电子社保卡密码' });
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) return;
        const application = await essc().withdrawApplication({
          signNo,
          applicationId: current.applicationId,
          verification: { password },
        });
        this.setData({ application: applicationView(application), password: '' });
      } catch (error) {
        this.setData({ error: messageOf(error), password: '' });
      } finally {
        this.setData({ busy: false });
      }
    },
    onNewApplication() {
      this.setData({ application: null, lastEmployer: '', separatedOn: '', error: '' });
    },
  },
});
