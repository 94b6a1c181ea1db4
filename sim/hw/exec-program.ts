import type { ArchSpec } from '../arch/schema.ts';
import { coreModelFor } from '../isa/core-kinds.ts';
import { bindProgram, parseTmi, type Program } from '../isa/assembler.ts';
import { layoutSymbols, type SymbolLayout } from '../isa/symbol-layout.ts';
import { resolveCoreConfig, type CoreConfig } from './core/core-config.ts';
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
}

export interface ExecOutcome {
  run: ProgramRun;
  program: Program;
  config: CoreConfig;
  /** Symbols exec laid out itself because nothing bound them. */
  placed: SymbolLayout['placed'];
}

/**
 * `mmfsim exec` without the CLI: assemble a `.tmi` program for the arch's core, bind its
 * symbols (arch `symbols:`, then overrides, then an automatic layout for the rest), and run
 * it from start to ready on the arch's memory model. Only a paper-kind core runs `.tmi`
 * programs: any other kind is refused at `core.kind`.
 */
export function execProgram(req: ExecRequest): ExecOutcome {
  coreModelFor('exec', req.arch.core.kind, req.archFile);
  const config = resolveCoreConfig(req.arch.core, req.d === undefined ? {} : { d: req.d });
  const parsed = parseTmi(req.programText, req.programFile, { registers: config.registers, format: config.format });
  const bound = { ...(req.arch.symbols ?? {}), ...(req.symbols ?? {}) };
  const layout = layoutSymbols(parsed, config.d, bound);
  const program = bindProgram(parsed, layout.symbols, config.format);
  const model = createMemoryModel(req.arch.memory, { coreClockHz: config.clockHz });
  const image = new MemoryImage(req.fill ?? { kind: 'zero' });
  const run = runProgram(config, program.instructions, model, image);
  return { run, program, config, placed: layout.placed };
}
