/**
 * Runs the paper block on an already-built reference simulator of the authors' RTL (a
 * Verilator model of github.com/Mattiwos/ternary_matmul_afu with a testbench memory) and on
 * `mmfsim exec`, as whole processes, and reads back both cycle counts. Builds nothing: the
 * reference binary is built by the user, outside this repository, and only its path is given
 * (bench/reference-paper-core.ts, and `npm run bench` when MMFSIM_VERILATOR_BIN is set).
 *
 * The reference binary's interface, all this file relies on:
 * - `BIN --d N` runs `arch-configs/paper-block.tmi` (the 29-instruction block, symbols where
 *   `mmfsim exec` places them) on the RTL built with D = N and a 33-bit address field, against
 *   a memory that answers a request made in cycle n in cycle n + 12 (the RTL testbench's
 *   memory, dv/matrix_unit_tb.sv, with repeat(11) instead of repeat(2));
 * - it prints a line `cycles N`: cycles from the cycle start is accepted until ready rises
 *   (docs/core.md, "The core": ready), mmfsim's definition of `cycles`;
 * - it may print `sim_s S`: seconds its own clock loop took (model built, before the first
 *   edge, to ready), used as the reference's simulation alone.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const ROOT = new URL('..', import.meta.url).pathname;

/** The round trip of the comparison: 12 cycles, the board's ≈200 ns at 60 MHz (docs/paper-core.md). */
export const RESPONSE_CYCLES = 12;
export const PROGRAM = join(ROOT, 'arch-configs', 'paper-block.tmi');

/** The RTL testbench's core with a fixed 12-cycle memory and the board build's 33-bit address field. */
export function paperBlockArch(responseCycles = RESPONSE_CYCLES): string {
  const dir = mkdtempSync(join(tmpdir(), 'mmfsim-reference-'));
  const arch = parse(readFileSync(join(ROOT, 'arch-configs', 'paper-rtl-testbench.yaml'), 'utf8'));
  arch.memory = { model: 'fixed', response_cycles: responseCycles };
  arch.core = { ...arch.core, address_bits: 33 }; // d = 512 images need more than 16 address bits
  const file = join(dir, `paper-${responseCycles}.yaml`);
  writeFileSync(file, stringify(arch));
  return file;
}

/**
 * CPU seconds (user + system) of this process's waited-for children so far, from
 * /proc/self/stat (cutime + cstime, in clock ticks of 10 ms); null where there is no /proc.
 * On a shared machine a child's CPU time moves far less with the load than its wall time.
 */
function childrenCpuSeconds(): number | null {
  if (!existsSync('/proc/self/stat')) return null;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function timed(run: () => string): { out: string; wall_s: number; cpu_s: number | null } {
  const c0 = childrenCpuSeconds();
  const t0 = performance.now();
  const out = run();
  const wall = (performance.now() - t0) / 1000;
  const c1 = childrenCpuSeconds();
  return { out, wall_s: wall, cpu_s: c0 === null || c1 === null ? null : c1 - c0 };
}

export interface TimedRun {
  /** Wall seconds of the whole process (start-up, set-up, simulation, exit). */
  wall_s: number;
  /** CPU seconds (user + system, 10 ms resolution) of the whole process, where measurable. */
  cpu_s: number | null;
  cycles: number;
  /** The simulator's own figure for its simulation loop, when it prints one. */
  sim_s: number | null;
}

/** One whole-process run of the reference binary at vector length d. */
export function runReference(bin: string, d: number): TimedRun {
  const { out, wall_s, cpu_s } = timed(() => execFileSync(bin, ['--d', String(d)], { encoding: 'utf8' }));
  const cycles = /^cycles (\d+)$/m.exec(out);
  if (!cycles) throw new Error(`${bin} --d ${d}: no line 'cycles N' in its output:\n${out}`);
  const sim = /^sim_s ([\d.eE+-]+)$/m.exec(out);
  return { wall_s, cpu_s, cycles: Number(cycles[1]), sim_s: sim ? Number(sim[1]) : null };
}

/** One whole-process run of `mmfsim exec` (the bundled CLI, as a user runs it) at vector length d. */
export function runMmfsimExec(arch: string, d: number): TimedRun {
  const argv = [join(ROOT, 'bin', 'mmfsim.mjs'), 'exec', '--arch', arch, '--program', PROGRAM, '--d', String(d), '--json'];
  const { out, wall_s, cpu_s } = timed(() => execFileSync(process.execPath, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 }));
  return { wall_s, cpu_s, cycles: JSON.parse(out).cycles, sim_s: null };
}

/**
 * Both simulators on the same work, one after the other; `referenceFirst` alternates the
 * order between pairs so that neither always runs with the other's caches. Throws when the
 * cycle counts differ: a speed ratio is only meaningful for the same answer.
 */
export function timePair(bin: string, arch: string, d: number, referenceFirst: boolean): { reference: TimedRun; mmfsim: TimedRun } {
  let reference: TimedRun;
  let mmfsim: TimedRun;
  if (referenceFirst) {
    reference = runReference(bin, d);
    mmfsim = runMmfsimExec(arch, d);
  } else {
    mmfsim = runMmfsimExec(arch, d);
    reference = runReference(bin, d);
  }
  if (reference.cycles !== mmfsim.cycles) {
    throw new Error(`paper block at d=${d}: the reference counts ${reference.cycles} cycles, mmfsim exec ${mmfsim.cycles}`);
  }
  return { reference, mmfsim };
}
