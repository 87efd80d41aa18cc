/**
 * The console's style sheet (served as `/console/app.css`): system fonts, no web fonts, no
 * images, nothing fetched from elsewhere.
 *
 * @internal
 */
export const CONSOLE_CSS = `
:root {
  --ink: #1d2330; --muted: #5d6678; --line: #dde2ea; --bg: #f4f6f9; --card: #fff;
  --accent: #0b5cad; --ok: #1f7a3d; --warn: #a35a00; --bad: #b3261e; --sandbox: #7a3e9d;
  font: 14px/1.5 -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", "Segoe UI", sans-serif;
  color: var(--ink); background: var(--bg);
}
* { box-sizing: border-box; }
body { margin: 0; }
.en { color: var(--muted); font-weight: normal; font-size: 0.92em; margin-left: 0.35em; }
.banner { background: var(--sandbox); color: #fff; padding: 6px 20px; font-size: 13px; }
.banner strong { letter-spacing: 0.05em; }
.banner .en { color: #efe3f7; }
header.top { display: flex; align-items: center; gap: 24px; padding: 12px 20px; background: var(--card); border-bottom: 1px solid var(--line); }
header.top h1 { font-size: 18px; margin: 0; }
header.top .right { margin-left: auto; display: flex; gap: 16px; align-items: center; color: var(--muted); font-size: 13px; }
.live { display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: var(--ok); margin-right: 6px; }
.live.off { background: var(--bad); }
nav.tabs { display: flex; gap: 4px; padding: 0 20px; background: var(--card); border-bottom: 1px solid var(--line); }
nav.tabs button { border: 0; background: none; padding: 10px 14px; font: inherit; cursor: pointer; border-bottom: 2px solid transparent; color: var(--muted); }
nav.tabs button.active { color: var(--accent); border-bottom-color: var(--accent); font-weight: 600; }
main { padding: 16px 20px 40px; }
.people { display: grid; grid-template-columns: 340px 1fr; gap: 16px; align-items: start; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px; margin-bottom: 16px; }
.panel h2 { font-size: 15px; margin: 0 0 10px; }
.panel h3 { font-size: 14px; margin: 14px 0 8px; }
input, select, textarea, button { font: inherit; }
input, select, textarea { border: 1px solid var(--line); border-radius: 6px; padding: 5px 8px; background: #fff; }
textarea { width: 100%; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
button.act { border: 1px solid var(--accent); color: var(--accent); background: #fff; border-radius: 6px; padding: 4px 10px; cursor: pointer; }
button.act.primary { background: var(--accent); color: #fff; }
button.act.danger { border-color: var(--bad); color: var(--bad); }
button.act.primary .en { color: #dde9f7; }
#person-actions { margin-bottom: 16px; }
button.act:hover { filter: brightness(0.95); }
.search { width: 100%; margin-bottom: 10px; }
ul.list { list-style: none; margin: 0; padding: 0; }
ul.list li { padding: 8px 10px; border-radius: 6px; cursor: pointer; border: 1px solid transparent; }
ul.list li:hover { background: var(--bg); }
ul.list li.selected { border-color: var(--accent); background: #eef4fb; }
ul.list .sub { color: var(--muted); font-size: 12px; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; border: 1px solid currentColor; margin-left: 6px; white-space: nowrap; }
.badge.normal, .badge.active, .badge.approved, .badge.paid, .badge.delivered, .badge.succeeded { color: var(--ok); }
.badge.lost, .badge.locked, .badge.sealed, .badge.rejected, .badge.gave-up, .badge.unpaid { color: var(--bad); }
.badge.cancelled, .badge.withdrawn { color: var(--muted); }
.badge.submitted, .badge.accepted, .badge.retrying, .badge.partially_refunded, .badge.refunded { color: var(--warn); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; font-size: 13px; }
th { color: var(--muted); font-weight: 600; }
.mono { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 12px; }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 6px 0; }
.actions { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
.actions .panel { margin: 0; }
.actions .panel h3 { margin-top: 0; }
.hint { color: var(--muted); font-size: 12px; }
.empty { color: var(--muted); font-style: italic; }
.placeholder { border: 1px dashed var(--line); border-radius: 6px; padding: 8px 10px; color: var(--muted); }
.proof { width: 100%; }
#toast { position: fixed; right: 20px; bottom: 20px; max-width: 460px; padding: 10px 14px; border-radius: 8px; background: var(--ink); color: #fff; opacity: 0; transition: opacity 0.2s; pointer-events: none; }
#toast.show { opacity: 0.95; }
#toast.error { background: var(--bad); }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
.w9 { width: 9em; } .w7 { width: 7em; } .grow { flex: 1; } .wfull { width: 100%; }
[hidden] { display: none !important; }
`;
