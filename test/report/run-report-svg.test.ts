import { simulate } from '../../sim/index.ts';
import { describe, expect, it } from 'vitest';
import { helpers } from '../../sim/report/chart-helpers.ts';
import { rooflineGeometry } from '../../sim/report/roofline.ts';
import { runDoc } from '../../sim/report/run-input.ts';
import { runLabels, runReport } from '../../sim/report/run-report.ts';
import { dom, syntheticRun, tickValues, trainedRun } from './report-fixtures.ts';

// The run report's SVG from real simulate() results, checked without a browser.
describe('run report of one run', () => {
  const r = trainedRun();
  const d = runDoc(r);
  const doc = dom(runReport([{ doc: d, source: 'test' }]));
  const charts = [...doc.querySelectorAll('svg.chart')];
  const chart = (label: string) => charts.find((c) => c.getAttribute('aria-label') === label)!;

  it('names the run and shows no synthetic banner for trained weights', () => {
    expect(doc.querySelector('h1')!.textContent).toBe('Run report: d5005-burst');
    expect(doc.querySelector('.banner.synthetic')).toBeNull();
    expect(doc.querySelector('.text-out')!.textContent).toBe(r.text);
  });

  it('cycles per pass by layer: one stacked bar per layer (plus embedding and head), one segment per stage kind, summing to the stage cycles', () => {
    const c = chart('Cycles per pass by layer');
    const rows = [...c.querySelectorAll('.bar-row')];
    const layers = new Set(Object.keys(r.breakdown.per_stage_cycles).map((k) => k.split('.')[0]!));
    expect(rows.length).toBe(layers.size);
    expect(rows.map((row) => row.getAttribute('data-row'))).toEqual(['embedding', ...[...layers].filter((l) => l.startsWith('layer')).map((l) => `layer ${l.slice(5)}`), 'final norm + LM head']);
    expect(c.querySelectorAll('.legend-item').length).toBe(4);
    expect(c.querySelector('.x-title')!.textContent).toBe('core cycles per pass (critical path)');
    const passes = r.prefill.passes.length + r.cycles_per_token.per_token.length;
    const total = Object.values(r.breakdown.per_stage_cycles).reduce((a, b) => a + b, 0) / passes;
    const drawn = rows.reduce((a, row) => a + Number(row.querySelector('.bar-total')!.textContent!.replace(/,/g, '')), 0);
    expect(drawn).toBeCloseTo(total, -1);
    const ticks = tickValues(c.querySelector('.x-axis')!);
    expect(ticks[0]).toBe(0);
  });

  it('busy fractions on a 0–100 % axis, one bar per unit', () => {
    const c = chart('Unit busy fractions');
    expect(c.querySelectorAll('rect.bar').length).toBe(Object.keys(r.unit_busy_fraction).length);
    expect(tickValues(c.querySelector('.x-axis')!).at(-1)).toBe(100);
    expect(c.querySelector('.x-title')!.textContent).toContain('%');
  });

  it('bandwidth over time: one step per window, the peak line and the mean in the legend', () => {
    const c = chart('DRAM bandwidth over time');
    const steps = c.querySelector('.bw-read')!.getAttribute('d')!.match(/H/g)!.length;
    expect(steps).toBe(r.bandwidth_series.read_bytes.length);
    expect(c.querySelectorAll('.bw-hits rect').length).toBe(r.bandwidth_series.read_bytes.length);
    expect(c.querySelector('.bw-peak')).not.toBeNull();
    const legend = [...c.querySelectorAll('.legend-item text')].map((t) => t.textContent);
    expect(legend).toContain(`peak ${helpers.fmtNumber(r.ddr.peak_gbs!, 3)} GB/s`);
    expect(c.querySelector('.y-title')!.textContent).toBe('DRAM bandwidth (GB/s)');
    expect(c.querySelector('.x-title')!.textContent).toMatch(/\((µs|ms|s)\)$/);
  });

  it('roofline: memory, requests-in-flight and compute roofs, the run under the lowest one', () => {
    const c = charts.find((x) => x.getAttribute('aria-label') === 'Roofline of d5005-burst')!;
    expect([...c.querySelectorAll('.roof')].map((l) => l.getAttribute('class'))).toEqual(['roof roof-memory', 'roof roof-latency', 'roof roof-compute']);
    const g = rooflineGeometry({ label: '', colour: '', sequences: 1, batch: 1, tokensPerS: r.tokens_per_s, prefillTokensPerS: null, peakGbs: r.ddr.peak_gbs, bounds: d.bounds })!;
    // The memory roof at the run's intensity is its one-sequence memory bound.
    expect(g.memGbs * g.x).toBeCloseTo(r.bounds.per_sequence_memory_bound_tokens_per_s, 6);
    expect(r.tokens_per_s).toBeLessThanOrEqual(Math.min(g.memGbs * g.x, g.latencyGbs! * g.x, g.compute!));
    expect(c.querySelector('.run-point')).not.toBeNull();
  });

  it('power: the breakdown sums to the total, and every coefficient is listed with its provenance', () => {
    const c = chart('Power breakdown');
    const tips = [...c.querySelectorAll('rect.bar')].map((b) => b.getAttribute('data-tip')!);
    expect(tips.some((t) => t.includes('FPGA static'))).toBe(true);
    expect(tips.some((t) => t.includes('DRAM I/O'))).toBe(true);
    expect(Number(c.querySelector('.bar-total')!.textContent)).toBeCloseTo(r.power_w.total, 1);
    expect(doc.querySelectorAll('table.provenance-table tbody tr').length).toBe(r.provenance.length);
  });

  it('resources: one bar per resource the device has, against a 100 % line', () => {
    const c = chart('FPGA resource utilisation');
    expect(c.querySelectorAll('rect.bar').length).toBe(Object.values(r.resources).filter((x) => x.available > 0).length);
    expect(c.querySelector('.ref-line text')!.textContent).toBe('device full');
  });
});

