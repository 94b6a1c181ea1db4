import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseArch } from '../../sim/index.ts';
import { valueAt } from '../../sim/report/front-table.ts';
import { PUBLISHED_POINTS } from '../../sim/report/published-points.ts';
import { PUBLISHED_PREDICTIONS } from '../../sim/report/published-predictions.ts';
import { SCATTER_GEOMETRY } from '../../sim/report/pareto-scatter.ts';
import { scatterLayout } from '../../sim/report/scatter-layout.ts';
import { helpers } from '../../sim/report/chart-helpers.ts';
import { sweepReportFromDir } from '../../sim/report/sweep-report.ts';
import { dom, paretoHashes, SWEEP_DIR, sweepLines, tickValues, translate } from './report-fixtures.ts';

// The sweep report's SVG, checked without a browser: axes with ticks and units, one mark per
// point, the front equal to pareto.json, the legend's counts, the other charts and the table.
const html = sweepReportFromDir(SWEEP_DIR);
const doc = dom(html);
const lines = sweepLines();
const front = paretoHashes();
const count = (s: string) => lines.filter((l) => l.status === s).length;

describe('sweep report: Pareto scatter', () => {
  const svg = doc.querySelector('svg#pareto')!;
  const marks = [...svg.querySelectorAll('.marks .mark')];

  it('has one mark per point of results.jsonl, each naming its line', () => {
    expect(marks.length).toBe(lines.length);
    expect(marks.map((m) => Number(m.getAttribute('data-i'))).sort((a, b) => a - b)).toEqual(lines.map((_, i) => i));
    for (const m of marks) expect(m.getAttribute('class')).toContain(`status-${lines[Number(m.getAttribute('data-i'))]!.status}`);
  });

  it("marks exactly pareto.json's points as the front", () => {
    const onFront = marks.filter((m) => m.classList.contains('front')).map((m) => lines[Number(m.getAttribute('data-i'))]!.hash);
    expect(onFront.sort()).toEqual([...front].sort());
    expect(svg.querySelector('.front-line')!.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+)+$/);
  });

  it('has axes with numeric, increasing tick labels and titles that carry units', () => {
    for (const cls of ['.x-axis', '.y-axis']) {
      const values = tickValues(svg.querySelector(cls)!);
      expect(values.length).toBeGreaterThanOrEqual(4);
      for (let k = 1; k < values.length; k++) expect(values[k]!).toBeGreaterThan(values[k - 1]!);
    }
    expect(svg.querySelector('.x-title')!.textContent).toBe('total power (FPGA + DRAM) (W)');
    expect(svg.querySelector('.y-title')!.textContent).toBe('throughput (tokens/s)');
  });

  it('places points by their metrics: more tokens/s is higher, more watts further right', () => {
    const placed = marks.filter((m) => lines[Number(m.getAttribute('data-i'))]!.status === 'ok');
    const byTps = [...placed].sort((a, b) => (lines[Number(a.getAttribute('data-i'))]!.metrics['tokens_per_s'] as number) - (lines[Number(b.getAttribute('data-i'))]!.metrics['tokens_per_s'] as number));
    for (let k = 1; k < byTps.length; k++) expect(translate(byTps[k]!)[1]).toBeLessThanOrEqual(translate(byTps[k - 1]!)[1]);
    const byW = [...placed].sort((a, b) => (lines[Number(a.getAttribute('data-i'))]!.metrics['power_w.total'] as number) - (lines[Number(b.getAttribute('data-i'))]!.metrics['power_w.total'] as number));
    for (let k = 1; k < byW.length; k++) expect(translate(byW[k]!)[0]).toBeGreaterThanOrEqual(translate(byW[k - 1]!)[0]);
    for (const m of placed) {
      const [x, y] = translate(m);
      expect(x).toBeGreaterThanOrEqual(SCATTER_GEOMETRY.left);
      expect(x).toBeLessThanOrEqual(SCATTER_GEOMETRY.right);
      expect(y).toBeGreaterThanOrEqual(SCATTER_GEOMETRY.top);
      expect(y).toBeLessThanOrEqual(SCATTER_GEOMETRY.bottom);
    }
  });

  it('puts failed points (no metrics) in the strip under the axis, pruned ones at their bounds', () => {
    const failed = marks.filter((m) => m.classList.contains('status-error'));
    expect(failed.length).toBe(count('error'));
    for (const m of failed) {
      expect(m.classList.contains('unplaced')).toBe(true);
      expect(translate(m)[1]).toBe(SCATTER_GEOMETRY.stripY);
    }
    const pruned = marks.filter((m) => m.classList.contains('status-pruned'));
    expect(pruned.length).toBe(count('pruned'));
    for (const m of pruned) expect(m.classList.contains('unplaced')).toBe(false);
    expect(svg.querySelector('.strip-label')!.textContent).toContain(`${count('error')} points`);
  });

  it('has a legend with every status and its count, and one colour per value of the colouring parameter', () => {
    const legend = [...svg.querySelectorAll('.legend > .legend-item text')].map((t) => t.textContent);
    expect(legend).toContain(`simulated, feasible (${count('ok')})`);
    expect(legend).toContain(`on the front (${front.length})`);
    expect(legend).toContain(`infeasible (${count('infeasible')})`);
    expect(legend).toContain(`pruned, at its bounds (${count('pruned')})`);
    expect(legend).toContain(`failed (${count('error') + count('timeout')})`);
    expect(svg.querySelector('.legend-colour .legend-title')!.textContent).toBe('core.cores');
    const values = new Set(lines.map((l) => l.params['core.cores']));
    expect(svg.querySelectorAll('.legend-colour .legend-item').length).toBe(values.size);
    const colours = new Set([...svg.querySelectorAll('.legend-colour rect')].map((r) => r.getAttribute('fill')));
    expect(colours.size).toBe(values.size);
  });

  it('labels every published result; one far off these axes sits clamped at the edge', () => {
    const pubs = [...svg.querySelectorAll('.published-points .published')];
    expect(pubs.map((p) => p.getAttribute('data-pub'))).toEqual(PUBLISHED_POINTS.map((p) => p.id));
    for (const p of pubs) expect(p.querySelector('text')!.textContent!.length).toBeGreaterThan(5);
    const maxTps = Math.max(...lines.map((l) => (typeof l.metrics['tokens_per_s'] === 'number' ? l.metrics['tokens_per_s'] : 0)));
    expect(maxTps).toBeLessThan(16300);
    const onChip = svg.querySelector('[data-pub="tereffic-on-chip-370m"]')!;
    expect(onChip.classList.contains('clamped')).toBe(true);
    expect(onChip.querySelector('text')!.textContent).toContain('off scale: 16,300 tokens/s');
  });

  it("draws mmfsim's prediction beside every published result it has one for, joined to it by a dashed line", () => {
    const ids = PUBLISHED_POINTS.map((p) => p.id).filter((id) => PUBLISHED_PREDICTIONS.has(id));
    expect(ids).toEqual(expect.arrayContaining(['tereffic-hbm-2.7b', 'tereffic-on-chip-370m', 'paper-d5005-core']));
    const preds = [...svg.querySelectorAll('.predicted-points .predicted')];
    expect(preds.map((p) => p.getAttribute('data-pred'))).toEqual(ids);
    for (const p of preds) {
      const id = p.getAttribute('data-pred')!;
      const pub = svg.querySelector(`.published-points [data-pub="${id}"]`)!;
      expect(p.querySelector('text')!.textContent).toBe('mmfsim');
      expect(p.getAttribute('data-tip')).toContain(PUBLISHED_PREDICTIONS.get(id)!.command);
      // The line runs from the prediction to the published marker (both as drawn, clamped or not).
      const [px, py] = translate(p);
      const [qx, qy] = translate(pub);
      const line = p.querySelector('line.pred-link')!;
      expect(line.getAttribute('display')).toBeNull();
      expect(px + Number(line.getAttribute('x2'))).toBeCloseTo(qx, 6);
      expect(py + Number(line.getAttribute('y2'))).toBeCloseTo(qy, 6);
    }
    // With "fit published results" (the layout the page uses too) nothing is clamped: each
    // prediction sits at its own metrics, apart from the published marker it joins.
    const model = {
      points: [],
      published: PUBLISHED_POINTS.map((q) => ({ id: q.id, label: q.label, metrics: q.metrics, predicted: PUBLISHED_PREDICTIONS.get(q.id) ?? null })),
      metrics: {},
      paretoAxes: null,
      palette: { categorical: ['#000'], sequential: ['#000'], single: '#000' },
    };
    const laid = scatterLayout(model, { x: 'power_w.total', y: 'tokens_per_s', colour: null, logX: false, logY: true, showPublished: true, fitPublished: true }, SCATTER_GEOMETRY);
    expect(laid.predicted.map((p) => p.id)).toEqual(ids);
    for (const p of laid.predicted) {
      const pred = PUBLISHED_PREDICTIONS.get(p.id)!;
      const pub = laid.published.find((q) => q.id === p.id)!;
      expect(p.clamped || pub.clamped).toBe(false);
      expect(p.joined).toBe(true);
      expect(p.px + p.toX).toBeCloseTo(pub.px, 6);
      expect(p.py + p.toY).toBeCloseTo(pub.py, 6);
      // More watts further right, more tokens/s higher, than the published marker.
      const q = PUBLISHED_POINTS.find((x) => x.id === p.id)!;
      expect(Math.sign(p.px - pub.px)).toBe(Math.sign(pred.metrics['power_w.total']! - q.metrics['power_w.total']!));
      expect(Math.sign(pub.py - p.py)).toBe(Math.sign(pred.metrics['tokens_per_s']! - q.metrics['tokens_per_s']!));
    }
    const legend = [...svg.querySelectorAll('.legend > .legend-item text')].map((t) => t.textContent);
    expect(legend).toContain('mmfsim on that design (dashed to it)');
  });

  it('lists mmfsim\'s figures beside each published one in the table', () => {
    const row = doc.querySelector('table.published-table tr[data-pub="tereffic-hbm-2.7b"]')!;
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    const p = PUBLISHED_PREDICTIONS.get('tereffic-hbm-2.7b')!;
    expect(cells).toContain(helpers.fmtNumber(p.metrics['tokens_per_s']!, 4));
    expect(cells).toContain(helpers.fmtNumber(p.metrics['power_w.total']!, 3));
    expect(cells.some((c) => c!.startsWith('no (logic'))).toBe(p.feasible === false);
    const projection = doc.querySelector('table.published-table tr[data-pub="paper-d5005-1.3b-projection"]')!;
    expect([...projection.querySelectorAll('td')].filter((td) => td.textContent === '—').length).toBe(3);
  });

  it("draws the sweep's power constraint as a limit line", () => {
    expect(svg.querySelector('.constraint text')!.textContent).toBe('constraint ≤ 20 W');
  });
});

