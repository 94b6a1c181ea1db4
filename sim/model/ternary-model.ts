import type { ModelConfig } from './config.ts';

/**
 * The loaded model as the compiler, the simulator and the forward passes see it: plain
 * data, weights already quantised. Ternary matrices stay 2-bit packed (a 1.3B model is
 * ~325 MB this way, 1.3 GB at one byte per weight); everything else is float32.
 */
export interface TernaryMatrix {
  /** Checkpoint name without `.weight`, e.g. `model.layers.0.attn.i_proj`. */
  name: string;
  /** Output features (PyTorch `[out, in]` rows). */
  rows: number;
  /** Input features. */
  cols: number;
  /** Per-matrix absmean scale γ of the latent weights (fp32 value). */
  gamma: number;
  /** Gain of the RMSNorm inside this BitLinear, length `cols`. */
  normGain: Float32Array;
  /** Ternary weights, 2-bit packed (see ternary-packing.ts), input-fastest (row-major) layout. */
  packed: Uint8Array;
  layout: 'input-fastest';
}

export interface LayerWeights {
  /** RMSNorm gain before the token mixer, length D. */
  attnNorm: Float32Array;
  iProj: TernaryMatrix;
  fProj: TernaryMatrix;
  gProj: TernaryMatrix;
  /** RMSNorm gain applied to g before the output gate, length D. */
  gNorm: Float32Array;
  oProj: TernaryMatrix;
  /** RMSNorm gain before the channel mixer, length D. */
  mlpNorm: Float32Array;
  /** Gate and up stacked: `[2I, D]`, first I rows are the gate. */
  gateProj: TernaryMatrix;
  downProj: TernaryMatrix;
  /**
   * Forget-gate lower bound lb[l] (length D), already computed as
   * cumsum(softmax(lower_bounds, layers)) - P[0]; all zeros for layer 0 or without
   * `use_lower_bound`.
   */
  lowerBound: Float32Array;
}

export interface TernaryModel {
  /** Directory name, e.g. `pycode-tiny`. */
  name: string;
  dir: string;
  config: ModelConfig;
  /** True when the weights were generated (a model card with no checkpoint). */
  syntheticWeights: boolean;
  /** Fraction of zero ternary weights requested for synthetic weights, else null. */
  syntheticZeroFraction: number | null;
  /** Row-major `[V, D]` token embeddings. */
  embeddings: Float32Array;
  /**
   * Row `token` of the embeddings (length D). A pass reads only its tokens' rows, so a model
   * whose table is drawn (synthetic weights) draws just those: a 1.3B card's full table is
   * 65 M values, 260 MB.
   */
  embeddingRow(token: number): Float32Array;
  layers: LayerWeights[];
  /** Final RMSNorm gain, length D. */
  finalNorm: Float32Array;
  lmHead: TernaryMatrix;
}

/** Every ternary matrix of the model in execution order (per layer: i, f, g, o, gate, down; then lm_head). */
export function ternaryMatrices(model: TernaryModel): TernaryMatrix[] {
  const out: TernaryMatrix[] = [];
  for (const l of model.layers) out.push(l.iProj, l.fProj, l.gProj, l.oProj, l.gateProj, l.downProj);
  out.push(model.lmHead);
  return out;
}

/**
 * lb = cumsum(P, layers) - P[0] with P = softmax(lower_bounds, layers), from the raw
 * `[L, D]` parameter. Computed in float64 per channel and stored as float32.
 */
export function computeLowerBounds(raw: Float32Array, layers: number, width: number): Float32Array[] {
  const out = Array.from({ length: layers }, () => new Float32Array(width));
  const p = new Float64Array(layers);
  for (let d = 0; d < width; d++) {
    let max = -Infinity;
    for (let l = 0; l < layers; l++) max = Math.max(max, raw[l * width + d]!);
    let sum = 0;
    for (let l = 0; l < layers; l++) {
      p[l] = Math.exp(raw[l * width + d]! - max);
      sum += p[l]!;
    }
    let cum = 0;
    for (let l = 0; l < layers; l++) {
      cum += p[l]! / sum;
      out[l]![d] = l === 0 ? 0 : cum - p[0]! / sum;
    }
  }
  return out;
}
