import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweep } from '../../sim/explore/run-sweep.ts';
import { readResults } from '../../sim/explore/result-store.ts';
import { sweepReportFromDir } from '../../sim/report/sweep-report.ts';
import { sweepSummaryText } from '../../sim/explore/sweep-text.ts';
import { METRIC_NAMES, METRICS } from '../../sim/explore/metrics.ts';
import { isInputError } from '../../sim/input-error.ts';
import { cli } from '../cli/run-cli.ts';
import { comparableResults, ROOT, writeTinySpec } from './sweep-fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'mmfsim-sweep-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runSweep on a worker pool (pycode-tiny)', () => {
  const spec = writeTinySpec(dir, 'tiny.yaml');

  it('gives identical results.jsonl (sorted by hash, durations aside) with 1 and 2 workers, and the same front without pruning', async () => {
    const one = await runSweep({ specFile: spec, outDir: join(dir, 'w1'), workers: 1, waveSize: 4 });
    const two = await runSweep({ specFile: spec, outDir: join(dir, 'w2'), workers: 2, waveSize: 4 });
    const text = (d: string) => readFileSync(join(dir, d, 'results.jsonl'), 'utf8');
    expect(comparableResults(text('w2'))).toEqual(comparableResults(text('w1')));
    expect(readFileSync(join(dir, 'w2', 'pareto.json'), 'utf8')).toBe(readFileSync(join(dir, 'w1', 'pareto.json'), 'utf8'));
    expect(readFileSync(join(dir, 'w2', 'summary.csv'), 'utf8')).toBe(readFileSync(join(dir, 'w1', 'summary.csv'), 'utf8'));
    expect(one.points).toBe(12);
    expect(one.counts.ok + one.counts.infeasible + one.counts.pruned).toBe(12);
    expect(two.front).toEqual(one.front);

    // The unpruned sweep simulates every point and finds exactly the same front.
    const all = await runSweep({ specFile: spec, outDir: join(dir, 'all'), workers: 2, prune: false });
    expect(all.counts.pruned).toBe(0);
    expect(all.simulated).toBe(12);
    expect(all.front.map((p) => p.hash)).toEqual(one.front.map((p) => p.hash));
    expect(all.hypervolume).toBe(one.hypervolume);
    // Every pruned record names a simulated point of the front's sweep that dominates its bounds.
    for (const r of readResults(join(dir, 'w1')).filter((x) => x.status === 'pruned')) {
      expect(r.bounds).not.toBeNull();
      if (r.dominated_by) expect(readResults(join(dir, 'w1')).find((x) => x.hash === r.dominated_by)?.status).toBe('ok');
    }
  }, 300_000);

  it('re-running resumes (nothing simulated twice); a changed spec adds only its new points; another base is refused', async () => {
    const again = await runSweep({ specFile: spec, outDir: join(dir, 'all'), workers: 1, prune: false });
    expect(again.simulated).toBe(0);
    expect(again.reused).toBe(12);
    const wider = writeTinySpec(dir, 'wider.yaml', '  core.rowwise.elements_per_cycle: [16, 32]\n');
    const w = await runSweep({ specFile: wider, outDir: join(dir, 'all'), workers: 2, prune: false });
    // rowwise 16 is the base's value: those 12 points are the same designs as before.
    expect(w.points).toBe(24);
    expect(w.reused).toBe(12);
    expect(w.simulated).toBe(12);
    expect(readFileSync(join(dir, 'all', 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(24);
    const other = writeTinySpec(dir, 'other.yaml', '', readFileSync(spec, 'utf8').replace('d5005-burst.yaml', 'u280-hbm.yaml'));
    await expect(runSweep({ specFile: other, outDir: join(dir, 'all'), workers: 1 })).rejects.toSatisfy((e) => isInputError(e) && /holds a sweep of base arch d5005-burst .* not u280-hbm/.test((e as Error).message));
  }, 300_000);

  it('a point over --point-timeout is recorded as timeout and the sweep goes on; --retry-failed runs it again', async () => {
    const out = join(dir, 'timeout');
    const t = await runSweep({ specFile: spec, outDir: out, workers: 2, prune: false, pointTimeoutS: 0.001 });
    expect(t.counts.timeout).toBe(12);
    expect(readResults(out).every((r) => r.status === 'timeout' && /point timeout of 0\.001 s/.test(r.error!))).toBe(true);
    const kept = await runSweep({ specFile: spec, outDir: out, workers: 2, prune: false });
    expect(kept.simulated).toBe(0);
    const retried = await runSweep({ specFile: spec, outDir: out, workers: 2, prune: false, retryFailed: true });
    expect(retried.simulated).toBe(12);
    expect(retried.counts.ok).toBe(12);
    // Each hash: its timeout line, then its ok line (the last one counts).
    expect(readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n')).toHaveLength(24);
  }, 300_000);

  it('a point whose arch is invalid, or that the simulator rejects, is an error; the sweep goes on', async () => {
    const bad = writeTinySpec(dir, 'bad.yaml', '  memory.pseudo_channels: [4]\n  core.cores: [1, 2]\n');
    const s = await runSweep({ specFile: bad, outDir: join(dir, 'bad'), workers: 1 });
    // memory.pseudo_channels is an HBM2 key: every point's DDR4 memory rejects it.
    expect(s.counts.error).toBe(24);
    expect(readResults(join(dir, 'bad'))[0]!.error).toMatch(/^point: memory\.pseudo_channels: /);
    const odd = writeTinySpec(dir, 'odd.yaml', '  core.cores: [2]\n');
    const o = await runSweep({ specFile: odd, outDir: join(dir, 'odd'), workers: 1 });
    // 2 private cores on 1 channel: the simulator refuses (InputError), the 2-channel points run.
    expect(o.counts.error).toBe(6);
    expect(o.counts.ok + o.counts.pruned + o.counts.infeasible).toBe(6);
    expect(readResults(join(dir, 'odd')).find((r) => r.status === 'error')!.error).toMatch(/2 cores need a multiple of 2 DRAM channels/);
  }, 300_000);
});

describe('mmfsim sweep (CLI)', () => {
  it('--json prints one summary object on stdout; a bad spec exits 2 with file:line:col: key: reason', async () => {
    const spec = writeTinySpec(dir, 'cli.yaml');
    const r = await cli(['sweep', spec, '--out', join(dir, 'cli'), '--workers', '2', '--json']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.points).toBe(12);
    expect(s.front.length).toBeGreaterThan(0);
    expect(s.hypervolume).toBeGreaterThan(0);
    expect(Object.keys(s.reference_point)).toEqual(['tokens_per_s', 'power_w.total']);
    for (const f of ['results.jsonl', 'pareto.json', 'summary.csv', 'sweep.lock.json']) expect(existsSync(join(dir, 'cli', f))).toBe(true);
    const lock = JSON.parse(readFileSync(join(dir, 'cli', 'sweep.lock.json'), 'utf8'));
    expect(lock).toMatchObject({ mmfsim_version: '0.1.0', model: 'pycode-tiny', base_arch: { name: 'd5005-burst' } });

    // Re-running resumes (nothing left to simulate); --report writes the sweep's HTML report.
    const html = join(dir, 'cli-report.html');
    const again = await cli(['sweep', spec, '--out', join(dir, 'cli'), '--workers', '1', '--json', '--report', html]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`report written: ${html}`);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).toContain(JSON.parse(again.stdout).front[0].hash);

    const bad = writeTinySpec(dir, 'typo.yaml', '', `base: ${ROOT}/arch-configs/d5005-burst.yaml\nmodel: ${ROOT}/models/pycode-tiny\naxes:\n  core.clock: [100]\nobjectives: [max tokens_per_s]\n`);
    const e = await cli(['sweep', bad, '--out', join(dir, 'typo')]);
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/^mmfsim: error: .*typo\.yaml:4:15: axes\.core\.clock: 'core\.clock' is not an arch key/);
    expect(e.stderr.trim().split('\n')).toHaveLength(1);
    expect((await cli(['sweep', spec])).code).toBe(2);
    expect((await cli(['sweep', spec, '--out', join(dir, 'x'), '--workers', '0'])).code).toBe(2);
  }, 300_000);
});

