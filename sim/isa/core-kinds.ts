import { InputError } from '../input-error.ts';

/**
 * The core kinds mmfsim models, as data: `core.kind` in the arch YAML names one of them.
 * Each kind lists, once, the names every other part of the simulator uses for it:
 *
 * - `units`: the functional units its instruction set issues to, in the order the core
 *   counts their busy cycles (the paper ISA's `fu` field, the vector ISA's `unitOf`);
 * - `parts`: the blocks the resource and power models size and price, in report order,
 *   each with the activity it follows: every cycle (issue), or as busy as the busiest of
 *   the units that drive it (a shared memory port, a register file or scratchpad);
 * - `runBy`: the commands that run a core of this kind and which core model each simulates.
 *   `mmfsim exec` runs `.tmi` programs on the paper core. `mmfsim run` runs a whole model on
 *   the vector core; a paper-kind arch runs there as the vector core with the paper core's
 *   clock, memory port, weight FIFO, lanes and accumulators (the paper ISA has no quantise
 *   unit and no scratchpad, so no model can be compiled to it — docs/core.md, "Core kinds").
 *
 * A new kind is one entry here, its ISA, its core model and its resource demand.
 */
export const CORE_KINDS = {
  paper: {
    summary: "the paper's core (docs/paper-core.md): `registers` Q4.3 vector registers of `d` elements, four units, `.tmi` programs",
    units: ['load_store', 'rowwise', 'tmatmul', 'rms'],
    parts: {
      issue: 'every_cycle',
      register_file: ['load_store', 'tmatmul', 'rowwise', 'rms'],
      load_store: ['load_store'],
      memory_port: ['load_store', 'tmatmul'],
      tmatmul: ['tmatmul'],
      rowwise: ['rowwise'],
      rms: ['rms'],
    },
    runBy: { exec: 'paper', run: 'vector' },
  },
  vector: {
    summary: 'the generalised core: a scratchpad of typed buffers, five units, programs compiled from the model',
    units: ['load_store', 'quantize', 'rowwise', 'tmatmul', 'sync'],
    parts: {
      issue: 'every_cycle',
      scratchpad: ['load_store', 'tmatmul', 'rowwise', 'quantize', 'sync'],
      load_store: ['load_store'],
      memory_port: ['load_store', 'tmatmul'],
      weight_fifo: ['tmatmul'],
      tmatmul: ['tmatmul'],
      quantize: ['quantize'],
      rowwise: ['rowwise'],
      all_gather: ['sync'],
    },
    runBy: { run: 'vector' },
  },
} as const satisfies Record<string, CoreKindInfo>;

/** What a kind table entry holds (see CORE_KINDS). */
export interface CoreKindInfo {
  summary: string;
  units: readonly string[];
  parts: Readonly<Record<string, 'every_cycle' | readonly string[]>>;
  runBy: Readonly<Partial<Record<CoreCommand, string>>>;
}

export type CoreKind = keyof typeof CORE_KINDS;
export const CORE_KIND_NAMES = Object.keys(CORE_KINDS) as CoreKind[];

/** The commands that run a core: `exec` (a `.tmi` program) and `run` (a whole model). */
export type CoreCommand = 'exec' | 'run';

/** The functional units of a kind (busy cycles are counted per unit). */
export type UnitOf<K extends CoreKind> = (typeof CORE_KINDS)[K]['units'][number];
/** The resource/power parts of a kind. */
export type PartOf<K extends CoreKind> = keyof (typeof CORE_KINDS)[K]['parts'] & string;
/** Every functional unit of every kind. */
export type CoreUnitName = UnitOf<CoreKind>;

export const PAPER_UNITS: readonly UnitOf<'paper'>[] = CORE_KINDS.paper.units;
export const VECTOR_UNITS: readonly UnitOf<'vector'>[] = CORE_KINDS.vector.units;

export function unitsOf<K extends CoreKind>(kind: K): readonly UnitOf<K>[] {
  return CORE_KINDS[kind].units;
}

export function partsOf<K extends CoreKind>(kind: K): readonly PartOf<K>[] {
  return Object.keys(CORE_KINDS[kind].parts) as PartOf<K>[];
}

/**
 * The core model `command` simulates for an arch whose core is of `kind`; a kind the command
 * cannot run is bad input, named at `core.kind` with the commands that do run it.
 */
export function coreModelFor(command: CoreCommand, kind: CoreKind, file?: string): CoreKind {
  const runBy: Partial<Record<CoreCommand, CoreKind>> = CORE_KINDS[kind].runBy;
  const model = runBy[command];
  if (model !== undefined) return model;
  const runners = Object.keys(runBy).map((c) => `\`mmfsim ${c}\``).join(' or ');
  const accepted = CORE_KIND_NAMES.filter((k) => (CORE_KINDS[k].runBy as Partial<Record<CoreCommand, CoreKind>>)[command] !== undefined);
  throw new InputError(
    `\`mmfsim ${command}\` cannot run a ${kind} core (it runs core.kind ${accepted.join(' or ')}); run this arch with ${runners}, or set core.kind: ${accepted[0]}`,
    { file, key: 'core.kind' },
  );
}
