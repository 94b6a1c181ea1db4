import type { ArchSpec } from '../arch/schema.ts';
import { coreModelFor } from '../isa/core-kinds.ts';
import { InputError } from '../input-error.ts';
import { matrixBytes } from './units/ternary-weights.ts';
import { bindProgram, parseTmi, type Program } from '../isa/assembler.ts';
import { layoutSymbols, type SymbolLayout } from '../isa/symbol-layout.ts';
import { resolveCoreConfig, type CoreConfig } from './core/core-config.ts';
import { resolveMemorySection } from '../arch/onchip-memory.ts';
import { createMemoryModel } from '../memory/create-memory-model.ts';
import { MemoryImage, type MemoryFill } from '../compiler/memory-image.ts';
import { runProgram, type ProgramRun } from './run-program.ts';

export interface ExecRequest {
  arch: ArchSpec;
  /** The file the arch came from, to name in errors. */
  archFile?: string;
  programText: string;
  programFile: string;
  /** Overrides `core.d`. */
  d?: number;
  /** Bindings that override the arch's `symbols:`. */
  symbols?: Record<string, number>;
  /** Initial DDR contents. */
  fill?: MemoryFill;
  /** Serve provable memory requests without events (default true; the same results either way). */
  fastForward?: boolean;
}

export interface ExecOutcome {
  run: ProgramRun;
  program: Program;
  config: CoreConfig;
  /** Symbols exec laid out itself because nothing bound them. */
  placed: SymbolLayout['placed'];
}

/**
 * Most memory requests one program may make: 2^26 (67 million), about a minute of simulation
 * at the million requests a second the event-driven core sustains. A program's size is
 * capped (sim/read-input-file.ts) but each `tmatmul` streams d²/4 bytes, so half a million
 * of them would run for days: the budget is checked before the first cycle (docs/limits.md).
 */
export const MAX_EXEC_REQUESTS = 2 ** 26;

/** Largest vector length `exec` runs: a d × d ternary matrix is then 16 MiB, one tmatmul 67 M weights. */
export const MAX_EXEC_D = 8192;

/**
 * `mmfsim exec` without the CLI: assemble a `.tmi` program for the arch's core, bind its
 * symbols (arch `symbols:`, then overrides, then an automatic layout for the rest), and run
 * it from start to ready on the arch's memory model. Only a paper-kind core runs `.tmi`
 * programs: any other kind is refused at `core.kind`.
 */
export function execProgram(req: ExecRequest): ExecOutcome {
  coreModelFor('exec', req.arch.core.kind, req.archFile);
  const config = resolveCoreConfig(req.arch.core, req.d === undefined ? {} : { d: req.d });
  if (config.d > MAX_EXEC_D) {
    throw new InputError(`vector length ${config.d}: the limit is ${MAX_EXEC_D} (a ${config.d} × ${config.d} matrix per tmatmul; docs/limits.md)`, { key: req.d === undefined ? 'core.d' : '--d' });
  }
  const parsed = parseTmi(req.programText, req.programFile, { registers: config.registers, format: config.format });
  if (parsed.statements.length === 0) throw new InputError('the program holds no instructions: nothing to run', { file: req.programFile });
  checkProgramWork(parsed.statements.map((s) => s.inst.op), config, req.programFile);
  const bound = { ...(req.arch.symbols ?? {}), ...(req.symbols ?? {}) };
  const layout = layoutSymbols(parsed, config.d, bound);
  const program = bindProgram(parsed, layout.symbols, config.format);
  const model = createMemoryModel(resolveMemorySection(req.arch), { coreClockHz: config.clockHz });
  const image = new MemoryImage(req.fill ?? { kind: 'zero' });
  const run = runProgram(config, program.instructions, model, image, undefined, req.fastForward ?? true);
  return { run, program, config, placed: layout.placed };
}

/** Refuses, before it runs, a program whose memory traffic exceeds MAX_EXEC_REQUESTS. */
function checkProgramWork(ops: readonly string[], config: CoreConfig, file: string): void {
  const requestBytes = config.portWidthBytes * config.burstBeats;
  const perVector = Math.ceil(config.d / requestBytes);
  const perMatrix = Math.ceil(matrixBytes(config.d, config.d) / requestBytes);
  let requests = 0;
  for (const op of ops) requests += op === 'tmatmul' ? perMatrix : op === 'ldv' || op === 'sv' ? perVector : 0;
  if (requests > MAX_EXEC_REQUESTS) {
    throw new InputError(
      `the program would make ${requests} memory requests (${requestBytes}-byte, d = ${config.d}); the limit is ${MAX_EXEC_REQUESTS} (docs/limits.md): run fewer instructions, a smaller d or a wider memory port`,
      { file },
    );
  }
}
