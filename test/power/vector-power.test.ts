import { describe, expect, it } from 'vitest';
import { programShapeFromConfig } from '../../sim/compiler/program-shape.ts';
import { ArchSchema, type ArchSpec } from '../../sim/arch/schema.ts';
import { partsOf } from '../../sim/isa/core-kinds.ts';
import { loadModelConfig } from '../../sim/model/config.ts';
import { busyFractions, powerReport } from '../../sim/power/power-report.ts';

const VECTOR_PARTS = partsOf('vector');

const config = loadModelConfig('models/mmfreelm-370m');

function arch(core: Record<string, unknown> = {}, device = 'intel-pac-d5005'): ArchSpec {
  return ArchSchema.parse({
    name: 'vector-power',
    device: { id: device },
    memory: { model: 'fixed', response_cycles: 12 },
    core: {
      clock_mhz: 150,
      memory_port: { width_bytes: 64, outstanding: 32, burst_beats: 1 },
      tmatmul: { weights_per_cycle: 256, fifo_bytes: 8192, accumulator_bits: 32 },
      rowwise: { elements_per_cycle: 16 },
      quantize: { elements_per_cycle: 16 },
      ...core,
    },
  });
}

const busy = { load_store: 20_000, tmatmul: 900_000, rowwise: 30_000, quantize: 40_000, sync: 0 };

function report(a: ArchSpec) {
  return powerReport({ arch: a, cycles: 1_000_000, cores: a.core.cores, unitBusyCycles: busy, simulated: { kind: 'vector', program: programShapeFromConfig(config, a.core) }, tokens: 1 });
}

describe('power report of the generalised core', () => {
  it('reports the vector units, not the paper core\'s register file', () => {
    const r = report(arch());
    expect(Object.keys(r.resources_by_unit)).toEqual([...VECTOR_PARTS]);
    expect(r.resources_by_unit['register_file']).toBeUndefined();
    for (const u of VECTOR_PARTS) expect(r.power_w.fpga_dynamic_by_unit[u]).toBeGreaterThanOrEqual(0);
    expect(r.power_w.fpga_dynamic_by_unit['scratchpad']).toBeGreaterThan(0);
    expect(r.busy_fraction['tmatmul']).toBeCloseTo(0.9, 12);
    expect(r.busy_fraction['weight_fifo']).toBeCloseTo(0.9, 12);
    expect(r.busy_fraction['scratchpad']).toBeCloseTo(0.9, 12);
    expect(r.busy_fraction['quantize']).toBeCloseTo(0.04, 12);
    expect(r.feasible).toBe(true);
  });

  it('a larger batch costs more block RAM and more scratchpad power', () => {
    const b1 = report(arch({ batch: 1 }));
    const b32 = report(arch({ batch: 32 }));
    expect(b32.resources_per_core.bram).toBeGreaterThan(b1.resources_per_core.bram);
    expect(b32.power_w.fpga_dynamic_by_unit['scratchpad']!).toBeGreaterThan(b1.power_w.fpga_dynamic_by_unit['scratchpad']!);
  });

  it('flags an overflowing scratchpad in the report', () => {
    const r = report(arch({ batch: 256, cores: 4 }, 'intel-agilex7-agfb014'));
    expect(r.feasible).toBe(false);
    expect(r.overflow[0]!.label).toBe('M20K');
  });

  it('busy fractions of derived units follow their sources and are capped at 1', () => {
    const f = busyFractions('vector', { load_store: 50, tmatmul: 10, rowwise: 5, quantize: 200, sync: 1 }, 100);
    expect(f).toEqual({ issue: 1, scratchpad: 1, load_store: 0.5, memory_port: 0.5, weight_fifo: 0.1, tmatmul: 0.1, quantize: 1, rowwise: 0.05, all_gather: 0.01 });
    expect(() => busyFractions('vector', { tmatmul: -1 }, 100)).toThrow(RangeError);
    const paper = busyFractions('paper', { load_store: 50, tmatmul: 10, rowwise: 5, rms: 70 }, 100);
    expect(paper).toEqual({ issue: 1, register_file: 0.7, load_store: 0.5, memory_port: 0.5, tmatmul: 0.1, rowwise: 0.05, rms: 0.7 });
    expect(Object.keys(paper)).toEqual(partsOf('paper'));
  });
});
