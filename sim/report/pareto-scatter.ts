import * as d3 from 'd3';
import { ROLE } from './palette.ts';
import { scatterLayout, type ScatterGeometry, type ScatterLayout, type ScatterModel, type ScatterState } from './scatter-layout.ts';
import { createCanvas, type G } from './svg-canvas.ts';

/**
 * The sweep's Pareto scatter, drawn with d3 for the initial choice of axes. Every point of
 * results.jsonl is one mark (`path.mark`, `data-i` = its line): placed at its metrics (a
 * pruned point at its optimistic bounds), or, when the axes cannot place it (a failed point,
 * a metric it lacks), in the strip under the x axis. The page's script moves these same
 * elements when the user picks other axes; the class names below are its contract.
 */
export const SCATTER_SIZE = { width: 920, height: 520 };
export const SCATTER_GEOMETRY: ScatterGeometry = { left: 84, right: 690, top: 20, bottom: 420, stripY: 500 };

/** The mark of each status (paths centred on 0,0; the page never changes them). */
export const STATUS_SYMBOL: Record<string, string> = {
  ok: d3.symbol(d3.symbolCircle, 72)()!,
  infeasible: d3.symbol(d3.symbolCircle, 72)()!,
  pruned: d3.symbol(d3.symbolTriangle, 64)()!,
  error: d3.symbol(d3.symbolTimes, 64)()!,
  timeout: d3.symbol(d3.symbolTimes, 64)()!,
};
export const PUBLISHED_SYMBOL = d3.symbol(d3.symbolDiamond, 90)()!;
export const PREDICTED_SYMBOL = d3.symbol(d3.symbolSquare, 64)()!;
/** The label beside every prediction marker. */
export const PREDICTED_LABEL = 'mmfsim';

export function drawParetoScatter(model: ScatterModel, state: ScatterState, counts: Record<string, number>, colourTitle: string): { svg: string; layout: ScatterLayout } {
  const geom = SCATTER_GEOMETRY;
  const layout = scatterLayout(model, state, geom);
  const { svg, markup } = createCanvas(SCATTER_SIZE.width, SCATTER_SIZE.height, { id: 'pareto', className: 'pareto', title: 'Pareto scatter of the sweep' });
  const root = svg.append('g') as unknown as G;

  root.append('rect').attr('class', 'plot-frame').attr('x', geom.left).attr('y', geom.top).attr('width', geom.right - geom.left).attr('height', geom.bottom - geom.top).attr('fill', 'none').attr('stroke', '#cfcfcf');
  drawAxes(root, layout, geom);
  const limits = root.append('g').attr('class', 'constraints');
  drawConstraints(limits, layout, geom);
  root.append('path').attr('class', 'front-line').attr('d', stepPath(layout.step)).attr('fill', 'none').attr('stroke', ROLE.frontLine).attr('stroke-width', 2);

  // mmfsim's predictions under the published markers: a hollow square, labelled, with a
  // dashed line to the published result it predicts (its tooltip gives the figures and command).
  const preds = root.append('g').attr('class', 'predicted-points');
  for (const p of layout.predicted) {
    const q = model.published.find((x) => x.id === p.id)!;
    const g = preds.append('g').attr('class', `predicted${p.clamped ? ' clamped' : ''}`).attr('data-pred', q.id).attr('transform', `translate(${p.px},${p.py})`);
    if (q.predicted?.tip) g.attr('data-tip', q.predicted.tip);
    if (!p.visible) g.attr('display', 'none');
    g.append('line').attr('class', 'pred-link').attr('x1', 0).attr('y1', 0).attr('x2', p.toX).attr('y2', p.toY).attr('stroke', ROLE.predicted).attr('stroke-dasharray', '4 3').attr('display', p.joined ? null : 'none');
    g.append('path').attr('d', PREDICTED_SYMBOL).attr('fill', '#fff').attr('stroke', ROLE.predicted).attr('stroke-width', 1.6);
    g.append('text').attr('x', 8).attr('y', 14).attr('font-size', 10).attr('fill', ROLE.predicted).text(PREDICTED_LABEL);
  }

  const pubs = root.append('g').attr('class', 'published-points');
  for (const p of layout.published) {
    const q = model.published.find((x) => x.id === p.id)!;
    const g = pubs.append('g').attr('class', `published${p.clamped ? ' clamped' : ''}`).attr('data-pub', q.id).attr('transform', `translate(${p.px},${p.py})`);
    if (!p.visible) g.attr('display', 'none');
    g.append('path').attr('d', PUBLISHED_SYMBOL).attr('fill', ROLE.published);
    g.append('text').attr('x', p.anchorEnd ? -9 : 9).attr('y', 4 + p.dy).attr('text-anchor', p.anchorEnd ? 'end' : 'start').attr('font-size', 11).text(p.text);
  }

  const marks = root.append('g').attr('class', 'marks');
  // Front marks last: drawn on top of the cloud.
  const order = [...layout.marks].sort((a, b) => Number(a.front) - Number(b.front));
  for (const m of order) {
    const p = model.points[m.i]!;
    marks
      .append('path')
      .attr('class', `mark status-${p.status}${m.front ? ' front' : ''}${m.placed ? '' : ' unplaced'}`)
      .attr('data-i', m.i)
      .attr('d', STATUS_SYMBOL[p.status]!)
      .attr('transform', `translate(${m.px},${m.py})`)
      .attr('style', `--c:${m.colour}`);
  }
  const strip = root.append('g').attr('class', 'strip');
  strip.append('text').attr('class', 'strip-label').attr('x', geom.left).attr('y', geom.stripY - 14).attr('font-size', 11).attr('fill', '#555').text(stripLabel(layout.unplaced));

  drawLegend(root, layout, counts, colourTitle);
  return { svg: markup(), layout };
}

