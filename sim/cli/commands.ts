import type { CliCommand } from './command.ts';

/**
 * Every subcommand, in the order `mmfsim --help` lists them. Commands are imported lazily
 * so `mmfsim validate` does not pay for loading tfjs.
 */
export const commandLoaders: Record<string, { describe: string; load: () => Promise<CliCommand<any>> }> = {
};
