/**
 * mmfsim's DRAM model beside DRAMsim3 on the same traces: bandwidth, read latency (mean,
 * p50/p90/p99), row hits, energy, and speed, side by side in one run.
 *
 *   npx tsx bench/dram-vs-dramsim3.ts --dramsim3 PATH/dramsim3main --configs PATH/configs \
 *       [--requests 100000] [--reps 5] [--memory ddr4|hbm2|all] [--kinds seq-read,mix,...] [--json]
 *
 * (or DRAMSIM3_BIN / DRAMSIM3_CONFIGS in the environment). It builds nothing: DRAMsim3
 * (github.com/umd-memsys/DRAMsim3, compared at commit 2981759) is built by the user, outside
 * this repository, with its own CMake. Traces are bench/dram-trace-kinds.ts at each memory's
 * burst size, written to a temporary directory.
 *
 * Speed is measured three ways, each the median of `reps` runs taken in alternation so both
 * simulators see the same machine load: DRAMsim3's whole process (run for exactly the cycles
 * the trace needs), `mmfsim dram` as a whole process (Node start-up and trace parsing
 * included), and mmfsim's model alone in this process (`runDramTrace` on a parsed trace).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadArchOrMemoryFile } from '../sim/arch/memory-file.ts';
import { AddressMapping } from '../sim/memory/dram/address-mapping.ts';
import type { DramConfig } from '../sim/memory/dram/dram-config.ts';
import { memoryTechnology } from '../sim/memory/registry.ts';
import { runDramTrace, type DramTraceReport } from '../sim/run/run-dram-trace.ts';
import { TRACE_KINDS, makeTrace, writeTrace, type TraceKind } from './dram-trace-kinds.ts';
import { runDramsim3, timeDramsim3, type Dramsim3Run } from './dramsim3-runner.ts';

interface Pair {
  memory: 'ddr4' | 'hbm2';
  ini: string;
  /** mmfsim memory files run on the same kinds of trace; the first claims to be the ini. */
  ours: string[];
}

const PAIRS: Pair[] = [
  { memory: 'ddr4', ini: 'DDR4_8Gb_x8_2400.ini', ours: ['arch-configs/memory/ddr4-2400-x8-2rank.yaml'] },
  { memory: 'hbm2', ini: 'HBM2_8Gb_x128.ini', ours: ['arch-configs/memory/hbm2-dramsim3.yaml', 'arch-configs/memory/hbm2-u280.yaml'] },
];

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return fallback;
}

const bin = arg('dramsim3', process.env['DRAMSIM3_BIN']);
const configs = arg('configs', process.env['DRAMSIM3_CONFIGS']);
if (!bin || !configs) {
  console.error('usage: npx tsx bench/dram-vs-dramsim3.ts --dramsim3 PATH/dramsim3main --configs PATH/DRAMsim3/configs [--requests N] [--reps N] [--memory ddr4|hbm2|all] [--kinds a,b] [--json]');
  process.exit(2);
}
const requests = Number(arg('requests', '100000'));
const reps = Number(arg('reps', '5'));
const only = arg('memory', 'all');
const kinds = (arg('kinds')?.split(',') ?? [...TRACE_KINDS]) as TraceKind[];
const asJson = process.argv.includes('--json');
const speedOnly = process.argv.includes('--speed-only');

function configOf(file: string): DramConfig {
  const memory = loadArchOrMemoryFile(file).memory;
  const tech = memoryTechnology(memory);
  if (!tech.dramConfig) throw new Error(`${file}: not a DRAM memory`);
  return tech.dramConfig(memory);
}

