/**
 * 我的社保: the holder's social-insurance records (参保信息查询, R28). A query needs the
 * password every time ("是我查询") and an active card. Each record is checked against the
 * SDK's exported `insuranceRecordSchema` before it is shown: the page renders only what has
 * the documented shape, and says so when something does not.
 */
import { type InsuranceRecord, insuranceRecordSchema } from 'essc-sdk';
import { essc, mySignNo } from '../../utils/essc';
import { insuranceView } from '../../utils/labels';
import { messageOf } from '../../utils/messages';

Component({
  data: {
    password: '',
    queried: false,
    records: [] as ReturnType<typeof insuranceView>[],
    /** Records left out because they did not have the documented shape. */
    skipped: 0,
    busy: false,
    error: '',
  },
  methods: {
    onHide() {
      // Records are personal: not left on a screen nobody watches.
      this.setData({ queried: false, records: [], skipped: 0 });
    },
    onPasswordInput(event: WechatMiniprogram.Input) {
      this.setData({ password: event.detail.value });
    },
    async onQuery() {
      const { password } = this.data;
      if (!/^\d{6}$/.test(password)) {
        this.setData({ error: '请输入 6 位电子社保卡密码' });
        return;
      }
      this.setData({ busy: true, error: '' });
      try {
        const signNo = await mySignNo();
        if (!signNo) {
          wx.redirectTo({ url: '/pages/apply/index' });
          return;
        }
        const { records } = await essc().query({
          signNo,
          topic: 'insurance',
          verification: { password },
        });
        const valid: InsuranceRecord[] = [];
        for (const record of records) {
          const parsed = insuranceRecordSchema.safeParse(record);
          if (parsed.success) valid.push(parsed.data);
        }
        this.setData({
          queried: true,
          records: valid.map(insuranceView),
          skipped: records.length - valid.length,
          password: '',
        });
      } catch (error) {
        this.setData({ error: messageOf(error), password: '' });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
