/**
 * A hospital cashier in the browser (收费窗口): the visit's items, a scanner typing the
 * patient's payment code, the charge, and its result — where the money came from (统筹基金 /
 * 个人账户 / 自付), or the refusal with its Chinese term and the sentence to tell the patient
 * (`userMessage` of essc-sdk/i18n: a card's status by name, when to retry) — then a partial refund.
 *
 * The terminal lives on the hospital's server (here the demo's static server, `demo.ts`),
 * which holds the merchant's credentials and runs the cashier's loop: an unknown outcome is
 * settled under the same order id. The page keeps one order id per visit, so sending the same
 * charge again (a double click, a retry after a dropped connection) never charges twice.
 */
import {
  ERROR_TABLE,
  type ErrorCode,
  EsscError,
  formatFen,
  isEsscError,
  type Payment,
} from 'essc-sdk';
import { userMessage } from 'essc-sdk/i18n';
import type { DEMO_HOSPITAL, DEMO_VISIT } from './demo.js';
import { $, busy, describeError, showMessage } from './ui.js';

type Receipt = Pick<
  Payment,
  'paymentId' | 'orderId' | 'amount' | 'refunded' | 'status' | 'split' | 'holderName' | 'paidAt'
>;

const STATUS_ZH: Record<Payment['status'], string> = {
  succeeded: '支付成功',
  partially_refunded: '部分退款',
  refunded: '已全额退款',
};

/** A JSON route of the hospital's server: its answer, or the refusal as an EsscError. */
async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json().catch(() => ({}))) as T & {
    error?: { code: ErrorCode; message: string };
  };
  if (json.error) throw new EsscError(json.error.code, json.error.message);
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return json;
}

const visit = (await (await fetch('/demo/cashier/visit')).json()) as typeof DEMO_VISIT & {
  hospital: typeof DEMO_HOSPITAL;
};
const refundItem = visit.items.find((item) => item.code === 'L-0042');

$('hospital-name').textContent = visit.hospital.name;
const rows = $('items').querySelector('tbody')!;
for (const item of visit.items) {
  const row = document.createElement('tr');
  for (const text of [
    item.name,
    item.coverage === 'covered' ? '是' : '否',
    formatFen(item.amount),
  ]) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  rows.append(row);
}
$('visit-total').textContent = formatFen(visit.items.reduce((sum, item) => sum + item.amount, 0));

/** The HIS's order id for this visit: the same for every try, new for the next patient. */
let orderId = '';
let refunds = 0;
function newVisit(): void {
  orderId = `HIS-${Date.now().toString(36).toUpperCase()}`;
  refunds = 0;
  $('order-id').textContent = orderId;
  $('charge-result').hidden = true;
  input.focus();
}

function showPayment(payment: Receipt, title: string): void {
  const result = $('charge-result');
  result.className = 'result ok';
  result.dataset.outcome = payment.refunded > 0 ? 'refunded' : 'charged';
  delete result.dataset.code;
  $('charge-title').textContent = title;
  $('charge-summary').textContent =
    `${payment.holderName} · 合计 ${formatFen(payment.amount)}` +
    (payment.refunded > 0 ? ` · 已退 ${formatFen(payment.refunded)}` : '');
  $('split-pooled').textContent = formatFen(payment.split.pooledFund);
  $('split-personal').textContent = formatFen(payment.split.personalAccount);
  $('split-self').textContent = formatFen(payment.split.selfPay);
  $('charge-status').textContent = STATUS_ZH[payment.status];
  $('split').hidden = false;
  $('charge-action').textContent = `订单号 ${payment.orderId}`;
  $('refund').hidden = !refundItem || payment.refunded > 0;
  $('next-visit').hidden = false;
  result.hidden = false;
}

function showRefused(error: unknown): void {
  const result = $('charge-result');
  result.className = 'result bad';
  result.dataset.outcome = 'refused';
  if (isEsscError(error)) {
    result.dataset.code = error.code;
    $('charge-title').textContent = `✘ ${error.code}`;
    $('charge-summary').textContent = ERROR_TABLE[error.code].zh;
    $('charge-action').textContent = `请告知患者：${userMessage(error)}`;
  } else {
    delete result.dataset.code;
    $('charge-title').textContent = '✘ 收费出错';
    $('charge-summary').textContent = describeError(error);
    $('charge-action').textContent = '';
  }
  $('split').hidden = true;
  $('refund').hidden = true;
  $('next-visit').hidden = false;
  result.hidden = false;
}

const form = $<HTMLFormElement>('charge-form');
const input = $<HTMLInputElement>('charge-input');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  // Only the line end is the scanner's: base45 has a space in its alphabet.
  const qrText = input.value.replace(/[\r\n]+$/, '');
  input.value = '';
  if (!qrText) return;
  showMessage('');
  void busy(form, async () => {
    try {
      const { payment } = await post<{ payment: Receipt }>('/demo/cashier/charge', {
        qrText,
        orderId,
      });
      showPayment(payment, '✔ 收费成功');
    } catch (error) {
      showRefused(error);
    }
  });
});

$('refund').addEventListener('click', () => {
  if (!refundItem) return;
  void busy(form, async () => {
    try {
      const { payment } = await post<{ payment: Receipt }>('/demo/cashier/refund', {
        orderId,
        refundId: `${orderId}-R${++refunds}`,
        amount: refundItem.amount,
      });
      showPayment(payment, `✔ 已退费 ${refundItem.name} ${formatFen(refundItem.amount)}`);
    } catch (error) {
      showRefused(error);
    }
  });
});

$('next-visit').addEventListener('click', newVisit);
newVisit();
document.body.dataset.ready = 'true';
