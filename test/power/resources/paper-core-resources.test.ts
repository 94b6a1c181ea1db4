import { describe, expect, it } from 'vitest';
import { CoreSchema } from '../../../sim/arch/core-schema.ts';
import { loadDevice } from '../../../sim/arch/device-catalogue.ts';
import { estimateArchResources, paperCoreResources } from '../../../sim/power/resources/core-resources.ts';
import { paperCoreResourceParams, type PaperCoreResourceParams } from '../../../sim/power/resources/paper-core-demand.ts';
import { loadCoreUnitCosts, type CoreUnitCosts } from '../../../sim/power/resources/unit-cost-table.ts';
import { ArchSchema } from '../../../sim/arch/schema.ts';
import { ProvenanceLog } from '../../../sim/arch/provenance.ts';
import { partsOf } from '../../../sim/isa/core-kinds.ts';

const d5005 = loadDevice('intel-pac-d5005');
const paper = paperCoreResourceParams(CoreSchema.parse({ kind: 'paper' }));

describe('resource estimate', () => {
  it('puts the paper core on the D5005 beside the FIM, limited by ALMs', () => {
    const e = paperCoreResources(paper, d5005);
    expect(Object.keys(e.per_core_by_unit)).toEqual(partsOf('paper'));
    expect(e.feasible).toBe(true);
    expect(e.infeasible_reason).toBeNull();
    expect(e.total.logic).toBe(e.per_core.logic + e.shell.logic);
    expect(e.per_core.logic).toBeGreaterThan(10_000);
    // ALMs run out first: the core-count bound from ALMs is below the M20K and DSP bounds.
    const free = (k: 'logic' | 'bram') => d5005.device.available[k].value - e.shell[k];
    expect(Math.floor(free('logic') / e.per_core.logic)).toBe(e.max_cores);
    expect(Math.floor(free('bram') / e.per_core.bram)).toBeGreaterThan(e.max_cores);
  });

  it('multiplies cores and adds the shell once', () => {
    const one = paperCoreResources(paper, d5005, { cores: 1 });
    const four = paperCoreResources(paper, d5005, { cores: 4 });
    expect(four.total.logic).toBe(4 * one.per_core.logic + one.shell.logic);
    expect(four.total.bram).toBe(4 * one.per_core.bram + one.shell.bram);
    const bare = paperCoreResources(paper, d5005, { includeShell: false });
    expect(bare.total).toEqual(one.per_core);
  });

  it('reports an infeasible design with the overflowing resource and by how much', () => {
    const e = paperCoreResources(paper, d5005, { cores: e0MaxCores() + 1 });
    expect(e.cores).toBe(13);
    expect(e.feasible).toBe(false);
    expect(e.overflow[0]!.resource).toBe('logic');
    expect(e.overflow[0]!.label).toBe('ALM');
    expect(e.overflow[0]!.excess).toBe(e.total.logic - 933_120);
    expect(e.overflow[0]!.excess).toBeGreaterThan(0);
    expect(e.infeasible_reason).toMatch(/13 cores do not fit intel-pac-d5005: ALM [\d,]+ needed, 933,120 available, [\d,]+ over \(\+\d+\.\d%\)/);
    expect(e.infeasible_reason!.split('\n')).toHaveLength(1);
  });

  it('names M20K when block RAM overflows first', () => {
    const costs = withStorage('ram');
    const huge: PaperCoreResourceParams = { ...paper, d: 1 << 20, registers: 64 };
    const e = paperCoreResources(huge, d5005, { costs });
    expect(e.feasible).toBe(false);
    expect(e.overflow[0]!.resource).toBe('bram');
    expect(e.infeasible_reason).toMatch(/M20K/);
  });

  it('uses block RAM instead of ALMs when the storage style says so', () => {
    const flops = paperCoreResources(paper, d5005, { includeShell: false });
    const ram = paperCoreResources(paper, d5005, { includeShell: false, costs: withStorage('ram') });
    expect(ram.per_core.logic).toBeLessThan(flops.per_core.logic / 5);
    expect(ram.per_core.bram).toBeGreaterThan(flops.per_core.bram);
  });

  it('records the provenance of every coefficient it used', () => {
    const log = new ProvenanceLog();
    const e = paperCoreResources(paper, d5005, { log });
    expect(e.per_core_by_unit.rowwise.dsp).toBe(1); // one 8×8 multiplier: half a DSP block, rounded up
    const names = log.list().map((p) => p.coefficient);
    expect(names).toContain('intel-pac-d5005.available.logic');
    expect(names).toContain('intel-pac-d5005.shell.resources.logic');
    expect(names).toContain('stratix10.logic.packing_efficiency');
    expect(names).toContain('core-units.storage.vector_registers');
    expect(log.list().find((p) => p.coefficient === 'stratix10.logic.packing_efficiency')!.provenance).toBe('assumed');
    expect(new Set(names).size).toBe(names.length);
  });
});

function e0MaxCores(): number {
  return paperCoreResources(paper, d5005).max_cores;
}

function withStorage(style: 'flops' | 'ram'): CoreUnitCosts {
  const base = loadCoreUnitCosts();
  return {
    ...base,
    storage: {
      vector_registers: { ...base.storage.vector_registers, style },
      accumulators: { ...base.storage.accumulators, style },
    },
  };
}

describe('estimateArchResources', () => {
  it('estimates an arch spec on its own device and shell setting', () => {
    const arch = ArchSchema.parse({ name: 't', core: { kind: 'paper', d: 64 }, memory: { model: 'fixed', response_cycles: 3 }, device: { id: 'amd-alveo-u250', include_shell: false } });
    const e = estimateArchResources(arch, 3);
    expect(e.device_id).toBe('amd-alveo-u250');
    expect(e.shell.logic).toBe(0);
    expect(e.total.logic).toBe(3 * e.per_core.logic);
    expect(e.resources.logic.label).toBe('LUT');
  });

  it('refuses a vector core, whose scratchpad comes from the compiled program', () => {
    const arch = ArchSchema.parse({ name: 't', core: { kind: 'vector' }, memory: { model: 'fixed', response_cycles: 3 } });
    expect(() => estimateArchResources(arch)).toThrow(/core\.kind: a vector core's resources depend on the program/);
  });
});
