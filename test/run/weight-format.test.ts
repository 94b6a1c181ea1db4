import { describe, expect, it } from 'vitest';
import { loadArch, parseArch } from '../../sim/arch/load-arch.ts';
import { loadModel } from '../../sim/model/load-model.ts';
import { ternaryMatrices } from '../../sim/model/ternary-model.ts';
import { runModel } from '../../sim/run/run-model.ts';

/** The same design storing its weights 2-bit and base-3 (1.6 bits) on the bundled trained model. */
describe('weights.format', () => {
  const model = loadModel('models/pycode-tiny');
  const base = loadArch('arch-configs/u280-hbm.yaml');
  const run = (format: string) => runModel({ arch: parseArch({ ...base, weights: { format } }), model, promptIds: [100, 101, 102], tokens: 3 });
  const twoBit = run('ternary-2bit');
  const base3 = run('ternary-base3-5per8');

  it('gives bit-identical tokens in both formats', () => {
    expect(twoBit.ids).not.toBeNull();
    expect(base3.ids).toEqual(twoBit.ids);
    expect(base3.sequences).toEqual(twoBit.sequences);
  });

  it('lays out and streams rows of ⌈cols/5⌉ bytes instead of ⌈cols/4⌉: fewer weight bytes by exactly that ratio', () => {
    const matrices = ternaryMatrices(model);
    const bytes = (perByte: number) => matrices.reduce((a, m) => a + m.rows * Math.ceil(m.cols / perByte), 0);
    // Rows are split over the cores; every core streams its own rows.
    const streamed = (r: typeof twoBit) => r.programs.reduce((a, p) => a + p.ddr.weightBytes, 0);
    expect(twoBit.programs.length).toBeGreaterThan(1);
    expect(streamed(twoBit)).toBe(bytes(4));
    expect(streamed(base3)).toBe(bytes(5));
    // Everything but the weights is the same traffic, so the difference is the weights' alone, every pass.
    const passes = twoBit.prefillPasses.length + twoBit.perTokenCycles.length;
    expect(base3.prefillPasses.length + base3.perTokenCycles.length).toBe(passes);
    expect(twoBit.memory.bytesRead - base3.memory.bytesRead).toBe(passes * (bytes(4) - bytes(5)));
  });

  it('the default stays 2-bit', () => {
    expect(base.weights.format).toBe('ternary-2bit');
  });
});

describe('the base-3 decoder in the resource estimate', () => {
  it('adds ⌈lanes / 5⌉ byte decoders to the ternary matmul unit, with their provenance, and the estimate grows', async () => {
    const { vectorCoreResources } = await import('../../sim/power/resources/core-resources.ts');
    const { vectorCoreDemands, vectorCoreResourceParams } = await import('../../sim/power/resources/vector-core-demand.ts');
    const { loadCoreUnitCosts } = await import('../../sim/power/resources/unit-cost-table.ts');
    const { programShapeFromConfig } = await import('../../sim/compiler/program-shape.ts');
    const { ProvenanceLog } = await import('../../sim/arch/provenance.ts');
    const { WEIGHT_FORMATS } = await import('../../sim/isa/weight-formats.ts');
    const arch = loadArch('arch-configs/u280-hbm.yaml');
    const shape = programShapeFromConfig(loadModel('models/pycode-tiny').config, arch.core);
    const log = new ProvenanceLog();
    const demand = (format: 'ternary-2bit' | 'ternary-base3-5per8') => vectorCoreDemands(vectorCoreResourceParams(arch.core, format), shape, loadCoreUnitCosts(), log).tmatmul;
    const decode = WEIGHT_FORMATS['ternary-base3-5per8'].decode;
    const bytes = Math.ceil(arch.core.tmatmul.weights_per_cycle / 5);
    expect(demand('ternary-base3-5per8').lut - demand('ternary-2bit').lut).toBe(bytes * decode.lutsPerByte);
    expect(demand('ternary-base3-5per8').ff - demand('ternary-2bit').ff).toBe(bytes * decode.ffsPerByte);
    expect(log.list().map((e) => e.coefficient)).toContain('weight-formats.ternary-base3-5per8.decode.luts_per_byte');
    const two = vectorCoreResources(arch, shape);
    const three = vectorCoreResources({ ...arch, weights: { format: 'ternary-base3-5per8' } }, shape);
    expect(three.per_core_by_unit.tmatmul.logic).toBeGreaterThan(two.per_core_by_unit.tmatmul.logic);
  });
});