describe('mode: sampled', () => {
  it('estimates every point (within 5 % of the timing sweep here, and not its copy), under hashes of its own', async () => {
    const timing = writeTinySpec(dir, 'timing.yaml', 'mode: timing\n');
    const sampled = writeTinySpec(dir, 'sampled.yaml', 'mode: sampled\nconfirm: false\n');
    const t = await runSweep({ specFile: timing, outDir: join(dir, 'timing'), workers: 1, prune: false });
    const s = await runSweep({ specFile: sampled, outDir: join(dir, 'sampled'), workers: 1, prune: false });
    expect(s.simulated).toBe(12);
    const byParams = (out: string) => new Map(readResults(join(dir, out)).map((r) => [JSON.stringify(r.params), r]));
    const exact = byParams('timing');
    let differ = 0;
    for (const [params, r] of byParams('sampled')) {
      const e = exact.get(params)!;
      // The mode is part of the point's identity: an estimate never stands in for a simulation.
      expect(r.hash).not.toBe(e.hash);
      const tps = r.metrics!['tokens_per_s'] as number;
      expect(r.status).toBe(e.status);
      expect(Math.abs(tps - (e.metrics!['tokens_per_s'] as number)) / (e.metrics!['tokens_per_s'] as number)).toBeLessThan(0.05);
      if (tps !== e.metrics!['tokens_per_s']) differ++;
      // What the sweep takes as exact in sampled mode (the margin of confirmation spares them) is.
      for (const m of METRIC_NAMES) if (METRICS[m].sampled === 'exact') expect(r.metrics![m], m).toEqual(e.metrics![m]);
    }
    expect(differ).toBeGreaterThan(0); // extrapolated, not simulated whole
    expect(t.simulated).toBe(12);
    // Its summary and report say the points are estimates; the timing sweep's do not.
    expect(sweepSummaryText(s)).toMatch(/Pareto front +\d+ points? — ESTIMATES \(mode sampled/);
    expect(sweepSummaryText(t)).not.toContain('ESTIMATES');
    expect(sweepReportFromDir(join(dir, 'sampled'))).toContain('ESTIMATES: this sweep ran in <code>mode: sampled</code>');
    expect(sweepReportFromDir(join(dir, 'timing'))).not.toContain('ESTIMATES');
  }, 300_000);

  it('confirmed (the default): re-simulates in timing mode the points that could be on the front, and its front is the timing sweep\'s', async () => {
    const spec = writeTinySpec(dir, 'confirmed.yaml', 'mode: sampled\n');
    const out = join(dir, 'confirmed');
    const c = await runSweep({ specFile: spec, outDir: out, workers: 2, waveSize: 4 });
    // The guarantee needs every estimate within the margin (default 2 %) of the exact value: check that first.
    const exact = new Map(readResults(join(dir, 'timing')).map((r) => [JSON.stringify(r.params), r.metrics!]));
    for (const r of readResults(join(dir, 'sampled'))) {
      for (const k of ['tokens_per_s', 'power_w.total']) {
        const e = r.metrics![k] as number;
        expect(Math.abs((exact.get(JSON.stringify(r.params))![k] as number) - e), `${k} of ${JSON.stringify(r.params)}`).toBeLessThanOrEqual(0.02 * e);
      }
    }
    const timing = JSON.parse(readFileSync(join(dir, 'timing', 'pareto.json'), 'utf8')) as { points: { hash: string; metrics: unknown }[] };
    // The same designs with the same exact metrics: the confirmations are timing-mode points (same hashes).
    expect(c.front.map((p) => [p.hash, p.metrics])).toEqual(timing.points.map((p) => [p.hash, p.metrics]));
    expect(c.confirmed).toMatchObject({ margin: 0.02, ruled_out: expect.any(Number), done: c.confirmed!.points, margin_exceeded: false });
    // Checked on the sweep itself: the estimates of the confirmed points against their exact results.
    expect(Object.keys(c.confirmed!.largest_error).sort()).toEqual(['power_w.total', 'tokens_per_s']);
    expect(c.confirmed!.largest_error['tokens_per_s']).toBeGreaterThan(0);
    expect(c.confirmed!.points).toBeGreaterThanOrEqual(c.front.length);
    // (Here every point: the tiny model's power hardly varies, so no estimate beats another by 2 % on both objectives.)
    expect(c.confirmed!.points).toBeLessThanOrEqual(12);
    const lines = readResults(out);
    const confirmations = lines.filter((r) => r.confirms !== undefined);
    expect(confirmations).toHaveLength(c.confirmed!.points);
    for (const r of confirmations) expect(lines.find((x) => x.hash === r.confirms)!.params).toEqual(r.params);
    expect(c.simulated).toBe(c.points - c.counts.pruned + c.confirmed!.points);
    expect(sweepSummaryText(c)).toMatch(/Pareto front +\d+ points? — exact \(timing mode\): \d+ of the 12 estimated points could be on the front if every estimate is within ±2 %/);
    expect(readFileSync(join(out, 'summary.csv'), 'utf8').split('\n')[0]).toMatch(/,error,confirms$/);
    const page = sweepReportFromDir(out);
    expect(page).toContain('ESTIMATES, front CONFIRMED');
    expect(page).toContain("Largest error of the confirmed points' estimates: ");
    // The cards count design points; the confirmations apart.
    expect(page).toContain(`<div class="v">12</div><div class="k">points</div>`);
    expect(page).toContain(`<div class="v">${c.confirmed!.points}</div><div class="k">confirmed in timing mode</div>`);
    // Objectives the estimates separate well (lanes cost logic, speed varies 20×): only the
    // points near the front are confirmed, and the front is still the timing sweep's.
    const lean = (mode: string) =>
      writeTinySpec(dir, `lean-${mode}.yaml`, '', readFileSync(spec, 'utf8').replace('mode: sampled\n', `mode: ${mode}\n`).replace('min power_w.total', 'min resources.logic.utilisation'));
    const leanTiming = await runSweep({ specFile: lean('timing'), outDir: join(dir, 'lean-timing'), workers: 2, prune: false });
    const leanSampled = await runSweep({ specFile: lean('sampled'), outDir: join(dir, 'lean-sampled'), workers: 2, prune: false });
    expect(leanSampled.confirmed!.points).toBeLessThan(12);
    expect(leanSampled.front.map((p) => [p.hash, p.metrics])).toEqual(leanTiming.front.map((p) => [p.hash, p.metrics]));
    // Resumed: the same points are chosen and nothing is simulated again.
    const again = await runSweep({ specFile: spec, outDir: out, workers: 1, waveSize: 4 });
    expect(again.simulated).toBe(0);
    expect(again.front).toEqual(c.front);
    // A margin smaller than the errors this sweep shows: said, loudly (the points are reused).
    const tight = await runSweep({ specFile: writeTinySpec(dir, 'tight.yaml', 'mode: sampled\nconfirm_margin: 0.0001\n'), outDir: out, workers: 1, waveSize: 4 });
    expect(tight.confirmed!.margin_exceeded).toBe(true);
    expect(sweepSummaryText(tight)).toMatch(/^WARNING +an estimate was further from its exact result than the margin/m);
    expect(sweepSummaryText(c)).not.toContain('WARNING');
    expect(sweepReportFromDir(out)).toContain('WARNING: an estimate was further from its exact result than the margin');
    expect(JSON.parse(readFileSync(join(out, 'pareto.json'), 'utf8')).confirmed).toMatchObject({ margin: 0.0001, margin_exceeded: true });
  }, 300_000);

  it('refuses confirm: true outside mode sampled, naming the key', async () => {
    const bad = writeTinySpec(dir, 'bad-confirm.yaml', 'mode: timing\nconfirm: true\n');
    await expect(runSweep({ specFile: bad, outDir: join(dir, 'bad-confirm'), workers: 1 })).rejects.toSatisfy(
      (e) => isInputError(e) && /confirm/.test((e as Error).message) && /already exact/.test((e as Error).message),
    );
  });
});
