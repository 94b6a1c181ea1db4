import type { MemorySpec } from '../arch/memory-schema.ts';
import type { MemoryStats } from '../memory/memory-model.ts';
import { memoryTechnology } from '../memory/registry.ts';
import { dramEnergyPj, type DramEnergyBreakdown, type DramEnergyTable } from './dram-energy.ts';
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
  /** The memory technology's name (`memory.model`). */
  technology: string;
  /** IDD energy by class over the run, pJ, summed over channels and ranks (dram-energy.ts). */
  energyPj: Omit<DramEnergyBreakdown, 'total'>;
  /**
   * Bytes moved on the DRAM data bus (whole bursts: a 1-byte request still moves a 64-byte
   * DDR4 BL8 / 32-byte HBM2 BL4 burst), which is what the interface energy is paid on.
   */
  bytesRead: number;
  bytesWritten: number;
  /** The part's IDD currents and I/O energy, with their sources (the report's provenance). */
  table: DramEnergyTable;
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
 * The DRAM run of a memory model's stats: its commands and standby time (`dramActivity`)
 * priced with its technology's energy table; a memory without DRAM energy (the fixed-latency
 * testbench memory) gives null.
 */
export function dramRunFromStats(stats: MemoryStats, memory: MemorySpec): DramRun | null {
  const technology = memoryTechnology(memory);
  const table = technology.energyTable(memory);
  const burst = technology.burstBytes(memory);
  if (table === null || burst === null || !stats.dramActivity) return null;
  const a = stats.dramActivity;
  const { total: _total, ...energyPj } = dramEnergyPj(table, a);
  void _total;
  return {
    technology: technology.name,
    energyPj,
    // Whole bursts cross the bus, whatever the request size.
    bytesRead: a.reads * burst,
    bytesWritten: a.writes * burst,
    table,
    channels: technology.channels(memory),
  };
}
