import type { Hbm2MemorySpec } from './hbm2-schema.ts';
import { presetTimingWithOverrides, shellLatencyCycles, type DramConfig, controllerConfig } from '../../dram/dram-config.ts';
import { HBM2_PRESETS, HBM2_PSEUDO_CHANNEL_IDD_SHARE } from './hbm2-presets.ts';
import { HBM2_STANDARD, HBM2_TIMING_NAMES, type Hbm2Timing } from './hbm2-standard.ts';

/** Bytes one HBM2 column command moves on a 64-bit pseudo-channel: BL4 × 8 bytes. */
export const HBM2_BURST_BYTES = 32;
/** Bytes one column command moves on a 128-bit legacy-mode channel: BL4 × 16 bytes. */
export const HBM2_LEGACY_BURST_BYTES = 64;

/** Bytes per column command in the spec's channel mode. */
export function hbm2BurstBytes(spec: Pick<Hbm2MemorySpec, 'mode'>): number {
  return spec.mode === 'legacy' ? HBM2_LEGACY_BURST_BYTES : HBM2_BURST_BYTES;
}

/** The DRAM config of an HBM2 memory, plus the largest request its port accepts. */
export interface Hbm2Config extends DramConfig {
  technology: 'hbm2';
  /** Requests up to this size are split into 32-byte bursts (the controller's AXI burst). */
  maxRequestBytes: number;
}

/**
 * Resolve a validated `memory:` section with `model: hbm2`: each pseudo-channel becomes a
 * channel of the DRAM model with one rank, driven by the HBM2 constraint table. In legacy
 * mode a channel is a whole 128-bit channel: the same banks and timing (BL4 still holds the
 * bus for 2 clocks) moving 64 bytes per column command from a 2 KB page, drawing the
 * channel's full currents.
 */
export function resolveHbm2Config(spec: Hbm2MemorySpec): Hbm2Config {
  const preset = HBM2_PRESETS[spec.preset];
  if (!preset) throw new RangeError(`unknown HBM2 preset '${spec.preset}'`);
  const timing: Hbm2Timing = presetTimingWithOverrides(preset.timing, HBM2_TIMING_NAMES, spec.timing);
  const shellCycles = shellLatencyCycles(spec.shell_latency_ns, preset.clockHz);
  return {
    technology: 'hbm2',
    standard: HBM2_STANDARD,
    presetName: preset.name,
    clockHz: preset.clockHz,
    org: spec.mode === 'legacy' ? { ...preset.org, deviceWidth: 128, densityGbit: preset.org.densityGbit * 2 } : preset.org,
    timing,
    burstBytes: hbm2BurstBytes(spec),
    maxRequestBytes: Math.max(spec.max_request_bytes, hbm2BurstBytes(spec)),
    idd: preset.idd,
    channels: spec.pseudo_channels,
    ranks: 1,
    devicesPerRank: spec.mode === 'legacy' ? 1 : HBM2_PSEUDO_CHANNEL_IDD_SHARE,
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
    // HBM has separate row and column command buses (DRAMsim3 issues one of each a cycle).
    ...controllerConfig(spec, true),
  };
}
