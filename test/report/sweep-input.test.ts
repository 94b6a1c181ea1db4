import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isInputError, loadModel, simulate } from '../../sim/index.ts';
import { applyParams } from '../../sim/report/apply-params-local.ts';
import { pointArch, readSweepDir } from '../../sim/report/sweep-input.ts';
import { sweepReport } from '../../sim/report/sweep-report.ts';
import { dom, paretoHashes, SWEEP_DIR, sweepLines } from './report-fixtures.ts';

const tmp = mkdtempSync(join(tmpdir(), 'mmfsim-sweep-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function copyFixture(name: string): string {
  const dir = join(tmp, name);
  cpSync(SWEEP_DIR, dir, { recursive: true });
  return dir;
}

function inputError(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  throw new Error('no InputError');
}

describe('reading a sweep directory', () => {
  it('reads every point, the front, the lock and the swept parameters in order', () => {
    const s = readSweepDir(SWEEP_DIR);
    expect(s.points).toHaveLength(sweepLines().length);
    expect(s.pareto!.points.map((p) => p.hash)).toEqual(paretoHashes());
    expect(s.params).toEqual(['core.cores', 'memory.channels', 'core.tmatmul.weights_per_cycle', 'core.clock_mhz']);
    expect(s.notes).toEqual([]);
  });

  it('bad input names the file, the line and the key', () => {
    const dir = copyFixture('bad');
    writeFileSync(join(dir, 'results.jsonl'), '{"hash":"a","params":{},"status":"ok","metrics":{}}\n{"hash":"b","params":{},"status":"done"}\n');
    expect(inputError(() => readSweepDir(dir))).toMatch(/results\.jsonl:2: status: /);
    writeFileSync(join(dir, 'results.jsonl'), '{"hash":"a",\n');
    expect(inputError(() => readSweepDir(dir))).toMatch(/results\.jsonl:1: not valid JSON/);
    expect(inputError(() => readSweepDir(join(tmp, 'missing')))).toMatch(/not a directory/);
    expect(inputError(() => readSweepDir(tmp))).toMatch(/no results\.jsonl/);
  });

  it('a sweep still running (no pareto.json) reports with the front computed in the page, and says so', () => {
    const dir = copyFixture('running');
    rmSync(join(dir, 'pareto.json'));
    const s = readSweepDir(dir);
    expect(s.notes).toEqual(['no pareto.json in the sweep directory']);
    const doc = dom(sweepReport(s));
    expect(doc.querySelector('#front-note')!.textContent).toContain('computed in the page');
    // Without constraints every feasible point counts: the 2-D front of ok points.
    const lines = sweepLines().filter((l) => l.status === 'ok');
    const t = (l: (typeof lines)[number]) => l.metrics['tokens_per_s'] as number;
    const w = (l: (typeof lines)[number]) => l.metrics['power_w.total'] as number;
    const nd = lines.filter((p) => !lines.some((q) => q !== p && t(q) >= t(p) && w(q) <= w(p) && (t(q) > t(p) || w(q) < w(p))));
    expect(doc.querySelectorAll('#pareto .marks .mark.front').length).toBe(nd.length);
    expect(doc.querySelectorAll('table.front-table tbody tr').length).toBe(nd.length);
  });

  it("each point's arch is the base with its params applied (the base unchanged)", () => {
    const s = readSweepDir(SWEEP_DIR);
    const p = s.points.find((x) => x.params['core.cores'] === 2)!;
    const arch = pointArch(s, p) as { core: { cores: number; tmatmul: { weights_per_cycle: number } } };
    expect(arch.core.cores).toBe(2);
    expect(arch.core.tmatmul.weights_per_cycle).toBe(p.params['core.tmatmul.weights_per_cycle']);
    expect((s.lock!.base_arch as { core: { cores: number } }).core.cores).toBe(1);
    expect(applyParams({ a: { b: 1 } }, { 'a.c.d': 2 })).toEqual({ a: { b: 1, c: { d: 2 } } });
    expect(inputError(() => applyParams({ a: 1 }, { 'a.b': 2 }))).toMatch(/a\.b: cannot set a\.b: a is 1/);
  });
});

describe('the fixture is real', () => {
  it('re-simulating a point of results.jsonl gives its metrics exactly', () => {
    const s = readSweepDir(SWEEP_DIR);
    const p = s.points.find((x) => x.status === 'ok' && x.params['core.cores'] === 1 && x.params['memory.channels'] === 1)!;
    const r = simulate({ arch: pointArch(s, p) as never, model: loadModel('models/mmfreelm-370m'), promptIds: [1], tokens: 1, timingOnly: true });
    expect(r.tokens_per_s).toBe(p.metrics['tokens_per_s']);
    expect(r.power_w.total).toBe(p.metrics['power_w.total']);
    expect(r.cycles).toBe(p.metrics['cycles']);
  });
});
