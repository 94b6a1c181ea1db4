import { CHART_HELPERS_JS, type Direction } from './chart-helpers.ts';

/**
 * Where everything on the Pareto scatter goes for a choice of axes: scales and ticks, each
 * point's position (or its slot in the strip of points these axes cannot place), which
 * points form the front and its step line, the published markers (clamped to the edge when
 * off scale), the colour of each point for the chosen parameter and the colour legend.
 *
 * One pure function, written in plain JavaScript so the server (drawing with d3) and the
 * page (moving the same marks when the user picks other objectives) compute the same
 * layout: the page never has its own idea of where a point belongs.
 */
export const SCATTER_LAYOUT_JS = String.raw`
function scatterLayout(model, state, geom) {
  function info(key) {
    return model.metrics[key] || { key: key, label: key, unit: '', direction: 'max', scale: 1 };
  }
  var xi = info(state.x), yi = info(state.y);
  function value(p, key, inf) {
    var v = p.metrics[key];
    if ((v === null || v === undefined) && p.bounds) v = p.bounds[key];
    if (typeof v !== 'number' || !isFinite(v)) return null;
    return v * inf.scale;
  }
  function usable(v, log) { return v !== null && (!log || v > 0); }
  var pts = model.points.map(function (p) {
    var x = value(p, state.x, xi), y = value(p, state.y, yi);
    return { p: p, x: x, y: y, placed: usable(x, state.logX) && usable(y, state.logY) };
  });
  var pubs = (state.showPublished ? model.published : []).map(function (q) {
    var x = q.metrics[state.x], y = q.metrics[state.y];
    x = typeof x === 'number' ? x * xi.scale : null;
    y = typeof y === 'number' ? y * yi.scale : null;
    // mmfsim's own prediction for the same design, when the page carries one.
    var m = q.predicted ? q.predicted.metrics : null;
    var mx = m && typeof m[state.x] === 'number' ? m[state.x] * xi.scale : null;
    var my = m && typeof m[state.y] === 'number' ? m[state.y] * yi.scale : null;
    var pd = m !== null && usable(mx, state.logX) && usable(my, state.logY);
    return { q: q, x: x, y: y, drawn: usable(x, state.logX) && usable(y, state.logY), px: mx, py: my, predDrawn: pd };
  });
  var xs = [], ys = [];
  pts.forEach(function (t) { if (t.placed) { xs.push(t.x); ys.push(t.y); } });
  if (state.fitPublished) pubs.forEach(function (t) {
    if (t.drawn) { xs.push(t.x); ys.push(t.y); }
    if (t.predDrawn) { xs.push(t.px); ys.push(t.py); }
  });
  function axis(values, log, r0, r1, count, inf) {
    var lo = values.length ? Math.min.apply(null, values) : (log ? 1 : 0);
    var hi = values.length ? Math.max.apply(null, values) : (log ? 10 : 1);
    var domain = log ? niceLog(lo, hi) : niceLinear(lo, hi, count);
    var ticks = log ? logTicks(domain[0], domain[1]) : linearTicks(domain[0], domain[1], count);
    var step = tickStep(ticks);
    var map = log
      ? function (v) { return r0 + (Math.log(v) - Math.log(domain[0])) / (Math.log(domain[1]) - Math.log(domain[0])) * (r1 - r0); }
      : function (v) { return r0 + (v - domain[0]) / (domain[1] - domain[0]) * (r1 - r0); };
    return {
      kind: log ? 'log' : 'linear', domain: domain, range: [r0, r1], map: map,
      ticks: ticks.map(function (v) { return { v: v, px: map(v), label: log ? fmtNumber(v) : tickLabel(v, step) }; }),
      title: inf.unit ? inf.label + ' (' + inf.unit + ')' : inf.label
    };
  }
  var X = axis(xs, state.logX, geom.left, geom.right, 8, xi);
  var Y = axis(ys, state.logY, geom.bottom, geom.top, 6, yi);

  var defaultAxes = model.paretoAxes && model.paretoAxes.x === state.x && model.paretoAxes.y === state.y;
  var candidates = pts.filter(function (t) { return t.placed && (defaultAxes ? t.p.front : t.p.status === 'ok'); });
  var onFront = defaultAxes ? candidates : front2d(candidates, xi.direction, yi.direction);
  var frontSet = {};
  onFront.forEach(function (t) { frontSet[t.p.i] = true; });
  var stair = front2d(onFront, xi.direction, yi.direction);
  var step = stepCorners(stair, xi.direction, yi.direction).map(function (c) { return { px: X.map(c.x), py: Y.map(c.y) }; });

  var unplaced = pts.filter(function (t) { return !t.placed; });
  var slot = Math.min(14, (geom.right - geom.left - 24) / Math.max(1, unplaced.length));
  var stripIndex = {};
  unplaced.forEach(function (t, k) { stripIndex[t.p.i] = k; });

  var colour = colourFor(model, state.colour);
  var marks = pts.map(function (t) {
    var k = stripIndex[t.p.i];
    return {
      i: t.p.i,
      placed: t.placed,
      px: t.placed ? X.map(t.x) : geom.left + 12 + k * slot,
      py: t.placed ? Y.map(t.y) : geom.stripY,
      front: !!frontSet[t.p.i],
      colour: colour.of(t.p)
    };
  });
  function clampX(v) { return Math.min(geom.right, Math.max(geom.left, v)); }
  function clampY(v) { return Math.max(geom.top, Math.min(geom.bottom, v)); }
  var predicted = pubs.filter(function (t) { return !!t.q.predicted; }).map(function (t) {
    if (!t.predDrawn) return { id: t.q.id, visible: false, px: 0, py: 0, clamped: false, toX: 0, toY: 0, joined: false };
    var px = X.map(t.px), py = Y.map(t.py), cx = clampX(px), cy = clampY(py);
    // The line joins the prediction to the published marker when that one is drawn too.
    var toX = t.drawn ? clampX(X.map(t.x)) - cx : 0, toY = t.drawn ? clampY(Y.map(t.y)) - cy : 0;
    return { id: t.q.id, visible: true, px: cx, py: cy, clamped: cx !== px || cy !== py, toX: toX, toY: toY, joined: t.drawn };
  });
  var published = pubs.map(function (t) {
    if (!t.drawn) return { id: t.q.id, visible: false, px: 0, py: 0, dy: 0, clamped: false, text: t.q.label, anchorEnd: false };
    var px = X.map(t.x), py = Y.map(t.y);
    var cx = Math.min(geom.right, Math.max(geom.left, px)), cy = Math.max(geom.top, Math.min(geom.bottom, py));
    var clamped = cx !== px || cy !== py;
    var text = clamped ? t.q.label + ' (off scale: ' + fmtNumber(t.y) + ' ' + yi.unit + ' at ' + fmtNumber(t.x) + ' ' + xi.unit + ')' : t.q.label;
    return { id: t.q.id, visible: true, px: cx, py: cy, dy: 0, clamped: clamped, text: text, anchorEnd: cx > geom.right - 170 };
  });
  // Labels of markers close together stack downwards instead of overprinting each other.
  // In the lower half they stack upwards, so no label falls onto the x axis.
  var laid = [];
  var midY = (geom.top + geom.bottom) / 2;
  published.filter(function (p) { return p.visible; }).sort(function (a, b) {
    var up = a.py > midY;
    return (up ? b.py - a.py : a.py - b.py) || a.px - b.px;
  }).forEach(function (p) {
    var dy = 0, step = p.py > midY ? -14 : 14;
    function clash(q) { return Math.abs(q.py + q.dy - (p.py + dy)) < 14 && Math.abs(q.px - p.px) < 220; }
    while (laid.some(clash)) dy += step;
    p.dy = dy;
    laid.push(p);
  });
  var lines = (model.constraints || []).filter(function (c) { return c.metric === state.x || c.metric === state.y; }).map(function (c) {
    var onX = c.metric === state.x, inf = onX ? xi : yi, A = onX ? X : Y;
    var v = c.value * inf.scale;
    var lo = Math.min(A.domain[0], A.domain[1]), hi = Math.max(A.domain[0], A.domain[1]);
    if (v < lo || v > hi) return null;
    var at = A.map(v);
    return { axis: onX ? 'x' : 'y', at: at, text: c.text };
  }).filter(function (c) { return c !== null; });
  return {
    constraints: lines,
    x: { kind: X.kind, domain: X.domain, range: X.range, ticks: X.ticks, title: X.title },
    y: { kind: Y.kind, domain: Y.domain, range: Y.range, ticks: Y.ticks, title: Y.title },
    marks: marks, step: step, published: published, predicted: predicted, legend: colour.legend,
    frontSource: defaultAxes ? 'pareto.json' : 'computed', frontCount: onFront.length, unplaced: unplaced.length
  };
}
function colourFor(model, param) {
  var none = { of: function () { return model.palette.single; }, legend: [] };
  if (!param) return none;
  var seen = [];
  model.points.forEach(function (p) { var v = p.params[param]; if (v !== undefined && seen.indexOf(v) < 0) seen.push(v); });
  var numeric = seen.every(function (v) { return typeof v === 'number'; });
  seen.sort(function (a, b) { return numeric ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0; });
  var cat = model.palette.categorical, seq = model.palette.sequential;
  if (seen.length <= cat.length || !numeric) {
    var map = {};
    seen.forEach(function (v, k) { map[String(v)] = cat[k % cat.length]; });
    return {
      of: function (p) { var v = p.params[param]; return v === undefined ? model.palette.single : map[String(v)]; },
      legend: seen.map(function (v) { return { label: typeof v === 'number' ? fmtNumber(v, 4) : String(v), colour: map[String(v)] }; })
    };
  }
  var lo = seen[0], hi = seen[seen.length - 1];
  function ramp(v) { var t = hi > lo ? (v - lo) / (hi - lo) : 0; return seq[Math.round(t * (seq.length - 1))]; }
  var stops = [0, 0.25, 0.5, 0.75, 1].map(function (t) { return lo + t * (hi - lo); });
  return {
    of: function (p) { var v = p.params[param]; return typeof v === 'number' ? ramp(v) : model.palette.single; },
    legend: stops.map(function (v) { return { label: fmtNumber(v, 3), colour: ramp(v) }; })
  };
}
`;