/** Each constraint on a shown axis: a dashed limit line with its text at the plot's edge. */
function drawConstraints(g: G, layout: ScatterLayout, geom: ScatterGeometry): void {
  for (const c of layout.constraints) {
    const line = g.append('g').attr('class', 'constraint');
    if (c.axis === 'x') {
      line.append('line').attr('x1', c.at).attr('x2', c.at).attr('y1', geom.top).attr('y2', geom.bottom);
      // Bottom right of the limit: the side beyond it, where the literature's labels are rarest.
      line.append('text').attr('x', c.at + 4).attr('y', geom.bottom - 6).attr('text-anchor', 'start').attr('font-size', 11).text(c.text);
    } else {
      line.append('line').attr('y1', c.at).attr('y2', c.at).attr('x1', geom.left).attr('x2', geom.right);
      line.append('text').attr('x', geom.right - 4).attr('y', c.at - 4).attr('text-anchor', 'end').attr('font-size', 11).text(c.text);
    }
  }
}

export function stripLabel(n: number): string {
  return n === 0 ? '' : `${n} point${n === 1 ? '' : 's'} these axes cannot place (failed, or no value for an axis):`;
}

function stepPath(step: { px: number; py: number }[]): string {
  return step.length === 0 ? '' : 'M' + step.map((c) => `${c.px.toFixed(2)},${c.py.toFixed(2)}`).join('L');
}

