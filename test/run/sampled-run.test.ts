import { describe, expect, it } from 'vitest';
import { loadArch } from '../../sim/arch/load-arch.ts';
import { firstLayers } from '../../sim/model/first-layers.ts';
import { loadModel } from '../../sim/model/load-model.ts';
import { measureSampledError, SAMPLED_ERROR_SPECS } from '../../sim/run/measure-sampled-error.ts';
import { runModel } from '../../sim/run/run-model.ts';
import { readSampledError, sampledErrorSummary, SAMPLED_ERROR_COMMAND } from '../../sim/run/sampled-error.ts';
import { linearInLayers, runModelSampled } from '../../sim/run/sampled-run.ts';
import { simulate } from '../../sim/run/simulate.ts';

const tiny = loadModel('models/pycode-tiny');

describe('linearInLayers', () => {
  it('carries numbers, arrays and objects linearly, rounding counts and never going below zero', () => {
    expect(linearInLayers(10, 13, 3)).toBe(19);
    expect(linearInLayers(10, 13, 0.5)).toBe(12); // 11.5 rounds: both inputs count something
    expect(linearInLayers(1.5, 2, 2)).toBe(2.5);
    expect(linearInLayers(10, 4, 3)).toBe(0); // a falling counter cannot go negative
    expect(linearInLayers([1, 2], [2, 4], 2)).toEqual([3, 6]);
    expect(linearInLayers({ a: 1, b: { c: 2 }, p: 'fcfs' }, { a: 2, b: { c: 5 }, p: 'fcfs' }, 4)).toEqual({ a: 5, b: { c: 14 }, p: 'fcfs' });
    // A counter only one run has started at zero in the other.
    expect(linearInLayers({ a: 1 } as Record<string, number>, { a: 1, b: 3 }, 2)).toEqual({ a: 1, b: 6 });
  });

  it('refuses what cannot be carried: arrays of different lengths, differing constants', () => {
    expect(() => linearInLayers([1], [1, 2], 2)).toThrow(/arrays of 1 and 2/);
    expect(() => linearInLayers({ p: 'fcfs' }, { p: 'round-robin' }, 2)).toThrow(/cannot extrapolate/);
  });
});

describe('firstLayers', () => {
  it('cuts the layer list and the config, sharing every weight', () => {
    const cut = firstLayers(tiny, 2);
    expect(cut.config.numLayers).toBe(2);
    expect(cut.layers).toHaveLength(2);
    expect(cut.layers[1]).toBe(tiny.layers[1]);
    expect(cut.lmHead).toBe(tiny.lmHead);
    expect(cut.embeddingRow(5)).toEqual(tiny.embeddingRow(5));
    expect(tiny.config.numLayers).toBe(4);
    expect(() => firstLayers(tiny, 0)).toThrow(RangeError);
    expect(() => firstLayers(tiny, 5)).toThrow(RangeError);
  });
});

