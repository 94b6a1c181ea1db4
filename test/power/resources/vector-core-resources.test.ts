import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../sim/compiler/compile-model.ts';
import { loadDevice } from '../../../sim/arch/device-catalogue.ts';
import { programShapeFromConfig, type VectorProgramShape } from '../../../sim/compiler/program-shape.ts';
import { ArchSchema, type ArchSpec } from '../../../sim/arch/schema.ts';
import { scratchpadBytes, scratchpadMemories } from '../../../sim/power/resources/scratchpad.ts';
import { vectorCoreResources } from '../../../sim/power/resources/core-resources.ts';
import { loadModelConfig, type ModelConfig } from '../../../sim/model/config.ts';
import { loadModel } from '../../../sim/model/load-model.ts';

const configs = {
  '370m': loadModelConfig('models/mmfreelm-370m'),
  '1.3b': loadModelConfig('models/mmfreelm-1.3b'),
  '2.7b': loadModelConfig('models/mmfreelm-2.7b'),
};

/** The d5005-burst core (256 lanes, 64-byte port, 16-lane quantise/row-wise units) with overrides. */
function arch(core: Record<string, unknown> = {}, device = 'intel-pac-d5005'): ArchSpec {
  return ArchSchema.parse({
    name: 'vector-test',
    device: { id: device },
    memory: { model: 'fixed', response_cycles: 12 },
    core: {
      clock_mhz: 150,
      address_bits: 33,
      memory_port: { width_bytes: 64, outstanding: 32, burst_beats: 1 },
      tmatmul: { weights_per_cycle: 256, fifo_bytes: 8192, accumulator_bits: 32 },
      rowwise: { elements_per_cycle: 16 },
      quantize: { elements_per_cycle: 16 },
      pipelining: { prefetch_weights: true, overlap_elementwise: true, fuse_projections: true },
      ...core,
    },
  });
}

const shapes = new Map<string, VectorProgramShape>();
function shape(config: ModelConfig, a: ArchSpec): VectorProgramShape {
  const key = `${config.hiddenSize}/${config.numLayers}/${a.core.cores}/${a.core.pipelining.fuse_projections}`;
  let s = shapes.get(key);
  if (!s) shapes.set(key, (s = programShapeFromConfig(config, a.core)));
  return s;
}
const estimate = (model: keyof typeof configs, a: ArchSpec) => vectorCoreResources(a, shape(configs[model], a));

describe('scratchpad from the compiled program', () => {
  const tiny = loadModel('models/pycode-tiny');
  const D = tiny.config.hiddenSize;
  const I = tiny.config.intermediateSize;
  const V = tiny.config.vocabSize;
  const L = tiny.config.numLayers;

  it('the shape-only compile declares exactly the buffers and instructions of the real one', () => {
    const a = arch();
    const real = compileModel(tiny, 0, { cores: 1, fuseProjections: true, layout: 'input-fastest' });
    const s = programShapeFromConfig(tiny.config, a.core);
    expect(s.buffers).toEqual(real.buffers);
    expect(s.instructions.map((i) => i.op)).toEqual(real.instructions.map((i) => i.op));
    expect(s.ddr.end).toBe(real.ddr.end);
  });

  it('keeps one copy of loaded constants, batch copies of slot buffers, layers × batch states', () => {
    const s = programShapeFromConfig(tiny.config, arch().core);
    const batch = 4;
    const mems = scratchpadMemories(s, batch, 32);
    const byName = new Map(mems.map((m) => [m.name, m]));
    expect(byName.get('gain_norm')!.copies).toBe(1);
    expect(byName.get('gain_down')!.copies).toBe(1);
    expect(byName.get('resid')!.copies).toBe(batch);
    expect(byName.get('logits')!.copies).toBe(batch);
    expect(byName.get('logits')!.length).toBe(V);
    const state = byName.get('state')!;
    expect(state.copies).toBe(L * batch);
    expect(state.elementBits).toBe(32);
    expect(mems.filter((m) => m.name.startsWith('h') && m.name !== 'h_t')).toEqual([]);
    // Hand count: slot f32 = resid x f c g h_t o y (8D) + gate_up 2I + glu I + logits V;
    // slot i8 = q_f q_i q_g q_o q_x (5D) + q_glu I; constants = 7 D-gains + gain_down I
    // (+ lower_bound D when a layer > 0 loads it); state L·D.
    const lowerBound = L > 1 ? D : 0;
    const expected = batch * (4 * (8 * D + 3 * I + V) + (5 * D + I)) + 4 * (7 * D + I + lowerBound) + 4 * L * D * batch;
    expect(scratchpadBytes(mems)).toBe(expected);
    // A bf16 state halves the state memory.
    expect(scratchpadBytes(scratchpadMemories(s, batch, 16))).toBe(expected - 2 * L * D * batch);
  });
});

