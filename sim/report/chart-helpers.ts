/**
 * Pure helpers that both the server-side charts and the page's inline script need: axis
 * ticks (linear and log), tick labels, number formatting, the 2-D Pareto front and its
 * step line. They are written once, as plain JavaScript in `CHART_HELPERS_JS`, which the
 * page embeds verbatim and which this module evaluates for the server — so an axis the
 * page redraws after the user picks other objectives looks exactly like the one d3 drew.
 * (Serialising TypeScript functions with `toString()` would depend on how the code was
 * transpiled; a string does not.)
 */
export const CHART_HELPERS_JS = String.raw`
function linearTicks(lo, hi, count) {
  if (!(hi > lo)) return [lo];
  var step = (hi - lo) / Math.max(1, count);
  var power = Math.floor(Math.log10(step));
  var error = step / Math.pow(10, power);
  var factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  var out = [];
  var i, i0, i1;
  if (power < 0) {
    var inv = Math.pow(10, -power) / factor;
    i0 = Math.ceil(lo * inv - 1e-9); i1 = Math.floor(hi * inv + 1e-9);
    for (i = i0; i <= i1; i++) out.push(i / inv);
  } else {
    var inc = Math.pow(10, power) * factor;
    i0 = Math.ceil(lo / inc - 1e-9); i1 = Math.floor(hi / inc + 1e-9);
    for (i = i0; i <= i1; i++) out.push(i * inc);
  }
  return out;
}
function tickStep(ticks) {
  return ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) : Math.abs(ticks[0]) || 1;
}
function niceLinear(lo, hi, count) {
  if (!(hi > lo)) { var d = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1; lo -= d; hi += d; }
  var pad = (hi - lo) * 0.04;
  var a = lo - pad, b = hi + pad;
  if (lo >= 0 && a < 0) a = 0;
  var step = tickStep(linearTicks(a, b, count));
  return [Math.floor(a / step + 1e-9) * step, Math.ceil(b / step - 1e-9) * step];
}
function niceLog(lo, hi) {
  var a = Math.pow(10, Math.floor(Math.log10(lo) + 1e-9));
  var b = Math.pow(10, Math.ceil(Math.log10(hi) - 1e-9));
  if (b <= a) b = a * 10;
  return [a, b];
}
function logTicks(lo, hi) {
  var decades = Math.round(Math.log10(hi / lo));
  var mult = decades <= 2 ? [1, 2, 5] : [1];
  var every = decades > 8 ? 2 : 1;
  var out = [];
  for (var e = Math.floor(Math.log10(lo) + 1e-9); e <= Math.ceil(Math.log10(hi) - 1e-9); e++) {
    if (e % every !== 0) continue;
    for (var k = 0; k < mult.length; k++) {
      var v = Number((mult[k] * Math.pow(10, e)).toPrecision(12));
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
    }
  }
  return out;
}
function groupThousands(s) {
  var neg = s.charAt(0) === '-';
  if (neg) s = s.slice(1);
  var parts = s.split('.');
  parts[0] = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (neg ? '-' : '') + parts.join('.');
}
function tickLabel(v, step) {
  if (v === 0) return '0';
  var a = Math.abs(v);
  if (step >= 1e8) return groupThousands((v / 1e9).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e9) + 1e-9)))) + ' G';
  if (step >= 1e5) return groupThousands((v / 1e6).toFixed(Math.max(0, -Math.floor(Math.log10(step / 1e6) + 1e-9)))) + ' M';
  if (a < 1e-3) return v.toExponential(0);
  var decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return groupThousands(v.toFixed(Math.min(decimals, 6)));
}
function fmtNumber(v, digits) {
  if (v === null || v === undefined || typeof v !== 'number' || !isFinite(v)) return v === Infinity ? '∞' : '—';
  if (typeof digits !== 'number') digits = 3;
  var a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 1e9) return groupThousands((v / 1e9).toPrecision(digits).replace(/\.?0+$/, '')) + ' G';
  if (a >= 1e6) return groupThousands((v / 1e6).toPrecision(digits).replace(/\.?0+$/, '')) + ' M';
  if (a >= Math.pow(10, digits)) return groupThousands(v.toFixed(0));
  if (a < 1e-3) return v.toExponential(digits - 1);
  var s = v.toPrecision(digits);
  if (s.indexOf('e') >= 0) return String(Number(s));
  if (s.indexOf('.') >= 0) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return groupThousands(s);
}
function better(a, b, dir) { return dir === 'min' ? a < b : a > b; }
function front2d(pts, dirX, dirY) {
  var out = [];
  for (var i = 0; i < pts.length; i++) {
    var p = pts[i], dominated = false;
    for (var j = 0; j < pts.length && !dominated; j++) {
      var q = pts[j];
      if (j === i) continue;
      var noWorse = !better(p.x, q.x, dirX) && !better(p.y, q.y, dirY);
      var strictly = better(q.x, p.x, dirX) || better(q.y, p.y, dirY) || (q.x === p.x && q.y === p.y && j < i);
      if (noWorse && strictly) dominated = true;
    }
    if (!dominated) out.push(p);
  }
  return out.sort(function (a, b) { return a.x - b.x || a.y - b.y; });
}
function stepCorners(front, dirX, dirY) {
  var out = [];
  for (var i = 0; i < front.length; i++) {
    var p = front[i];
    if (i > 0) {
      var q = front[i - 1];
      out.push({ x: better(q.x, p.x, dirX) ? p.x : q.x, y: better(q.y, p.y, dirY) ? p.y : q.y });
    }
    out.push({ x: p.x, y: p.y });
  }
  return out;
}
function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
}
`;

export type Direction = 'min' | 'max';
export interface XY {
  x: number;
  y: number;
}

export interface ChartHelpers {
  /** d3's tick algorithm: round steps of 1, 2 or 5 × 10^k, about `count` of them, inside [lo, hi]. */
  linearTicks(lo: number, hi: number, count: number): number[];
  /** The domain padded by 4 % and widened to whole ticks (never below 0 for non-negative data). */
  niceLinear(lo: number, hi: number, count: number): [number, number];
  /** Whole decades around [lo, hi]. */
  niceLog(lo: number, hi: number): [number, number];
  /** 1-2-5 ticks per decade over up to two decades, powers of ten beyond. */
  logTicks(lo: number, hi: number): number[];
  tickStep(ticks: number[]): number;
  /** A tick's label: decimals from the step, thousands grouped; in M (G) when the step is 100,000 (100 M) or more. */
  tickLabel(v: number, step: number): string;
  /** A value in prose: three significant digits by default, '—' for null, '∞' for Infinity. */
  fmtNumber(v: number | null | undefined, digits?: number): string;
  /** The points no other point beats in both coordinates (given directions), sorted by x. */
  front2d<T extends XY>(points: T[], dirX: Direction, dirY: Direction): T[];
  /** The front's attainment step line: each corner takes the worse x and the worse y of its neighbours. */
  stepCorners(front: XY[], dirX: Direction, dirY: Direction): XY[];
  escapeHtml(s: string): string;
}

export const helpers: ChartHelpers = new Function(
  `${CHART_HELPERS_JS}\nreturn { linearTicks, niceLinear, niceLog, logTicks, tickStep, tickLabel, fmtNumber, front2d, stepCorners, escapeHtml };`,
)() as ChartHelpers;
