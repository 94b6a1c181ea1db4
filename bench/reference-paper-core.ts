/**
 * mmfsim's paper core beside a Verilator model of the authors' RTL on the same work: the
 * 29-instruction block (`arch-configs/paper-block.tmi`) with a 12-cycle memory, at d = 512
 * (2.6 M cycles) and d = 16 (start-up and set-up with almost no simulation).
 *
 *   npx tsx bench/reference-paper-core.ts --verilator PATH [--pairs 10] [--sim-runs 10] [--json]
 *
 * (or MMFSIM_VERILATOR_BIN in the environment). It builds nothing: the reference binary is
 * built by the user, outside this repository; bench/paper-core-reference-runner.ts says what
 * it must do (`BIN --d N` prints `cycles N`). Every pair checks that both count the same cycles.
 *
 * Speed is measured three ways:
 * - whole process, in pairs taken in alternating order so both see the same machine load
 *   (the load average is printed with every figure: the machine may be shared);
 * - simulation alone by difference: the median at d = 512 minus the median at d = 16, for both;
 * - simulation alone in process: `simulateProgram` warm in this process for mmfsim (as the
 *   `exec-sim` measurement of `npm run bench` does), the binary's own `sim_s` for the reference
 *   when it prints one.
 * Figures are medians with min–max; nothing is asserted about time.
 */
import { loadavg } from 'node:os';
import { simulateProgram } from '../sim/index.ts';
import { PROGRAM, paperBlockArch, timePair, type TimedRun } from './paper-core-reference-runner.ts';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0) return process.argv[i + 1];
  return fallback;
}

const bin = arg('verilator', process.env['MMFSIM_VERILATOR_BIN']);
if (!bin) {
  console.error('usage: npx tsx bench/reference-paper-core.ts --verilator PATH [--pairs N] [--sim-runs N] [--json]  (or MMFSIM_VERILATOR_BIN=PATH)');
  console.error('PATH: an already-built Verilator model of the authors\' RTL that takes --d N and prints `cycles N` (see bench/paper-core-reference-runner.ts)');
  process.exit(2);
}
const pairs = Number(arg('pairs', '10'));
const simRuns = Number(arg('sim-runs', '10'));
const asJson = process.argv.includes('--json');

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(xs: number[]): Spread {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { median: s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2, min: s[0]!, max: s[s.length - 1]! };
}

const arch = paperBlockArch();
const DS = [512, 16];
const runs: Record<number, { reference: TimedRun[]; mmfsim: TimedRun[]; load: number[] }> = {};
for (const d of DS) runs[d] = { reference: [], mmfsim: [], load: [] };
// d = 512 and d = 16 pairs interleave too, so the difference of their medians sees one load.
for (let i = 0; i < pairs; i++) {
  for (const d of DS) {
    const load = loadavg()[0]!;
    const p = timePair(bin, arch, d, i % 2 === 0);
    runs[d]!.reference.push(p.reference);
    runs[d]!.mmfsim.push(p.mmfsim);
    runs[d]!.load.push(load);
    process.stderr.write(`pair ${i + 1}/${pairs} d=${d}: reference ${p.reference.wall_s.toFixed(3)} s, mmfsim ${p.mmfsim.wall_s.toFixed(3)} s (CPU ${p.reference.cpu_s?.toFixed(2)} / ${p.mmfsim.cpu_s?.toFixed(2)} s), ${p.mmfsim.cycles} cycles, load ${load.toFixed(2)}\n`);
  }
}

// mmfsim's simulation alone, warm, in this process.
simulateProgram({ arch, program: PROGRAM, d: 64 });
const inProcess: number[] = [];
const inProcessLoad: number[] = [];
for (let i = 0; i < simRuns; i++) {
  inProcessLoad.push(loadavg()[0]!);
  const t0 = performance.now();
  const { result } = simulateProgram({ arch, program: PROGRAM, d: 512 });
  inProcess.push((performance.now() - t0) / 1000);
  if (result.cycles !== runs[512]!.mmfsim[0]!.cycles) throw new Error(`simulateProgram counts ${result.cycles} cycles, exec ${runs[512]!.mmfsim[0]!.cycles}`);
}

