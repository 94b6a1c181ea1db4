import { drawXAxis, numericScale } from './axes.ts';
import { helpers } from './chart-helpers.ts';
import { createCanvas, type G } from './svg-canvas.ts';

/**
 * Horizontal bar charts (labels read left to right, however long): stacked — each row a
 * bar of segments, one per series — and grouped — each category a small group of bars, one
 * per series (per run when comparing designs). Every bar segment has a `data-tip` with its
 * exact value; the legend names the series in the order they stack.
 */
export interface Series {
  label: string;
  colour: string;
}

export interface BarChartOptions {
  id?: string;
  title: string;
  /** Axis title with its unit, e.g. "core cycles per pass". */
  xTitle: string;
  /** Unit appended to values in tooltips. */
  unit: string;
  width?: number;
  /** A vertical reference line (a limit, a peak). */
  ref?: { value: number; label: string };
  /** Fix the axis maximum (e.g. 100 for percentages). */
  max?: number;
  /** One series only: a colour per category instead of the series colour. */
  categoryColours?: string[];
}

const ROW = 22;
const GAP = 8;
const CHAR = 6.6;

function labelWidth(labels: string[]): number {
  return Math.min(240, Math.max(60, ...labels.map((l) => l.length * CHAR + 14)));
}

/** Stacked bars: `rows[r].values[s]` is series s's part of row r. */
export function drawStackedBars(rows: { label: string; values: number[] }[], series: Series[], o: BarChartOptions): string {
  const width = o.width ?? 920;
  const left = labelWidth(rows.map((r) => r.label));
  const legendH = legendHeight(series, width - left);
  const top = 10 + legendH;
  const plotH = rows.length * (ROW + GAP);
  const height = top + plotH + 52;
  const totals = rows.map((r) => r.values.reduce((a, v) => a + Math.max(0, v), 0));
  const x = numericScale([0, ...totals, ...(o.max !== undefined ? [o.max] : []), ...(o.ref ? [o.ref.value] : [])], [left, width - 60], 'linear', 6, { pad: !fixedMax(totals, o) });
  const { svg, markup } = createCanvas(width, height, { id: o.id, className: 'bars stacked', title: o.title });
  const root = svg.append('g') as unknown as G;
  drawLegend(root, series, left, 4, width - left);
  drawXAxis(root, x, top + plotH, o.xTitle, { gridTo: top });
  const bars = root.append('g').attr('class', 'bar-rows');
  rows.forEach((r, k) => {
    const y = top + k * (ROW + GAP) + GAP / 2;
    const g = bars.append('g').attr('class', 'bar-row').attr('data-row', r.label);
    g.append('text').attr('class', 'bar-label').attr('x', left - 8).attr('y', y + ROW / 2).attr('dy', '0.32em').attr('text-anchor', 'end').attr('font-size', 11.5).text(r.label);
    let at = 0;
    r.values.forEach((v, s) => {
      if (!(v > 0)) return;
      g.append('rect')
        .attr('class', 'bar')
        .attr('x', x(at))
        .attr('y', y)
        .attr('width', Math.max(0.5, x(at + v) - x(at)))
        .attr('height', ROW)
        .attr('fill', series[s]!.colour)
        .attr('data-tip', `${r.label}\n${series[s]!.label}: ${helpers.fmtNumber(v, 4)} ${o.unit} (${helpers.fmtNumber((100 * v) / totals[k]!, 3)} % of ${helpers.fmtNumber(totals[k]!, 4)})`);
      at += v;
    });
    g.append('text').attr('class', 'bar-total').attr('x', x(at) + 5).attr('y', y + ROW / 2).attr('dy', '0.32em').attr('font-size', 11).attr('fill', '#444').text(helpers.fmtNumber(totals[k]!));
  });
  if (o.ref) drawRef(root, x(o.ref.value), top, top + plotH, o.ref.label);
  return markup();
}

