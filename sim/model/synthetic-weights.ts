import type { ModelConfig } from './config.ts';
import { Prng, hashString } from './prng.ts';
import { bytesPerLine, TERNARY_CODE } from './ternary-packing.ts';
import { computeLowerBounds, type LayerWeights, type TernaryMatrix, type TernaryModel } from './ternary-model.ts';

/**
 * Measured fraction of zeros that absmean ternarisation leaves in Gaussian-like latent
 * weights (P(|w| < γ/2) with γ = E|w| = σ·sqrt(2/π): erf(0.399/√2) ≈ 0.31).
 */
export const DEFAULT_ZERO_FRACTION = 0.31;

export interface SyntheticOptions {
  name: string;
  dir: string;
  zeroFraction: number;
  seed: number;
}

/**
 * Seeded synthetic weights for a model card (config.json only), so the published 370M /
 * 1.3B / 2.7B shapes can be simulated without their checkpoints. Each tensor draws from its
 * own stream (seed + tensor name), so the weights of one layer do not depend on the model
 * depth. Values are plausible rather than trained: ternary weights with the requested zero
 * fraction and equal ±1 odds; γ chosen so a BitLinear keeps unit output variance
 * (γ² · in · (1 - zeros) ≈ 1, ±10% per matrix); norm gains 1 ± 0.1; embeddings N(0, 1), each
 * row its own stream;
 * raw lower bounds N(0, 1) turned into lb exactly as for a checkpoint. Outputs are
 * meaningless text; every output says the weights are synthetic.
 */
export function syntheticModel(config: ModelConfig, options: SyntheticOptions): TernaryModel {
  const { hiddenSize: D, numLayers: L, intermediateSize: I, vocabSize: V } = config;
  const byteTable = ternaryByteTable(options.zeroFraction);
  const stream = (tensor: string): Prng => new Prng((options.seed ^ hashString(tensor)) >>> 0);

  const gains = (tensor: string, n: number): Float32Array => {
    const r = stream(tensor);
    const g = new Float32Array(n);
    for (let i = 0; i < n; i++) g[i] = 1 + 0.2 * (r.nextFloat() - 0.5);
    return g;
  };
  // The big tensors (packed matrices, embeddings) are drawn on first use: a timing-only run
  // reads only their shapes, and drawing a 1.3B card's 325 MB of weights and 65 M embedding
  // values took longer than simulating its pass. Each tensor has its own stream, so when it
  // is drawn does not change what is drawn; γ comes from the stream after the weights, so
  // it is drawn with them.
  const matrix = (prefix: string, rows: number, cols: number): TernaryMatrix => {
    let packed: Uint8Array | null = null;
    let gamma = 0;
    const draw = () => {
      const r = stream(`${prefix}.weight`);
      packed = new Uint8Array(rows * bytesPerLine({ rows, cols, layout: 'input-fastest' }));
      fillTernaryBytes(packed, byteTable, r, cols);
      const nonZero = Math.max(1e-3, 1 - options.zeroFraction);
      gamma = Math.fround((1 + 0.2 * (r.nextFloat() - 0.5)) / Math.sqrt(cols * nonZero));
      return packed;
    };
    return {
      name: prefix,
      rows,
      cols,
      get gamma() {
        if (!packed) draw();
        return gamma;
      },
      normGain: gains(`${prefix}.norm.weight`, cols),
      get packed() {
        return packed ?? draw();
      },
      layout: 'input-fastest',
    };
  };
  const gaussian = (tensor: string, n: number): Float32Array => {
    const r = stream(tensor);
    const out = new Float32Array(n);
    r.fillGaussian(out);
    return out;
  };

  const lowerBounds = config.useLowerBound
    ? computeLowerBounds(gaussian('model.lower_bounds', L * D), L, D)
    : Array.from({ length: L }, () => new Float32Array(D));
  // Each embedding row from its own stream, drawn when first read: a pass reads only its
  // tokens' rows (the full table of a 1.3B card is 65 M values and took over 2 s to draw).
  const rows = new Map<number, Float32Array>();
  const embeddingRow = (token: number): Float32Array => {
    if (!Number.isInteger(token) || token < 0 || token >= V) throw new RangeError(`token id ${token} outside [0, ${V})`);
    let row = rows.get(token);
    if (!row) {
      row = gaussian(`model.embeddings.weight.${token}`, D);
      rows.set(token, row);
    }
    return row;
  };
  let embeddings: Float32Array | null = null;
  const layers: LayerWeights[] = [];
  for (let l = 0; l < L; l++) {
    const p = `model.layers.${l}`;
    layers.push({
      attnNorm: gains(`${p}.attn_norm.weight`, D),
      iProj: matrix(`${p}.attn.i_proj`, D, D),
      fProj: matrix(`${p}.attn.f_proj`, D, D),
      gProj: matrix(`${p}.attn.g_proj`, D, D),
      gNorm: gains(`${p}.attn.g_norm.weight`, D),
      oProj: matrix(`${p}.attn.o_proj`, D, D),
      mlpNorm: gains(`${p}.mlp_norm.weight`, D),
      gateProj: matrix(`${p}.mlp.gate_proj`, 2 * I, D),
      downProj: matrix(`${p}.mlp.down_proj`, D, I),
      lowerBound: lowerBounds[l]!,
    });
  }
  return {
    name: options.name,
    dir: options.dir,
    config,
    syntheticWeights: true,
    syntheticZeroFraction: options.zeroFraction,
    get embeddings() {
      if (!embeddings) {
        const all = new Float32Array(V * D);
        for (let t = 0; t < V; t++) all.set(embeddingRow(t), t * D);
        embeddings = all;
      }
      return embeddings;
    },
    embeddingRow,
    layers,
    finalNorm: gains('model.norm.weight', D),
    lmHead: matrix('lm_head', V, D),
  };
}

