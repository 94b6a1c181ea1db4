import { join } from 'node:path';
import * as z from 'zod';
import { InputError } from '../input-error.ts';
import { readInputText } from '../read-input-file.ts';

/**
 * The Hugging Face `config.json` of an HGRNBit (MatMul-free LM) checkpoint. Only the fields
 * the model math depends on are validated strictly; the rest of a real config (transformers
 * bookkeeping such as `id2label`) passes through untouched (`.loose()`), because published
 * checkpoints carry dozens of them.
 */
/**
 * Largest sizes a config.json may state (docs/limits.md): each is 8–64× the largest published
 * value (vocabularies: 32k here, 256k anywhere; widths: 2560 here, 16–25k in the largest
 * models), far beyond what fits a machine's memory together but small enough that no single
 * product of two of them overflows exact integer arithmetic.
 */
export const MODEL_CONFIG_LIMITS = {
  vocab_size: 1 << 20,
  hidden_size: 1 << 16,
  num_hidden_layers: 1024,
  intermediate_size: 1 << 18,
  hidden_ratio: 64,
} as const;

export const ModelConfigSchema = z
  .object({
    model_type: z.literal('hgrn_bit').describe('Architecture tag; only HGRNBit checkpoints are supported.'),
    vocab_size: z.number().int().positive().max(MODEL_CONFIG_LIMITS.vocab_size).describe('Vocabulary size V (embedding and lm_head rows).'),
    hidden_size: z.number().int().positive().max(MODEL_CONFIG_LIMITS.hidden_size).describe('Model width D (recurrent state size per layer).'),
    num_hidden_layers: z.number().int().positive().max(MODEL_CONFIG_LIMITS.num_hidden_layers).describe('Number of MLGRU + GLU layers L.'),
    hidden_ratio: z.number().positive().max(MODEL_CONFIG_LIMITS.hidden_ratio).default(4).describe('GLU width multiplier used when intermediate_size is null.'),
    intermediate_size: z
      .number()
      .int()
      .positive()
      .max(MODEL_CONFIG_LIMITS.intermediate_size)
      .nullable()
      .default(null)
      .describe('GLU width I; null means 256 * ceil(floor(D * hidden_ratio * 2 / 3) / 256).'),
    rms_norm_eps: z.number().positive().max(1).default(1e-6).describe('Epsilon of the block, g_norm and final RMSNorms.'),
    use_lower_bound: z.boolean().default(true).describe('Whether forget gates are interpolated with learned lower bounds.'),
    num_heads: z.literal(1).default(1).describe('MLGRU heads; the published models and this simulator use 1.'),
    expand_ratio: z.literal(1).default(1).describe('MLGRU expansion; only 1 is supported.'),
    use_short_conv: z.literal(false).default(false).describe('Short convolution before the MLGRU; not supported.'),
    hidden_act: z.literal('swish').default('swish').describe('GLU activation; only swish (SiLU).'),
    tie_word_embeddings: z.literal(false).default(false).describe('Tied embeddings are not supported (lm_head is ternary).'),
    bos_token_id: z.number().int().nonnegative().nullable().default(null).describe('Beginning-of-sequence id, if any.'),
    eos_token_id: z.number().int().nonnegative().nullable().default(null).describe('End-of-sequence id, if any.'),
  })
  .loose()
  .superRefine((c, ctx) => {
    // Special ids name rows of the embedding: they must exist.
    for (const key of ['bos_token_id', 'eos_token_id'] as const) {
      const id = c[key];
      if (id !== null && id >= c.vocab_size) ctx.addIssue({ code: 'custom', path: [key], message: `id ${id} is outside the vocabulary (0..${c.vocab_size - 1})` });
    }
    if (c.intermediate_size === null) {
      const derived = defaultIntermediateSize(c.hidden_size, c.hidden_ratio);
      if (derived < 1 || derived > MODEL_CONFIG_LIMITS.intermediate_size) {
        ctx.addIssue({ code: 'custom', path: ['hidden_ratio'], message: `hidden_size ${c.hidden_size} × hidden_ratio ${c.hidden_ratio} gives a GLU width of ${derived}; it must be 1..${MODEL_CONFIG_LIMITS.intermediate_size}` });
      }
    }
  });

export type RawModelConfig = z.infer<typeof ModelConfigSchema>;

/** The resolved shape of a model: every quantity the forward passes and the compiler need. */
export interface ModelConfig {
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  intermediateSize: number;
  rmsNormEps: number;
  useLowerBound: boolean;
  bosTokenId: number | null;
  eosTokenId: number | null;
}

/** The GLU width the released code derives when `intermediate_size` is null. */
export function defaultIntermediateSize(hiddenSize: number, hiddenRatio: number): number {
  return 256 * Math.ceil(Math.floor((hiddenSize * hiddenRatio * 2) / 3) / 256);
}

export function resolveModelConfig(raw: RawModelConfig): ModelConfig {
  return {
    vocabSize: raw.vocab_size,
    hiddenSize: raw.hidden_size,
    numLayers: raw.num_hidden_layers,
    intermediateSize: raw.intermediate_size ?? defaultIntermediateSize(raw.hidden_size, raw.hidden_ratio),
    rmsNormEps: raw.rms_norm_eps,
    useLowerBound: raw.use_lower_bound,
    bosTokenId: raw.bos_token_id,
    eosTokenId: raw.eos_token_id,
  };
}

/** Parse and validate config.json text; errors name the file and the key. */
export function parseModelConfig(text: string, file: string): ModelConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, { file });
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new InputError('expected a JSON object at the top level', { file });
  }
  const result = ModelConfigSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path.map(String).join('.') || '(top level)';
    const present = issue.path.length > 0 && hasPath(data, issue.path as PropertyKey[]);
    throw new InputError(present ? issue.message : `${issue.message} (key is missing)`, { file, key });
  }
  return resolveModelConfig(result.data);
}

export function loadModelConfig(dir: string): ModelConfig {
  const file = join(dir, 'config.json');
  return parseModelConfig(readInputText(file, 'modelConfig', 'model config'), file);
}

function hasPath(data: unknown, path: PropertyKey[]): boolean {
  let node: unknown = data;
  for (const step of path) {
    if (node === null || typeof node !== 'object' || !(step in (node as object))) return false;
    node = (node as Record<PropertyKey, unknown>)[step];
  }
  return true;
}
