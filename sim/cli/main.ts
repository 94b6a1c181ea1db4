import yargs from 'yargs';
import { isInputError, isSimulationError } from '../input-error.ts';
import { commandLoaders } from './commands.ts';
import { oneLine } from './one-line.ts';
import { skipHelpPrerender } from './skip-help-prerender.ts';
import { flushOutput, takeOutputError, watchOutput } from './output-errors.ts';
import { strictOptions } from './strict-options.ts';

/**
 * The `mmfsim` entry point and its one error boundary. Returns the exit code instead of
 * calling process.exit so tests can drive it in-process. Exit codes: 0 ok, 1 the simulation
 * (or writing its output) failed, 2 bad input. Every expected failure is one line on stderr:
 * a usage error or an `InputError` (2), a `SimulationError` or an unwritable stdout (1).
 * Anything else is a bug in mmfsim: its stack, and a line asking to report it (1).
 */
export async function main(argv: string[]): Promise<number> {
  watchOutput();
  let code: number;
  try {
    code = await runCli(argv);
  } catch (e) {
    code = reportFailure(e);
  }
  await flushOutput();
  const writeError = takeOutputError();
  if (writeError) {
    process.stderr.write(`mmfsim: error: cannot write the output to stdout (${writeError.code ?? writeError.message})\n`);
    return code === 0 ? 1 : code;
  }
  return code;
}

async function runCli(argv: string[]): Promise<number> {
  let exitCode = 0;
  const cli = yargs(argv)
    .scriptName('mmfsim')
    .usage('$0 <command> [options]\n\nSimulate FPGA accelerators for MatMul-free language models.')
    .strict()
    .demandCommand(1, `Name a command: ${Object.keys(commandLoaders).join(', ')}.`)
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    // --help prints and returns; yargs would otherwise call process.exit, which a caller
    // driving main() in-process (tests, a sweep worker) must never see.
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      // An Error is what a command threw; a check() that fails hands over its message.
      if (err instanceof Error) throw err;
      // Usage errors are bad input: one line on stderr, exit 2.
      throw new UsageError(msg);
    });
  skipHelpPrerender(cli);

  // Only the command being run is loaded; the others register their one-line description
  // for `mmfsim --help`, so a quick command never pays for loading tfjs or the simulator.
  for (const [name, { describe, load, manyParses }] of Object.entries(commandLoaders)) {
    if (name !== argv[0]) {
      cli.command(name, describe);
      continue;
    }
    // Imported here, not above: neither --help nor a mistyped command needs zod.
    if (!manyParses) (await import('./parse-schemas-once.ts')).parseSchemasWithoutCompiling();
    const cmd = await load();
    cli.command(
      name,
      describe,
      (y) => strictOptions(cmd.builder(y)),
      async (args) => {
        exitCode = await cmd.run(args);
      },
    );
  }
  await cli.parseAsync();
  return exitCode;
}

/** The exit code of a failure, after printing it: one line, unless it is a bug. */
function reportFailure(e: unknown): number {
  // yargs' parser reports some usage errors (e.g. a flag missing its value) by throwing a
  // YError instead of calling fail(): bad input all the same.
  if (e instanceof UsageError || (e instanceof Error && e.name === 'YError')) {
    process.stderr.write(`mmfsim: ${oneLine(e.message)} (run 'mmfsim --help' for usage)\n`);
    return 2;
  }
  if (isInputError(e)) {
    process.stderr.write(`mmfsim: error: ${oneLine(e.message)}\n`);
    return 2;
  }
  if (isSimulationError(e)) {
    process.stderr.write(`mmfsim: simulation error: ${oneLine(e.message)}\n`);
    return 1;
  }
  const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  process.stderr.write(
    `mmfsim: internal error: ${stack}\n` +
      'mmfsim: this is a bug in mmfsim, not a problem with your input: please report it with the command line and the input files that caused it\n',
  );
  return 1;
}

class UsageError extends Error {}