/**
 * A 65536-entry table mapping a uniform 16-bit number to a packed byte of four i.i.d.
 * ternary weights (P(0) = zeroFraction, P(+1) = P(-1) = (1 - zeroFraction)/2), so one
 * 32-bit draw yields two bytes (8 weights): a 2.7B card generates in seconds. The byte
 * probabilities are quantised to 1/65536.
 */
function ternaryByteTable(zeroFraction: number): Uint8Array {
  const codes = [TERNARY_CODE.zero, TERNARY_CODE.plus, TERNARY_CODE.minus];
  const probs = [zeroFraction, (1 - zeroFraction) / 2, (1 - zeroFraction) / 2];
  const table = new Uint8Array(65536);
  let cumulative = 0;
  let at = 0;
  for (let b = 0; b < 81; b++) {
    let byte = 0;
    let p = 1;
    let rest = b;
    for (let j = 0; j < 4; j++) {
      const k = rest % 3;
      rest = (rest - k) / 3;
      byte |= codes[k]! << (2 * j);
      p *= probs[k]!;
    }
    cumulative += p;
    const end = b === 80 ? 65536 : Math.round(cumulative * 65536);
    table.fill(byte, at, end);
    at = Math.max(at, end);
  }
  return table;
}

/** Fill packed rows; when `cols` is not a multiple of 4, the padding codes stay 00. */
function fillTernaryBytes(packed: Uint8Array, table: Uint8Array, r: Prng, cols: number): void {
  // One 32-bit draw per byte pair, drawn in chunks (Prng.fillUint32: the same stream).
  const pairs = packed.length >> 1;
  const draws = new Uint32Array(Math.min(pairs, 1 << 16));
  for (let p = 0; p < pairs; p += draws.length) {
    const chunk = draws.length <= pairs - p ? draws : draws.subarray(0, pairs - p);
    r.fillUint32(chunk);
    for (let k = 0, i = 2 * p; k < chunk.length; k++, i += 2) {
      const x = chunk[k]!;
      packed[i] = table[x & 0xffff]!;
      packed[i + 1] = table[x >>> 16]!;
    }
  }
  if (packed.length % 2 === 1) packed[packed.length - 1] = table[r.nextUint32() & 0xffff]!;
  const tail = cols % 4;
  if (tail !== 0) {
    const perRow = Math.ceil(cols / 4);
    const mask = (1 << (2 * tail)) - 1;
    for (let i = perRow - 1; i < packed.length; i += perRow) packed[i]! &= mask;
  }
}
