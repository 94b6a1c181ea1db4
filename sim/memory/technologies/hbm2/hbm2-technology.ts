import { dramEnergyTable, dramPeakBytesPerS } from '../../dram/dram-config.ts';
import type { MemoryTechnology } from '../../memory-technology.ts';
import { hbm2BurstBytes, resolveHbm2Config } from './hbm2-config.ts';
import { Hbm2Memory } from './hbm2-memory.ts';
import { Hbm2MemorySchema, type Hbm2MemorySpec } from './hbm2-schema.ts';

// HBM2 vendors publish no IDD tables: the simulators' per-channel figures, halved per
// pseudo-channel, are the best available and labelled as assumed.
const HBM2_ENERGY_SOURCES = {
  iddSource: { provenance: 'assumed', note: 'IDD current of one 128-bit HBM2 channel (DRAMsim3 HBM2_8Gb_x128); a pseudo-channel draws half (hbm2-presets.ts).' },
  ioPjPerBit: {
    value: 1.0,
    provenance: 'assumed',
    note: "Short interposer wires without termination: about a fifth of DDR4's interface energy. Override with power.dram_io_pj_per_bit.",
  },
} as const;

/** HBM2 pseudo-channels on the generic DRAM controller with the HBM2 table and 32-byte bursts. */
export const hbm2Technology: MemoryTechnology<Hbm2MemorySpec> = {
  name: 'hbm2',
  description: 'HBM2 in pseudo-channel mode (JEDEC JESD235), command by command: BL4, FR-FCFS, refresh, IDD energy',
  schema: Hbm2MemorySchema,
  channelKey: 'pseudo_channels',
  channels: (spec) => spec.pseudo_channels,
  withChannels: (spec, channels) => ({ ...spec, pseudo_channels: channels }),
  // A 64-bit (8-byte) pseudo-channel bus (128-bit in legacy mode), two transfers per clock.
  peakBytesPerS: (spec) => dramPeakBytesPerS(resolveHbm2Config(spec), hbm2BurstBytes(spec) / 4),
  burstBytes: (spec) => hbm2BurstBytes(spec),
  dramConfig: (spec) => resolveHbm2Config(spec),
  create: (spec) => new Hbm2Memory(resolveHbm2Config(spec)),
  energyTable: (spec) => dramEnergyTable(resolveHbm2Config(spec), HBM2_ENERGY_SOURCES),
  summary: (spec) => ({ preset: spec.preset, mode: spec.mode, pseudo_channels: spec.pseudo_channels, mapping: spec.mapping, page_policy: spec.page_policy, scheduler: spec.scheduler, refresh: spec.refresh, max_request_bytes: spec.max_request_bytes }),
};
