import { SERVICE_IDS } from '../../domain/services.js';
import { NAMES } from '../../i18n/names.js';

/** Each service by its name, Chinese then English (essc-sdk/i18n's names). */
const SERVICE_LABELS = Object.fromEntries(
  SERVICE_IDS.map((id) => [id, `${NAMES['zh-CN'].services[id]} ${NAMES.en.services[id]}`]),
);

/**
 * The console script's person view: card, e-card and bindings, money, bills, applications,
 * payments, records; and the back office's actions on the person, each one admin route:
 * card status, replacement, a real-person proof (shown once, with a copy button), balances,
 * a bill, a record, application reviews. Joined after `script-core.ts`.
 *
 * @internal
 */
export const CONSOLE_SCRIPT_PERSON = `
var actionsOf = null;

var RECORD_TEMPLATES = {
  insurance: { type: 'pension', status: 'contributing', regionCode: '440100', since: '2020-01', months: 12 },
  employment: { status: 'unemployed', since: '2026-06-01' },
  training: { course: '育婴员', institution: '某职业培训学校', completedAt: '2025-10-01' },
  qualification: { name: '会计专业技术资格', level: '初级', certificateNo: 'Q20250001', issuedAt: '2025-09-01' },
  skill: { occupation: '电工', level: 4, certificateNo: 'S20250001', issuedAt: '2025-09-01' },
  'startup-loan': { bank: '某银行', amount: 20000000, status: 'applied' },
};
var TOPIC_LABELS = {
  insurance: '参保 insurance', employment: '就业 employment', training: '职业培训 training',
  qualification: '职业资格 qualification', skill: '技能等级 skill', 'startup-loan': '创业担保贷款 start-up loan',
};
var CERTIFICATION_LABELS = {
  'not-required': '无需认证 not required', certified: '已认证 certified', due: '待认证 due', overdue: '已逾期 overdue',
};
var RELATION_LABELS = { parent: '父母 parent', child: '子女 child', spouse: '配偶 spouse', other: '其他 other' };
var BILL_KINDS = { insurance: '参保缴费 insurance', exam: '考试费 exam', training: '培训费 training' };
var SERVICE_LABELS = ${JSON.stringify(SERVICE_LABELS)};

function renderPerson(p) {
  var root = document.getElementById('person');
  if (actionsOf !== p.idNumber || !document.getElementById('person-actions')) {
    actionsOf = p.idNumber;
    fill(root, [
      h('div', { id: 'person-data' }),
      h('div', { id: 'person-actions', class: 'actions' }, buildActions(p)),
      h('div', { id: 'person-lists' }),
    ]);
  }
  var select = document.getElementById('status-select');
  // The status picker follows the card, unless the user is choosing in it.
  if (select && document.activeElement !== select) select.value = p.cardStatus;
  fill(document.getElementById('person-data'), personFacts(p));
  fill(document.getElementById('person-lists'), personLists(p));
}

function personFacts(p) {
  var e = p.eCard;
  return [
    h('div', { class: 'panel', id: 'person-card' },
      h('h2', null, p.name, h('span', { class: 'en mono' }, p.idNumberMasked)),
      h('dl', { class: 'facts' },
        h('dt', null, bi('发卡地', 'Region')), h('dd', null, p.regionName || '', ' ', h('span', { class: 'mono' }, p.regionCode), ' ',
          p.regionEnabled ? badge('normal', '已开通 enabled') : badge('locked', '未开通 not enabled')),
        h('dt', null, bi('社保卡号', 'Card no.')), h('dd', { class: 'mono' }, p.cardNo),
        h('dt', null, bi('卡状态', 'Card status')), h('dd', { id: 'card-status' }, badge(p.cardStatus, STATUS_LABELS[p.cardStatus]),
          p.lossReportedBy ? h('span', { id: 'loss-reported-by' }, ' · ',
            p.lossReportedBy === 'holder' ? bi('持卡人在线挂失', 'reported by the holder') : bi('经办机构挂失', 'reported by the back office')) : ''),
        h('dt', null, bi('银行账户', 'Bank account')), h('dd', null, p.bankAccountActive ? '已激活 active' : '未激活 inactive'),
        h('dt', null, bi('电子社保卡', 'E-card')), h('dd', null, e
          ? [h('span', { class: 'mono' }, e.signNo), badge(e.status, STATUS_LABELS[e.status]), ' ',
            e.level === 2 ? '二级 level 2 (支付 payment)' : '一级 level 1']
          : '未申领 none for this card'),
        e ? [h('dt', null, bi('密码', 'Password')), h('dd', null, e.passwordLocked
          ? badge('locked', '已锁定 locked')
          : '未锁定 not locked' + (e.passwordFailures ? ' · 连续错误 ' + e.passwordFailures + ' failures' : ''))] : null,
        h('dt', null, bi('余额', 'Balances')), h('dd', { id: 'balances' },
          '银行 bank ' + yuan(p.balances.bank) + ' · 个人账户 personal ' + yuan(p.balances.personalAccount) +
          ' · 起付线余额 deductible left ' + yuan(p.balances.deductibleLeft)),
        h('dt', null, bi('医保', 'Medical')), h('dd', null,
          '统筹比例 coverage ' + Math.round(p.medical.coverage * 100) + '% · 起付线 deductible ' + yuan(p.medical.deductible))),
      h('h3', null, bi('渠道关联', 'Bindings per channel')),
      table(['渠道 Channel', '名称 Name', '关联时间 Bound at'], e ? e.bindings.map(function (b) {
        return [h('span', { class: 'mono' }, b.channelId), b.channelName || '', time(b.boundAt)];
      }) : [], '未关联任何渠道 · Bound in no channel')),
  ];
}

function personLists(p) {
  return [
    h('div', { class: 'panel', id: 'applications' },
      h('h2', null, bi('业务申办', 'Applications')),
      table(['事项 Service', '状态 Status', '提交 Submitted', '意见 Note', '审核 Review'], p.applications.map(function (a) {
        return [SERVICE_LABELS[a.service] || a.service, badge(a.status), time(a.submittedAt), a.note || '', reviewButtons(a)];
      }), '没有申办 · No applications')),
    h('div', { class: 'grid2' },
      h('div', { class: 'panel' }, h('h2', null, bi('账单', 'Bills')),
        table(['账单 Bill', '金额 Amount', '状态 Status'], p.bills.map(function (b) {
          return [(BILL_KINDS[b.kind] || b.kind) + ' · ' + b.title, yuan(b.amount), badge(b.status)];
        }), '没有账单 · No bills')),
      h('div', { class: 'panel' }, h('h2', null, bi('信息记录', 'Records')),
        table(['主题 Topic', '条数 Count'], Object.keys(p.records).map(function (t) {
          return [TOPIC_LABELS[t] || t, String(p.records[t])];
        }), '没有记录 · No records'))),
    h('div', { class: 'panel' }, h('h2', null, bi('消费记录', 'Payments')), paymentsTable(p.payments)),
    h('div', { class: 'panel', id: 'family' },
      h('h2', null, bi('亲情服务 · 待遇资格认证', 'Family · Entitlement certification')),
      h('dl', null,
        h('dt', null, bi('资格认证', 'Certification')),
        h('dd', { id: 'certification-status' },
          badge(p.certification.status, CERTIFICATION_LABELS[p.certification.status]),
          p.certification.dueBy ? h('span', null, ' ', bi('认证截止', 'due by'), ' ' + p.certification.dueBy.slice(0, 10)) : '')),
      table(['关系 Relation', '姓名 Name', '身份证号 ID number', '添加时间 Added'], p.family.map(function (m) {
        return [RELATION_LABELS[m.relation] || m.relation, m.name, m.idNumber, m.addedAt.slice(0, 10)];
      }), '没有家庭成员 · No family members'),
      h('h3', null, bi('待遇发放', 'Benefit payments'), p.benefit ? ' · ' + yuan(p.benefit.monthlyAmount) + ' / 月 month' : ''),
      h('div', { id: 'benefit-payments' },
        table(['月份 Month', '金额 Amount', '状态 Status', '发放时间 Paid at'], p.benefitPayments.map(function (b) {
          return [b.month, yuan(b.amount), badge(b.status === 'paid' ? 'normal' : 'cancelled', b.status === 'paid' ? '已发放 paid' : '暂停 suspended'), time(b.paidAt)];
        }), p.benefit ? '尚未发放 · None yet' : '无待遇 · No benefit'))),
  ];
}

function reviewButtons(a) {
  var moves = a.status === 'submitted' ? [['accepted', '受理 Accept'], ['rejected', '驳回 Reject']]
    : a.status === 'accepted' ? [['approved', '批准 Approve'], ['rejected', '驳回 Reject']] : [];
  return h('div', { class: 'row' }, moves.map(function (m) {
    return h('button', {
      class: 'act' + (m[0] === 'rejected' ? ' danger' : ' primary'),
      'data-review': m[0],
      onclick: function () {
        var note = document.getElementById('review-note').value.trim();
        act(change('审核', 'Review', STATUS_LABELS[m[0]]), function () {
          return api('POST', '/admin/applications/' + encodeURIComponent(a.applicationId) + '/review',
            note ? { decision: m[0], note: note } : { decision: m[0] });
        });
      },
    }, m[1]);
  }));
}

function input(id, attrs) { return h('input', Object.assign({ id: id }, attrs || {})); }
function options(map, selected) {
  return Object.keys(map).map(function (k) { return h('option', { value: k, selected: k === selected }, map[k]); });
}
function current() { return state.person; }

function buildActions(p) {
  var status = h('select', { id: 'status-select', 'aria-label': '卡状态 Card status' },
    options({ normal: STATUS_LABELS.normal, lost: STATUS_LABELS.lost, sealed: STATUS_LABELS.sealed,
      locked: STATUS_LABELS.locked, cancelled: STATUS_LABELS.cancelled }, p.cardStatus));
  var setStatus = function (value) {
    return act(change('卡状态', 'Card status', STATUS_LABELS[value]), function () {
      return api('POST', '/admin/cards/' + encodeURIComponent(current().cardNo) + '/status', { status: value });
    });
  };
  var proofBox = input('proof-output', { class: 'proof mono', readonly: true, placeholder: '尚未生成 Not minted yet', 'aria-label': '实人核验凭证 Real-person proof' });
  var topic = h('select', { id: 'record-topic', 'aria-label': '主题 Topic', onchange: function () {
    document.getElementById('record-json').value = JSON.stringify(RECORD_TEMPLATES[topic.value], null, 2);
  } }, options(TOPIC_LABELS, 'insurance'));
  return [
    h('div', { class: 'panel' }, h('h3', null, bi('卡状态', 'Card status')),
      h('div', { class: 'row' }, status,
        h('button', { class: 'act primary', id: 'set-status', onclick: function () { setStatus(status.value); } }, bi('更改', 'Set'))),
      h('div', { class: 'row' },
        h('button', { class: 'act danger', id: 'report-lost', onclick: function () { setStatus('lost'); } }, bi('挂失', 'Report lost')),
        h('button', { class: 'act', id: 'restore', onclick: function () { setStatus('normal'); } }, bi('解挂', 'Restore')),
        h('button', { class: 'act danger', id: 'replace-card', onclick: function () {
          act('换补卡 Replace card', function () {
            return api('POST', '/admin/persons/' + encodeURIComponent(current().idNumber) + '/replace-card', {});
          });
        } }, bi('换补卡', 'Replace card'))),
      h('p', { class: 'hint' }, '渠道会收到状态通知；换卡后旧卡注销，需解除关联后重新申领。 Channels are told; after a replacement the old e-card is cancelled.')),
    h('div', { class: 'panel' }, h('h3', null, bi('实人核验凭证', 'Real-person proof')),
      h('div', { class: 'row' },
        h('button', { class: 'act primary', id: 'mint-proof', onclick: async function () {
          var answer = await act('生成凭证 Proof minted', function () {
            return api('POST', '/admin/persons/' + encodeURIComponent(current().idNumber) + '/real-person-proof', {});
          });
          if (answer) proofBox.value = answer.realPerson;
        } }, bi('生成', 'Mint')),
        h('button', { class: 'act', id: 'copy-proof', onclick: function () { copy(proofBox); } }, bi('复制', 'Copy'))),
      proofBox,
      h('p', { class: 'hint' }, '如同一次通过的人脸核验：5 分钟内有效，仅可使用一次。 As a passed face check: valid 5 minutes, usable once.')),
    h('div', { class: 'panel' }, h('h3', null, bi('设置余额（分）', 'Set balances (fen)')),
      h('div', { class: 'row' }, '银行 bank', input('bal-bank', { type: 'number', min: 0, step: 1, value: p.balances.bank, class: 'w9' })),
      h('div', { class: 'row' }, '个人账户 personal', input('bal-personal', { type: 'number', min: 0, step: 1, value: p.balances.personalAccount, class: 'w9' })),
      h('div', { class: 'row' }, '起付线余额 deductible left', input('bal-deductible', { type: 'number', min: 0, step: 1, value: p.balances.deductibleLeft, class: 'w9' })),
      h('button', { class: 'act primary', id: 'set-balances', onclick: function () {
        act('余额 Balances', function () {
          return api('POST', '/admin/persons/' + encodeURIComponent(current().idNumber) + '/balances', {
            bank: Number(document.getElementById('bal-bank').value),
            personalAccount: Number(document.getElementById('bal-personal').value),
            deductibleLeft: Number(document.getElementById('bal-deductible').value),
          });
        });
      } }, bi('保存', 'Save'))),
    h('div', { class: 'panel' }, h('h3', null, bi('新增账单', 'Add a bill')),
      h('div', { class: 'row' }, h('select', { id: 'bill-kind', 'aria-label': '类型 Kind' }, options(BILL_KINDS, 'exam')),
        input('bill-amount', { type: 'number', min: 1, step: 1, value: 5600, class: 'w7', 'aria-label': '金额（分）Amount (fen)' }), '分 fen'),
      h('div', { class: 'row' }, input('bill-title', { value: '2026 年会计资格考试', class: 'grow', 'aria-label': '名称 Title' }),
        h('button', { class: 'act primary', id: 'add-bill', onclick: function () {
          act('账单 Bill added', function () {
            return api('POST', '/admin/bills', {
              idNumber: current().idNumber, kind: document.getElementById('bill-kind').value,
              title: document.getElementById('bill-title').value, amount: Number(document.getElementById('bill-amount').value),
            });
          });
        } }, bi('添加', 'Add')))),
    h('div', { class: 'panel' }, h('h3', null, bi('新增信息记录', 'Add a record')),
      h('div', { class: 'row' }, topic,
        h('button', { class: 'act primary', id: 'add-record', onclick: function () {
          var record;
          try { record = JSON.parse(document.getElementById('record-json').value); }
          catch (error) { toast('✗ 记录不是 JSON · The record is not JSON', true); return; }
          act('记录 Record added', function () {
            return api('POST', '/admin/persons/' + encodeURIComponent(current().idNumber) + '/records', { topic: topic.value, record: record });
          });
        } }, bi('添加', 'Add'))),
      h('textarea', { id: 'record-json', rows: 5, 'aria-label': '记录 Record (JSON)' }, JSON.stringify(RECORD_TEMPLATES.insurance, null, 2))),
    h('div', { class: 'panel' }, h('h3', null, bi('申办审核意见', 'Review note')),
      input('review-note', { placeholder: '可选 optional, e.g. 材料齐全', class: 'wfull' }),
      h('p', { class: 'hint' }, '在下方申办列表中受理、批准或驳回。 Accept, approve or reject in the list below.')),
  ];
}

async function copy(box) {
  if (!box.value) { toast('✗ 请先生成凭证 · Mint a proof first', true); return; }
  try {
    await navigator.clipboard.writeText(box.value);
  } catch (error) {
    box.select();
    document.execCommand('copy');
  }
  toast('✓ 已复制 Copied');
}

function paymentsTable(payments) {
  return table(['时间 Paid at', '商户 Merchant', '订单 Order', '金额 Amount', '统筹/个账/自付 Split', '退款 Refunded', '状态 Status'],
    payments.map(function (x) {
      return [time(x.paidAt), merchantLabel(x.merchantId), h('span', { class: 'mono' }, x.orderId), yuan(x.amount),
        yuan(x.split.pooledFund) + ' / ' + yuan(x.split.personalAccount) + ' / ' + yuan(x.split.selfPay),
        x.refunded ? yuan(x.refunded) : '', badge(x.status)];
    }), '没有支付 · No payments');
}
`;
