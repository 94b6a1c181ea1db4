import { InputError } from '../input-error.ts';
import { loadModelConfig, type ModelConfig } from '../model/config.ts';
import { loadTokenizer, type ModelTokenizer } from '../model/tokenizer.ts';

/** The flags `generate` and `run` share for choosing a model, a prompt and a length. */
export interface PromptArgs {
  model: string;
  prompt?: string;
  'prompt-ids'?: string;
  tokens: number;
  seed: number;
}

export interface ResolvedPrompt {
  config: ModelConfig;
  tokenizer: ModelTokenizer;
  promptIds: number[];
}

/**
 * Checks the shared flags and turns the prompt into ids. It reads only config.json and the
 * tokenizer, so bad input fails before the seconds a large model's weights take to load.
 */
export function resolvePrompt(args: PromptArgs): ResolvedPrompt {
  if (!Number.isInteger(args.tokens) || args.tokens < 0) {
    throw new InputError(`expected a non-negative integer, got ${args.tokens}`, { key: '--tokens' });
  }
  if (!Number.isInteger(args.seed)) throw new InputError(`expected an integer, got ${args.seed}`, { key: '--seed' });
  if ((args.prompt === undefined) === (args['prompt-ids'] === undefined)) {
    throw new InputError('give exactly one of --prompt TEXT or --prompt-ids 1,2,3', { key: '--prompt' });
  }
  const config = loadModelConfig(args.model);
  const tokenizer = loadTokenizer(args.model, config);
  const V = config.vocabSize;
  if (args['prompt-ids'] !== undefined) {
    return { config, tokenizer, promptIds: parsePromptIds(args['prompt-ids'], V) };
  }
  if (tokenizer.kind === 'none') {
    throw new InputError(
      `this model (vocab ${V}) has no tokenizer.json, so text cannot be encoded: use --prompt-ids, or add tokenizer.json to ${args.model}`,
      { key: '--prompt' },
    );
  }
  const promptIds = tokenizer.encode(args.prompt!);
  if (promptIds.length === 0) throw new InputError('the prompt encodes to no tokens', { key: '--prompt' });
  const bad = promptIds.find((id) => id >= V);
  if (bad !== undefined) throw new InputError(`tokenizer produced id ${bad}, outside the model's vocabulary of ${V}`, { key: '--prompt' });
  return { config, tokenizer, promptIds };
}

function parsePromptIds(text: string, vocabSize: number): number[] {
  return text.split(',').map((p, i) => {
    const t = p.trim();
    if (!/^\d+$/.test(t)) throw new InputError(`item ${i + 1} "${t}" is not a non-negative integer`, { key: '--prompt-ids' });
    const id = Number(t);
    if (id >= vocabSize) throw new InputError(`id ${id} is outside the vocabulary (0..${vocabSize - 1})`, { key: '--prompt-ids' });
    return id;
  });
}
