import { drawXAxis, drawYAxis, numericScale } from './axes.ts';
import { helpers } from './chart-helpers.ts';
import { ROLE } from './palette.ts';
import { createCanvas, type G } from './svg-canvas.ts';

/**
 * DRAM (DDR4 or HBM) bandwidth over the run against its peak, from `bandwidth_series`:
 * bytes per window divided by the window's time (the last window only as long as the run
 * lasted), drawn as steps — one window, one level. Reads solid (filled for a single run),
 * writes dashed; each run's peak (min of the DRAM's and the cores' ports) a dashed line.
 */
export interface BandwidthRun {
  label: string;
  colour: string;
  clockMhz: number;
  cycles: number;
  series: { window_cycles: number; read_bytes: number[]; write_bytes: number[] };
  peakGbs: number | null;
  meanReadGbs: number;
}

export function drawBandwidth(runs: BandwidthRun[], opts: { id?: string; width?: number; height?: number; normalise?: boolean } = {}): string {
  const width = opts.width ?? 920;
  const height = opts.height ?? 330;
  const m = { left: 72, right: 150, top: 16, bottom: 52 };
  const seconds = (r: BandwidthRun) => r.cycles / (r.clockMhz * 1e6);
  const longest = Math.max(...runs.map(seconds));
  const [unit, per] = longest < 1e-3 ? ['µs', 1e6] : longest < 1 ? ['ms', 1e3] : ['s', 1];
  const rates = runs.map((r) => windows(r, per));
  // Runs of very different lengths share one axis as a share of each run (tooltips keep the times).
  const at = (r: BandwidthRun, t: number) => (opts.normalise ? (100 * t) / (seconds(r) * per) : t);
  const ys = [0, ...rates.flatMap((w) => w.flatMap((p) => [p.read, p.write])), ...runs.flatMap((r) => (r.peakGbs !== null ? [r.peakGbs] : []))];
  const x = numericScale([0, opts.normalise ? 100 : longest * per], [m.left, width - m.right], 'linear', 8, { pad: false });
  const y = numericScale(ys, [height - m.bottom, m.top], 'linear', 5);
  const { svg, markup } = createCanvas(width, height, { id: opts.id ?? 'bandwidth', className: 'bandwidth', title: 'DRAM bandwidth over time' });
  const root = svg.append('g') as unknown as G;
  drawXAxis(root, x, height - m.bottom, opts.normalise ? 'time since the run started (% of each run)' : `time since the run started (${unit})`, { gridTo: m.top });
  drawYAxis(root, y, m.left, 'DRAM bandwidth (GB/s)', { gridTo: width - m.right, titleOffset: 50 });
  const single = runs.length === 1;
  const legend: { label: string; colour: string; dash?: string }[] = [];
  runs.forEach((r, k) => {
    const w = rates[k]!;
    const xr = (t: number) => x(at(r, t));
    const g = root.append('g').attr('class', 'bw-run').attr('data-run', r.label);
    const readColour = single ? ROLE.read : r.colour;
    if (single && w.length) g.append('path').attr('class', 'bw-area').attr('d', `${stepPath(w, xr, y, (p) => p.read)}L${xr(w.at(-1)!.t1).toFixed(1)},${y(0).toFixed(1)}L${xr(w[0]!.t0).toFixed(1)},${y(0).toFixed(1)}Z`).attr('fill', ROLE.read).attr('fill-opacity', 0.15).attr('stroke', 'none');
    g.append('path').attr('class', 'bw-read').attr('d', stepPath(w, xr, y, (p) => p.read)).attr('fill', 'none').attr('stroke', readColour).attr('stroke-width', 1.6);
    // Writes (a few logits per pass) only on a single run's chart: on a comparison they would hug zero in every colour.
    if (single && w.some((p) => p.write > 0)) g.append('path').attr('class', 'bw-write').attr('d', stepPath(w, xr, y, (p) => p.write)).attr('fill', 'none').attr('stroke', single ? ROLE.write : r.colour).attr('stroke-width', 1.2).attr('stroke-dasharray', '3 2');
    // Invisible hit areas: one tooltip per window.
    const hits = g.append('g').attr('class', 'bw-hits');
    for (const p of w) {
      hits
        .append('rect')
        .attr('x', xr(p.t0))
        .attr('y', m.top)
        .attr('width', Math.max(1, xr(p.t1) - xr(p.t0)))
        .attr('height', height - m.bottom - m.top)
        .attr('fill', 'transparent')
        .attr('data-tip', `${r.label}: ${helpers.fmtNumber(p.t0, 4)}–${helpers.fmtNumber(p.t1, 4)} ${unit}\nread ${helpers.fmtNumber(p.read, 3)} GB/s, write ${helpers.fmtNumber(p.write, 3)} GB/s${r.peakGbs !== null ? ` (peak ${helpers.fmtNumber(r.peakGbs, 3)})` : ''}`);
    }
    if (r.peakGbs !== null) {
      g.append('line').attr('class', 'bw-peak').attr('x1', m.left).attr('x2', width - m.right).attr('y1', y(r.peakGbs)).attr('y2', y(r.peakGbs)).attr('stroke', single ? ROLE.peak : r.colour).attr('stroke-width', 1.4).attr('stroke-dasharray', '7 4');
    }
    legend.push({ label: single ? 'read' : `${r.label} read`, colour: readColour });
    if (single && w.some((p) => p.write > 0)) legend.push({ label: 'write', colour: ROLE.write, dash: '3 2' });
    if (r.peakGbs !== null) legend.push({ label: `${single ? '' : `${r.label} `}peak ${helpers.fmtNumber(r.peakGbs, 3)} GB/s`, colour: single ? ROLE.peak : r.colour, dash: '7 4' });
    if (single) legend.push({ label: `mean read ${helpers.fmtNumber(r.meanReadGbs, 3)} GB/s`, colour: '#444', dash: '1 3' });
    if (single) g.append('line').attr('class', 'bw-mean').attr('x1', m.left).attr('x2', width - m.right).attr('y1', y(r.meanReadGbs)).attr('y2', y(r.meanReadGbs)).attr('stroke', '#444').attr('stroke-dasharray', '1 3');
  });
  const lg = root.append('g').attr('class', 'legend').attr('transform', `translate(${width - m.right + 14},${m.top + 6})`).attr('font-size', 11);
  legend.forEach((e, k) => {
    const g = lg.append('g').attr('class', 'legend-item').attr('transform', `translate(0,${k * 18})`);
    g.append('line').attr('x1', 0).attr('x2', 16).attr('stroke', e.colour).attr('stroke-width', 2).attr('stroke-dasharray', e.dash ?? null);
    g.append('text').attr('x', 21).attr('y', 4).text(e.label);
  });
  return markup();
}

interface Window {
  t0: number;
  t1: number;
  read: number;
  write: number;
}

/** Each window's start, end (in the chosen time unit) and GB/s read and written. */
function windows(r: BandwidthRun, per: number): Window[] {
  const hz = r.clockMhz * 1e6;
  const W = r.series.window_cycles;
  return r.series.read_bytes.map((bytes, k) => {
    const c0 = k * W;
    const c1 = Math.min(r.cycles, (k + 1) * W);
    const s = Math.max(1, c1 - c0) / hz;
    return { t0: (c0 / hz) * per, t1: (c1 / hz) * per, read: bytes / s / 1e9, write: (r.series.write_bytes[k] ?? 0) / s / 1e9 };
  });
}

function stepPath(w: Window[], x: (v: number) => number, y: (v: number) => number, f: (p: Window) => number): string {
  let d = '';
  w.forEach((p, k) => {
    d += `${k === 0 ? 'M' : 'L'}${x(p.t0).toFixed(1)},${y(f(p)).toFixed(1)}H${x(p.t1).toFixed(1)}`;
  });
  return d;
}