describe('run report of synthetic weights, and several runs compared', () => {
  it('a run on synthetic weights says so in a banner', () => {
    const s = syntheticRun();
    expect(s.synthetic_weights).toBe(true);
    const doc = dom(runReport([{ doc: runDoc(s), source: 'test' }]));
    expect(doc.querySelector('.banner.synthetic')!.textContent).toContain('SYNTHETIC WEIGHTS');
  });

  it('a sampled run says it is an estimate, with its measured error; a simulated one does not', () => {
    const s = simulate({ arch: 'arch-configs/d5005-burst.yaml', promptIds: [1], tokens: 1, sampled: true });
    const banner = [...dom(runReport([{ doc: runDoc(s), source: 'test' }])).querySelectorAll('.banner')].map((b) => b.textContent).find((t) => t?.includes('ESTIMATE'));
    expect(banner).toContain('1 and 2 of the model\'s 4 layers');
    expect(banner).toContain(`within ${Number((100 * s.sampled!.error_on_shipped_configs.max_abs_relative_error.tokens_per_s).toPrecision(3))} % of the whole simulation's tokens/s`);
    expect(dom(runReport([{ doc: runDoc(trainedRun()), source: 'test' }])).body.textContent).not.toContain('ESTIMATE');
  });

  it('a comparison has a column per run, each run in detail, and distinct labels for runs of the same arch', () => {
    const docs = [runDoc(trainedRun()), runDoc(syntheticRun()), runDoc(trainedRun())];
    const labels = runLabels(docs);
    expect(new Set(labels).size).toBe(3);
    const doc = dom(runReport(docs.map((x, k) => ({ doc: x, source: `run${k}.json` }))));
    expect(doc.querySelectorAll('table.compare-table thead th').length).toBe(4);
    expect(doc.querySelectorAll('section.run-detail').length).toBe(3);
    const power = [...doc.querySelectorAll('svg.chart')].find((c) => c.getAttribute('aria-label') === 'Power breakdown')!;
    expect(power.querySelectorAll('.bar-row').length).toBe(3);
    expect(doc.querySelector('.banner.synthetic')).not.toBeNull();
  });

  it('a result without bandwidth_series (an older mmfsim) still reports, and says what is missing', () => {
    const old = JSON.parse(JSON.stringify(trainedRun()));
    delete old.bandwidth_series;
    const doc = dom(runReport([{ doc: runDoc(old), source: 'old.json' }]));
    expect(doc.body.textContent).toContain('has no bandwidth_series');
  });
});