describe('sweep report: other charts and tables', () => {
  it('parallel coordinates: one line per point, the front highlighted, one axis per parameter and objective', () => {
    const pc = doc.querySelector('svg#parallel')!;
    expect(pc.querySelectorAll('.pc-line').length).toBe(lines.length);
    expect(pc.querySelectorAll('.pc-line.front').length).toBe(front.length);
    expect(pc.querySelectorAll('.pc-axis').length).toBe(Object.keys(lines[0]!.params).length + 3);
  });

  it('one tokens/J panel per swept parameter, each with every simulated point', () => {
    const panels = [...doc.querySelectorAll('svg.effect')];
    expect(panels.map((p) => p.getAttribute('data-param'))).toEqual(Object.keys(lines[0]!.params));
    for (const p of panels) {
      expect(p.querySelectorAll('.mark').length).toBe(count('ok') + count('infeasible'));
      expect(p.querySelector('.y-title')!.textContent).toBe('energy efficiency (tokens/J)');
    }
  });

  it("the front table: one sortable row per front point, each with its diff and a full arch that validates and holds the point's params", () => {
    const rows = [...doc.querySelectorAll('table.front-table tbody tr')];
    expect(rows.length).toBe(front.length);
    expect(doc.querySelectorAll('table.front-table thead button.sort').length).toBeGreaterThan(5);
    for (const row of rows) {
      const line = lines[Number(row.getAttribute('data-i'))]!;
      const arch = parseArch(parse(row.querySelector('textarea.yaml')!.textContent!), 'copied YAML');
      for (const [k, v] of Object.entries(line.params)) expect(valueAt(arch as unknown as Record<string, unknown>, k)).toBe(v);
      const changed = [...row.querySelectorAll('td.changed')].length;
      expect(row.querySelector('td.diff')!.getAttribute('data-v')).toBe(String(changed));
    }
  });

  it('lists every point not on the front with a reason', () => {
    const rows = [...doc.querySelectorAll('table.others-table tbody tr')];
    expect(rows.length).toBe(lines.length - front.length);
    for (const r of rows) expect(r.querySelector('td.why')!.textContent!.length).toBeGreaterThan(5);
  });

  it('is one self-contained file: no external resource, no network URL but the SVG namespace', () => {
    expect(html).not.toMatch(/<link\b|@import|url\(|<img\b|<iframe\b/i);
    expect(html.replace(/http:\/\/www\.w3\.org\/2000\/svg/g, '')).not.toMatch(/https?:\/\//);
    expect(doc.querySelectorAll('script[src]').length).toBe(0);
  });
});