/** Grouped bars: `values[c][s]` is series s's bar in category c (null: none). */
export function drawGroupedBars(categories: string[], series: Series[], values: (number | null)[][], o: BarChartOptions): string {
  const width = o.width ?? 920;
  const left = labelWidth(categories);
  const legendH = series.length > 1 ? legendHeight(series, width - left) : 0;
  const top = 10 + legendH;
  const bar = series.length > 1 ? 14 : ROW;
  const groupH = series.length * bar + GAP * 1.5;
  const plotH = categories.length * groupH;
  const height = top + plotH + 52;
  const all = values.flat().filter((v): v is number => v !== null && Number.isFinite(v));
  const x = numericScale([0, ...all, ...(o.max !== undefined ? [o.max] : []), ...(o.ref ? [o.ref.value] : [])], [left, width - 60], 'linear', 6, { pad: !fixedMax(all, o) });
  const { svg, markup } = createCanvas(width, height, { id: o.id, className: 'bars grouped', title: o.title });
  const root = svg.append('g') as unknown as G;
  if (series.length > 1) drawLegend(root, series, left, 4, width - left);
  drawXAxis(root, x, top + plotH, o.xTitle, { gridTo: top });
  const rows = root.append('g').attr('class', 'bar-rows');
  categories.forEach((c, k) => {
    const y0 = top + k * groupH + GAP * 0.75;
    const g = rows.append('g').attr('class', 'bar-group').attr('data-row', c);
    g.append('text').attr('class', 'bar-label').attr('x', left - 8).attr('y', y0 + (series.length * bar) / 2).attr('dy', '0.32em').attr('text-anchor', 'end').attr('font-size', 11.5).text(c);
    series.forEach((s, j) => {
      const v = values[k]![j];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const y = y0 + j * bar;
      g.append('rect')
        .attr('class', 'bar')
        .attr('x', x(0))
        .attr('y', y + 1)
        .attr('width', Math.max(0.5, x(v) - x(0)))
        .attr('height', bar - 2)
        .attr('fill', o.categoryColours?.[k] ?? s.colour)
        .attr('data-tip', `${c}${series.length > 1 ? ` — ${s.label}` : ''}: ${helpers.fmtNumber(v, 4)} ${o.unit}`);
      g.append('text').attr('class', 'bar-value').attr('x', x(v) + 4).attr('y', y + bar / 2).attr('dy', '0.32em').attr('font-size', 10.5).attr('fill', '#444').text(helpers.fmtNumber(v));
    });
  });
  if (o.ref) drawRef(root, x(o.ref.value), top, top + plotH, o.ref.label);
  return markup();
}

/** A fixed maximum (100 %) that no value passes ends the axis there exactly. */
function fixedMax(values: number[], o: BarChartOptions): boolean {
  return o.max !== undefined && values.every((v) => v <= o.max!);
}

function drawRef(root: G, at: number, y0: number, y1: number, label: string): void {
  const g = root.append('g').attr('class', 'ref-line');
  g.append('line').attr('x1', at).attr('x2', at).attr('y1', y0 - 4).attr('y2', y1).attr('stroke', '#D55E00').attr('stroke-width', 1.5).attr('stroke-dasharray', '5 3');
  g.append('text').attr('x', at - 4).attr('y', y0 - 6 < 10 ? y0 + 10 : y0 - 6).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', '#D55E00').text(label);
}

/** Legend entries flow left to right and wrap; returns the height they take. */
function legendHeight(series: Series[], width: number): number {
  return legendRows(series, width).length * 18 + 6;
}

function legendRows(series: Series[], width: number): Series[][] {
  const rows: Series[][] = [[]];
  let used = 0;
  for (const s of series) {
    const w = 22 + s.label.length * CHAR + 14;
    if (used + w > width && rows.at(-1)!.length > 0) {
      rows.push([]);
      used = 0;
    }
    rows.at(-1)!.push(s);
    used += w;
  }
  return rows;
}

function drawLegend(root: G, series: Series[], x0: number, y0: number, width: number): void {
  const lg = root.append('g').attr('class', 'legend').attr('font-size', 11);
  legendRows(series, width).forEach((row, r) => {
    let x = x0;
    for (const s of row) {
      const g = lg.append('g').attr('class', 'legend-item').attr('transform', `translate(${x},${y0 + r * 18 + 9})`);
      g.append('rect').attr('x', 0).attr('y', -6).attr('width', 12).attr('height', 12).attr('rx', 2).attr('fill', s.colour);
      g.append('text').attr('x', 17).attr('y', 4).text(s.label);
      x += 22 + s.label.length * CHAR + 14;
    }
  });
}
