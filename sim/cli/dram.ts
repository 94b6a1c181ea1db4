import type { DramTraceReport } from '../run/run-dram-trace.ts';
import { runDramTrace } from '../run/run-dram-trace.ts';
import { defineCommand } from './command.ts';

export const dramCommand = defineCommand({
  name: 'dram',
  describe: 'Run the DDR4 or HBM2 memory model alone on a trace of 0xADDR READ|WRITE CYCLE lines',
  builder: (y) =>
    y
      .option('arch', { type: 'string', demandOption: true, describe: 'Architecture YAML, or a file with only a memory: section' })
      .option('trace', { type: 'string', demandOption: true, describe: 'Trace: one "0xADDR READ|WRITE CYCLE" per line (DRAM cycles)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object on stdout' }),
  run: (args) => {
    const report = runDramTrace({ memory: args.arch, trace: args.trace });
    process.stdout.write(args.json ? JSON.stringify({ arch: args.arch, trace: args.trace, ...report }) + '\n' : dramSummary(args.arch, args.trace, report));
    return 0;
  },
});

function latencyLine(l: DramTraceReport['read_latency']): string {
  if (l.count === 0) return 'none';
  return `mean ${l.mean.toFixed(2)}, p50 ${l.p50}, p90 ${l.p90}, p99 ${l.p99}, max ${l.max} cycles`;
}

export function dramSummary(arch: string, trace: string, r: DramTraceReport): string {
  const m = r.memory;
  const pct = (x: number, of: number) => (of > 0 ? ((100 * x) / of).toFixed(1) : '0.0');
  const e = r.energy_pj;
  const rows: [string, string][] = [
    ['cycles', `${r.cycles} (${(r.time_s * 1e6).toPrecision(6)} µs at ${m.clock_mhz} MHz)`],
    ['requests', `${r.requests} (${r.reads} reads, ${r.writes} writes)`],
    ['avg read latency', `${r.avg_read_latency_cycles.toFixed(2)} cycles (${r.avg_read_latency_ns.toFixed(2)} ns)`],
    ['read latency', latencyLine(r.read_latency)],
    ['write latency', latencyLine(r.write_latency)],
    ['in flight', `reads ${r.in_flight.reads.mean.toFixed(1)} on average (peak ${r.in_flight.reads.max}), writes ${r.in_flight.writes.mean.toFixed(1)} (peak ${r.in_flight.writes.max})`],
    ['bandwidth', `${r.bandwidth_gbs.toFixed(3)} GB/s (${pct(r.bandwidth_gbs, r.peak_bandwidth_gbs)} % of ${r.peak_bandwidth_gbs.toFixed(1)} GB/s peak)`],
    ['commands', `ACT ${r.act}  PRE ${r.pre}  RD ${r.rd}  WR ${r.wr}  REF ${r.ref}`],
    ['row buffer', `${r.row_hits} hits, ${r.row_misses} misses (${r.row_conflicts} conflicts), hit rate ${pct(r.row_hits, r.row_hits + r.row_misses)} %`],
    ['energy', `${(r.energy_j * 1e6).toPrecision(6)} µJ, average ${(r.average_power_w).toPrecision(4)} W (DRAM core, IDD method; I/O not included)`],
    ['  by class (nJ)', `act ${(e.act / 1e3).toFixed(1)}  read ${(e.read / 1e3).toFixed(1)}  write ${(e.write / 1e3).toFixed(1)}  refresh ${(e.refresh / 1e3).toFixed(1)}  background ${(e.background / 1e3).toFixed(1)} (active ${(e.active_standby / 1e3).toFixed(1)}, precharged ${(e.precharge_standby / 1e3).toFixed(1)})`],
    ['  per command (pJ)', `ACT ${r.energy_per_command_pj.act.toFixed(1)}  RD ${r.energy_per_command_pj.rd.toFixed(1)}  WR ${r.energy_per_command_pj.wr.toFixed(1)}  REF ${r.energy_per_command_pj.ref.toFixed(1)}`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return [
    `${trace} on ${arch}`,
    `${m.preset}, ${m.channels} channel(s) × ${m.ranks} rank(s), mapping ${m.mapping}, ${m.page_policy} page, ${m.scheduler}, refresh ${m.refresh ? 'on' : 'off'}, shell ${m.shell_cycles} cycles`,
    '',
    ...rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`),
    '',
  ].join('\n');
}
