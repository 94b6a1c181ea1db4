/**
 * Runs an already-built DRAMsim3 trace frontend (`dramsim3main`, umd-memsys/DRAMsim3) on a
 * trace file and reads its statistics back, in the units mmfsim reports. Builds nothing:
 * the caller names the binary and the config (bench/dram-vs-dramsim3.ts).
 *
 * What DRAMsim3's figures mean (src/controller.cc, simple_stats.cc at commit 2981759):
 * - It simulates exactly the `-c` cycles it is given and has no notion of a trace being
 *   done, so the end of a run is found here by bisection on `-c`: the first cycle count at
 *   which every read has returned and every write command has issued; `cycles` is the last
 *   read's completion cycle or the last WR + write_delay (WL + BL/2), whichever is later —
 *   mmfsim's definition.
 * - Its frontend enters a trace line at cycle C in controller cycle C + 1 (the CPU model
 *   ticks the memory first), so its timeline runs one cycle behind mmfsim's; latencies are
 *   unaffected.
 * - At end of file its frontend re-reads the last line once more as a READ when the queue
 *   has room at that moment: `phantom_reads` (0 or 1) says whether it did.
 * - read_latency is a histogram of exact values (cycles from entering the controller to the
 *   last data beat); percentiles here are nearest-rank over it.
 * - Energies are printed as V·mA·cycles (issue #18 of that repository): pJ only when tCK is
 *   1 ns. `energy_pj` here is multiplied by tCK in ns; `energy_reported` is the raw figure.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LatencyDistribution } from '../sim/run/dram-trace-stats.ts';

export interface Dramsim3Run {
  /** Cycle of the last read completion / last write's data on the bus (see above). */
  cycles: number;
  reads_done: number;
  writes_done: number;
  phantom_reads: number;
  /** Writes acknowledged but left in the write buffer for good (never written to DRAM). */
  writes_never_issued: number;
  read_latency: LatencySummary;
  /** Mean of DRAMsim3's write_latency (accept → WR issue + WL + BL/2), cycles. */
  write_latency_mean: number;
  act: number;
  pre: number;
  ondemand_pre: number;
  ref: number;
  rd: number;
  wr: number;
  read_row_hits: number;
  write_row_hits: number;
  energy_pj: { act: number; read: number; write: number; refresh: number; background: number; total: number };
  energy_reported: number;
  /** Wall time of one run with `-c` = cycles + 1, seconds (whole process). */
  wall_s: number;
}

/** The same figures `mmfsim dram --json` reports (nearest-rank percentiles). */
export type LatencySummary = LatencyDistribution;

/** Nearest-rank percentiles of a histogram given as value → count. */
export function summariseHistogram(hist: Map<number, number>): LatencySummary {
  const values = [...hist.keys()].sort((a, b) => a - b);
  let count = 0;
  let sum = 0;
  for (const v of values) {
    count += hist.get(v)!;
    sum += v * hist.get(v)!;
  }
  const pct = (p: number): number => {
    const rank = Math.max(1, Math.ceil(p * count));
    let seen = 0;
    for (const v of values) {
      seen += hist.get(v)!;
      if (seen >= rank) return v;
    }
    return values[values.length - 1] ?? 0;
  };
  return { count, mean: count > 0 ? sum / count : 0, p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: values[values.length - 1] ?? 0 };
}

interface RawStats {
  channels: Record<string, number | Record<string, number> | null>[];
}

