import type { MemoryTechnology } from '../../memory-technology.ts';
import { OnChipMemory } from './onchip-memory.ts';
import { OnChipMemorySchema, onChipOrganisation, type OnChipMemorySpec } from './onchip-schema.ts';

/**
 * Read energy per bit of each block kind (pJ), labelled: no vendor publishes it per bit, so
 * the figures are estimates from the hardware, overridable with `read_pj_per_bit`.
 */
export const ONCHIP_READ_ENERGY = {
  uram: {
    value: 0.3,
    provenance: 'assumed',
    note: 'UltraRAM read, 16 nm: a 72-bit read of a 288 Kbit macro with its local routing, ~20 pJ per read (the order XPE shows for URAM at full activity), /72 bits ~ 0.3 pJ/bit. Not read from an XPE run.',
  },
  bram: {
    value: 0.5,
    provenance: 'assumed',
    note: 'Block RAM read (BRAM36 / M20K): a smaller macro with relatively more periphery per bit than URAM, ~0.5 pJ/bit including the local routing. Not read from a power-estimator run.',
  },
} as const;

/** Weights in the FPGA's block memories: banks × width bits per core cycle, fixed read latency. */
export const onchipTechnology: MemoryTechnology<OnChipMemorySpec> = {
  name: 'onchip',
  description: "Weights in the FPGA's own block memories (URAM / BRAM36 / M20K from the device catalogue): banks x width bits per core cycle, fixed read latency",
  schema: OnChipMemorySchema,
  channelKey: null,
  channels: () => 0,
  withChannels: (spec) => spec,
  // banks × width bits every core cycle (the blocks are clocked with the core).
  peakBytesPerS: (spec, ctx) => {
    if (!ctx) return Infinity;
    const o = onChipOrganisation(spec);
    return ((o.banks * o.widthBits) / 8) * ctx.coreClockHz;
  },
  burstBytes: () => null,
  create: (spec, ctx) => {
    const o = onChipOrganisation(spec);
    return new OnChipMemory({ clockHz: ctx.coreClockHz, banks: o.banks, widthBits: o.widthBits, readLatencyCycles: spec.read_latency_cycles });
  },
  energyTable: () => null,
  readEnergyPjPerBit: (spec) => {
    const figure = ONCHIP_READ_ENERGY[spec.block];
    return spec.read_pj_per_bit === undefined ? { ...figure } : { value: spec.read_pj_per_bit, provenance: 'assumed', note: 'Set in the arch YAML (memory.read_pj_per_bit).' };
  },
  summary: (spec) => ({ block: spec.block, banks: spec.banks ?? 'device', bank_bits: spec.bank_bits ?? 'device', width_bits: spec.width_bits ?? 'device', read_latency_cycles: spec.read_latency_cycles }),
};
