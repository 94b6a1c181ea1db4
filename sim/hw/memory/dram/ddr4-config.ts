import type { Ddr4MemorySpec } from '../../../arch/memory-schema.ts';
import type { IddCurrents } from '../../../power/dram-energy.ts';
import { DDR4_PRESETS, type Ddr4Organisation } from './ddr4-presets.ts';
import { DDR4_STANDARD, DDR4_TIMING_NAMES, type Ddr4Timing } from './ddr4-standard.ts';
import type { DramStandard } from './dram-standard.ts';

/** Bytes per BL8 burst on a 64-bit DDR4 channel. */
export const DDR4_BURST_BYTES = 64;

/**
 * Resolved timing of any standard (DDR4, HBM2): the names its constraint table uses, plus the
 * ones the controller and the energy model read directly.
 */
export type DramTiming = Readonly<Record<string, number>> & {
  readonly CL: number;
  readonly CWL: number;
  readonly tBL: number;
  readonly tRC: number;
  readonly tRAS: number;
  readonly tRFC: number;
  readonly tREFI: number;
};

/**
 * Everything the DRAM model needs, resolved to plain numbers: the model never sees YAML,
 * presets by name or CLI flags. The same shape drives DDR4 and HBM2 (a pseudo-channel is a
 * channel with one rank); `standard` and `burstBytes` say which.
 */
export interface Ddr4Config {
  technology: 'ddr4' | 'hbm2';
  standard: DramStandard;
  presetName: string;
  clockHz: number;
  org: Ddr4Organisation;
  timing: DramTiming;
  /** Bytes one column command moves (64: DDR4 BL8 × 64 bits; 32: HBM2 BL4 × 64 bits). */
  burstBytes: number;
  idd: IddCurrents;
  channels: number;
  ranks: number;
  /**
   * Multiplier on the IDD energy per rank: DDR4 devices per rank; for HBM2 the share of a
   * 128-bit channel's currents that one pseudo-channel draws (0.5).
   */
  devicesPerRank: number;
  pagePolicy: 'open' | 'closed';
  mapping: string;
  readQueue: number;
  writeQueue: number;
  bankQueue: number;
  scheduler: 'frfcfs' | 'fcfs';
  /** Write-drain thresholds in entries (from the watermark fractions). */
  writeHighEntries: number;
  writeLowEntries: number;
  refresh: boolean;
  /** Shell latency each way, in whole DRAM cycles (rounded up). */
  shellCycles: number;
}

/** A preset's timing with the YAML's per-parameter overrides applied. */
export function presetTimingWithOverrides<N extends string, T extends Record<N, number>>(preset: T, names: readonly N[], overrides: Partial<Record<N, number>>): T {
  const timing = { ...preset };
  for (const name of names) {
    const v = overrides[name];
    if (v !== undefined) timing[name] = v as T[N];
  }
  return timing;
}

/** The board shell's latency each way in whole DRAM cycles (rounded up: a shell never answers faster). */
export function shellLatencyCycles(ns: number, clockHz: number): number {
  // 1e-9 guards float noise in ns·Hz.
  return Math.max(0, Math.ceil((ns * clockHz) / 1e9 - 1e-9));
}

/** Resolve a validated `memory:` section with `model: ddr4` into a model config. */
export function resolveDdr4Config(spec: Ddr4MemorySpec): Ddr4Config {
  const preset = DDR4_PRESETS[spec.preset];
  if (!preset) throw new RangeError(`unknown DDR4 preset '${spec.preset}'`);
  const timing = presetTimingWithOverrides(preset.timing, DDR4_TIMING_NAMES, spec.timing);
  const shellCycles = shellLatencyCycles(spec.shell_latency_ns, preset.clockHz);
  return {
    technology: 'ddr4',
    standard: DDR4_STANDARD,
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
  };
}
