import { InputError } from '../input-error.ts';
import { checkArrayBytes, checkMemoryBudget } from '../memory-budget.ts';
import type { ModelConfig } from './config.ts';

/**
 * What a loaded model occupies, from its config alone, so a config.json whose sizes cannot
 * fit is refused before a single weight is generated or read (hidden_size 1e9 used to climb
 * past 12 GB and die in V8). Ternary matrices are 2-bit packed (rows × ⌈cols/4⌉ bytes);
 * embeddings, norm gains and lower bounds are float32.
 */
export interface ModelSize {
  /** Bytes of every array of the loaded model. */
  totalBytes: number;
  /** The largest single array (it must fit one typed array). */
  largest: { name: string; bytes: number };
  /** The largest latent (float32) matrix a checkpoint is read through, one at a time. */
  largestLatentBytes: number;
}

export function modelSize(c: ModelConfig): ModelSize {
  const { vocabSize: V, hiddenSize: D, numLayers: L, intermediateSize: I } = c;
  const packed = (rows: number, cols: number) => rows * Math.ceil(cols / 4);
  const arrays: [string, number][] = [
    ['model.embeddings.weight', V * D * 4],
    ['lm_head.weight (packed)', packed(V, D)],
    ['mlp.gate_proj.weight (packed, per layer)', packed(2 * I, D)],
    ['mlp.down_proj.weight (packed, per layer)', packed(D, I)],
    ['attn.*_proj.weight (packed, per layer)', packed(D, D)],
  ];
  // Per layer: i, f, g, o (D × D), gate (2I × D), down (D × I); float32 norm gains of their
  // inputs (5 × D, I), the attn, g and mlp norms and the lower bound (4 × D).
  const perLayer = 4 * packed(D, D) + packed(2 * I, D) + packed(D, I) + 4 * (9 * D + I);
  // Embeddings, lm_head and its gain, the final norm.
  const totalBytes = V * D * 4 + packed(V, D) + 4 * D + L * perLayer + 4 * D;
  const largest = arrays.reduce((a, b) => (b[1] > a[1] ? b : a));
  return {
    totalBytes,
    largest: { name: largest[0], bytes: largest[1] },
    largestLatentBytes: 4 * Math.max(V * D, 2 * I * D, D * I, D * D),
  };
}

/**
 * Throws an InputError (exit 2) naming the config's sizes when the model would not fit:
 * one array beyond a typed array's limit, or the whole (plus, for a checkpoint, the latent
 * matrix being quantised) beyond the memory budget.
 */
export function checkModelFits(c: ModelConfig, file: string, fromCheckpoint: boolean): void {
  const s = modelSize(c);
  const dims = `vocab_size ${c.vocabSize} × hidden_size ${c.hiddenSize} × num_hidden_layers ${c.numLayers} (intermediate size ${c.intermediateSize})`;
  checkArrayBytes(s.largest.bytes, `the model's ${s.largest.name} for ${dims}`, { file });
  const bytes = s.totalBytes + (fromCheckpoint ? s.largestLatentBytes : 0);
  checkMemoryBudget(bytes, `the model's weights for ${dims}`, { file });
  if (!Number.isFinite(bytes)) throw new InputError(`the model's size overflows for ${dims}`, { file });
}
