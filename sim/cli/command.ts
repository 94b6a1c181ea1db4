import type { Argv } from 'yargs';

/**
 * One `mmfsim` subcommand. Each lives in its own file under sim/cli/ and stays thin:
 * parse arguments, call the simulator, print. `run` returns the process exit code
 * (0 ok, 1 simulation/runtime error, 2 bad input); InputError thrown from it maps to 2.
 */
export interface CliCommand<A = Record<string, unknown>> {
  name: string;
  describe: string;
  builder: (y: Argv) => Argv<A>;
  run: (args: A) => Promise<number> | number;
}

/** Helper so each command file gets its argument type inferred from its builder. */
export function defineCommand<A>(cmd: CliCommand<A>): CliCommand<A> {
  return cmd;
}
