/**
 * The console script's core (plain browser JS, no framework, no build step): calls to the admin
 * API, DOM building (text only: no data ever goes through innerHTML), the tabs, the people
 * list and search, and the poll that keeps the page in step with the platform. The other
 * parts (`script-person.ts`, `script-platform.ts`) are joined after it in one closure.
 *
 * @internal
 */
export const CONSOLE_SCRIPT_CORE = String.raw`
'use strict';
var state = { tab: 'people', persons: [], selected: null, person: null, query: '', idMatch: null, live: false, names: { regions: {}, merchants: {} } };
var lastSeen = {};

/** The admin API: JSON in, JSON out; an error answer rejects with its { code, message }. */
async function api(method, path, body) {
  var init = { method: method, headers: { accept: 'application/json' }, cache: 'no-store' };
  if (method !== 'GET') {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body || {});
  }
  var response = await fetch(path, init);
  var answer = await response.json().catch(function () { return {}; });
  if (!response.ok) {
    var error = answer.error || { code: 'HTTP_' + response.status, message: response.statusText };
    throw error;
  }
  return answer;
}

/** h('td', { class: 'mono' }, 'text', child): an element; strings become text nodes. */
function h(tag, attrs) {
  var el = document.createElement(tag);
  if (attrs) {
    for (var name in attrs) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) continue;
      if (name.slice(0, 2) === 'on') el.addEventListener(name.slice(2), value);
      else if (name === 'value') el.value = value;
      else el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (var i = 2; i < arguments.length; i += 1) append(el, arguments[i]);
  return el;
}
function append(el, child) {
  if (child === undefined || child === null || child === false) return;
  if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
  el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
}
/** A label in Chinese with its English beside. */
function bi(zh, en) { return [zh, h('span', { class: 'en' }, en)]; }
function fill(el, children) { el.replaceChildren(); append(el, children); }
function badge(value, text) { return h('span', { class: 'badge ' + value }, text || STATUS_LABELS[value] || value); }
/** Fen as yuan in integers, as formatFen does (no division to a float): 12345 → ¥123.45. */
function yuan(fen) {
  var abs = Math.abs(fen), cents = abs % 100;
  return (fen < 0 ? '-' : '') + '¥' + (abs - cents) / 100 + '.' + (cents < 10 ? '0' : '') + cents;
}
function time(iso) { return iso ? new Date(iso).toLocaleString('zh-CN', { hour12: false }) : ''; }
function table(headers, rows, empty) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty || '无 None');
  return h('table', null,
    h('thead', null, h('tr', null, headers.map(function (x) { return h('th', null, x); }))),
    h('tbody', null, rows.map(function (r) { return h('tr', null, r.map(function (c) { return h('td', null, c); })); })));
}

/** A label "中文 English" as its two halves: ['中文', 'English']. */
function halves(label) {
  var at = label.indexOf(' ');
  return at === -1 ? [label, label] : [label.slice(0, at), label.slice(at + 1)];
}
/** A toast's words for a change: "卡状态 → 挂失 / Card status → lost". */
function change(zh, en, label) {
  var to = halves(label);
  return zh + ' → ' + to[0] + ' / ' + en + ' → ' + to[1];
}

// ─── names ─────────────────────────────────────────────────────────────────
/** The platform's names of regions and merchants (GET /admin/parties), for the lists. */
function learnNames(parties) {
  var names = { regions: {}, merchants: {} };
  parties.regions.forEach(function (r) { names.regions[r.regionCode] = r.name; });
  parties.merchants.forEach(function (m) { names.merchants[m.id] = m.name; });
  state.names = names;
}
/** A region by name with its code beside: 广州市 440100 (the code alone where it has no name). */
function regionLabel(code) {
  var name = state.names.regions[code];
  return name ? [name, ' ', h('span', { class: 'mono' }, code)] : h('span', { class: 'mono' }, code);
}
/** A merchant by its registered name with its id beside. */
function merchantLabel(id) {
  var name = state.names.merchants[id];
  return name ? [name, ' ', h('span', { class: 'en mono' }, id)] : h('span', { class: 'mono' }, id);
}

var toastTimer;
function toast(message, isError) {
  var el = document.getElementById('toast');
  el.textContent = message;
  el.className = 'show' + (isError ? ' error' : '');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(function () { el.className = ''; }, isError ? 6000 : 2500);
}
/** Runs an action through the admin API, says how it went, and refreshes at once. */
async function act(label, work) {
  try {
    var result = await work();
    toast('✓ ' + label);
    await refresh(true);
    return result;
  } catch (error) {
    toast('✗ ' + label + ': ' + (error.code || '') + ' ' + (error.message || String(error)), true);
    return undefined;
  }
}

var STATUS_LABELS = {
  normal: '正常 normal', sealed: '封存 sealed', lost: '挂失 lost', locked: '锁定 locked',
  cancelled: '注销 cancelled', active: '可用 active',
  submitted: '已提交 submitted', accepted: '已受理 accepted', approved: '已批准 approved',
  rejected: '已驳回 rejected', withdrawn: '已撤回 withdrawn', unpaid: '未缴 unpaid', paid: '已缴 paid',
  succeeded: '成功 succeeded', partially_refunded: '部分退款 partly refunded', refunded: '已退款 refunded',
  delivered: '已送达 delivered', retrying: '重试中 retrying', 'gave-up': '已放弃 gave up',
};

// ─── tabs ──────────────────────────────────────────────────────────────────
function showTab(tab) {
  state.tab = tab;
  document.querySelectorAll('#tabs button').forEach(function (b) {
    b.classList.toggle('active', b.dataset.tab === tab);
  });
  document.querySelectorAll('main > section').forEach(function (s) {
    s.hidden = s.id !== 'tab-' + tab;
  });
  lastSeen = {};
  refresh(true);
}

// ─── people ────────────────────────────────────────────────────────────────
var ID_NUMBER = /^\d{17}[\dXx]$/;

function renderPeople() {
  var q = state.query.trim().toLowerCase();
  var shown = state.persons.filter(function (p) {
    if (!q) return true;
    return p.name.toLowerCase().indexOf(q) !== -1 || p.idNumberMasked.toLowerCase().indexOf(q) !== -1 ||
      p.cardNo.toLowerCase().indexOf(q) !== -1 || (state.idMatch && state.idMatch.cardNo === p.cardNo);
  });
  fill(document.getElementById('people'), shown.length === 0
    ? h('li', { class: 'empty' }, '没有匹配的人 · No one matches.')
    : shown.map(function (p) {
      return h('li', {
        class: state.selected === p.cardNo ? 'selected' : null,
        'data-card': p.cardNo,
        onclick: function () { selectPerson(p.cardNo); },
      },
      h('div', null, h('strong', null, p.name), badge(p.cardStatus, STATUS_LABELS[p.cardStatus])),
      h('div', { class: 'sub' }, h('span', { class: 'mono' }, p.idNumberMasked), ' · ', regionLabel(p.regionCode)),
      h('div', { class: 'sub' }, p.eCard
        ? '电子社保卡 e-card L' + p.eCard.level + ' · ' + (p.eCard.channels.join(', ') || '未关联 unbound')
        : '未申领电子社保卡 no e-card'));
    }));
}

async function onSearch(event) {
  state.query = event.target.value;
  state.idMatch = null;
  var q = state.query.trim();
  // A whole ID number is looked up on the platform: lists only ever hold masked ones.
  if (ID_NUMBER.test(q)) {
    try { state.idMatch = await api('GET', '/admin/persons/' + encodeURIComponent(q.toUpperCase())); }
    catch (error) { state.idMatch = null; }
  }
  renderPeople();
}

function selectPerson(cardNo) {
  state.selected = cardNo;
  state.person = null;
  renderPeople();
  lastSeen.person = undefined;
  refresh(true);
}

// ─── the poll ──────────────────────────────────────────────────────────────
function changed(key, value) {
  var text = JSON.stringify(value);
  if (lastSeen[key] === text) return false;
  lastSeen[key] = text;
  return true;
}
var refreshing = null;
/** Reads what the current tab shows and redraws what changed. */
function refresh(now) {
  if (refreshing && !now) return refreshing;
  refreshing = (async function () {
    try {
      var clock = await api('GET', '/admin/clock');
      if (changed('clock', clock)) renderClock(clock);
      var parties = await api('GET', '/admin/parties');
      // Names shown in every tab: a new one redraws them all.
      if (changed('names', [parties.regions, parties.merchants])) {
        learnNames(parties);
        lastSeen = { clock: lastSeen.clock, names: lastSeen.names };
      }
      if (state.tab === 'people') {
        var list = await api('GET', '/admin/persons');
        state.persons = list.persons;
        if (changed('persons', list.persons)) renderPeople();
        if (state.selected) {
          var person = await api('GET', '/admin/cards/' + encodeURIComponent(state.selected) + '/holder');
          // After a replacement the person holds a new card: follow them to it.
          if (person.cardNo !== state.selected) { state.selected = person.cardNo; renderPeople(); }
          state.person = person;
          if (changed('person', person)) renderPerson(person);
        }
      } else if (state.tab === 'parties') {
        if (changed('parties', parties)) renderParties(parties);
      } else if (state.tab === 'payments') {
        var payments = await api('GET', '/admin/payments');
        if (changed('payments', payments)) renderPayments(payments.payments);
      } else if (state.tab === 'activity') {
        var activity = await api('GET', '/admin/activity');
        if (changed('activity', activity)) renderActivity(activity);
      } else if (state.tab === 'controls') {
        var controls = await api('GET', '/admin/activity');
        if (changed('controls', [controls.faults, clock])) renderControls(clock, controls.faults);
      }
      setLive(true);
    } catch (error) {
      setLive(false);
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}
function setLive(on) {
  if (state.live === on) return;
  state.live = on;
  document.getElementById('live').className = on ? 'live' : 'live off';
  document.getElementById('live-text').textContent = on ? '实时 Live' : '连接断开 Disconnected';
}
function renderClock(clock) {
  fill(document.getElementById('clock'), [
    (clock.testClock ? '测试时钟 Test clock ' : '平台时钟 Clock ') + time(clock.now),
  ]);
}

function start() {
  document.querySelectorAll('#tabs button').forEach(function (b) {
    b.addEventListener('click', function () { showTab(b.dataset.tab); });
  });
  document.getElementById('search').addEventListener('input', onSearch);
  refresh(true);
  // Polling keeps the page in step with changes made anywhere (a channel's app, a test, curl).
  setInterval(function () { if (!document.hidden) refresh(false); }, 1000);
}
`;
