import { describe, expect, it } from 'vitest';
import { loadArch, parseArch } from '../../sim/arch/load-arch.ts';
import { loadModel } from '../../sim/model/load-model.ts';
import { simulate } from '../../sim/run/simulate.ts';

/** The shipped U280 design with its weights moved from HBM2 into the device's URAM. */
describe('memory.model: onchip in a run', () => {
  const model = loadModel('models/pycode-tiny');
  const base = loadArch('arch-configs/u280-hbm.yaml');
  const hbm = simulate({ arch: base, model, promptIds: [100, 101, 102], tokens: 2 });
  const onchip = simulate({ arch: parseArch({ ...base, core: { ...base.core, memory_sharing: 'private' }, memory: { model: 'onchip', block: 'uram' } }), model, promptIds: [100, 101, 102], tokens: 2 });

  it('computes the same tokens (the values do not depend on where the weights live)', () => {
    expect(onchip.ids).toEqual(hbm.ids);
    expect(onchip.fidelity?.exact).toBe(true);
  });

  it('charges on-chip reads instead of DRAM traffic, and counts the URAM the weights take', () => {
    expect(onchip.power_w.dram_core + onchip.power_w.dram_io + onchip.power_w.dram_background).toBe(0);
    const perBit = onchip.provenance.find((p) => p.coefficient === 'onchip.uram.read_pj_per_bit')!;
    expect(perBit.provenance).toBe('assumed');
    // Energy per bit read × bits read over the run's time.
    expect(onchip.power_w.fpga_dynamic_by_unit['weight_memory']).toBeCloseTo((perBit.value * 1e-12 * 8 * onchip.ddr.bytes_read) / onchip.time_s, 9);
    expect(onchip.power.resources_weight_memory?.uram).toBe(960);
    expect(onchip.resources.uram.used).toBeGreaterThanOrEqual(960);
    expect(hbm.power_w.fpga_dynamic_by_unit['weight_memory']).toBeUndefined();
  });
});
