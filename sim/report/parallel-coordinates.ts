import * as d3 from 'd3';
import { helpers } from './chart-helpers.ts';
import { ROLE } from './palette.ts';
import { createCanvas, type G } from './svg-canvas.ts';

/**
 * A parallel-coordinates plot of every point: one vertical axis per swept parameter and per
 * objective, one polyline per point through its values, the front drawn over the rest. A
 * point without a value on an axis (a failed point has no metrics; a pruned one only its
 * bounds) breaks its line there. Parameters with few distinct values get evenly spaced
 * ticks at those values; metrics a linear axis, larger values up.
 */
export interface PcAxis {
  key: string;
  title: string;
  unit: string;
  /** 'param' axes show the swept values; 'metric' axes are continuous. */
  kind: 'param' | 'metric';
  /** Shown value of each point (null: none). */
  values: (number | string | boolean | null)[];
}

export interface PcPoint {
  i: number;
  status: string;
  front: boolean;
}

export function drawParallelCoordinates(axes: PcAxis[], points: PcPoint[]): string {
  const width = 920;
  const height = 400;
  const top = 74;
  const bottom = height - 28;
  const left = 70;
  const right = width - 70;
  const { svg, markup } = createCanvas(width, height, { id: 'parallel', className: 'parallel', title: 'Parallel coordinates of every point' });
  const root = svg.append('g') as unknown as G;
  const xAt = (k: number) => (axes.length === 1 ? (left + right) / 2 : left + (k * (right - left)) / (axes.length - 1));

  // Each axis: value → y (null when the point has no usable value there).
  const maps = axes.map((a) => axisMap(a, top, bottom));
  const lines = root.append('g').attr('class', 'pc-lines').attr('fill', 'none');
  const ordered = [...points].sort((a, b) => Number(a.front) - Number(b.front));
  for (const p of ordered) {
    const segs: string[] = [];
    let pen = false;
    axes.forEach((a, k) => {
      const y = maps[k]!.y(a.values[p.i] ?? null);
      if (y === null) {
        pen = false;
        return;
      }
      segs.push(`${pen ? 'L' : 'M'}${xAt(k).toFixed(1)},${y.toFixed(1)}`);
      pen = true;
    });
    if (segs.length === 0) continue;
    lines
      .append('path')
      .attr('class', `pc-line status-${p.status}${p.front ? ' front' : ''}`)
      .attr('data-i', p.i)
      .attr('d', segs.join(''));
  }

  axes.forEach((a, k) => {
    const g = root.append('g').attr('class', 'axis pc-axis').attr('transform', `translate(${xAt(k)},0)`).attr('font-size', 10);
    g.append('line').attr('y1', top).attr('y2', bottom).attr('stroke', '#333');
    for (const t of maps[k]!.ticks) {
      const tg = g.append('g').attr('class', 'tick').attr('transform', `translate(0,${t.y})`);
      tg.append('line').attr('x2', -5).attr('stroke', '#333');
      tg.append('text').attr('x', -8).attr('dy', '0.32em').attr('text-anchor', 'end').text(t.label);
    }
    const title = g.append('text').attr('class', 'axis-title').attr('text-anchor', 'middle').attr('font-size', 11).attr('font-weight', 600);
    const parts = wrapLabel(a.title);
    parts.forEach((line, j) => title.append('tspan').attr('x', 0).attr('y', top - 14 - (parts.length - 1 - j) * 13).text(line));
    if (a.unit) g.append('text').attr('class', 'axis-unit').attr('y', bottom + 16).attr('text-anchor', 'middle').attr('fill', '#555').text(`(${a.unit})`);
  });
  return markup();
}

/** "core.tmatmul.weights_per_cycle" → ["core.tmatmul.", "weights_per_cycle"]: short lines broken after dots and at spaces. */
export function wrapLabel(s: string, width = 16): string[] {
  const out: string[] = [];
  let cur = '';
  for (const part of s.split(/(?<=\.)|(?<= )/)) {
    if (cur && (cur + part).trimEnd().length > width) {
      out.push(cur.trimEnd());
      cur = part;
    } else cur += part;
  }
  if (cur.trim()) out.push(cur.trimEnd());
  return out;
}

function axisMap(a: PcAxis, top: number, bottom: number): { y: (v: number | string | boolean | null) => number | null; ticks: { y: number; label: string }[] } {
  const present = a.values.filter((v) => v !== null);
  const distinct = [...new Set(present.map((v) => (typeof v === 'number' ? v : String(v))))];
  const numeric = distinct.every((v) => typeof v === 'number');
  if (a.kind === 'param' && (!numeric || distinct.length <= 12)) {
    const sorted = numeric ? (distinct as number[]).sort((x, y) => x - y) : (distinct as string[]).sort();
    const scale = d3.scalePoint<string>().domain(sorted.map(String)).range([bottom, top]).padding(0.3);
    return {
      y: (v) => (v === null ? null : (scale(String(v)) ?? null)),
      ticks: sorted.map((v) => ({ y: scale(String(v))!, label: typeof v === 'number' ? helpers.fmtNumber(v, 4) : String(v) })),
    };
  }
  const nums = present.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const [lo, hi] = helpers.niceLinear(nums.length ? Math.min(...nums) : 0, nums.length ? Math.max(...nums) : 1, 5);
  const scale = d3.scaleLinear().domain([lo, hi]).range([bottom, top]);
  const ticks = helpers.linearTicks(lo, hi, 5);
  const step = helpers.tickStep(ticks);
  return {
    y: (v) => (typeof v === 'number' && Number.isFinite(v) ? scale(v) : null),
    ticks: ticks.map((v) => ({ y: scale(v), label: helpers.tickLabel(v, step) })),
  };
}
