import type { DramEnergyTable, IddCurrents } from './dram-activity.ts';
import type { DramStandard } from './dram-standard.ts';

/** Device organisation of one DRAM part (an HBM2 pseudo-channel: one rank of its banks). */
export interface DramOrganisation {
  /** Device density in Gbit. */
  densityGbit: number;
  /** Data pins per device (x4 / x8 / x16; 64 for an HBM2 pseudo-channel). */
  deviceWidth: number;
  bankGroups: number;
  banksPerGroup: number;
  rows: number;
  /** Columns per row (device columns; one burst spans `burstLength` of them). */
  columns: number;
  /** Burst length (DDR4 BL8, HBM2 BL4). */
  burstLength: number;
}

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
export interface DramConfig {
  technology: 'ddr4' | 'hbm2';
  standard: DramStandard;
  presetName: string;
  clockHz: number;
  org: DramOrganisation;
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
  /**
   * Controller semantics: 'mmfsim' (ChannelController: a request is in its bank's queue as
   * soon as it enters) or 'dramsim3' (CommandQueueController: DRAMsim3 2981759's transaction
   * queues feeding per-bank command queues one transaction a cycle; docs/dram.md).
   */
  controller: 'mmfsim' | 'dramsim3';
  /** dramsim3: column commands an open row serves before a waiting miss may close it. */
  rowHitCap: number;
  /** dramsim3: a row and a column command may issue in the same cycle (HBM's two buses). */
  dualCommand: boolean;
  /**
   * dramsim3: writes in the buffer that start a drain when every command queue is empty.
   * DRAMsim3 waits for more than 8 (9), so up to 8 writes can stay buffered for good; 1
   * drains them whenever the controller is otherwise idle, as a real controller must.
   */
  idleWriteDrain: number;
}

/** The `controller` keys of a DDR4 / HBM2 `memory:` section, resolved. */
export function controllerConfig(spec: { controller: 'mmfsim' | 'dramsim3'; row_hit_cap: number; hold_idle_writes: boolean }, dualCommand: boolean): Pick<DramConfig, 'controller' | 'rowHitCap' | 'dualCommand' | 'idleWriteDrain'> {
  return { controller: spec.controller, rowHitCap: spec.row_hit_cap, dualCommand, idleWriteDrain: spec.hold_idle_writes ? 9 : 1 };
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

/** The energy table the power model applies to this memory's activity (IDD method), with the technology's sources. */
export function dramEnergyTable(config: DramConfig, sources: Pick<DramEnergyTable, 'iddSource' | 'ioPjPerBit'>): DramEnergyTable {
  const t = config.timing;
  return {
    idd: config.idd,
    iddSource: sources.iddSource,
    timing: { tCKns: 1e9 / config.clockHz, tRC: t.tRC, tRAS: t.tRAS, tRFC: t.tRFC, tBL: t.tBL },
    devicesPerRank: config.devicesPerRank,
    ioPjPerBit: sources.ioPjPerBit,
  };
}

/** Peak data bandwidth: every channel's bus busy every cycle, two transfers per clock (DDR) of `busBytes`. */
export function dramPeakBytesPerS(config: DramConfig, busBytes: number): number {
  return config.clockHz * 2 * busBytes * config.channels;
}
