import { drawXAxis, drawYAxis, numericScale } from './axes.ts';
import { helpers } from './chart-helpers.ts';
import { OKABE_ITO } from './palette.ts';
import { createCanvas, type G } from './svg-canvas.ts';

/**
 * A roofline in the units of a token generator. Operational intensity is tokens per GB of
 * weights streamed: a pass streams every packed weight byte once and yields one token for
 * each of the S sequences in it (a prefill pass: one for each of its `batch` prompt tokens),
 * so the intensity is S / (weight bytes per pass). Against it, three roofs (result.bounds):
 *
 * - memory: tokens/s ≤ peak bandwidth × intensity (the narrower of the DRAM and the ports),
 * - requests in flight: tokens/s ≤ (outstanding × request bytes / shortest read) × intensity,
 *   another slope: the bandwidth Little's law allows (docs/run.md),
 * - compute: tokens/s ≤ ternary MACs per second / weights per token, whatever the intensity.
 *
 * The run is a point under the lowest roof at its intensity (and its prefill another when
 * prefill passes held more tokens than generation passes). Weight bytes per pass come from
 * the bounds themselves: peak bandwidth / the one-sequence memory bound.
 */
export interface RooflineRun {
  label: string;
  colour: string;
  sequences: number;
  batch: number;
  tokensPerS: number;
  prefillTokensPerS: number | null;
  peakGbs: number | null;
  bounds: {
    per_sequence_memory_bound_tokens_per_s: number | null;
    compute_bound_tokens_per_s: number | null;
    latency_bound_tokens_per_s: number | null;
  };
}

export interface RooflineGeometry {
  /** Intensity of generation passes, tokens per GB. */
  x: number;
  memGbs: number;
  latencyGbs: number | null;
  compute: number | null;
}

/** The roofline's quantities, or null when the run has no finite memory bound (a fixed-latency memory). */
export function rooflineGeometry(r: RooflineRun): RooflineGeometry | null {
  const perSeq = r.bounds.per_sequence_memory_bound_tokens_per_s;
  if (r.peakGbs === null || !perSeq || !Number.isFinite(perSeq) || !(r.peakGbs > 0)) return null;
  const bytesPerPassGb = r.peakGbs / perSeq;
  const x = r.sequences / bytesPerPassGb;
  const lat = r.bounds.latency_bound_tokens_per_s;
  return { x, memGbs: r.peakGbs, latencyGbs: lat && Number.isFinite(lat) ? lat / x : null, compute: r.bounds.compute_bound_tokens_per_s && Number.isFinite(r.bounds.compute_bound_tokens_per_s) ? r.bounds.compute_bound_tokens_per_s : null };
}

