import { CHART_HELPERS_JS } from './chart-helpers.ts';
import { OKABE_ITO, ROLE } from './palette.ts';
import { PAGE_SCRIPT } from './page-script.ts';
import { SCATTER_LAYOUT_JS } from './scatter-layout.ts';

/**
 * The one self-contained HTML file every report is: inline CSS, inline SVG, the page's data
 * as inline JSON and one small inline script — no network request of any kind (no CDN, no
 * web font, no image), so it opens offline and prints as it looks. System fonts only.
 */
export interface PageInput {
  title: string;
  /** The body's HTML (sections, inline SVG). */
  body: string;
  /** What the script needs (tooltips, re-layout, YAML); JSON-serialisable. */
  data: unknown;
}

export function renderPage(p: PageInput): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="mmfsim report">
<title>${escapeHtml(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
${p.body}
<div id="tip" role="tooltip" hidden></div>
<script type="application/json" id="report-data">${jsonForScript(p.data)}</script>
<script>
${CHART_HELPERS_JS}
${SCATTER_LAYOUT_JS}
${PAGE_SCRIPT}
</script>
</body>
</html>
`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON that cannot end its <script> element early ("</script>" inside a string, "<!--"). */
export function jsonForScript(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root { --ink: #1d1d1d; --muted: #5b5b5b; --rule: #dcdcdc; --bg-soft: #f6f7f9; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: var(--ink); margin: 0 auto; padding: 24px 28px 48px; max-width: 1120px; background: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 36px 0 6px; padding-top: 10px; border-top: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 18px 0 6px; }
p, li { max-width: 80ch; }
.sub { color: var(--muted); margin: 0 0 12px; }
.note { color: var(--muted); font-size: 13px; }
code { font: 12.5px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; margin: 14px 0; }
.card { background: var(--bg-soft); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; min-width: 130px; }
.card .v { font-size: 20px; font-weight: 650; }
.card .k { color: var(--muted); font-size: 12px; }
.banner { border: 2px solid #000; background: ${OKABE_ITO.yellow}; color: #000; font-weight: 650; padding: 10px 14px; border-radius: 6px; margin: 12px 0; }
.banner.info { background: #e8f1fa; border-color: ${OKABE_ITO.blue}; font-weight: 500; }
figure { margin: 10px 0 18px; break-inside: avoid; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; max-width: 90ch; }
svg.chart { display: block; max-width: 100%; height: auto; overflow: visible; }
svg.chart text { fill: var(--ink); }
svg .axis .domain, svg .axis line { stroke: #555; }
.controls { display: flex; flex-wrap: wrap; gap: 8px 18px; align-items: center; background: var(--bg-soft); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; margin: 8px 0; font-size: 13px; }
.controls label { display: inline-flex; gap: 6px; align-items: center; }
.controls select { font: inherit; padding: 2px 4px; max-width: 260px; }
.panels.wide { grid-template-columns: repeat(auto-fill, minmax(500px, 1fr)); }
.halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
.panels { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 6px 10px; }
.mark { fill: var(--c, #888); stroke: #fff; stroke-width: 0.8; }
.mark.status-infeasible { fill: #fff; stroke: var(--c, #888); stroke-width: 1.8; }
.mark.status-pruned { fill: #fff; stroke: ${ROLE.pruned}; stroke-width: 1.4; }
.mark.status-error, .mark.status-timeout { fill: none; stroke: ${ROLE.failed}; stroke-width: 2; }
.mark.front { stroke: ${ROLE.front}; stroke-width: 2.2; }
.mark.hot, .pc-line.hot { stroke: #000 !important; stroke-width: 3.2 !important; opacity: 1 !important; }
.pc-line { fill: none; stroke: ${ROLE.muted}; stroke-width: 1.2; opacity: 0.85; }
.pc-line.status-infeasible { stroke-dasharray: 5 3; }
.pc-line.status-pruned { stroke: #cfcfcf; stroke-dasharray: 1 3; }
.pc-line.status-error, .pc-line.status-timeout { stroke: ${OKABE_ITO.reddishPurple}; opacity: 0.6; stroke-dasharray: 2 3; }
.pc-line.front { stroke: ${ROLE.frontLine}; stroke-width: 2.4; opacity: 1; }
.constraint line { stroke: #444; stroke-width: 1.2; stroke-dasharray: 6 4; }
.constraint text { fill: #444; font-style: italic; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
.published path { stroke: #fff; stroke-width: 1; }
.published.clamped path { fill: #fff; stroke: #000; stroke-width: 1.4; }
.published text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
[data-i], [data-pub], [data-tip] { cursor: default; }
#tip { position: fixed; z-index: 10; pointer-events: none; background: #fff; border: 1px solid #999; border-radius: 5px; box-shadow: 0 2px 10px rgba(0,0,0,.18); padding: 8px 10px; font-size: 12px; max-width: 420px; }
#tip table { border-collapse: collapse; }
#tip td { padding: 0 8px 0 0; vertical-align: top; }
#tip td:first-child { color: var(--muted); }
#tip .h { font-weight: 650; margin-bottom: 4px; }
table.data { border-collapse: collapse; font-size: 12.5px; margin: 8px 0; width: 100%; }
table.data th, table.data td { border-bottom: 1px solid var(--rule); padding: 4px 8px; text-align: left; vertical-align: top; }
table.data td.num, table.data th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data th { background: var(--bg-soft); font-weight: 600; white-space: nowrap; vertical-align: bottom; }
table.data th.wrap { white-space: normal; max-width: 12ch; }
td.arch details { display: inline-block; margin-left: 6px; }
td.arch details[open] { display: block; }
td.why { min-width: 28ch; }
table.data th button.sort { all: unset; cursor: pointer; }
table.data th button.sort::after { content: " \\2195"; color: #999; }
table.data th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; color: #000; }
table.data th[aria-sort="descending"] button.sort::after { content: " \\25BC"; color: #000; }
table.data td.changed { background: #fff4d6; }
.scroll { overflow-x: auto; }
.diff { font-size: 12px; white-space: nowrap; }
button.copy { font: inherit; font-size: 12px; padding: 2px 8px; cursor: pointer; white-space: nowrap; }
details pre { max-height: 320px; overflow: auto; background: var(--bg-soft); padding: 8px; font-size: 11.5px; }
.pill { display: inline-block; border-radius: 9px; padding: 0 7px; font-size: 11.5px; border: 1px solid #999; }
.pill.measured, .pill.datasheet { background: #dff1ea; border-color: ${OKABE_ITO.bluishGreen}; }
.pill.calibrated { background: #e3effa; border-color: ${OKABE_ITO.blue}; }
.pill.derived { background: #f1f1f1; }
.pill.assumed { background: #fbe3d3; border-color: ${OKABE_ITO.vermillion}; }
.pill.projection { background: #fbe3d3; border-color: ${OKABE_ITO.vermillion}; }
.runs { display: grid; gap: 8px 16px; }
.text-out { white-space: pre-wrap; background: var(--bg-soft); border: 1px solid var(--rule); border-radius: 6px; padding: 8px 10px; font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--rule); padding-top: 8px; }
@media print {
  body { padding: 0; max-width: none; font-size: 11px; }
  .controls, #tip, button.copy { display: none !important; }
  h2 { break-after: avoid; }
  table.data { font-size: 10px; }
  .banner { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .mark, .pill, td.changed { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