function runOnce(bin: string, ini: string, trace: string, cycles: number, out: string): RawStats {
  execFileSync(bin, [ini, '-c', String(cycles), '-t', trace, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
  const json = JSON.parse(readFileSync(join(out, 'dramsim3.json'), 'utf8')) as Record<string, RawStats['channels'][number]>;
  return { channels: Object.values(json) };
}

function sum(s: RawStats, key: string): number {
  let total = 0;
  for (const c of s.channels) total += Number(c[key] ?? 0);
  return total;
}

function iniNumber(ini: string, key: string): number {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*([0-9.]+)`, 'm').exec(readFileSync(ini, 'utf8'));
  if (!m) throw new Error(`${ini}: no ${key}`);
  return Number(m[1]);
}

/**
 * Run DRAMsim3 on `trace` (holding `reads` reads and `writes` writes) until it is done.
 * `guess` is a cycle count the run probably finishes by (doubled until it does).
 */
export function runDramsim3(bin: string, ini: string, trace: string, reads: number, writes: number, guess: number): Dramsim3Run {
  const out = mkdtempSync(join(tmpdir(), 'dramsim3-'));
  try {
    const tCK = iniNumber(ini, 'tCK');
    const writeDelay = (iniNumber(ini, 'CWL') + iniNumber(ini, 'BL') / 2) | 0;
    // DRAMsim3 acknowledges a write as it enters and may leave up to 8 in a write buffer for
    // good (it drains only a full buffer, or more than 8 when idle): the run is done when
    // every read is back, every write acknowledged, and the WRs it will ever issue have.
    let writeCmds = writes;
    const done = (c: number): { r: boolean; w: boolean } => {
      const s = runOnce(bin, ini, trace, c, out);
      return { r: sum(s, 'num_reads_done') >= reads, w: sum(s, 'num_write_cmds') >= writeCmds };
    };
    let hi = Math.max(64, Math.ceil(guess));
    for (;;) {
      const s = runOnce(bin, ini, trace, hi, out);
      if (sum(s, 'num_reads_done') >= reads && sum(s, 'num_writes_done') >= writes) {
        // 100,000 cycles later the WRs still to come, if any, have issued.
        const later = runOnce(bin, ini, trace, hi + 100_000, out);
        writeCmds = Math.min(writes, sum(later, 'num_write_cmds'));
        break;
      }
      hi *= 2;
    }
    while (!(({ r, w }) => r && w)(done(hi))) hi *= 2;
    // First -c at which the reads are all back, and at which every WR has issued.
    const first = (pred: (d: { r: boolean; w: boolean }) => boolean): number => {
      let lo = 0;
      let h = hi;
      while (h - lo > 1) {
        const mid = Math.floor((lo + h) / 2);
        if (pred(done(mid))) h = mid;
        else lo = mid;
      }
      return h;
    };
    const readsBy = reads > 0 ? first((d) => d.r) : 0;
    const writesBy = writeCmds > 0 ? first((d) => d.w) : 0;
    // With -c N the last cycle simulated is N − 1.
    const cycles = Math.max(reads > 0 ? readsBy - 1 : 0, writeCmds > 0 ? writesBy - 1 + writeDelay : 0);
    const t0 = performance.now();
    const s = runOnce(bin, ini, trace, cycles + 1, out);
    const wall = (performance.now() - t0) / 1000;
    const hist = new Map<number, number>();
    let writeLatSum = 0;
    let writeLatN = 0;
    for (const c of s.channels) {
      for (const [k, v] of Object.entries((c['read_latency'] as Record<string, number> | null) ?? {})) hist.set(Number(k), (hist.get(Number(k)) ?? 0) + v);
      for (const [k, v] of Object.entries((c['write_latency'] as Record<string, number> | null) ?? {})) {
        writeLatSum += Number(k) * v;
        writeLatN += v;
      }
    }
    const background = s.channels.reduce((a, c) => {
      let bg = 0;
      for (const key of ['act_stb_energy', 'pre_stb_energy', 'sref_energy']) for (const v of Object.values((c[key] as Record<string, number>) ?? {})) bg += v;
      return a + bg;
    }, 0);
    const e = {
      act: sum(s, 'act_energy') * tCK,
      read: sum(s, 'read_energy') * tCK,
      write: sum(s, 'write_energy') * tCK,
      refresh: (sum(s, 'ref_energy') + sum(s, 'refb_energy')) * tCK,
      background: background * tCK,
      total: sum(s, 'total_energy') * tCK,
    };
    const readsDone = sum(s, 'num_reads_done');
    return {
      cycles,
      reads_done: readsDone,
      writes_done: sum(s, 'num_writes_done'),
      phantom_reads: Math.max(0, readsDone - reads),
      writes_never_issued: writes - writeCmds,
      read_latency: summariseHistogram(hist),
      write_latency_mean: writeLatN > 0 ? writeLatSum / writeLatN : 0,
      act: sum(s, 'num_act_cmds'),
      pre: sum(s, 'num_pre_cmds'),
      ondemand_pre: sum(s, 'num_ondemand_pres'),
      ref: sum(s, 'num_ref_cmds'),
      rd: sum(s, 'num_read_cmds'),
      wr: sum(s, 'num_write_cmds'),
      read_row_hits: sum(s, 'num_read_row_hits'),
      write_row_hits: sum(s, 'num_write_row_hits'),
      energy_pj: e,
      energy_reported: sum(s, 'total_energy'),
      wall_s: wall,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Wall time of `reps` whole-process runs of DRAMsim3 with `-c cycles`, seconds each. */
export function timeDramsim3(bin: string, ini: string, trace: string, cycles: number): number {
  const out = mkdtempSync(join(tmpdir(), 'dramsim3-'));
  try {
    const t0 = performance.now();
    runOnce(bin, ini, trace, cycles, out);
    return (performance.now() - t0) / 1000;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