describe('runModelSampled', () => {
  const arch = loadArch('arch-configs/d5005-burst.yaml');
  const req = { arch, model: tiny, promptIds: [100, 101, 102], tokens: 2, timingOnly: true };

  it('is x(1) + (L − 1)·(x(2) − x(1)) of the cut models\' whole runs, for every pass and counter', () => {
    const s = runModelSampled(req);
    const one = runModel({ ...req, model: firstLayers(tiny, 1) });
    const two = runModel({ ...req, model: firstLayers(tiny, 2) });
    expect(s.sampled).toEqual({ layers: 4, simulatedLayers: [1, 2], factor: 3, simulatedWhole: null });
    expect(s.totalCycles).toBe(one.totalCycles + 3 * (two.totalCycles - one.totalCycles));
    expect(s.perTokenCycles).toEqual(one.perTokenCycles.map((c, i) => c + 3 * (two.perTokenCycles[i]! - c)));
    expect(s.memory.bytesRead).toBe(one.memory.bytesRead + 3 * (two.memory.bytesRead - one.memory.bytesRead));
    expect(s.engineEvents).toBe(one.engineEvents + two.engineEvents);
    // Bytes read are exactly additive over layers: the extrapolation meets the whole run's.
    const whole = runModel(req);
    expect(s.memory.bytesRead).toBe(whole.memory.bytesRead);
    expect(s.memory.reads).toBe(whole.memory.reads);
    // The whole model's programs and stages: resources and breakdown describe all 4 layers.
    expect(s.programs[0]!.ddr.weightBytes).toBe(whole.programs[0]!.ddr.weightBytes);
    expect(Object.keys(s.stageCycles)).toEqual(Object.keys(whole.stageCycles));
    expect(s.bounds).toEqual(whole.bounds);
    expect(s.ids).toBeNull();
  });

  it('lands near the whole simulation (cycles within 3 % on the 4-layer model, where the head weighs most)', () => {
    const s = runModelSampled(req);
    const whole = runModel(req);
    expect(Math.abs(s.totalCycles - whole.totalCycles) / whole.totalCycles).toBeLessThan(0.03);
    expect(s.engineEvents).toBeLessThan(whole.engineEvents);
  });

  it('simulates whole, and says why, when the model has no more layers than a sample needs', () => {
    const two = firstLayers(tiny, 2);
    const s = runModelSampled({ ...req, model: two });
    const whole = runModel({ ...req, model: two });
    expect(s.sampled?.simulatedWhole).toMatch(/no more than the 2 a sample needs/);
    expect(s.totalCycles).toBe(whole.totalCycles);
  });

  it('a layer split samples one and two layers per board and keeps the whole split\'s stages', () => {
    const onchip = loadArch('arch-configs/published/tereffic-onchip-2x.yaml');
    const eight = loadModel('models/mmfreelm-370m');
    const s = runModelSampled({ arch: onchip, model: eight, promptIds: [1], tokens: 1, timingOnly: true });
    expect(s.sampled).toMatchObject({ layers: 24, simulatedLayers: [2, 4], factor: 11, simulatedWhole: null });
    expect(s.boards!.map((b) => b.stage.endLayer - b.stage.firstLayer).reduce((a, n) => a + n, 0)).toBe(24);
    expect(Object.keys(s.stageCycles).filter((k) => k.endsWith('.mlgru'))).toHaveLength(24);
    // Several sequences pipeline through the boards: not additive, so simulated whole.
    const piped = runModelSampled({ arch: { ...onchip, core: { ...onchip.core, batch: 2 } }, model: tiny, prompts: [[1], [2]], tokens: 1, timingOnly: true });
    expect(piped.sampled?.simulatedWhole).toBeTruthy();
  });
});

describe('sampled results', () => {
  it('mark themselves as estimates, with the error measured on the shipped configs', () => {
    const r = simulate({ arch: 'arch-configs/d5005-burst.yaml', model: tiny, promptIds: [100], tokens: 1, sampled: true });
    expect(r.timing_only).toBe(true);
    expect(r.sampled).toMatchObject({ layers: 4, simulated_layers: [1, 2], factor: 3, simulated_whole: null });
    expect(r.sampled!.error_on_shipped_configs).toEqual(sampledErrorSummary());
    expect(simulate({ arch: 'arch-configs/d5005-burst.yaml', model: tiny, promptIds: [100], tokens: 1 }).sampled).toBeNull();
  });
});

describe('sim/run/sampled-error.json', () => {
  const committed = readSampledError();

  it('has one entry per shipped config and card, each within its own stated error', () => {
    expect(committed.generated_by).toBe(SAMPLED_ERROR_COMMAND);
    expect(committed.entries.map((e) => `${e.arch} ${e.model}`)).toEqual(SAMPLED_ERROR_SPECS.map((s) => `${s.arch} ${s.model}`));
    const worst = sampledErrorSummary().max_abs_relative_error;
    for (const e of committed.entries) {
      for (const k of ['tokens_per_s', 'power_w', 'energy_per_token_j', 'cycles'] as const) {
        expect(e.relative_error[k], `${e.arch} ${e.model} ${k}`).toBeCloseTo((e.sampled[k] - e.exact[k]) / e.exact[k], 4);
        expect(Math.abs(e.relative_error[k])).toBeLessThanOrEqual(worst[k]);
      }
    }
  });

  it('d5005-burst on 370M: rerunning gives the committed entry exactly', () => {
    const spec = SAMPLED_ERROR_SPECS.find((s) => s.arch === 'arch-configs/d5005-burst.yaml' && s.model === 'models/mmfreelm-370m')!;
    expect(measureSampledError(spec, process.cwd())).toEqual(committed.entries.find((e) => e.arch === spec.arch && e.model === spec.model));
  });
});
