import { presetTimingWithOverrides, shellLatencyCycles, type DramConfig, controllerConfig } from '../../dram/dram-config.ts';
import { DDR4_PRESETS } from './ddr4-presets.ts';
import type { Ddr4MemorySpec } from './ddr4-schema.ts';
import { DDR4_STANDARD, DDR4_STANDARD_DRAMSIM3_TURNAROUNDS, DDR4_TIMING_NAMES } from './ddr4-standard.ts';

/** Bytes per BL8 burst on a 64-bit DDR4 channel. */
export const DDR4_BURST_BYTES = 64;

/** Resolve a validated `memory:` section with `model: ddr4` into a model config. */
export function resolveDdr4Config(spec: Ddr4MemorySpec): DramConfig {
  const preset = DDR4_PRESETS[spec.preset];
  if (!preset) throw new RangeError(`unknown DDR4 preset '${spec.preset}'`);
  const timing = presetTimingWithOverrides(preset.timing, DDR4_TIMING_NAMES, spec.timing);
  const shellCycles = shellLatencyCycles(spec.shell_latency_ns, preset.clockHz);
  return {
    technology: 'ddr4',
    standard: spec.turnarounds === 'dramsim3' ? DDR4_STANDARD_DRAMSIM3_TURNAROUNDS : DDR4_STANDARD,
    presetName: preset.name,
    clockHz: preset.clockHz,
    org: preset.org,
    timing,
    burstBytes: DDR4_BURST_BYTES,
    idd: preset.idd,
    channels: spec.channels,
    ranks: spec.ranks,
    devicesPerRank: spec.devices_per_rank,
    pagePolicy: spec.page_policy,
    mapping: spec.mapping,
    readQueue: spec.read_queue,
    writeQueue: spec.write_queue,
    bankQueue: spec.bank_queue,
    scheduler: spec.scheduler,
    writeHighEntries: Math.max(1, Math.ceil(spec.write_high_watermark * spec.write_queue)),
    writeLowEntries: Math.floor(spec.write_low_watermark * spec.write_queue),
    refresh: spec.refresh,
    shellCycles,
    // One command bus: one command a cycle.
    ...controllerConfig(spec, false),
  };
}
