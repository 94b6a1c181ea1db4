import { InputError } from '../input-error.ts';
import { loadModelConfig, type ModelConfig } from '../model/config.ts';
import { loadTokenizer, type ModelTokenizer } from '../model/tokenizer.ts';

/**
 * Hard caps on how much work a prompt and a length may ask for (docs/limits.md). A token is
 * one forward pass (`generate`) or one simulated pass over every weight (`run`): 16 384 is 8×
 * the context the published models were trained on, and already hours of simulation for a
 * large model; past it a typo (`--tokens 1e9`) would run for days with no result.
 */
export const MAX_TOKENS = 16_384;
/** Longest prompt, in tokens (per sequence). */
export const MAX_PROMPT_TOKENS = 16_384;
/** Longest prompt text, in characters (checked before tokenising it). */
export const MAX_PROMPT_CHARS = 65_536;
/** Most sequences one run decodes together: the largest `core.batch` the arch schema allows. */
export const MAX_SEQUENCES = 256;

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
  /** The most sequences the target decodes together (`core.batch`; default MAX_SEQUENCES). */
  maxSequences?: number;
  /** Where `maxSequences` comes from, for the message (e.g. `core.batch`). */
  maxSequencesKey?: string;
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
  if (args.tokens > MAX_TOKENS) throw new InputError(`${args.tokens} tokens asked for; the limit is ${MAX_TOKENS} per sequence (docs/limits.md)`, { key: '--tokens' });
  if (!Number.isSafeInteger(args.seed)) throw new InputError(`expected an integer, got ${args.seed}`, { key: '--seed' });
  const maxSequences = Math.min(args.maxSequences ?? MAX_SEQUENCES, MAX_SEQUENCES);
  const sequencesKey = args.maxSequences === undefined ? 'the limit' : (args.maxSequencesKey ?? 'the batch');
  if (args.sequences !== undefined && (!Number.isInteger(args.sequences) || args.sequences < 1)) {
    throw new InputError(`expected a positive integer, got ${args.sequences}`, { key: '--sequences' });
  }
  // Checked before any prompt is copied: --sequences 1e9 must not replicate one a billion times.
  const asked = Math.max(args.sequences ?? 0, (args.prompt ?? []).length, (args.promptIds ?? []).length);
  if (asked > maxSequences) {
    throw new InputError(
      `${asked} sequences need ${asked} batch slots, but ${sequencesKey} is ${maxSequences}${args.maxSequences === undefined ? ' (docs/limits.md)' : `: raise ${sequencesKey} or run fewer sequences`}`,
      { key: args.sequences !== undefined ? '--sequences' : (args.prompt ?? []).length > 0 ? '--prompt' : '--prompt-ids' },
    );
  }
  let texts = args.prompt ?? [];
  let idLists = args.promptIds ?? [];
  texts.forEach((text, i) => {
    if (typeof text !== 'string') throw new InputError(`prompt ${i + 1} is not text`, { key: '--prompt' });
    if (text.length > MAX_PROMPT_CHARS) throw new InputError(`prompt ${i + 1} holds ${text.length} characters; the limit is ${MAX_PROMPT_CHARS} (docs/limits.md)`, { key: '--prompt' });
  });
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
      if (ids.length > MAX_PROMPT_TOKENS) throw new InputError(`the prompt encodes to ${ids.length} tokens; the limit is ${MAX_PROMPT_TOKENS} (docs/limits.md)`, { key: '--prompt' });
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
  if (ids.length > MAX_PROMPT_TOKENS) throw new InputError(`the prompt holds ${ids.length} ids; the limit is ${MAX_PROMPT_TOKENS} (docs/limits.md)`, { key: '--prompt-ids' });
  for (const id of ids) {
    if (!Number.isSafeInteger(id) || id < 0) throw new InputError(`id ${id} is not a non-negative integer`, { key: '--prompt-ids' });
    if (id >= vocabSize) throw new InputError(`id ${id} is outside the vocabulary (0..${vocabSize - 1})`, { key: '--prompt-ids' });
  }
  return [...ids];
}