function geometryOf(c: DramConfig) {
  const mapping = new AddressMapping(c.mapping, {
    channels: c.channels,
    ranks: c.ranks,
    bankGroups: c.org.bankGroups,
    banksPerGroup: c.org.banksPerGroup,
    rows: c.org.rows,
    burstsPerRow: c.org.columns / c.org.burstLength,
    burstBytes: c.burstBytes,
  });
  // The lowest address bit that changes the row and nothing else.
  const where = { channel: 0, rank: 0, bankGroup: 0, bank: 0, row: 0, column: 0 };
  let stride = c.burstBytes;
  for (; stride < mapping.capacityBytes; stride *= 2) {
    mapping.decode(stride, where);
    if (where.row !== 0) break;
  }
  return { burstBytes: c.burstBytes, capacityBytes: mapping.capacityBytes, rowStrideBytes: stride };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface Row {
  memory: string;
  config: string;
  kind: TraceKind;
  requests: number;
  ours: DramTraceReport;
  dramsim3: Dramsim3Run | null;
  speed: { dramsim3_s: number | null; ours_process_s: number; ours_model_s: number };
}

const dir = mkdtempSync(join(tmpdir(), 'dram-vs-dramsim3-'));
const rows: Row[] = [];
try {
  for (const pair of PAIRS) {
    if (only !== 'all' && only !== pair.memory) continue;
    const ini = join(configs, pair.ini);
    for (const file of pair.ours) {
      const config = configOf(file);
      const geometry = geometryOf(config);
      // DRAMsim3 reads the same trace only where the burst is the same (64-byte lines).
      const withDramsim3 = file === pair.ours[0];
      for (const kind of kinds) {
        const trace = makeTrace(kind, requests, geometry);
        const traceFile = join(dir, `${pair.memory}-${kind}-${config.burstBytes}.trace`);
        writeTrace(trace, traceFile);
        runDramTrace({ memory: file, trace: { ...trace, length: Math.min(trace.length, 20_000) } }); // JIT warm-up
        const ours = runDramTrace({ memory: file, trace });
        let writes = 0;
        for (let i = 0; i < trace.length; i++) writes += trace.write[i]!;
        const d3 = withDramsim3 && !speedOnly ? runDramsim3(bin, ini, traceFile, trace.length - writes, writes, ours.cycles * 1.2) : null;
        const d3Cycles = d3 ? d3.cycles : withDramsim3 ? runDramsim3(bin, ini, traceFile, trace.length - writes, writes, ours.cycles * 1.2).cycles : 0;
        const tD3: number[] = [];
        const tProc: number[] = [];
        const tModel: number[] = [];
        for (let r = 0; r < reps; r++) {
          if (withDramsim3) tD3.push(timeDramsim3(bin, ini, traceFile, d3Cycles + 1));
          let t0 = performance.now();
          execFileSync(process.execPath, ['bin/mmfsim.mjs', 'dram', '--arch', file, '--trace', traceFile, '--json'], { stdio: ['ignore', 'ignore', 'inherit'] });
          tProc.push((performance.now() - t0) / 1000);
          t0 = performance.now();
          runDramTrace({ memory: file, trace });
          tModel.push((performance.now() - t0) / 1000);
        }
        const row: Row = {
          memory: pair.memory,
          config: file,
          kind,
          requests: trace.length,
          ours,
          dramsim3: d3,
          speed: { dramsim3_s: withDramsim3 ? median(tD3) : null, ours_process_s: median(tProc), ours_model_s: median(tModel) },
        };
        rows.push(row);
        if (!asJson) printRow(row, config);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (asJson) process.stdout.write(JSON.stringify(rows) + '\n');

function printRow(r: Row, c: DramConfig): void {
  const o = r.ours;
  const d = r.dramsim3;
  const gbs = (cycles: number) => (r.requests * c.burstBytes) / ((cycles + 1) / c.clockHz) / 1e9;
  const pct = (a: number, b: number) => (b === 0 ? '' : `${a >= b ? '+' : ''}${((100 * (a - b)) / b).toFixed(1)} %`);
  const line = (name: string, ours: number, theirs: number | undefined, digits = 1) =>
    `  ${name.padEnd(22)} ${ours.toFixed(digits).padStart(12)} ${theirs === undefined ? '' : theirs.toFixed(digits).padStart(12)} ${theirs === undefined ? '' : pct(ours, theirs).padStart(9)}`;
  console.log(`\n${r.memory} ${r.config} — ${r.kind}, ${r.requests} requests${d ? '' : ' (no DRAMsim3 counterpart)'}`);
  console.log(`  ${''.padEnd(22)} ${'mmfsim'.padStart(12)} ${d ? 'DRAMsim3'.padStart(12) : ''}`);
  console.log(line('cycles', o.cycles, d?.cycles, 0));
  console.log(line('bandwidth GB/s', o.bandwidth_gbs, d ? gbs(d.cycles) : undefined, 2));
  console.log(line('read lat mean', o.read_latency.mean, d?.read_latency.mean));
  console.log(line('read lat p50', o.read_latency.p50, d?.read_latency.p50, 0));
  console.log(line('read lat p90', o.read_latency.p90, d?.read_latency.p90, 0));
  console.log(line('read lat p99', o.read_latency.p99, d?.read_latency.p99, 0));
  console.log(line('read lat max', o.read_latency.max, d?.read_latency.max, 0));
  console.log(line('write lat mean', o.write_latency.mean, d?.write_latency_mean));
  console.log(line('ACT', o.act, d?.act, 0));
  console.log(line('row hits', o.row_hits, d ? d.read_row_hits + d.write_row_hits : undefined, 0));
  console.log(line('energy µJ', o.energy_pj.total / 1e6, d ? d.energy_pj.total / 1e6 : undefined, 3));
  const s = r.speed;
  console.log(
    `  speed: model ${(r.requests / s.ours_model_s / 1e6).toFixed(2)} M req/s (${s.ours_model_s.toFixed(3)} s), mmfsim process ${s.ours_process_s.toFixed(3)} s` +
      (s.dramsim3_s !== null ? `, DRAMsim3 process ${s.dramsim3_s.toFixed(3)} s (${(r.requests / s.dramsim3_s / 1e6).toFixed(2)} M req/s); DRAMsim3 / mmfsim: process ${(s.dramsim3_s / s.ours_process_s).toFixed(2)}×, model ${(s.dramsim3_s / s.ours_model_s).toFixed(2)}×` : ''),
  );
  if (d && d.phantom_reads > 0) console.log(`  (DRAMsim3's frontend read the last line once more: ${d.phantom_reads} extra read)`);
}