export interface ScatterMetric {
  key: string;
  label: string;
  unit: string;
  direction: Direction;
  scale: number;
}

export interface ScatterModel {
  points: {
    i: number;
    status: string;
    front: boolean;
    params: Record<string, number | string | boolean | null>;
    metrics: Record<string, number | null>;
    bounds: Record<string, number> | null;
  }[];
  /** Published results; `predicted` is mmfsim's own run of the same design (sim/report/published-predictions.ts). */
  published: { id: string; label: string; metrics: Record<string, number>; predicted?: { metrics: Record<string, number>; tip?: string } | null }[];
  metrics: Record<string, ScatterMetric>;
  /** Simple constraints (`metric <= value`, `>=`), drawn as limit lines when their metric is on an axis. */
  constraints?: { metric: string; value: number; text: string }[];
  /** The axes pareto.json's front belongs to (first objective on y, second on x), or null. */
  paretoAxes: { x: string; y: string } | null;
  palette: { categorical: readonly string[]; sequential: readonly string[]; single: string };
}

export interface ScatterState {
  x: string;
  y: string;
  colour: string | null;
  logX: boolean;
  logY: boolean;
  showPublished: boolean;
  fitPublished: boolean;
}

export interface ScatterGeometry {
  left: number;
  right: number;
  top: number;
  bottom: number;
  stripY: number;
}