function drawAxes(root: G, layout: ScatterLayout, geom: ScatterGeometry): void {
  const gx = root.append('g').attr('class', 'grid grid-x').attr('stroke', ROLE.grid);
  for (const t of layout.x.ticks) gx.append('line').attr('x1', t.px).attr('x2', t.px).attr('y1', geom.top).attr('y2', geom.bottom);
  const gy = root.append('g').attr('class', 'grid grid-y').attr('stroke', ROLE.grid);
  for (const t of layout.y.ticks) gy.append('line').attr('y1', t.px).attr('y2', t.px).attr('x1', geom.left).attr('x2', geom.right);
  const ax = root.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${geom.bottom})`).attr('font-size', 11).attr('text-anchor', 'middle');
  for (const t of layout.x.ticks) {
    const g = ax.append('g').attr('class', 'tick').attr('transform', `translate(${t.px},0)`);
    g.append('line').attr('y2', 6).attr('stroke', 'currentColor');
    g.append('text').attr('y', 9).attr('dy', '0.71em').attr('fill', 'currentColor').text(t.label);
  }
  const ay = root.append('g').attr('class', 'axis y-axis').attr('transform', `translate(${geom.left},0)`).attr('font-size', 11).attr('text-anchor', 'end');
  for (const t of layout.y.ticks) {
    const g = ay.append('g').attr('class', 'tick').attr('transform', `translate(0,${t.px})`);
    g.append('line').attr('x2', -6).attr('stroke', 'currentColor');
    g.append('text').attr('x', -9).attr('dy', '0.32em').attr('fill', 'currentColor').text(t.label);
  }
  root.append('text').attr('class', 'axis-title x-title').attr('x', (geom.left + geom.right) / 2).attr('y', geom.bottom + 40).attr('text-anchor', 'middle').attr('font-weight', 600).text(layout.x.title);
  root.append('text').attr('class', 'axis-title y-title').attr('transform', `translate(${geom.left - 62},${(geom.top + geom.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').attr('font-weight', 600).text(layout.y.title);
}

function drawLegend(root: G, layout: ScatterLayout, counts: Record<string, number>, colourTitle: string): void {
  const x0 = SCATTER_GEOMETRY.right + 22;
  const lg = root.append('g').attr('class', 'legend').attr('transform', `translate(${x0},${SCATTER_GEOMETRY.top + 4})`).attr('font-size', 11);
  const entries: { cls: string; symbol: string | null; label: string; line?: boolean }[] = [
    { cls: 'mark status-ok', symbol: STATUS_SYMBOL['ok']!, label: `simulated, feasible (${counts['ok'] ?? 0})` },
    { cls: 'mark status-ok front', symbol: STATUS_SYMBOL['ok']!, label: `on the front (${layout.frontCount})` },
    { cls: 'mark status-infeasible', symbol: STATUS_SYMBOL['infeasible']!, label: `infeasible (${counts['infeasible'] ?? 0})` },
    { cls: 'mark status-pruned', symbol: STATUS_SYMBOL['pruned']!, label: `pruned, at its bounds (${counts['pruned'] ?? 0})` },
    { cls: 'mark status-error', symbol: STATUS_SYMBOL['error']!, label: `failed (${(counts['error'] ?? 0) + (counts['timeout'] ?? 0)})` },
    { cls: 'front-line', symbol: null, label: 'Pareto front (step)', line: true },
    { cls: 'published', symbol: PUBLISHED_SYMBOL, label: 'published result' },
    { cls: 'predicted', symbol: PREDICTED_SYMBOL, label: 'mmfsim on that design (dashed to it)' },
  ];
  entries.forEach((e, k) => {
    const g = lg.append('g').attr('class', 'legend-item').attr('transform', `translate(0,${k * 20})`);
    if (e.line) g.append('line').attr('class', e.cls).attr('x1', -7).attr('x2', 9).attr('y1', 0).attr('y2', 0).attr('stroke', ROLE.frontLine).attr('stroke-width', 2);
    else if (e.cls === 'predicted') g.append('path').attr('class', e.cls).attr('d', e.symbol!).attr('fill', '#fff').attr('stroke', ROLE.predicted).attr('stroke-width', 1.6);
    else g.append('path').attr('class', e.cls).attr('d', e.symbol!).attr('style', `--c:${ROLE.muted}`).attr('fill', e.cls === 'published' ? ROLE.published : null);
    g.append('text').attr('class', e.cls.includes('front') && !e.line ? 'legend-front-count' : null).attr('x', 16).attr('y', 4).text(e.label);
  });
  const cg = lg.append('g').attr('class', 'legend-colour').attr('transform', `translate(0,${entries.length * 20 + 18})`);
  drawColourLegend(cg, colourTitle, layout.legend);
}

/** The colour legend: a title, then one swatch per value (the page rebuilds this group). */
export function drawColourLegend(cg: G, title: string, legend: { label: string; colour: string }[]): void {
  if (legend.length === 0) return;
  cg.append('text').attr('class', 'legend-title').attr('x', -7).attr('y', 0).attr('font-weight', 600).text(title);
  legend.forEach((e, k) => {
    const g = cg.append('g').attr('class', 'legend-item').attr('transform', `translate(0,${18 + k * 18})`);
    g.append('rect').attr('x', -6).attr('y', -6).attr('width', 12).attr('height', 12).attr('rx', 2).attr('fill', e.colour);
    g.append('text').attr('x', 16).attr('y', 4).text(e.label);
  });
}
