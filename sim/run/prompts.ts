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
  const { prompt, 'prompt-ids': promptIds, ...rest } = args;
  if ((prompt === undefined) === (promptIds === undefined)) {
    throw new InputError('give exactly one of --prompt TEXT or --prompt-ids 1,2,3', { key: '--prompt' });
  }
  const r = resolvePrompts({ ...rest, prompt: prompt === undefined ? undefined : [prompt], promptIds: promptIds === undefined ? undefined : [parseIdList(promptIds, 0)] });
  return { config: r.config, tokenizer: r.tokenizer, promptIds: r.prompts[0]! };
}

/** `run`'s prompt flags: each of --prompt / --prompt-ids may repeat (one sequence each). */
export interface PromptsArgs {
  model: string;
  prompt?: readonly string[];
  /** One id list per sequence (see `parseIdList` for the flag's text form). */
  promptIds?: readonly (readonly number[])[];
  /** Sequences to run: the one prompt replicated, or (if given) the number of prompts. */
  sequences?: number;
  tokens: number;
  seed: number;
  /**
   * Without --prompt and --prompt-ids: use `DEFAULT_PROMPT_TEXT` when the model has a
   * tokenizer, else its BOS id (or 0), instead of failing (`run`; `generate` needs a prompt).
   */
  defaultPrompt?: boolean;
}

/** The prompt `run` uses when none is given: a Python fragment, what pycode-tiny was trained on. */
export const DEFAULT_PROMPT_TEXT = 'def __init__(self';

export interface ResolvedPrompts {
  config: ModelConfig;
  tokenizer: ModelTokenizer;
  /** One prompt (ids) per sequence. */
  prompts: number[][];
}

/**
 * Several sequences' prompts: every `--prompt TEXT` (or every `--prompt-ids 1,2,3`) is one
 * sequence, in the order given; `--sequences N` with one prompt replicates it N times (the
 * way to measure N sequences decoding together), with several it must equal their count.
 */
export function resolvePrompts(args: PromptsArgs): ResolvedPrompts {
  if (!Number.isInteger(args.tokens) || args.tokens < 0) {
    throw new InputError(`expected a non-negative integer, got ${args.tokens}`, { key: '--tokens' });
  }
  if (!Number.isInteger(args.seed)) throw new InputError(`expected an integer, got ${args.seed}`, { key: '--seed' });
  if (args.sequences !== undefined && (!Number.isInteger(args.sequences) || args.sequences < 1)) {
    throw new InputError(`expected a positive integer, got ${args.sequences}`, { key: '--sequences' });
  }
  let texts = args.prompt ?? [];
  let idLists = args.promptIds ?? [];
  const none = texts.length === 0 && idLists.length === 0;
  const both = texts.length > 0 && idLists.length > 0;
  if (both || (none && !args.defaultPrompt)) {
    throw new InputError('give exactly one of --prompt TEXT or --prompt-ids 1,2,3 (either may repeat: one sequence each)', { key: '--prompt' });
  }
  const config = loadModelConfig(args.model);
  const tokenizer = loadTokenizer(args.model, config);
  const V = config.vocabSize;
  if (none) {
    if (tokenizer.kind === 'none') idLists = [[config.bosTokenId ?? 0]];
    else texts = [DEFAULT_PROMPT_TEXT];
  }
  let prompts: number[][];
  if (idLists.length > 0) prompts = idLists.map((ids) => checkPromptIds(ids, V));
  else {
    if (tokenizer.kind === 'none') {
      throw new InputError(
        `this model (vocab ${V}) has no tokenizer.json, so text cannot be encoded: use --prompt-ids, or add tokenizer.json to ${args.model}`,
        { key: '--prompt' },
      );
    }
    prompts = texts.map((text) => {
      const ids = tokenizer.encode(text);
      if (ids.length === 0) throw new InputError(`the prompt ${JSON.stringify(text)} encodes to no tokens`, { key: '--prompt' });
      const bad = ids.find((id) => id >= V);
      if (bad !== undefined) throw new InputError(`tokenizer produced id ${bad}, outside the model's vocabulary of ${V}`, { key: '--prompt' });
      return ids;
    });
  }
  if (args.sequences !== undefined && args.sequences !== prompts.length) {
    if (prompts.length > 1) throw new InputError(`${args.sequences} sequences but ${prompts.length} prompts: give one prompt to replicate, or drop --sequences`, { key: '--sequences' });
    prompts = Array.from({ length: args.sequences }, () => [...prompts[0]!]);
  }
  return { config, tokenizer, prompts };
}

/** `--prompt-ids 1,2,3` (the `index`-th of the flag) as ids; the vocabulary is checked later. */
export function parseIdList(text: string, index: number): number[] {
  return text.split(',').map((p, i) => {
    const t = p.trim();
    if (!/^\d+$/.test(t)) throw new InputError(`item ${i + 1} "${t}" is not a non-negative integer${index > 0 ? ` (prompt ${index + 1})` : ''}`, { key: '--prompt-ids' });
    return Number(t);
  });
}

function checkPromptIds(ids: readonly number[], vocabSize: number): number[] {
  if (ids.length === 0) throw new InputError('a prompt needs at least one id', { key: '--prompt-ids' });
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < 0) throw new InputError(`id ${id} is not a non-negative integer`, { key: '--prompt-ids' });
    if (id >= vocabSize) throw new InputError(`id ${id} is outside the vocabulary (0..${vocabSize - 1})`, { key: '--prompt-ids' });
  }
  return [...ids];
}