export interface LaidAxis {
  kind: 'linear' | 'log';
  domain: [number, number];
  range: [number, number];
  ticks: { v: number; px: number; label: string }[];
  title: string;
}

export interface ScatterLayout {
  x: LaidAxis;
  y: LaidAxis;
  marks: { i: number; placed: boolean; px: number; py: number; front: boolean; colour: string }[];
  step: { px: number; py: number }[];
  /** Marker position; its label is `dy` pixels lower when it would overprint another. */
  published: { id: string; visible: boolean; px: number; py: number; dy: number; clamped: boolean; text: string; anchorEnd: boolean }[];
  /** mmfsim's prediction of each published point that has one: marker position, and the offset to the published marker its line joins. */
  predicted: { id: string; visible: boolean; px: number; py: number; clamped: boolean; toX: number; toY: number; joined: boolean }[];
  /** Constraint limits on a shown axis: a line at pixel `at` across the plot. */
  constraints: { axis: 'x' | 'y'; at: number; text: string }[];
  legend: { label: string; colour: string }[];
  frontSource: 'pareto.json' | 'computed';
  frontCount: number;
  unplaced: number;
}

export const scatterLayout = new Function(`${CHART_HELPERS_JS}\n${SCATTER_LAYOUT_JS}\nreturn scatterLayout;`)() as (model: ScatterModel, state: ScatterState, geom: ScatterGeometry) => ScatterLayout;
