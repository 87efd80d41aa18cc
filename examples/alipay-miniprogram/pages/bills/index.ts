/**
 * Bills (缴费, R26): the holder's social-insurance contributions and exam or training fees,
 * listed from the platform; an unpaid one is paid from the card's bank account with the
 * password (a level-2 e-card). A bill is paid once: paying it again is `BILL_ALREADY_PAID`.
 */
import { essc, mySignNo } from '../../utils/essc';
import { billView } from '../../utils/labels';
import { messageOf } from '../../utils/messages';

type InputEvent = { detail: { value: string } };
type TapEvent = { target: { dataset: { billId?: string } } };

Page({
  data: {
    loading: true,
    bills: [] as ReturnType<typeof billView>[],
    /** The bill being paid (its title and amount are shown beside the password). */
    selected: null as ReturnType<typeof billView> | null,
    password: '',
    done: '',
    busy: false,
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
      const bills = await essc().listBills({ signNo });
      this.setData({ loading: false, bills: bills.map(billView) });
    } catch (error) {
      this.setData({ loading: false, error: messageOf(error) });
    }
  },
  onSelect(event: TapEvent) {
    const { billId } = event.target.dataset;
    const selected = this.data.bills.find((bill) => bill.billId === billId) ?? null;
    this.setData({ selected, password: '', done: '', error: '' });
  },
  onCancel() {
    this.setData({ selected: null, password: '' });
  },
  onPasswordInput(event: InputEvent) {
    this.setData({ password: event.detail.value });
  },
  async onPay() {
    const { selected, password } = this.data;
    if (!selected) return;
    if (!/^\d{6}$/.test(password)) {
      this.setData({ error: '请输入 6 位电子社保卡密码' });
      return;
    }
    this.setData({ busy: true, error: '' });
    try {
      const signNo = await mySignNo();
      if (!signNo) return;
      const bill = await essc().payBill({
        signNo,
        billId: selected.billId,
        verification: { password },
      });
      const paid = billView(bill);
      this.setData({
        selected: null,
        password: '',
        done: `${paid.title} ${paid.amountText} 缴费成功`,
        bills: this.data.bills.map((b) => (b.billId === paid.billId ? paid : b)),
      });
    } catch (error) {
      this.setData({ error: messageOf(error), password: '' });
    } finally {
      this.setData({ busy: false });
    }
  },
});
