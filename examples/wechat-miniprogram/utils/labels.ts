/**
 * What the pages print for the SDK's values: money in yuan (the SDK counts fen, integers
 * only), and the Chinese names of payment, bill, record and application states (family
 * relations, certification and benefit payment statuses come from essc-sdk/i18n).
 */
import {
  type ApplicationStatus,
  type BenefitPayment,
  type Bill,
  type Certification,
  formatFen,
  type InsuranceRecord,
  type Payment,
} from 'essc-sdk';
import { benefitPaymentStatusName, certificationStatusName } from 'essc-sdk/i18n';
import { regionName } from 'essc-sdk/regions';

export { formatFen };

const PAYMENT_STATUS: Record<Payment['status'], string> = {
  succeeded: '支付成功',
  partially_refunded: '部分退款',
  refunded: '已退款',
};

const BILL_KIND: Record<Bill['kind'], string> = {
  insurance: '参保缴费',
  exam: '考试缴费',
  training: '培训缴费',
};

const INSURANCE_TYPE: Record<InsuranceRecord['type'], string> = {
  pension: '养老保险',
  medical: '医疗保险',
  unemployment: '失业保险',
  'work-injury': '工伤保险',
  maternity: '生育保险',
};

const INSURANCE_STATUS: Record<InsuranceRecord['status'], string> = {
  contributing: '正常缴费',
  suspended: '暂停缴费',
  terminated: '终止参保',
};

const APPLICATION_STATUS: Record<ApplicationStatus, string> = {
  submitted: '已提交，待受理',
  accepted: '已受理，审核中',
  approved: '已批准',
  rejected: '未通过',
  withdrawn: '已撤回',
};

/** The member is the holder's … (亲情服务). */
/** `2026-07-01T09:12:44.102Z` → `2026-07-01 17:12` (China time, the user's). */
export function timeText(iso: string): string {
  const at = new Date(Date.parse(iso) + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}`;
}

/** A payment as the history lists it. */
export function paymentView(payment: Payment) {
  const { pooledFund, personalAccount, selfPay } = payment.split;
  return {
    paymentId: payment.paymentId,
    title: payment.description ?? payment.orderId,
    merchantId: payment.merchantId,
    amountText: formatFen(payment.amount),
    statusText: PAYMENT_STATUS[payment.status],
    refundedText: payment.refunded > 0 ? `已退 ${formatFen(payment.refunded)}` : '',
    splitText: `统筹基金 ${formatFen(pooledFund)} · 个人账户 ${formatFen(personalAccount)} · 自付 ${formatFen(selfPay)}`,
    paidAtText: timeText(payment.paidAt),
  };
}

/** A bill as the bills page lists it. */
export function billView(bill: Bill) {
  return {
    billId: bill.billId,
    title: bill.title,
    kindText: BILL_KIND[bill.kind],
    amountText: formatFen(bill.amount),
    paid: bill.status === 'paid',
    statusText:
      bill.status === 'paid' ? `已缴 ${bill.paidAt ? timeText(bill.paidAt) : ''}`.trim() : '待缴费',
  };
}

/** An insurance record (参保信息) as 我的社保 shows it. */
export function insuranceView(record: InsuranceRecord) {
  return {
    typeText: INSURANCE_TYPE[record.type],
    statusText: INSURANCE_STATUS[record.status],
    /** The region by name (`440100` → 广州市); the code itself when the table lacks it. */
    regionText: regionName(record.regionCode) ?? record.regionCode,
    sinceText: `${record.since.replace('-', ' 年 ')} 月起`,
    monthsText: `累计缴费 ${record.months} 个月`,
  };
}

export function applicationStatusText(status: ApplicationStatus): string {
  return APPLICATION_STATUS[status];
}

/** A certification (待遇资格认证) as its page shows it, with the reminder when one is due. */
export function certificationView(certification: Certification) {
  const dueByText = certification.dueBy ? timeText(certification.dueBy).slice(0, 10) : '';
  const reminder =
    certification.status === 'due'
      ? `请在 ${dueByText} 前完成认证，以免影响养老金发放`
      : certification.status === 'overdue'
        ? '已超过认证期限，养老金暂停发放；完成认证后恢复'
        : '';
  return {
    statusText: certificationStatusName(certification.status),
    certifiedAtText: certification.certifiedAt
      ? timeText(certification.certifiedAt).slice(0, 10)
      : '',
    dueByText,
    reminder,
    /** Whether there is anything to certify (a pension is received). */
    required: certification.status !== 'not-required',
  };
}

/** One month of a benefit (待遇发放记录, R44) as its history lists it. */
export function benefitPaymentView(payment: BenefitPayment) {
  return {
    month: payment.month,
    monthText: `${payment.month.replace('-', ' 年 ')} 月`,
    amountText: formatFen(payment.amount),
    statusText: benefitPaymentStatusName(payment.status),
    paid: payment.status === 'paid',
    paidAtText: payment.paidAt ? `${timeText(payment.paidAt).slice(0, 10)} 到账` : '',
  };
}
