import type { Argv } from 'yargs';

/** The parts of yargs' internal usage object we touch (not in @types/yargs). */
interface YargsInternals {
  getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?: () => void } };
}

/**
 * yargs renders a command's whole help text right after starting its handler, in case the
 * handler later asks for it (`showHelp()` once yargs has moved on). mmfsim never shows help
 * after a command started (usage errors are one line, main.ts), and rendering it — cliui
 * measuring every cell's width with string-width's Unicode segmenter and emoji tables — cost
 * a short command more than its simulation. The cache is dropped on the instance, so
 * `--help` itself still renders as before. If a yargs version lacks the internals, nothing
 * changes but the time.
 */
export function skipHelpPrerender<A>(y: Argv<A>): Argv<A> {
  const usage = (y as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
  return y;
}
