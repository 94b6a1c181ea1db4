import type { Argv } from 'yargs';

/** What yargs' `getOptions()` reports about the declared options (the parts we read). */
interface DeclaredOptions {
  key: Record<string, unknown>;
  array: string[];
  string: string[];
  number: string[];
  narg: Record<string, number>;
}

/**
 * A flag is said once and always with its value. yargs on its own quietly turns a repeated
 * scalar flag into an array (`--tokens 3 --tokens 4` → [3, 4]; `--prompt a --prompt b` fed a
 * two-element array to the tokenizer) and lets a value-less `--tokens` fall back to its
 * default; both are usage errors (exit 2) here. Flags declared `array` (`run --prompt`,
 * `--prompt-ids`: one sequence each) may repeat by design.
 */
/** Flags whose value is optional: `run --report` / `sweep --report` alone mean the default path. */
const OPTIONAL_VALUE = new Set(['report']);

export function strictOptions<A>(y: Argv<A>): Argv<A> {
  // getOptions() is public at run time but missing from @types/yargs.
  const o = (y as unknown as { getOptions(): DeclaredOptions }).getOptions();
  const needValue = [...o.string, ...o.number].filter((k) => o.narg[k] === undefined && !OPTIONAL_VALUE.has(k));
  if (needValue.length > 0) y.requiresArg(needValue);
  const scalars = Object.keys(o.key).filter((k) => !o.array.includes(k) && k !== 'help' && k !== 'version');
  return y.check((argv) => {
    for (const k of scalars) {
      const v = (argv as Record<string, unknown>)[k];
      // A string returned from check() is a usage error with that message.
      if (Array.isArray(v)) return `--${k} given ${v.length} times: give it once`;
    }
    return true;
  }) as Argv<A>;
}
