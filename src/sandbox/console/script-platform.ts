import { PLATFORM_OPERATIONS } from '../../platform/operations.js';

/**
 * The console script's platform views: channels, portals, merchants and regions with their key
 * ids; recent payments; notifications and webhook deliveries; the test clock and fault
 * injection. Joined after `script-person.ts`; the operations a one-shot fault may name come
 * from the operation table, so the list cannot drift from the routes.
 *
 * @internal
 */
export const CONSOLE_SCRIPT_PLATFORM = `
var FAULT_OPERATIONS = ${JSON.stringify(PLATFORM_OPERATIONS)};
/** The clock's buttons: [ms, 中文, English, the button's English when it says more]. */
var CLOCK_STEPS = [
  [61 * 1000, '+61 秒', '+61 s', '+61 s (QR expiry)'],
  [60 * 60 * 1000, '+1 小时', '+1 hour'],
  [24 * 60 * 60 * 1000, '+1 天', '+1 day'],
  [30 * 24 * 60 * 60 * 1000, '+30 天', '+30 days'],
];
var ERROR_CHOICES = ['PLATFORM_UNAVAILABLE', 'TIMEOUT', 'NETWORK', 'CHANNEL_UNAUTHORIZED', 'VALIDATION_FAILED'];

function keyCell(keyId) {
  return keyId ? h('span', { class: 'mono', title: '公钥 kid · public key id' }, keyId) : h('span', { class: 'empty' }, '无公钥 no key');
}

function renderParties(parties) {
  fill(document.getElementById('tab-parties'), [
    h('div', { class: 'panel', id: 'channels' }, h('h2', null, bi('渠道', 'Channels')),
      table(['渠道号 Id', '名称 Name', '公钥 Key id', 'Webhook'], parties.channels.map(function (c) {
        return [h('span', { class: 'mono' }, c.id), c.name, keyCell(c.keyId), c.webhookUrl ? h('span', { class: 'mono' }, c.webhookUrl) : ''];
      }), '没有渠道 · No channels')),
    h('div', { class: 'grid2' },
      h('div', { class: 'panel', id: 'portals' }, h('h2', null, bi('政务门户', 'Portals')),
        table(['Id', '名称 Name', '公钥 Key id', '可请求 Scopes'], parties.portals.map(function (p) {
          return [h('span', { class: 'mono' }, p.id), p.name, keyCell(p.keyId), p.scopes.join(', ')];
        }), '没有门户 · No portals')),
      h('div', { class: 'panel', id: 'merchants' }, h('h2', null, bi('商户', 'Merchants')),
        table(['Id', '名称 Name', '类型 Kind', '公钥 Key id'], parties.merchants.map(function (m) {
          return [h('span', { class: 'mono' }, m.id), m.name, m.kind, keyCell(m.keyId)];
        }), '没有商户 · No merchants'))),
    h('div', { class: 'panel' }, h('h2', null, bi('已开通地区', 'Regions enabled')),
      table(['区划代码 Code', '名称 Name'], parties.regions.map(function (r) { return [h('span', { class: 'mono' }, r.regionCode), r.name]; }))),
    h('p', { class: 'hint' }, '只显示公钥的 kid，私钥从不经过控制台。 Only public key ids are shown; a private key never passes through the console.'),
  ]);
}

function renderPayments(payments) {
  var byMerchant = {};
  payments.forEach(function (x) { (byMerchant[x.merchantId] = byMerchant[x.merchantId] || []).push(x); });
  var merchants = Object.keys(byMerchant);
  fill(document.getElementById('tab-payments'), merchants.length === 0
    ? h('div', { class: 'panel empty' }, '还没有支付。商户扫付款码收款后显示在这里。 No payments yet: they appear here once a merchant charges a payment code.')
    : merchants.map(function (m) {
      return h('div', { class: 'panel' }, h('h2', null, merchantLabel(m), ' · ', bi('最近支付与退款', 'Latest payments and refunds')), paymentsTable(byMerchant[m]));
    }));
}

function renderActivity(activity) {
  fill(document.getElementById('tab-activity'), [
    h('div', { class: 'panel', id: 'notifications' }, h('h2', null, bi('最近通知', 'Recent notifications')),
      table(['时间 At', '渠道 Channel', '类型 Type', '签发号 Sign no.', '内容 What'], activity.notifications.map(function (n) {
        return [time(n.occurredAt), h('span', { class: 'mono' }, n.channelId), h('span', { class: 'mono' }, n.type),
          h('span', { class: 'mono' }, n.signNo), notificationWhat(n, activity.notifications)];
      }), '还没有通知 · No notifications yet')),
    h('div', { class: 'panel', id: 'deliveries' }, h('h2', null, bi('Webhook 投递', 'Webhook deliveries')),
      table(['时间 At', '渠道 Channel', '通知 Notification', 'URL', '第几次 Attempt', '结果 Outcome'], activity.deliveries.map(function (d) {
        return [time(d.at), h('span', { class: 'mono' }, d.channelId), h('span', { class: 'mono' }, d.type + ' ' + d.notificationId),
          h('span', { class: 'mono' }, d.url), String(d.attempt),
          [badge(d.outcome), ' ', d.status ? 'HTTP ' + d.status : (d.error || ''), d.retryInMs ? ' · 重试 retry in ' + d.retryInMs + ' ms' : '']];
      }), '没有 webhook 投递（渠道未登记 webhookUrl） · No deliveries (no channel registered a webhookUrl)')),
  ]);
}

/** What a notification says, in words; \`list\` is the list it is in, newest first. */
function notificationWhat(n, list) {
  if (n.status) return badge(n.status, STATUS_LABELS[n.status]);
  if (n.application) return [SERVICE_LABELS[n.application.service] || n.application.service, ' ', badge(n.application.status)];
  if (n.type === 'payment.refunded') return refundWhat(n, list);
  if (n.payment) return ['支付 paid ', yuan(n.payment.amount), ' · ', merchantLabel(n.payment.merchantId)];
  if (n.bill) return n.bill.title + ' ' + yuan(n.bill.amount);
  return '';
}

/**
 * A refund's notification carries the payment as it stands after it: \`refunded\` is what all
 * its refunds gave back so far. This refund's own amount is the difference from the one
 * before it of the same payment that the channel was told of; when that one is no longer
 * in the list, only the total can be shown, and it says so.
 */
function refundWhat(n, list) {
  var p = n.payment;
  var so = ' (累计 so far ' + yuan(p.refunded) + ' / ' + yuan(p.amount) + ')';
  for (var i = list.indexOf(n) + 1; i < list.length; i += 1) {
    var before = list[i];
    if (before.channelId === n.channelId && before.payment && before.payment.paymentId === p.paymentId) {
      return ['退款 refund ', yuan(p.refunded - before.payment.refunded), ' · ', merchantLabel(p.merchantId), so];
    }
  }
  return ['退款 refunds', so, ' · ', merchantLabel(p.merchantId)];
}

function renderControls(clock, faults) {
  var root = document.getElementById('tab-controls');
  if (!document.getElementById('fault-form')) fill(root, buildControls());
  fill(document.getElementById('clock-now'), [
    time(clock.now), ' ', clock.testClock ? badge('normal', '测试时钟 test clock') : badge('cancelled', '真实时钟 real clock'),
  ]);
  document.getElementById('clock-form').hidden = !clock.testClock;
  document.getElementById('clock-none').hidden = clock.testClock;
  var standing = [];
  if (faults.latencyMs !== undefined) standing.push('延迟 latency ' + JSON.stringify(faults.latencyMs) + ' ms');
  if (faults.failureRate !== undefined) standing.push('失败率 failure rate ' + faults.failureRate + (faults.failureCode ? ' (' + faults.failureCode + ')' : ''));
  fill(document.getElementById('faults-now'), [
    h('p', null, standing.length ? standing.join(' · ') : '没有常设故障 · No standing faults'),
    table(['下一次调用 Next call of', '错误码 Code', '提交后 After commit'], faults.next.map(function (f) {
      return [h('span', { class: 'mono' }, f.operation), f.code, f.afterCommit ? '是 yes' : '否 no'];
    }), '没有一次性故障 · No one-shot faults'),
  ]);
}

/** R44: pays the platform clock's month (the platform's default); says how many were paid and suspended. */
function runDisbursement() {
  act("发放本月待遇 / Pay this month's benefits", async function () {
    var outcome = await api('POST', '/admin/disbursements', {});
    document.getElementById('disbursement-result').textContent = '本月：已发放 ' + outcome.paid +
      ' 人，暂停 ' + outcome.suspended + ' 人 · This month: paid ' + outcome.paid + ', suspended ' + outcome.suspended;
    return outcome;
  });
}

function buildControls() {
  var ops = {};
  FAULT_OPERATIONS.forEach(function (o) { ops[o] = o; });
  var codes = {};
  ERROR_CHOICES.forEach(function (c) { codes[c] = c; });
  var advance = function (ms, zh, en) {
    act('时钟 ' + zh + ' / Clock ' + en, function () { return api('POST', '/admin/clock/advance', { ms: ms }); });
  };
  return [
    h('div', { class: 'panel', id: 'benefits-panel' }, h('h2', null, bi('待遇发放', 'Benefit payments')),
      h('div', { class: 'row' },
        h('button', { class: 'act primary', id: 'run-disbursement', onclick: runDisbursement },
          bi('发放本月待遇', "Pay this month's benefits"))),
      h('p', { id: 'disbursement-result', class: 'hint' },
        '每人每月只发放一次；资格认证逾期者暂停，认证后补发（最多 12 个月）。 Once per person and month; suspended while the certification is overdue, arrears (at most 12 months) after it.')),
    h('div', { class: 'panel', id: 'clock-panel' }, h('h2', null, bi('测试时钟', 'Test clock')),
      h('p', { id: 'clock-now' }),
      h('div', { id: 'clock-form', class: 'row' },
        CLOCK_STEPS.map(function (c) {
          return h('button', { class: 'act', onclick: function () { advance(c[0], c[1], c[2]); } }, bi(c[1], c[3] || c[2]));
        })),
      h('p', { id: 'clock-none', class: 'hint' }, '此沙箱未运行测试时钟；用 essc-sandbox --test-clock 启动即可拨动。 This sandbox runs no test clock: start it with essc-sandbox --test-clock to move time.')),
    h('div', { class: 'panel', id: 'fault-form' }, h('h2', null, bi('故障注入', 'Fault injection')),
      h('div', { id: 'faults-now' }),
      h('h3', null, bi('下一次调用失败', 'Fail the next call')),
      h('div', { class: 'row' },
        h('select', { id: 'fault-op', 'aria-label': '操作 Operation' }, options(ops, 'apply')),
        h('select', { id: 'fault-code', 'aria-label': '错误码 Code' }, options(codes, 'PLATFORM_UNAVAILABLE')),
        h('label', null, h('input', { id: 'fault-after', type: 'checkbox' }), ' 提交后 after commit'),
        h('button', { class: 'act primary', id: 'fail-next', onclick: function () {
          var afterCommit = document.getElementById('fault-after').checked;
          act('故障 Fault queued', function () {
            return api('POST', '/admin/faults/next', {
              operation: document.getElementById('fault-op').value,
              code: document.getElementById('fault-code').value,
              afterCommit: afterCommit,
            });
          });
        } }, bi('设置', 'Queue'))),
      h('h3', null, bi('常设故障', 'Standing faults')),
      h('div', { class: 'row' },
        h('label', null, '延迟 latency ', input('fault-latency', { type: 'number', min: 0, max: 60000, step: 1, value: 0, class: 'w7' }), ' ms'),
        h('label', null, '失败率 failure rate ', input('fault-rate', { type: 'number', min: 0, max: 1, step: 0.05, value: 0, class: 'w7' })),
        h('button', { class: 'act primary', id: 'set-faults', onclick: function () {
          act('故障 Faults set', function () {
            return api('POST', '/admin/faults', {
              latencyMs: Number(document.getElementById('fault-latency').value),
              failureRate: Number(document.getElementById('fault-rate').value),
            });
          });
        } }, bi('设置', 'Set'))),
      h('div', { class: 'row' },
        h('button', { class: 'act danger', id: 'clear-faults', onclick: function () {
          act('故障已清除 Faults cleared', function () { return api('DELETE', '/admin/faults'); });
        } }, bi('清除全部故障', 'Clear every fault'))),
      h('p', { class: 'hint' }, '故障作用于渠道的每次调用，如同网络或平台出错。 Faults apply to channel calls, as a failing network or platform would.')),
  ];
}
`;
