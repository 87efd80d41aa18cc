/**
 * The console's HTML shell (served at `/console`): the frame the script fills. Chinese first,
 * English beside, and a banner that says it is a sandbox. No inline script or style (the
 * page's Content-Security-Policy allows only its own `/console/app.js` and `/console/app.css`).
 *
 * @internal
 */
export const CONSOLE_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>essc-sandbox 控制台 · Console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/console/app.css">
<script src="/console/app.js" defer></script>
</head>
<body>
<div class="banner" role="note"><strong>沙箱 SANDBOX</strong> · 这里是测试平台，数据均为虚构，密钥仅供本次运行使用，不是国家社保卡平台。<span class="en">A test platform: made-up data and throwaway keys, not the national platform.</span></div>
<header class="top">
  <h1>电子社保卡沙箱控制台<span class="en">e-card sandbox console</span></h1>
  <div class="right">
    <span id="clock" title="平台时钟 Platform clock"></span>
    <span><span id="live" class="live off"></span><span id="live-text">连接中 Connecting</span></span>
  </div>
</header>
<nav class="tabs" id="tabs">
  <button data-tab="people" class="active">人员<span class="en">People</span></button>
  <button data-tab="parties">渠道与商户<span class="en">Channels &amp; merchants</span></button>
  <button data-tab="payments">支付<span class="en">Payments</span></button>
  <button data-tab="activity">通知<span class="en">Notifications</span></button>
  <button data-tab="controls">时钟与故障<span class="en">Clock &amp; faults</span></button>
</nav>
<main>
  <section id="tab-people" class="people">
    <div class="panel">
      <h2>人员<span class="en">People</span></h2>
      <input id="search" class="search" type="search" placeholder="按姓名或身份证号搜索 Search by name or ID number" aria-label="搜索 Search">
      <ul id="people" class="list"></ul>
    </div>
    <div id="person"><div class="panel empty">选择一个人 · Choose a person on the left.</div></div>
  </section>
  <section id="tab-parties" hidden></section>
  <section id="tab-payments" hidden></section>
  <section id="tab-activity" hidden></section>
  <section id="tab-controls" hidden></section>
</main>
<div id="toast" role="status" aria-live="polite"></div>
</body>
</html>
`;
