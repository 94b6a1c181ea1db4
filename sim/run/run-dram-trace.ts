import type { MemorySpec } from '../arch/memory-schema.ts';
import { loadArchOrMemoryFile } from '../arch/memory-file.ts';
import { InputError } from '../input-error.ts';
import { DramMemory } from '../memory/dram/dram-memory.ts';
import { loadDramTrace, type DramTrace } from '../memory/dram/dram-trace.ts';
import { playTrace } from '../memory/dram/trace-player.ts';
import { memoryTechnology, memoryTechnologies } from '../memory/registry.ts';
import { activateEnergyPj, backgroundEnergyPj, dramEnergyPj, readEnergyPj, refreshEnergyPj, writeEnergyPj } from '../power/dram-energy.ts';
import { averagePowerW, pjToJ } from '../power/units.ts';
import { inFlight, latencyDistribution, type InFlight, type LatencyDistribution } from './dram-trace-stats.ts';

export interface DramRunOptions {
  /** An architecture or memory-only YAML file, or a validated `memory:` section. */
  memory: string | MemorySpec;
  /** A trace file (`0xADDR READ|WRITE CYCLE` lines) or a parsed trace. */
  trace: string | DramTrace;
}

/** The result of `mmfsim dram`: plain, JSON-serialisable, snake_case (the CLI prints it as is). */
export interface DramTraceReport {
  memory: {
    model: string;
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
  /** Reads, acceptance → last data beat, in DRAM cycles (percentiles nearest-rank). */
  read_latency: LatencyDistribution;
  /** Writes, acceptance → last data beat on the bus, in DRAM cycles. */
  write_latency: LatencyDistribution;
  /** Requests accepted and not yet completed: time average over the run and peak. */
  in_flight: { reads: InFlight; writes: InFlight };
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
  energy_pj: {
    act: number;
    read: number;
    write: number;
    refresh: number;
    background: number;
    /** `background` split: ranks with a bank open (IDD3N) and with all banks precharged (IDD2N). */
    active_standby: number;
    precharge_standby: number;
    total: number;
  };
  /** Energy of one command (ACT includes its precharge), pJ, all devices of a rank. */
  energy_per_command_pj: { act: number; rd: number; wr: number; ref: number };
  energy_j: number;
  average_power_w: number;
}

/**
 * The DRAM model alone on a trace (what `mmfsim dram --json` prints, without its file names):
 * the technology's controller driven directly, one trace line per burst (64 bytes on DDR4,
 * 32 on an HBM2 pseudo-channel, unsplit), energy from the technology's table.
 */
export function runDramTrace(options: DramRunOptions): DramTraceReport {
  const file = typeof options.memory === 'string' ? options.memory : undefined;
  const memory = typeof options.memory === 'string' ? loadArchOrMemoryFile(options.memory).memory : options.memory;
  const technology = memoryTechnology(memory);
  if (!technology.dramConfig) {
    const dram = memoryTechnologies().filter((t) => t.dramConfig).map((t) => t.name);
    throw new InputError(`the DRAM trace runner simulates DRAM technologies (${dram.join(', ')}); this memory has model: ${memory.model}`, { file, key: 'memory.model' });
  }
  const config = technology.dramConfig(memory);
  const table = technology.energyTable(memory)!;
  const trace = typeof options.trace === 'string' ? loadDramTrace(options.trace) : options.trace;
  if (trace.length === 0) throw new InputError('the trace holds no requests: nothing to simulate', { file: typeof options.trace === 'string' ? options.trace : undefined });
  const model = new DramMemory(config);
  const r = playTrace(model, trace, config.burstBytes);
  const d = r.stats.detail;
  const activity = model.activity();
  const energy = dramEnergyPj(table, activity);
  const perDevice = table.devicesPerRank;
  const activeStandby = backgroundEnergyPj(table.idd, table.timing, activity.activeStandbyCycles, 0) * perDevice;
  const tCKns = 1e9 / config.clockHz;
  // Cycles are a count up to the last completion; the run spans cycles 0..cycles.
  const spanCycles = r.cycles + 1;
  const timeS = spanCycles / config.clockHz;
  return {
    memory: {
      model: technology.name,
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
    read_latency: latencyDistribution(r.acceptedAt, r.completedAt, trace.write, false),
    write_latency: latencyDistribution(r.acceptedAt, r.completedAt, trace.write, true),
    in_flight: {
      reads: inFlight(r.acceptedAt, r.completedAt, trace.write, false, spanCycles, r.completionOrder),
      writes: inFlight(r.acceptedAt, r.completedAt, trace.write, true, spanCycles, r.completionOrder),
    },
    bandwidth_gbs: r.requests === 0 ? 0 : (r.requests * config.burstBytes) / timeS / 1e9,
    // Two transfers per clock per channel, each the bus width: a burst is 2·tBL transfers
    // (8 bytes on DDR4 and an HBM2 pseudo-channel, 16 on a legacy HBM2 channel).
    peak_bandwidth_gbs: (config.clockHz * 2 * (config.burstBytes / (2 * config.timing.tBL)) * config.channels) / 1e9,
    act: d.act!,
    pre: d.pre!,
    ref: d.ref!,
    rd: d.rd!,
    wr: d.wr!,
    row_hits: d.row_hits!,
    row_misses: d.row_misses!,
    row_conflicts: d.row_conflicts!,
    energy_pj: {
      act: energy.act,
      read: energy.read,
      write: energy.write,
      refresh: energy.refresh,
      background: energy.background,
      active_standby: activeStandby,
      precharge_standby: energy.background - activeStandby,
      total: energy.total,
    },
    energy_per_command_pj: {
      act: activateEnergyPj(table.idd, table.timing) * perDevice,
      rd: readEnergyPj(table.idd, table.timing) * perDevice,
      wr: writeEnergyPj(table.idd, table.timing) * perDevice,
      ref: refreshEnergyPj(table.idd, table.timing) * perDevice,
    },
    energy_j: pjToJ(energy.total),
    average_power_w: averagePowerW(pjToJ(energy.total), timeS),
  };
}
