import type { MemorySpec } from '../arch/memory-schema.ts';
import { DDR4_BURST_BYTES } from '../hw/memory/dram/ddr4-memory.ts';
import { DDR4_PRESETS } from '../hw/memory/dram/ddr4-presets.ts';
import { HBM2_BURST_BYTES } from '../hw/memory/dram/hbm2-config.ts';
import { HBM2_PRESETS } from '../hw/memory/dram/hbm2-presets.ts';
import type { MemoryStats } from '../hw/memory/memory-model.ts';
import type { DramEnergyBreakdown, IddCurrents } from './dram-energy.ts';
import { averagePowerW, pjToJ } from './units.ts';

/**
 * DRAM power of a run, three separate lines (docs/memory-and-power.md, "DRAM energy (IDD method)"): command energy
 * (ACT/RD/WR/REF) and background (IDD3N bank-open / IDD2N precharged rank time), which the
 * DDR4 model computes with the IDD formulas of dram-energy.ts (the one copy of them), and
 * interface I/O + termination energy per bit transferred, which the IDD currents exclude.
 * Energies in J, powers in W over the run's time.
 */

/** Everything the DRAM power needs about one run (plain data from the memory model). */
export interface DramRun {
  technology: 'ddr4' | 'hbm2';
  /** IDD energy by class over the run, pJ, summed over channels and ranks (dram-energy.ts). */
  energyPj: Omit<DramEnergyBreakdown, 'total'>;
  /**
   * Bytes moved on the DRAM data bus (whole bursts: a 1-byte request still moves a 64-byte
   * DDR4 BL8 / 32-byte HBM2 BL4 burst), which is what the interface energy is paid on.
   */
  bytesRead: number;
  bytesWritten: number;
  /** The part's IDD currents, for the report's provenance (null when not known). */
  idd: IddCurrents | null;
  /** Channels the memory model simulated (their background is counted; others are not). */
  channels: number;
}

export interface DramPower {
  /** Command energy (ACT/RD/WR/REF), J. */
  core_j: number;
  /** Energy per command class, J. */
  core_by_command_j: { act: number; read: number; write: number; refresh: number };
  background_j: number;
  io_j: number;
  /** Average powers over the run, W. */
  core_w: number;
  background_w: number;
  io_w: number;
  total_w: number;
  /** Interface energy figure used, pJ per bit. */
  io_pj_per_bit: number;
}

export function dramPower(run: DramRun, ioPjPerBit: number, seconds: number): DramPower {
  const e = run.energyPj;
  const byCommand = { act: pjToJ(e.act), read: pjToJ(e.read), write: pjToJ(e.write), refresh: pjToJ(e.refresh) };
  const coreJ = byCommand.act + byCommand.read + byCommand.write + byCommand.refresh;
  const backgroundJ = pjToJ(e.background);
  const ioJ = pjToJ(ioPjPerBit * 8 * (run.bytesRead + run.bytesWritten));
  const coreW = averagePowerW(coreJ, seconds);
  const backgroundW = averagePowerW(backgroundJ, seconds);
  const ioW = averagePowerW(ioJ, seconds);
  return {
    core_j: coreJ,
    core_by_command_j: byCommand,
    background_j: backgroundJ,
    io_j: ioJ,
    core_w: coreW,
    background_w: backgroundW,
    io_w: ioW,
    total_w: coreW + backgroundW + ioW,
    io_pj_per_bit: ioPjPerBit,
  };
}

/**
 * The DRAM run of a memory model's stats: the DDR4 model reports its IDD energy by class in
 * `detail.energy_pj`; a model without DRAM energy (the fixed-latency memory) gives null.
 */
export function dramRunFromStats(stats: MemoryStats, memory: MemorySpec): DramRun | null {
  const e = stats.detail['energy_pj'];
  if (e === undefined || typeof e === 'number') return null;
  const need = (k: string): number => {
    const v = e[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new Error(`memory stats detail.energy_pj.${k} missing or invalid (${String(v)})`);
    }
    return v;
  };
  const count = (v: unknown): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new Error(`memory stats detail: expected a command count, got ${String(v)}`);
    return v;
  };
  switch (memory.model) {
    case 'ddr4':
      return {
        technology: 'ddr4',
        energyPj: { act: need('act'), read: need('read'), write: need('write'), refresh: need('refresh'), background: need('background') },
        bytesRead: count(stats.detail['rd']) * DDR4_BURST_BYTES,
        bytesWritten: count(stats.detail['wr']) * DDR4_BURST_BYTES,
        idd: DDR4_PRESETS[memory.preset]?.idd ?? null,
        channels: memory.channels,
      };
    case 'hbm2':
      // The IDD energy already applies the pseudo-channel's share of the per-channel currents
      // (hbm2-presets.ts); bytes are whole 32-byte BL4 bursts.
      return {
        technology: 'hbm2',
        energyPj: { act: need('act'), read: need('read'), write: need('write'), refresh: need('refresh'), background: need('background') },
        bytesRead: count(stats.detail['rd']) * HBM2_BURST_BYTES,
        bytesWritten: count(stats.detail['wr']) * HBM2_BURST_BYTES,
        idd: HBM2_PRESETS[memory.preset]?.idd ?? null,
        channels: memory.pseudo_channels,
      };
    case 'fixed':
      return null;
    default: {
      const never: never = memory;
      throw new Error(`unhandled memory model ${JSON.stringify(never)}`);
    }
  }
}
