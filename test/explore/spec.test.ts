import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyParams } from '../../sim/explore/apply-params.ts';
import { axisValues } from '../../sim/explore/axis.ts';
import { loadSweepSpec, parseSweepSpec } from '../../sim/explore/load-spec.ts';
import { gridPoints, latinPoints, randomPoints } from '../../sim/explore/samplers.ts';
import { buildSpace, pointParams } from '../../sim/explore/space.ts';
import { isInputError } from '../../sim/input-error.ts';
import { parseArch } from '../../sim/arch/load-arch.ts';
import { loadArch } from '../../sim/arch/load-arch.ts';

const ROOT = resolve('.');
const dir = mkdtempSync(join(tmpdir(), 'mmfsim-spec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAD = `base: ${ROOT}/arch-configs/d5005-burst.yaml\nmodel: ${ROOT}/models/mmfreelm-370m\n`;
const spec = (body: string) => parseSweepSpec(HEAD + body, 'sw.yaml');
const errorOf = (body: string): string => {
  try {
    spec(body);
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
};

describe('sweep spec validation: file:line:col: key: reason', () => {
  it('an unknown arch path, at its key', () => {
    expect(errorOf('axes:\n  core.tmatmul.lanes: [64, 128]\nobjectives: [max tokens_per_s]\n')).toMatch(/^sw\.yaml:4:23: axes\.core\.tmatmul\.lanes: 'core\.tmatmul\.lanes' is not an arch key/);
  });
  it('an objective that is not "max|min METRIC", and an unknown metric', () => {
    expect(errorOf('objectives:\n  - max tokens_per_s\n  - fastest\n')).toMatch(/^sw\.yaml:5:5: objectives\.1: expected 'max METRIC' or 'min METRIC', got 'fastest'/);
    expect(errorOf('objectives: [max tokens_per_sec]\n')).toMatch(/^sw\.yaml:3:14: objectives\.0: unknown metric 'tokens_per_sec'/);
  });
  it('a constraint comparing a boolean, and a malformed one', () => {
    expect(errorOf('constraints: [feasible >= 1]\nobjectives: [max tokens_per_s]\n')).toMatch(/^sw\.yaml:3:15: constraints\.0: feasible is a boolean/);
    expect(errorOf('constraints: ["power_w.total <== 3"]\nobjectives: [max tokens_per_s]\n')).toMatch(/^sw\.yaml:3:15: constraints\.0: expected a boolean metric/);
  });
  it('fidelity metrics and datapath axes need mode: full (a synthetic-weights card defaults to timing)', () => {
    expect(errorOf('objectives: [max fidelity.top1_agreement]\n')).toMatch(/^sw\.yaml:3:14: objectives\.0: fidelity\.top1_agreement needs mode: full/);
    expect(errorOf('axes:\n  core.datapath.state: [fp32, bf16]\nobjectives: [max tokens_per_s]\n')).toMatch(/^sw\.yaml:4:24: axes\.core\.datapath\.state: core\.datapath\.state changes only values: sweeping it needs mode: full/);
    expect(() => spec('mode: full\naxes:\n  core.datapath.state: [fp32, bf16]\nobjectives: [max fidelity.top1_agreement]\n')).not.toThrow();
  });
  it('zip groups of unequal length, a path swept twice, a bad range', () => {
    expect(errorOf('zip:\n  - core.tmatmul.weights_per_cycle: [64, 128]\n    core.memory_port.width_bytes: [16]\nobjectives: [max tokens_per_s]\n')).toMatch(
      /^sw\.yaml:5:35: zip\.0\.core\.memory_port\.width_bytes: has 1 values; the group's first path has 2/,
    );
    expect(errorOf('axes:\n  core.clock_mhz: [100]\nzip:\n  - core.clock_mhz: [200]\nobjectives: [max tokens_per_s]\n')).toMatch(/^sw\.yaml:6:21: zip\.0\.core\.clock_mhz: 'core\.clock_mhz' is already swept by axes/);
    expect(errorOf('axes:\n  core.clock_mhz: {range: [100, 300], step: 50, count: 3}\nobjectives: [max tokens_per_s]\n')).toMatch(/^sw\.yaml:4:19: axes\.core\.clock_mhz: give exactly one of step or count/);
    expect(errorOf('axes:\n  core.clock_mhz: {range: [0, 300], count: 3, scale: log}\nobjectives: [max tokens_per_s]\n')).toMatch(/^sw\.yaml:4:27: axes\.core\.clock_mhz\.range: a log scale needs lo > 0/);
  });
  it('a reference point must name every objective, a missing key is reported where it belongs, YAML syntax errors have their position', () => {
    expect(errorOf('objectives: [max tokens_per_s, min power_w.total]\nreference_point: {tokens_per_s: 0}\n')).toMatch(/^sw\.yaml:4:18: reference_point: needs a value for every objective: power_w\.total is missing/);
    expect(errorOf('axes: {}\n')).toMatch(/^sw\.yaml:1:1: objectives: .*\(key is missing\)/);
    expect(errorOf('objectives: [max tokens_per_s\n')).toMatch(/^sw\.yaml:\d+:\d+: YAML syntax error/);
  });
  it('a missing spec file, and a missing model, name the file', () => {
    expect(() => loadSweepSpec(join(dir, 'nope.yaml'))).toThrow(/nope\.yaml: cannot read file/);
    const f = join(dir, 'm.yaml');
    writeFileSync(f, `base: ${ROOT}/arch-configs/d5005-burst.yaml\nmodel: ./no-model\nobjectives: [max tokens_per_s]\n`);
    expect(() => loadSweepSpec(f)).toThrow(/m\.yaml: model: model directory .*no-model has no config\.json/);
  });
  it('defaults: timing for a synthetic card, full for a checkpoint, constraints [feasible], grid, 1 token', () => {
    const s = spec('objectives: [max tokens_per_s]\n');
    expect(s.spec.mode).toBe('timing');
    expect(s.spec.constraints).toEqual(['feasible']);
    expect(s.spec.sample).toBe('grid');
    expect(s.spec.tokens).toBe(1);
    expect(s.prompts).toEqual([[1]]); // the card's BOS id
    const tiny = parseSweepSpec(`base: ${ROOT}/arch-configs/d5005-burst.yaml\nmodel: ${ROOT}/models/pycode-tiny\nobjectives: [max tokens_per_s]\n`, 't.yaml');
    expect(tiny.spec.mode).toBe('full');
  });
});

describe('axes and points', () => {
  it('ranges: linear step, count, log step (a factor) and log count, integers when the ends are', () => {
    expect(axisValues({ range: [100, 300], step: 50, scale: 'linear' })).toEqual([100, 150, 200, 250, 300]);
    expect(axisValues({ range: [0.1, 0.5], step: 0.1, scale: 'linear' })).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
    expect(axisValues({ range: [64, 512], step: 2, scale: 'log' })).toEqual([64, 128, 256, 512]);
    expect(axisValues({ range: [64, 512], count: 4, scale: 'log' })).toEqual([64, 128, 256, 512]);
    expect(axisValues({ range: [1, 2], count: 3, scale: 'linear' })).toEqual([1, 2]); // integers: 1, 1.5→2, 2 merged
    expect(axisValues({ range: [1, 2], count: 3, scale: 'linear', integer: false })).toEqual([1, 1.5, 2]);
    expect(axisValues(['intel-pac-d5005', 'amd-alveo-u280'])).toEqual(['intel-pac-d5005', 'amd-alveo-u280']);
  });

  it('a space of axes and zip groups; grid order, random and Latin samples are seeded and distinct', () => {
    const s = spec(
      'axes:\n  core.clock_mhz: [100, 200, 300]\n  memory.channels: [1, 2, 4, 8]\nzip:\n  - core.tmatmul.weights_per_cycle: [64, 128]\n    core.memory_port.width_bytes: [16, 32]\nobjectives: [max tokens_per_s]\n',
    );
    expect(s.space.size).toBe(24);
    const grid = gridPoints(s.space);
    expect(grid).toHaveLength(24);
    expect(pointParams(s.space, grid[1]!)).toEqual({ 'core.clock_mhz': 100, 'memory.channels': 1, 'core.tmatmul.weights_per_cycle': 128, 'core.memory_port.width_bytes': 32 });
    const keys = (ps: readonly (readonly number[])[]) => ps.map((p) => p.join(','));
    expect(keys(randomPoints(s.space, 10, 4))).toEqual(keys(randomPoints(s.space, 10, 4)));
    expect(new Set(keys(randomPoints(s.space, 10, 4))).size).toBe(10);
    expect(keys(randomPoints(s.space, 10, 5))).not.toEqual(keys(randomPoints(s.space, 10, 4)));
    // Latin: with n equal to a dimension's size, every value of it appears exactly once.
    const lhs = latinPoints(s.space, 4, 9);
    expect(lhs.map((p) => p[1]).sort()).toEqual([0, 1, 2, 3]);
    expect(keys(latinPoints(s.space, 4, 9))).toEqual(keys(lhs));
  });

  it('applyParams sets dotted paths, replaces whole sections, leaves the base untouched; parseArch validates the point', () => {
    const base = loadArch(`${ROOT}/arch-configs/d5005-burst.yaml`);
    const before = JSON.stringify(base);
    const a = applyParams(base, { 'core.tmatmul.weights_per_cycle': 64, memory: { model: 'hbm2', pseudo_channels: 8 }, 'device.id': 'amd-alveo-u280' });
    expect(JSON.stringify(base)).toBe(before);
    const arch = parseArch(a);
    expect(arch.core.tmatmul.weights_per_cycle).toBe(64);
    expect(arch.memory).toMatchObject({ model: 'hbm2', pseudo_channels: 8, preset: 'hbm2-1800' });
    expect(arch.device.id).toBe('amd-alveo-u280');
    expect(() => parseArch(applyParams(base, { 'memory.channels': 3 }), 'point')).toThrow(/point: memory\.channels: must be a power of two/);
    const space = buildSpace({ axes: { 'core.clock_mhz': [100] }, zip: [] });
    expect(space.size).toBe(1);
  });
});
