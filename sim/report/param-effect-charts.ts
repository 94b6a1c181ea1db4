import * as d3 from 'd3';
import { drawXAxis, drawYAxis, numericScale, type AxisScale } from './axes.ts';
import { helpers } from './chart-helpers.ts';
import { ROLE } from './palette.ts';
import { createCanvas, type G } from './svg-canvas.ts';

/**
 * The effect of one knob: for each swept parameter, every simulated point's tokens/J
 * against that parameter's value, with the best tokens/J at each value joined by a line
 * (what the knob allows when the others are chosen well). All panels share the y scale so
 * knobs compare at a glance. Points without tokens/J (failed, pruned) are counted, not drawn.
 */
export interface EffectPoint {
  i: number;
  status: string;
  front: boolean;
  params: Record<string, number | string | boolean | null>;
  /** The y metric's shown value (null: none). */
  y: number | null;
}

const W = 300;
const H = 230;
const M = { left: 66, right: 14, top: 30, bottom: 50 };

export function drawParamEffects(params: { key: string; unit: string }[], points: EffectPoint[], yTitle: string): string[] {
  const ys = points.map((p) => p.y).filter((v): v is number => v !== null);
  const yScale = numericScale(ys, [H - M.bottom, M.top], 'linear', 5);
  return params.map((param) => panel(param, points, yScale, yTitle));
}

function panel(param: { key: string; unit: string }, points: EffectPoint[], yScale: AxisScale, yTitle: string): string {
  const { svg, markup } = createCanvas(W, H, { className: 'effect', title: `${yTitle} against ${param.key}` });
  svg.attr('data-param', param.key);
  const root = svg.append('g') as unknown as G;
  const drawn = points.filter((p) => p.y !== null && p.params[param.key] !== undefined && p.params[param.key] !== null);
  const values = [...new Set(drawn.map((p) => p.params[param.key]!))];
  const numeric = values.every((v) => typeof v === 'number');
  // The panel's title names the parameter; the axis says what its values count.
  const xTitle = param.unit || 'value';
  let xOf: (v: number | string | boolean) => number;
  if (numeric && values.length > 8) {
    const xs = numericScale(values as number[], [M.left, W - M.right], 'linear', 5);
    xOf = (v) => xs(v as number);
    drawXAxis(root, xs, H - M.bottom, xTitle);
  } else {
    const sorted = numeric ? (values as number[]).sort((a, b) => a - b) : values.map(String).sort();
    const band = d3.scalePoint<string>().domain(sorted.map(String)).range([M.left, W - M.right]).padding(0.5);
    xOf = (v) => band(String(v))!;
    const ax = root.append('g').attr('class', 'axis x-axis').attr('transform', `translate(0,${H - M.bottom})`).attr('font-size', 11).attr('text-anchor', 'middle');
    ax.append('path').attr('class', 'domain').attr('stroke', 'currentColor').attr('d', `M${M.left},0H${W - M.right}`);
    for (const v of sorted) {
      const t = ax.append('g').attr('class', 'tick').attr('transform', `translate(${band(String(v))},0)`);
      t.append('line').attr('y2', 6).attr('stroke', 'currentColor');
      t.append('text').attr('y', 9).attr('dy', '0.71em').attr('fill', 'currentColor').text(typeof v === 'number' ? helpers.fmtNumber(v, 4) : String(v));
    }
    root.append('text').attr('class', 'axis-title x-title').attr('x', (M.left + W - M.right) / 2).attr('y', H - M.bottom + 38).attr('text-anchor', 'middle').attr('font-weight', 600).attr('font-size', 11).text(xTitle);
  }
  drawYAxis(root, yScale, M.left, yTitle, { gridTo: W - M.right, titleOffset: 50 });

  // Best feasible y at each value: the knob's envelope.
  const best = new Map<string, { x: number; y: number }>();
  for (const p of drawn.filter((q) => q.status === 'ok')) {
    const v = p.params[param.key]!;
    const b = best.get(String(v));
    if (!b || p.y! > b.y) best.set(String(v), { x: xOf(v), y: p.y! });
  }
  const env = [...best.values()].sort((a, b) => a.x - b.x);
  root.append('path').attr('class', 'envelope').attr('fill', 'none').attr('stroke', ROLE.frontLine).attr('stroke-width', 1.6).attr('d', env.length ? 'M' + env.map((c) => `${c.x.toFixed(1)},${yScale(c.y).toFixed(1)}`).join('L') : '');

  // A small deterministic spread so points sharing a value stay visible.
  const seen = new Map<string, number>();
  const marks = root.append('g').attr('class', 'marks');
  for (const p of [...drawn].sort((a, b) => Number(a.front) - Number(b.front))) {
    const v = String(p.params[param.key]);
    const k = seen.get(v) ?? 0;
    seen.set(v, k + 1);
    const dx = ((k % 7) - 3) * 2.5;
    marks
      .append('path')
      .attr('class', `mark status-${p.status}${p.front ? ' front' : ''}`)
      .attr('data-i', p.i)
      .attr('d', d3.symbol(d3.symbolCircle, 40)()!)
      .attr('transform', `translate(${(xOf(p.params[param.key]!) + dx).toFixed(1)},${yScale(p.y!).toFixed(1)})`)
      .attr('style', `--c:${ROLE.read}`);
  }
  svg.append('text').attr('class', 'panel-title').attr('x', M.left).attr('y', 16).attr('font-weight', 600).text(param.key);
  return markup();
}
