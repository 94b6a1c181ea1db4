import yargs from 'yargs';
import { isInputError } from '../input-error.ts';
import { commandLoaders } from './commands.ts';

/**
 * The `mmfsim` entry point. Returns the exit code instead of calling process.exit so tests
 * can drive it in-process. Exit codes: 0 ok, 1 simulation/runtime error, 2 bad input.
 */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const cli = yargs(argv)
    .scriptName('mmfsim')
    .usage('$0 <command> [options]\n\nSimulate FPGA accelerators for MatMul-free language models.')
    .strict()
    .demandCommand(1, 'Name a command (see the list above).')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err) throw err;
      // Usage errors are bad input: one line on stderr, exit 2.
      throw new UsageError(msg);
    });

  // Only the command being run is loaded; the others register their one-line description
  // for `mmfsim --help`, so a quick command never pays for loading tfjs or the simulator.
  for (const [name, { describe, load }] of Object.entries(commandLoaders)) {
    if (name !== argv[0]) {
      cli.command(name, describe);
      continue;
    }
    const cmd = await load();
    cli.command(
      name,
      describe,
      (y) => cmd.builder(y),
      async (args) => {
        exitCode = await cmd.run(args);
      },
    );
  }

  try {
    await cli.parseAsync();
    return exitCode;
  } catch (e) {
    // yargs' parser reports some usage errors (e.g. a flag missing its value) by throwing a
    // YError instead of calling fail(): bad input all the same.
    if (e instanceof UsageError || (e instanceof Error && e.name === 'YError')) {
      process.stderr.write(`mmfsim: ${e.message}\n(run 'mmfsim --help' for usage)\n`);
      return 2;
    }
    if (isInputError(e)) {
      process.stderr.write(`mmfsim: error: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`mmfsim: simulation error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

class UsageError extends Error {}
