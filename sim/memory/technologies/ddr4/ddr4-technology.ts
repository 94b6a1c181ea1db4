import { dramEnergyTable, dramPeakBytesPerS } from '../../dram/dram-config.ts';
import { DramMemory } from '../../dram/dram-memory.ts';
import type { MemoryTechnology } from '../../memory-technology.ts';
import { DDR4_BURST_BYTES, resolveDdr4Config } from './ddr4-config.ts';
import { Ddr4MemorySchema, type Ddr4MemorySpec } from './ddr4-schema.ts';

const DDR4_ENERGY_SOURCES = {
  iddSource: { provenance: 'datasheet', note: 'IDD currents of the DRAM part, from the memory preset (ddr4-presets.ts).' },
  ioPjPerBit: {
    value: 5.0,
    provenance: 'assumed',
    note: 'DDR4 x8 interface with ODT, both ends: published estimates range ~3-8 pJ/bit; the midpoint is taken. Override with power.dram_io_pj_per_bit.',
  },
} as const;

/** DDR4 channels simulated command by command on the generic DRAM controller with the DDR4 table. */
export const ddr4Technology: MemoryTechnology<Ddr4MemorySpec> = {
  name: 'ddr4',
  description: 'DDR4 SDRAM channels (JEDEC JESD79-4), command by command: FR-FCFS, refresh, IDD energy',
  schema: Ddr4MemorySchema,
  channelKey: 'channels',
  channels: (spec) => spec.channels,
  withChannels: (spec, channels) => ({ ...spec, channels }),
  // A 64-bit (8-byte) bus, two transfers per DRAM clock.
  peakBytesPerS: (spec) => dramPeakBytesPerS(resolveDdr4Config(spec), 8),
  burstBytes: () => DDR4_BURST_BYTES,
  dramConfig: (spec) => resolveDdr4Config(spec),
  create: (spec) => new DramMemory(resolveDdr4Config(spec)),
  energyTable: (spec) => dramEnergyTable(resolveDdr4Config(spec), DDR4_ENERGY_SOURCES),
  summary: (spec) => ({ preset: spec.preset, channels: spec.channels, ranks: spec.ranks, mapping: spec.mapping, page_policy: spec.page_policy, scheduler: spec.scheduler, refresh: spec.refresh }),
};