const cpuOf = (rs: TimedRun[]) => (rs.every((r) => r.cpu_s !== null) ? spread(rs.map((r) => r.cpu_s!)) : null);
const whole = Object.fromEntries(
  DS.map((d) => [
    d,
    {
      cycles: runs[d]!.mmfsim[0]!.cycles,
      reference_s: spread(runs[d]!.reference.map((r) => r.wall_s)),
      mmfsim_s: spread(runs[d]!.mmfsim.map((r) => r.wall_s)),
      reference_cpu_s: cpuOf(runs[d]!.reference),
      mmfsim_cpu_s: cpuOf(runs[d]!.mmfsim),
      load: spread(runs[d]!.load),
    },
  ]),
) as Record<number, { cycles: number; reference_s: Spread; mmfsim_s: Spread; reference_cpu_s: Spread | null; mmfsim_cpu_s: Spread | null; load: Spread }>;
const refSim = runs[512]!.reference.map((r) => r.sim_s).filter((s): s is number => s !== null);
const byDifference = (a: Spread | null, b: Spread | null) => (a && b ? a.median - b.median : null);
const result = {
  pairs,
  response_cycles: 12,
  whole_process: whole,
  simulation_by_difference: {
    reference_s: byDifference(whole[512]!.reference_s, whole[16]!.reference_s)!,
    mmfsim_s: byDifference(whole[512]!.mmfsim_s, whole[16]!.mmfsim_s)!,
    reference_cpu_s: byDifference(whole[512]!.reference_cpu_s, whole[16]!.reference_cpu_s),
    mmfsim_cpu_s: byDifference(whole[512]!.mmfsim_cpu_s, whole[16]!.mmfsim_cpu_s),
  },
  simulation_in_process: {
    mmfsim_s: spread(inProcess),
    mmfsim_load: spread(inProcessLoad),
    reference_s: refSim.length ? spread(refSim) : null,
  },
};
/** a / b when b is a resolvable positive time (a difference of medians can drown in noise). */
const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);
const ratios = {
  /** Whole process at d = 512: how many times faster mmfsim is (> 1: mmfsim faster). */
  whole_d512: ratio(whole[512]!.reference_s.median, whole[512]!.mmfsim_s.median),
  simulation_by_difference: ratio(result.simulation_by_difference.reference_s, result.simulation_by_difference.mmfsim_s),
  simulation_by_difference_cpu: ratio(result.simulation_by_difference.reference_cpu_s, result.simulation_by_difference.mmfsim_cpu_s),
  simulation_in_process: ratio(result.simulation_in_process.reference_s?.median ?? null, result.simulation_in_process.mmfsim_s.median),
};

if (asJson) {
  process.stdout.write(JSON.stringify({ ...result, speedup: ratios }, null, 1) + '\n');
} else {
  const f = (s: Spread | null, unit = ' s') => (s ? `${s.median.toFixed(3)}${unit} (${s.min.toFixed(3)}–${s.max.toFixed(3)})` : '–');
  const x = (r: number | null) => (r === null ? 'not resolved' : `${r.toFixed(r < 10 ? 2 : 1)}×`);
  const t = (s: number | null) => (s === null ? '–' : `${s.toFixed(3)} s`);
  const lines = [
    `paper block, 12-cycle memory, ${pairs} interleaved pairs per d; cycles agree in every pair`,
    '',
    '| figure | d | cycles | Verilator | mmfsim | Verilator / mmfsim | load (1 min) |',
    '|---|---|---|---|---|---|---|',
    ...DS.flatMap((d) => {
      const w = whole[d]!;
      return [
        `| whole process, wall | ${d} | ${w.cycles} | ${f(w.reference_s)} | ${f(w.mmfsim_s)} | ${x(ratio(w.reference_s.median, w.mmfsim_s.median))} | ${f(w.load, '')} |`,
        `| whole process, CPU | ${d} | ${w.cycles} | ${f(w.reference_cpu_s)} | ${f(w.mmfsim_cpu_s)} | ${x(ratio(w.reference_cpu_s?.median ?? null, w.mmfsim_cpu_s?.median ?? null))} | |`,
      ];
    }),
    `| simulation alone, wall (d=512 − d=16 medians) | 512 | | ${t(result.simulation_by_difference.reference_s)} | ${t(result.simulation_by_difference.mmfsim_s)} | ${x(ratios.simulation_by_difference)} | |`,
    `| simulation alone, CPU (d=512 − d=16 medians) | 512 | | ${t(result.simulation_by_difference.reference_cpu_s)} | ${t(result.simulation_by_difference.mmfsim_cpu_s)} | ${x(ratios.simulation_by_difference_cpu)} | |`,
    `| simulation alone, in process (reference: its sim_s) | 512 | | ${f(result.simulation_in_process.reference_s)} | ${f(result.simulation_in_process.mmfsim_s)} | ${x(ratios.simulation_in_process)} | ${f(result.simulation_in_process.mmfsim_load, '')} |`,
    '',
    `issue #13 targets: exec d=512 whole process ≤ 0.25 s (median ${whole[512]!.mmfsim_s.median.toFixed(3)} s); simulation alone ≥ 20× Verilator (by difference ${x(ratios.simulation_by_difference)}, in process ${x(ratios.simulation_in_process)})`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
