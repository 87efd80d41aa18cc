/**
 * The hosted pages' style sheet (served as `/hosted/assets/hosted.css`): a phone's width
 * (420px at most, fluid below), system fonts with Chinese ones first, no web font, nothing
 * fetched; large touch targets, a focus ring you can see, and colours with enough contrast.
 * The console's palette, so the sandbox looks like one product.
 *
 * @internal
 */
export const HOSTED_CSS = `
:root {
  --ink: #1d2330; --muted: #4f586a; --line: #d4dae4; --bg: #f4f6f9; --card: #fff;
  --accent: #0b5cad; --accent-ink: #fff; --bad: #b3261e; --bad-bg: #fdecea; --sandbox: #7a3e9d;
  --focus: #f0b400;
  font: 16px/1.55 -apple-system, "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "Segoe UI", sans-serif;
  color: var(--ink); background: var(--bg);
  -webkit-text-size-adjust: 100%;
}
* { box-sizing: border-box; }
body { margin: 0; }
.frame { max-width: 420px; margin: 0 auto; padding: 0 16px 32px; }
.sandbox { background: var(--sandbox); color: #fff; font-size: 12px; padding: 4px 16px; text-align: center; }
.sandbox .en { color: #f1e6f8; }
.en { color: var(--muted); font-weight: normal; font-size: 0.85em; margin-left: 0.4em; }
.en-block { color: var(--muted); font-size: 0.9em; margin-top: -0.5em; }
header { padding: 18px 0 6px; }
.brand { margin: 0; color: var(--accent); font-weight: 600; font-size: 14px; }
h1 { font-size: 22px; margin: 4px 0 10px; line-height: 1.3; }
h1 .en { display: block; margin: 2px 0 0; font-size: 15px; }
h2 { font-size: 17px; margin: 0 0 10px; }
.who { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0 0 6px; font-size: 14px; }
.who div { display: flex; gap: 6px; }
.who dt { color: var(--muted); }
.who dd { margin: 0; font-weight: 600; }
.steps { margin: 0 0 4px; font-size: 13px; color: var(--accent); font-weight: 600; }
.about { margin: 0; font-size: 14px; color: var(--muted); }
.about .en { display: block; margin: 0; }
main { margin-top: 12px; }
form.step, section.ecard, section.code, section.message { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 16px; margin: 0 0 14px; }
fieldset { border: 0; margin: 0; padding: 0; min-width: 0; }
legend { font-weight: 600; font-size: 17px; padding: 0; margin-bottom: 10px; }
legend .en { display: block; margin: 0; font-size: 14px; }
.field { margin: 0 0 14px; }
label { display: block; font-weight: 600; margin-bottom: 6px; }
input[type="password"] {
  display: block; width: 100%; font: inherit; font-size: 26px; letter-spacing: 0.5em; text-align: center;
  padding: 10px 12px; border: 1.5px solid var(--line); border-radius: 10px; background: #fff; color: var(--ink);
}
input[aria-invalid="true"] { border-color: var(--bad); background: var(--bad-bg); }
.hint { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
.hint .en { display: block; margin: 0; }
.attempts { display: block; color: var(--bad); font-weight: 600; margin-top: 4px; }
.buttons { display: grid; gap: 10px; margin-top: 14px; }
button, a.button {
  display: block; font: inherit; font-weight: 600; text-align: center; text-decoration: none;
  min-height: 48px; padding: 10px 14px; border-radius: 10px; cursor: pointer; border: 1.5px solid var(--accent);
}
button .en, a.button .en { display: block; margin: 0; font-size: 13px; font-weight: normal; }
.primary { background: var(--accent); color: var(--accent-ink); }
.primary .en { color: #e3eefa; }
.secondary { background: #fff; color: var(--accent); }
.wide { width: 100%; }
form.step > .wide { margin-top: 4px; }
form.close { margin: 4px 0 14px; }
form.code-action { margin: 0 0 14px; }
form.close .hint { text-align: center; }
:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
input:focus-visible { border-color: var(--accent); }
.notice { margin: 0 0 14px; }
.notice.shown { background: var(--bad-bg); color: var(--bad); border: 1.5px solid var(--bad); border-radius: 10px; padding: 10px 14px; font-weight: 600; }
.notice p { margin: 0; }
.notice p[lang="en"] { font-weight: normal; font-size: 14px; margin-top: 2px; }
.facts { display: grid; gap: 6px; margin: 0; font-size: 15px; }
.facts div { display: grid; grid-template-columns: 7.5em 1fr; gap: 8px; }
.facts dt { color: var(--muted); }
.facts dt .en { display: block; margin: 0; font-size: 12px; }
.facts dd { margin: 0; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.qr { width: min(100%, 280px); margin: 0 auto; }
.qr svg { display: block; width: 100%; height: auto; }
.qr.expired svg { opacity: 0.15; }
.valid { text-align: center; margin: 8px 0 0; font-variant-numeric: tabular-nums; }
.expired { text-align: center; color: var(--bad); font-weight: 600; margin: 6px 0 0; }
.no-code { margin: 0 0 14px; }
.expiry { color: var(--muted); font-size: 12px; text-align: center; margin: 8px 0 0; }
.message p { margin: 0 0 8px; }
[hidden] { display: none !important; }
@media (prefers-reduced-motion: no-preference) { button { transition: filter 0.1s; } }
button:hover, a.button:hover { filter: brightness(0.96); }
`;
