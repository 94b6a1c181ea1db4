import { loadArchOrMemoryFile } from '../arch/memory-file.ts';
import { InputError } from '../input-error.ts';
import { defineCommand } from './command.ts';

export const validateCommand = defineCommand({
  name: 'validate',
  describe: 'Check an architecture YAML (or a memory-only YAML, as `dram` takes) against the schema (prints "ok" or file:line:col: key: reason)',
  // The registry registers commands by bare name, so the FILE positional is read from `_`
  // (strict mode would otherwise reject it as an unknown argument).
  builder: (y) => y.usage('$0 validate FILE.yaml').strict(false),
  run: (args) => {
    const positionals = ((args as { _?: (string | number)[] })._ ?? []).slice(1).map(String);
    const unknown = Object.keys(args).filter((k) => !['_', '$0', 'help', 'h'].includes(k));
    if (unknown.length > 0) throw new InputError(`unknown option --${unknown[0]}`, { key: 'validate' });
    if (positionals.length !== 1) throw new InputError(`expected one FILE.yaml, got ${positionals.length} arguments`, { key: 'validate' });
    const file = positionals[0]!;
    // Bad files throw InputError: main prints file:line:col: key: reason and exits 2.
    const { memoryOnly } = loadArchOrMemoryFile(file);
    process.stdout.write(`${file}: ok${memoryOnly ? ' (memory section only)' : ''}\n`);
    return 0;
  },
});
