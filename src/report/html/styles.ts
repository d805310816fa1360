/**
 * The page's stylesheet: system fonts only (no web fonts), colours from CSS variables with a
 * dark set under prefers-color-scheme, tables with tabular figures.
 */
export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #5b6470; --card: #f4f6f9; --border: #d9dee4;
  --pos: 22, 150, 70; --neg: 210, 45, 45;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #121417; --fg: #e4e7eb; --muted: #9aa3ad; --card: #1b1e23; --border: #30353c; --pos: 60, 190, 110; --neg: 240, 90, 90; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 12px 24px; }
h1 { font-size: 1.5rem; margin: 12px 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 1.1rem; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
section { margin: 28px 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .9em; }
.muted, .note, footer { color: var(--muted); }
.note { font-size: .85rem; margin: 4px 0 8px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 10px; margin-top: 14px; }
.card { background: var(--card); border: 1px solid var(--border); border-radius: 8px; padding: 10px 12px; }
.card .label { color: var(--muted); font-size: .75rem; text-transform: uppercase; letter-spacing: .04em; }
.card .value { font-size: 1.3rem; font-variant-numeric: tabular-nums; margin-top: 2px; white-space: nowrap; }
.chart { width: 100%; height: 360px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: .88rem; }
th, td { padding: 4px 10px; border-bottom: 1px solid var(--border); text-align: left; white-space: nowrap; }
th { color: var(--muted); font-weight: 600; }
.num { text-align: right; }
.heat td.num { min-width: 3.6em; }
.tables { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
`;
