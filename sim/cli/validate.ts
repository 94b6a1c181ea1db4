import { statSync } from 'node:fs';
import { loadArchOrMemoryFile } from '../arch/memory-file.ts';
import { InputError, isInputError } from '../input-error.ts';
import { checkModelDir } from '../model/check-model-dir.ts';
import { loadModel } from '../model/load-model.ts';
import { checkArchWithModel } from '../run/run-model.ts';
import { defineCommand } from './command.ts';

/** What `validate` checked, as `--json` prints it. */
type Checked = { file: string; ok: true; kind: 'arch' | 'memory' | 'model'; detail: string };

export const validateCommand = defineCommand({
  name: 'validate',
  describe:
    'Check an architecture YAML, a memory-only YAML (as `dram` takes) or a model directory with every check run, exec and dram make before simulating (prints "ok" or file:line:col: key: reason)',
  // The registry registers commands by bare name, so the FILE positional is read from `_`
  // (strict mode would otherwise reject it as an unknown argument); options are checked here.
  builder: (y) =>
    y
      .usage('$0 validate FILE.yaml | MODEL_DIR [--model DIR]')
      .option('model', { type: 'string', describe: 'With an arch: also check the model directory and what needs both (the DDR images fit the memory and core.address_bits)' })
      .option('json', { type: 'boolean', default: false, describe: 'Print one JSON object on stdout ({file, ok, kind, …} or {file, ok: false, error})' })
      .strict(false),
  run: (args) => {
    const positionals = ((args as { _?: (string | number)[] })._ ?? []).slice(1).map(String);
    const unknown = Object.keys(args).filter((k) => !['_', '$0', 'help', 'h', 'json', 'model'].includes(k));
    if (unknown.length > 0) throw new InputError(`unknown option --${unknown[0]}`, { key: 'validate' });
    if (positionals.length !== 1) throw new InputError(`expected one FILE.yaml or MODEL_DIR, got ${positionals.length} arguments`, { key: 'validate' });
    const file = positionals[0]!;
    let checked: Checked;
    try {
      checked = check(file, args.model);
    } catch (e) {
      // With --json the failure is also an object on stdout; main still prints the one line.
      if (args.json && isInputError(e)) {
        const { reason, file: where, line, column, key } = e;
        process.stdout.write(JSON.stringify({ file, ok: false, error: { message: e.message, reason, file: where ?? null, line: line ?? null, column: column ?? null, key: key ?? null } }) + '\n');
      }
      throw e;
    }
    process.stdout.write(args.json ? JSON.stringify(checked) + '\n' : `${file}: ok${checked.detail ? ` (${checked.detail})` : ''}\n`);
    return 0;
  },
});

/** Bad files throw InputError: main prints file:line:col: key: reason and exits 2. */
function check(file: string, modelDir: string | undefined): Checked {
  let isDir = false;
  try {
    isDir = statSync(file).isDirectory();
  } catch {
    // a missing path is reported by the YAML reader with its error code
  }
  if (isDir) {
    if (modelDir !== undefined) throw new InputError('--model applies to an architecture file, not to a model directory', { key: '--model' });
    const m = checkModelDir(file);
    const weights = m.tensors > 0 ? `${m.tensors} tensors` : 'synthetic weights';
    return { file, ok: true, kind: 'model', detail: `model: vocab ${m.config.vocabSize}, hidden ${m.config.hiddenSize}, ${m.config.numLayers} layers, ${weights}, tokenizer ${m.tokenizer}` };
  }
  const { memoryOnly, arch } = loadArchOrMemoryFile(file);
  if (modelDir !== undefined) {
    if (!arch) throw new InputError('--model applies to an architecture file; this one holds only a memory section', { key: '--model' });
    checkModelDir(modelDir);
    // Everything `run` builds before its first pass (the model's weights are loaded for it).
    checkArchWithModel(arch, loadModel(modelDir));
    return { file, ok: true, kind: 'arch', detail: `with model ${modelDir}` };
  }
  return { file, ok: true, kind: memoryOnly ? 'memory' : 'arch', detail: memoryOnly ? 'memory section only' : '' };
}
