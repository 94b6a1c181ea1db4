import { averagePowerW, pjToJoules } from '../../../power/dram-energy.ts';
import type { Ddr4Config } from './ddr4-config.ts';
import { Ddr4Memory } from './ddr4-memory.ts';
import type { DramTrace } from './dram-trace.ts';
import { playTrace } from './trace-player.ts';

/** The result of `mmfsim dram`: plain, JSON-serialisable, snake_case (the CLI prints it as is). */
export interface DramTraceReport {
  memory: {
    model: 'ddr4' | 'hbm2';
    preset: string;
    channels: number;
    ranks: number;
    clock_mhz: number;
    mapping: string;
    page_policy: 'open' | 'closed';
    scheduler: 'frfcfs' | 'fcfs';
    refresh: boolean;
    shell_cycles: number;
  };
  cycles: number;
  time_s: number;
  requests: number;
  reads: number;
  writes: number;
  avg_read_latency_cycles: number;
  avg_read_latency_ns: number;
  bandwidth_gbs: number;
  peak_bandwidth_gbs: number;
  act: number;
  pre: number;
  ref: number;
  rd: number;
  wr: number;
  row_hits: number;
  row_misses: number;
  row_conflicts: number;
  energy_pj: { act: number; read: number; write: number; refresh: number; background: number; total: number };
  energy_j: number;
  average_power_w: number;
}

/**
 * Run a trace through a DRAM memory built from `config` (DDR4, or HBM2 pseudo-channels: one
 * trace line is one burst, 64 or 32 bytes, so the controller is driven directly, unsplit).
 */
export function runDramTrace(config: Ddr4Config, trace: DramTrace): DramTraceReport {
  const model = new Ddr4Memory(config);
  const r = playTrace(model, trace, config.burstBytes);
  const d = r.stats.detail as Record<string, number>;
  const energy = model.energyPj();
  const tCKns = 1e9 / config.clockHz;
  // Cycles are a count up to the last completion; the run spans cycles 0..cycles.
  const spanCycles = r.cycles + 1;
  const timeS = spanCycles / config.clockHz;
  return {
    memory: {
      model: config.technology,
      preset: config.presetName,
      channels: config.channels,
      ranks: config.ranks,
      clock_mhz: config.clockHz / 1e6,
      mapping: config.mapping,
      page_policy: config.pagePolicy,
      scheduler: config.scheduler,
      refresh: config.refresh,
      shell_cycles: config.shellCycles,
    },
    cycles: r.cycles,
    time_s: timeS,
    requests: r.requests,
    reads: r.reads,
    writes: r.writes,
    avg_read_latency_cycles: r.avgReadLatencyCycles,
    avg_read_latency_ns: r.avgReadLatencyCycles * tCKns,
    bandwidth_gbs: r.requests === 0 ? 0 : (r.requests * config.burstBytes) / timeS / 1e9,
    // Two transfers per clock, 8 bytes each, per channel (DDR4) or pseudo-channel (HBM2).
    peak_bandwidth_gbs: (config.clockHz * 2 * 8 * config.channels) / 1e9,
    act: d.act!,
    pre: d.pre!,
    ref: d.ref!,
    rd: d.rd!,
    wr: d.wr!,
    row_hits: d.row_hits!,
    row_misses: d.row_misses!,
    row_conflicts: d.row_conflicts!,
    energy_pj: { ...energy },
    energy_j: pjToJoules(energy.total),
    average_power_w: averagePowerW(energy.total, spanCycles, tCKns),
  };
}
