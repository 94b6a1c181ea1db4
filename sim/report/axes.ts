import * as d3 from 'd3';
import { helpers } from './chart-helpers.ts';
import { ROLE } from './palette.ts';
import type { G } from './svg-canvas.ts';

/**
 * Axes with ticks, labels and a title carrying the unit, the way every report chart draws
 * them: d3's axis generator with our tick values and labels (chart-helpers.ts), so the
 * page's inline renderer can redraw the same structure (g.tick > line + text) when the user
 * switches what an axis shows.
 */
export type ScaleKind = 'linear' | 'log';

export interface AxisScale {
  kind: ScaleKind;
  domain: [number, number];
  range: [number, number];
  /** Shown value → pixel. */
  (v: number): number;
  ticks: number[];
}

/** A numeric scale over the values (padded and rounded to ticks); log needs every value > 0. */
export function numericScale(values: number[], range: [number, number], kind: ScaleKind, tickCount: number, opts: { pad?: boolean } = {}): AxisScale {
  const finite = values.filter((v) => Number.isFinite(v) && (kind === 'linear' || v > 0));
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const domain = kind === 'log' ? helpers.niceLog(lo > 0 ? lo : 1, hi > 0 ? hi : 10) : opts.pad === false ? tightLinear(lo, hi, tickCount) : helpers.niceLinear(lo, hi, tickCount);
  const d3scale = kind === 'log' ? d3.scaleLog().domain(domain).range(range) : d3.scaleLinear().domain(domain).range(range);
  const ticks = kind === 'log' ? helpers.logTicks(domain[0], domain[1]) : helpers.linearTicks(domain[0], domain[1], tickCount);
  const f = ((v: number) => d3scale(v)) as AxisScale;
  f.kind = kind;
  f.domain = domain;
  f.range = range;
  f.ticks = ticks;
  return f;
}

/** [lo, hi] widened only to whole ticks (no padding: a time axis ends where the run ends, a % axis at 100). */
function tightLinear(lo: number, hi: number, count: number): [number, number] {
  if (!(hi > lo)) return helpers.niceLinear(lo, hi, count);
  const step = helpers.tickStep(helpers.linearTicks(lo, hi, count));
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/** Whether values spanning this ratio read better on a log axis (all positive, over ~1.5 decades). */
export function prefersLog(values: number[]): boolean {
  const v = values.filter((x) => Number.isFinite(x));
  if (v.length < 2 || v.some((x) => x <= 0)) return false;
  return Math.max(...v) / Math.min(...v) > 30;
}

export function tickFormatter(scale: AxisScale): (v: number) => string {
  const step = scale.kind === 'log' ? 1 : helpers.tickStep(scale.ticks);
  return (v) => (scale.kind === 'log' ? helpers.fmtNumber(v) : helpers.tickLabel(v, step));
}

/** Bottom axis at y = `at`, with gridlines up to `gridTo` (optional) and a title below. */
export function drawXAxis(g: G, scale: AxisScale, at: number, title: string, opts: { gridTo?: number; className?: string } = {}): void {
  if (opts.gridTo !== undefined) {
    const grid = g.append('g').attr('class', 'grid grid-x').attr('stroke', ROLE.grid);
    for (const t of scale.ticks) grid.append('line').attr('x1', scale(t)).attr('x2', scale(t)).attr('y1', opts.gridTo).attr('y2', at);
  }
  const axis = d3.axisBottom(d3.scaleLinear().domain([0, 1]).range([0, 1])).tickValues([]);
  const ag = g.append('g').attr('class', `axis x-axis ${opts.className ?? ''}`.trim()).attr('transform', `translate(0,${at})`);
  ag.call(axis as never);
  ag.selectAll('*').remove();
  drawTicks(ag, scale, 'bottom');
  const [r0, r1] = scale.range;
  g.append('text').attr('class', 'axis-title x-title').attr('x', (r0 + r1) / 2).attr('y', at + 38).attr('text-anchor', 'middle').attr('font-weight', 600).text(title);
}

/** Left axis at x = `at`, with gridlines across to `gridTo` (optional) and a rotated title. */
export function drawYAxis(g: G, scale: AxisScale, at: number, title: string, opts: { gridTo?: number; className?: string; titleOffset?: number } = {}): void {
  if (opts.gridTo !== undefined) {
    const grid = g.append('g').attr('class', 'grid grid-y').attr('stroke', ROLE.grid);
    for (const t of scale.ticks) grid.append('line').attr('y1', scale(t)).attr('y2', scale(t)).attr('x1', at).attr('x2', opts.gridTo);
  }
  const ag = g.append('g').attr('class', `axis y-axis ${opts.className ?? ''}`.trim()).attr('transform', `translate(${at},0)`);
  drawTicks(ag, scale, 'left');
  const [r0, r1] = scale.range;
  const off = opts.titleOffset ?? 58;
  g.append('text')
    .attr('class', 'axis-title y-title')
    .attr('transform', `translate(${at - off},${(r0 + r1) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('font-weight', 600)
    .text(title);
}

/** The d3-axis structure: a domain path and one g.tick (line + text) per tick. */
function drawTicks(ag: G, scale: AxisScale, side: 'bottom' | 'left'): void {
  const label = tickFormatter(scale);
  const gen = side === 'bottom' ? d3.axisBottom(linearProxy(scale)) : d3.axisLeft(linearProxy(scale));
  gen.tickValues(scale.ticks).tickFormat((v) => label(Number(v))).tickSizeOuter(0);
  ag.call(gen as never);
  ag.attr('font-size', 11).attr('font-family', null);
}

/** d3-axis wants a d3 scale: one that maps exactly as ours does. */
function linearProxy(scale: AxisScale): d3.ScaleContinuousNumeric<number, number> {
  return scale.kind === 'log' ? d3.scaleLog().domain(scale.domain).range(scale.range) : d3.scaleLinear().domain(scale.domain).range(scale.range);
}