describe('vector-core resources', () => {
  it('scratchpad RAM grows with batch', () => {
    const b = [1, 4, 16, 64].map((batch) => estimate('1.3b', arch({ batch })).per_core_by_unit.scratchpad.bram);
    for (let i = 1; i < b.length; i++) expect(b[i]!).toBeGreaterThan(b[i - 1]!);
  });

  it('scratchpad RAM grows with model size: 370M < 1.3B < 2.7B', () => {
    for (const batch of [1, 8]) {
      const a = arch({ batch });
      const s = (['370m', '1.3b', '2.7b'] as const).map((m) => estimate(m, a).per_core_by_unit.scratchpad.bram);
      expect(s[0]!).toBeLessThan(s[1]!);
      expect(s[1]!).toBeLessThan(s[2]!);
    }
  });

  it('total RAM grows with cores, and the ring appears only with several cores', () => {
    const one = estimate('1.3b', arch({ cores: 1 }));
    const four = estimate('1.3b', arch({ cores: 4 }));
    expect(four.total.bram).toBeGreaterThan(one.total.bram);
    expect(four.total.bram - four.shell.bram).toBe(4 * four.per_core.bram);
    expect(one.per_core_by_unit.all_gather.logic).toBe(0);
    expect(four.per_core_by_unit.all_gather.logic).toBeGreaterThan(0);
  });

  it('marks a 2.7B scratchpad with a large batch on a small device infeasible, naming the block RAM', () => {
    const e = estimate('2.7b', arch({ batch: 64 }, 'intel-agilex7-agfb014'));
    expect(e.feasible).toBe(false);
    expect(e.overflow[0]!.resource).toBe('bram');
    expect(e.infeasible_reason).toMatch(/M20K .* needed, 7,110 available/);
    // The same core with one batch slot fits.
    expect(estimate('2.7b', arch({ batch: 1 }, 'intel-agilex7-agfb014')).feasible).toBe(true);
  });

  it('uses URAM on UltraScale+ for the large, well-filled buffers only', () => {
    const e = estimate('1.3b', arch({ batch: 8 }, 'amd-alveo-u280'));
    expect(e.per_core_by_unit.scratchpad.uram).toBeGreaterThan(0);
    expect(e.per_core_by_unit.scratchpad.bram).toBeGreaterThan(0);
    expect(loadDevice('intel-pac-d5005').family.uram).toBeNull();
    expect(estimate('1.3b', arch({ batch: 8 })).per_core.uram).toBe(0);
  });

  it('exact vs LUT nonlinearity changes the row-wise unit; table size follows lut_bits', () => {
    const exact = estimate('370m', arch({ datapath: { nonlinear: 'exact' } })).per_core_by_unit.rowwise;
    const lut8 = estimate('370m', arch({ datapath: { nonlinear: 'lut', lut_bits: 8 } })).per_core_by_unit.rowwise;
    const lut14 = estimate('370m', arch({ datapath: { nonlinear: 'lut', lut_bits: 14 } })).per_core_by_unit.rowwise;
    expect(lut8.logic).toBeLessThan(exact.logic);
    expect(lut8.registers).toBeLessThan(exact.registers);
    expect(lut8.dsp).toBeLessThan(exact.dsp);
    expect(exact.bram).toBe(0);
    expect(lut8.bram).toBeGreaterThan(0);
    expect(lut14.bram).toBeGreaterThan(lut8.bram);
  });

  it('accumulator width changes the tmatmul LUTs and FFs', () => {
    const a16 = estimate('370m', arch({ tmatmul: { weights_per_cycle: 256, fifo_bytes: 8192, accumulator_bits: 16 } })).per_core_by_unit.tmatmul;
    const a32 = estimate('370m', arch()).per_core_by_unit.tmatmul;
    expect(a32.logic).toBeGreaterThan(a16.logic);
    // 256 lanes reduce into one accumulator per row (rows of 1024 are longer than the lanes):
    // the accumulator and its output register widen by 16 bits each; the adder tree's levels
    // (9..16 bits over 256 inputs) are all narrower than 16 bits, so only the accumulator grows.
    expect(a32.registers - a16.registers).toBe(2 * 16);
  });

  it('the weight FIFO, quantise lanes and outstanding requests each move their unit', () => {
    const base = estimate('370m', arch());
    const bigFifo = estimate('370m', arch({ tmatmul: { weights_per_cycle: 256, fifo_bytes: 65536, accumulator_bits: 32 } }));
    expect(bigFifo.per_core_by_unit.weight_fifo.bram).toBeGreaterThan(base.per_core_by_unit.weight_fifo.bram);
    const q32 = estimate('370m', arch({ quantize: { elements_per_cycle: 32 } }));
    expect(q32.per_core_by_unit.quantize.logic).toBeGreaterThan(base.per_core_by_unit.quantize.logic);
    expect(q32.per_core_by_unit.quantize.dsp).toBeGreaterThan(base.per_core_by_unit.quantize.dsp);
    const o64 = estimate('370m', arch({ memory_port: { width_bytes: 64, outstanding: 64, burst_beats: 1 } }));
    expect(o64.per_core_by_unit.memory_port.registers).toBeGreaterThan(base.per_core_by_unit.memory_port.registers);
  });

  it('ignores the paper core\'s d and registers', () => {
    const a = estimate('370m', arch());
    const b = estimate('370m', arch({ d: 64, registers: 16 }));
    expect(b.per_core).toEqual(a.per_core);
  });

  it('property: on block-RAM-only fabrics a larger batch never lowers block RAM, more lanes never lower the lanes\' unit (seeded)', () => {
    let seed = 12345;
    const r = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    for (let i = 0; i < 24; i++) {
      const model = pick(['370m', '1.3b', '2.7b'] as const);
      const device = pick(['intel-pac-d5005', 'intel-agilex7-agfb014']);
      const width = pick([8, 16, 32, 64]);
      const lanes = pick([16, 64, 128, 256]);
      const base = {
        batch: pick([1, 2, 4, 8]),
        memory_port: { width_bytes: width, outstanding: pick([1, 4, 32]), burst_beats: 1 },
        tmatmul: { weights_per_cycle: lanes, fifo_bytes: pick([2048, 8192]), accumulator_bits: pick([16, 24, 32]) },
        rowwise: { elements_per_cycle: pick([1, 4, 16]) },
        quantize: { elements_per_cycle: pick([1, 4, 16]) },
        datapath: { nonlinear: pick(['exact', 'lut'] as const), lut_bits: pick([6, 8, 10]), state: pick(['fp32', 'bf16'] as const) },
      };
      const ea = estimate(model, arch(base, device));
      const a = ea.per_core;
      const moreBatch = estimate(model, arch({ ...base, batch: base.batch * 2 }, device)).per_core;
      const moreLanes = estimate(model, arch({ ...base, tmatmul: { ...base.tmatmul, weights_per_cycle: lanes * 2 } }, device));
      // Memories may move between block RAM, LUTRAM and registers as their shape changes
      // (fabric-mapping.ts, mapMemory), so only what cannot move is monotonic: the lanes'
      // own logic, and a deeper scratchpad's block RAM.
      for (const k of ['logic', 'registers', 'dsp'] as const) {
        expect(moreLanes.per_core_by_unit.tmatmul[k]).toBeGreaterThanOrEqual(ea.per_core_by_unit.tmatmul[k]);
      }
      expect(moreBatch.bram).toBeGreaterThan(a.bram);
    }
  });
});