export function drawRoofline(r: RooflineRun, opts: { id?: string; width?: number; height?: number } = {}): string {
  const width = opts.width ?? 620;
  const height = opts.height ?? 380;
  const m = { left: 78, right: 24, top: 22, bottom: 54 };
  const g0 = rooflineGeometry(r);
  const { svg, markup } = createCanvas(width, height, { id: opts.id, className: 'roofline', title: `Roofline of ${r.label}` });
  const root = svg.append('g') as unknown as G;
  if (!g0) {
    root.append('text').attr('x', width / 2).attr('y', height / 2).attr('text-anchor', 'middle').attr('fill', '#555').text('No roofline: this memory has no bandwidth peak (fixed latency).');
    return markup();
  }
  const prefillX = r.batch > r.sequences && r.prefillTokensPerS !== null ? (g0.x * r.batch) / r.sequences : null;
  const ridges = [g0.compute !== null ? g0.compute / g0.memGbs : null, g0.compute !== null && g0.latencyGbs !== null ? g0.compute / g0.latencyGbs : null].filter((v): v is number => v !== null);
  const xs = [g0.x, ...(prefillX !== null ? [prefillX] : []), ...ridges];
  const x = numericScale([Math.min(...xs) / 4, Math.max(...xs) * 4], [m.left, width - m.right], 'log', 6);
  const [x0, x1] = x.domain;
  const roofAt = (v: number) => Math.min(g0.memGbs * v, g0.latencyGbs !== null ? g0.latencyGbs * v : Infinity, g0.compute ?? Infinity);
  const ys = [roofAt(x0), roofAt(x1), r.tokensPerS, ...(r.prefillTokensPerS !== null && prefillX !== null ? [r.prefillTokensPerS] : []), ...(g0.compute !== null ? [g0.compute * 1.5] : [])];
  const y = numericScale(ys.filter((v) => v > 0), [height - m.bottom, m.top], 'log', 6);
  const [y0, y1] = y.domain;
  drawXAxis(root, x, height - m.bottom, 'operational intensity (tokens per GB of weights streamed)', { gridTo: m.top });
  drawYAxis(root, y, m.left, 'throughput (tokens/s)', { gridTo: width - m.right, titleOffset: 60 });
  const clip = (v: number) => Math.max(y0, Math.min(y1, v));

  // The attainable region: under the lowest roof.
  const n = 48;
  const pts = Array.from({ length: n + 1 }, (_, k) => x0 * (x1 / x0) ** (k / n));
  root.append('path').attr('class', 'attainable').attr('d', `M${pts.map((v) => `${x(v).toFixed(1)},${y(clip(roofAt(v))).toFixed(1)}`).join('L')}L${x(x1)},${y(y0)}L${x(x0)},${y(y0)}Z`).attr('fill', OKABE_ITO.skyBlue).attr('fill-opacity', 0.12);

  const roofs = root.append('g').attr('class', 'roofs').attr('font-size', 11);
  // Labels along the slopes, one below its line and one above, at different points, so two close roofs stay legible.
  const slope = (cls: string, gbs: number, colour: string, text: string, dash: string | null, at: number, below: boolean) => {
    const a = Math.max(x0, y0 / gbs);
    const b = Math.min(x1, y1 / gbs);
    if (!(b > a)) return;
    roofs.append('line').attr('class', `roof ${cls}`).attr('x1', x(a)).attr('y1', y(gbs * a)).attr('x2', x(b)).attr('y2', y(gbs * b)).attr('stroke', colour).attr('stroke-width', 2).attr('stroke-dasharray', dash);
    // Label near the lower-left end, rotated along the line.
    const lx = a * (b / a) ** at;
    const angle = (Math.atan2(y(gbs * b) - y(gbs * a), x(b) - x(a)) * 180) / Math.PI;
    roofs.append('text').attr('class', 'roof-label halo').attr('transform', `translate(${x(lx)},${y(gbs * lx)}) rotate(${angle.toFixed(1)})`).attr('dy', below ? 14 : -6).attr('fill', colour).text(text);
  };
  const latencyAbove = g0.latencyGbs !== null && g0.latencyGbs > g0.memGbs;
  slope('roof-memory', g0.memGbs, OKABE_ITO.blue, `memory: ${helpers.fmtNumber(g0.memGbs, 3)} GB/s`, null, 0.06, latencyAbove);
  if (g0.latencyGbs !== null) slope('roof-latency', g0.latencyGbs, OKABE_ITO.reddishPurple, `requests in flight: ${helpers.fmtNumber(g0.latencyGbs, 3)} GB/s`, '6 3', 0.06, !latencyAbove);
  if (g0.compute !== null && g0.compute <= y1) {
    roofs.append('line').attr('class', 'roof roof-compute').attr('x1', x(x0)).attr('x2', x(x1)).attr('y1', y(g0.compute)).attr('y2', y(g0.compute)).attr('stroke', OKABE_ITO.bluishGreen).attr('stroke-width', 2);
    roofs.append('text').attr('class', 'roof-label').attr('x', x(x1) - 4).attr('y', y(g0.compute) - 6).attr('text-anchor', 'end').attr('fill', OKABE_ITO.bluishGreen).text(`compute: ${helpers.fmtNumber(g0.compute, 4)} tokens/s`);
  }

  const run = root.append('g').attr('class', 'run-points').attr('font-size', 11.5);
  // Generation's label above and to the left of its point, prefill's (always further right:
  // more tokens per pass) below and to the right — each flipped if it would leave the plot.
  const dot = (cls: string, vx: number, vy: number, lines: string[], tip: string, below: boolean) => {
    const px = x(vx);
    const textW = Math.max(...lines.map((l) => l.length)) * 6.6;
    const right = below ? px + 8 + textW < width - m.right : px - 8 - textW < m.left;
    const g = run.append('g').attr('class', cls).attr('transform', `translate(${px},${y(clip(vy))})`).attr('data-tip', tip);
    g.append('circle').attr('r', 6).attr('fill', r.colour).attr('stroke', '#000').attr('stroke-width', 1.5);
    const t = g.append('text').attr('class', 'halo').attr('text-anchor', right ? 'start' : 'end').attr('font-weight', 600);
    lines.forEach((line, k) => t.append('tspan').attr('x', right ? 8 : -8).attr('y', below ? 22 + k * 14 : -12 - (lines.length - 1 - k) * 14).text(line));
  };
  const roof = roofAt(g0.x);
  dot('run-point', g0.x, r.tokensPerS, ['generation', `${helpers.fmtNumber(r.tokensPerS)} tokens/s`, `${helpers.fmtNumber((100 * r.tokensPerS) / roof, 3)} % of its roof`], `${r.label}: ${helpers.fmtNumber(r.tokensPerS, 4)} tokens/s at ${helpers.fmtNumber(g0.x, 4)} tokens/GB; lowest roof there ${helpers.fmtNumber(roof, 4)} tokens/s`, false);
  if (prefillX !== null && r.prefillTokensPerS !== null) {
    dot('prefill-point', prefillX, r.prefillTokensPerS, ['prefill', `${helpers.fmtNumber(r.prefillTokensPerS)} tokens/s`], `prefill, ${r.batch} prompt tokens per pass: ${helpers.fmtNumber(r.prefillTokensPerS, 4)} tokens/s; lowest roof ${helpers.fmtNumber(roofAt(prefillX), 4)}`, true);
  }
  return markup();
}
