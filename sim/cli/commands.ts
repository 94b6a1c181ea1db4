import type { CliCommand } from './command.ts';

/**
 * Every subcommand, in the order `mmfsim --help` lists them. Commands are imported lazily
 * so `mmfsim validate` does not pay for loading tfjs. `manyParses`: the command parses
 * inputs with the same schemas many times (sweep points), so zod's compiled parsers pay off
 * (parse-schemas-once.ts).
 */
export const commandLoaders: Record<string, { describe: string; load: () => Promise<CliCommand<any>>; manyParses?: true }> = {
  generate: { describe: 'Generate text with a model (reference or integer forward pass)', load: async () => (await import('./generate.ts')).generateCommand },
  exec: { describe: 'Run a raw core program (.tmi) on an architecture', load: async () => (await import('./exec.ts')).execCommand },
  validate: { describe: 'Check an architecture YAML, a memory-only YAML or a model directory (everything run/exec/dram check)', load: async () => (await import('./validate.ts')).validateCommand },
  dram: { describe: 'Run a DRAM memory model (DDR4, HBM2, …) alone on a trace', load: async () => (await import('./dram.ts')).dramCommand },
  run: { describe: 'Run a model on a simulated accelerator (tokens, cycles, DDR, power)', load: async () => (await import('./run.ts')).runCommand },
  report: { describe: 'Write an HTML report of a sweep directory, a run (run --json output), or several runs compared', load: async () => (await import('./report.ts')).reportCommand },
  sweep: { describe: 'Sweep designs in parallel: results.jsonl, the exact Pareto front, hypervolume', load: async () => (await import('./sweep.ts')).sweepCommand, manyParses: true },
  worker: { describe: 'Evaluate points of distributed sweeps (sweep --queue) from a Redis queue', load: async () => (await import('./worker.ts')).workerCommand, manyParses: true },
  schema: { describe: 'Print the architecture JSON Schema', load: async () => (await import('./schema.ts')).schemaCommand },
};
