import { loadArch, parseArch } from '../arch/load-arch.ts';
import type { ArchSpec } from '../arch/schema.ts';
import { readInputText } from '../read-input-file.ts';
import { execProgram, type ExecOutcome } from '../hw/exec-program.ts';
import type { MemoryFill } from '../compiler/memory-image.ts';
import { programPowerReport } from '../power/program-power.ts';

export interface SimulateProgramOptions {
  /** The architecture: a validated spec, or the path of its YAML. */
  arch: ArchSpec | string;
  /** The `.tmi` program's path (or its text with `programText`). */
  program: string;
  /** The program's text, when `program` only names it. */
  programText?: string;
  /** Overrides `core.d` (the vector length). */
  d?: number;
  /** Symbol addresses that override the arch's `symbols:`. */
  symbols?: Record<string, number>;
  /** Initial DRAM contents (default: pseudo-random bytes, seed 1). */
  fill?: MemoryFill;
  /** Serve provable memory requests without events (default true; the same results either way, docs/run.md). */
  fastForward?: boolean;
}

export type ProgramResult = ReturnType<typeof execJson> & { power: ReturnType<typeof programPowerReport> };

/**
 * A raw core program run cycle by cycle: what `mmfsim exec --json` prints, plus the
 * outcome itself (instruction trace, program, core configuration) for callers that want it.
 */
export function simulateProgram(options: SimulateProgramOptions): { result: ProgramResult; outcome: ExecOutcome } {
  const arch = typeof options.arch === 'string' ? loadArch(options.arch) : parseArch(options.arch);
  let programText = options.programText;
  if (programText === undefined) programText = readInputText(options.program, 'program', 'program');
  const fill = options.fill ?? { kind: 'random', seed: 1 };
  const archFile = typeof options.arch === 'string' ? options.arch : undefined;
  const outcome = execProgram({ arch, archFile, programText, programFile: options.program, d: options.d, symbols: options.symbols, fill, fastForward: options.fastForward });
  const power = programPowerReport(arch, outcome.run, outcome.config.d);
  return { result: { ...execJson(outcome, arch.name, options.program, fill), power }, outcome };
}

/** The stable `--json` shape (snake_case; cycles are core cycles, times in seconds). */
export function execJson(o: ExecOutcome, archName: string, programFile: string, fill: MemoryFill) {
  const { run } = o;
  return {
    arch: archName,
    program: programFile,
    d: o.config.d,
    clock_mhz: run.clockHz / 1e6,
    cycles: run.cycles,
    time_s: run.timeS,
    instructions: run.instructions.map((t) => ({
      pc: t.pc,
      line: o.program.source[t.pc]!.line,
      text: o.program.source[t.pc]!.text,
      unit: t.unit,
      issue_cycle: t.issueCycle,
      done_cycle: t.doneCycle,
    })),
    unit_busy_cycles: run.unitBusyCycles,
    memory: {
      reads: run.memory.reads,
      writes: run.memory.writes,
      bytes_read: run.memory.bytesRead,
      bytes_written: run.memory.bytesWritten,
      detail: run.memory.detail,
    },
    symbols: o.program.symbols,
    symbols_placed: o.placed.map((p) => p.name),
    memory_init: fill.kind === 'random' ? `random(seed=${fill.seed})` : 'zero',
    registers_fnv1a: fnv1a(run.registers),
    fast_forward: { requests_skipped: run.fastForward.requestsSkipped, stretches: run.fastForward.stretches, closed_form_runs: run.fastForward.closedFormRuns },
    engine_events: run.engineEvents,
  };
}

function fnv1a(bytes: Int8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ (bytes[i]! & 0xff), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

