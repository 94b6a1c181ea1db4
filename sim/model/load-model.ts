import { basename, join, resolve } from 'node:path';
import { InputError } from '../input-error.ts';
import { Checkpoint } from './checkpoint.ts';
import { loadModelConfig, type ModelConfig } from './config.ts';
import { checkModelFits } from './model-size.ts';
import { absmeanScale } from './quantize.ts';
import { syntheticModel, DEFAULT_ZERO_FRACTION } from './synthetic-weights.ts';
import { quantizeAndPack } from './ternary-packing.ts';
import { computeLowerBounds, type LayerWeights, type TernaryMatrix, type TernaryModel } from './ternary-model.ts';

export interface LoadModelOptions {
  /** Zero fraction of synthetic ternary weights (cards without a checkpoint). */
  zeroFraction?: number;
  /** Seed of the synthetic weights. */
  syntheticSeed?: number;
}

/**
 * Load a model directory: config.json plus a checkpoint (quantised at load), or — for a
 * model card with no weights — seeded synthetic weights of the card's shape.
 */
export function loadModel(dir: string, options: LoadModelOptions = {}): TernaryModel {
  const config = loadModelConfig(dir);
  const name = basename(resolve(dir));
  const hasWeights = Checkpoint.hasWeights(dir);
  // Before a weight is generated or read: the sizes config.json states must fit.
  checkModelFits(config, join(dir, 'config.json'), hasWeights);
  if (!hasWeights) {
    const zeroFraction = options.zeroFraction ?? DEFAULT_ZERO_FRACTION;
    if (!(zeroFraction >= 0 && zeroFraction <= 1)) {
      throw new InputError(`zero fraction must be in [0, 1], got ${zeroFraction}`, { key: '--zero-fraction' });
    }
    return syntheticModel(config, { name, dir, zeroFraction, seed: options.syntheticSeed ?? 0 });
  }
  const ckpt = Checkpoint.open(dir);
  try {
    ckpt.validateAgainst(config);
    return quantizeCheckpoint(ckpt, config, name, dir);
  } finally {
    ckpt.close();
  }
}

/**
 * Read tensors one by one; each latent weight matrix is quantised and packed, then its
 * float copy is dropped before the next is read, so peak memory is the packed model plus
 * one latent matrix (the embeddings, for the published sizes).
 */
function quantizeCheckpoint(ckpt: Checkpoint, config: ModelConfig, name: string, dir: string): TernaryModel {
  const D = config.hiddenSize;
  const L = config.numLayers;
  const vector = (tensor: string): Float32Array => checkFinite(ckpt, tensor, ckpt.readFloat32(tensor));
  const matrix = (prefix: string, rows: number, cols: number): TernaryMatrix => {
    const latent = ckpt.readFloat32(`${prefix}.weight`);
    const gamma = absmeanScale(latent);
    // A NaN or infinity makes γ non-finite; only then scan for where it is.
    if (!Number.isFinite(gamma)) checkFinite(ckpt, `${prefix}.weight`, latent);
    return {
      name: prefix,
      rows,
      cols,
      gamma,
      normGain: vector(`${prefix}.norm.weight`),
      packed: quantizeAndPack(latent, gamma, { rows, cols, layout: 'input-fastest' }),
      layout: 'input-fastest',
    };
  };
  const lowerBounds = config.useLowerBound
    ? computeLowerBounds(vector('model.lower_bounds'), L, D)
    : Array.from({ length: L }, () => new Float32Array(D));
  const I = config.intermediateSize;
  const layers: LayerWeights[] = [];
  for (let l = 0; l < L; l++) {
    const p = `model.layers.${l}`;
    layers.push({
      attnNorm: vector(`${p}.attn_norm.weight`),
      iProj: matrix(`${p}.attn.i_proj`, D, D),
      fProj: matrix(`${p}.attn.f_proj`, D, D),
      gProj: matrix(`${p}.attn.g_proj`, D, D),
      gNorm: vector(`${p}.attn.g_norm.weight`),
      oProj: matrix(`${p}.attn.o_proj`, D, D),
      mlpNorm: vector(`${p}.mlp_norm.weight`),
      gateProj: matrix(`${p}.mlp.gate_proj`, 2 * I, D),
      downProj: matrix(`${p}.mlp.down_proj`, D, I),
      lowerBound: lowerBounds[l]!,
    });
  }
  const embeddings = vector('model.embeddings.weight');
  return {
    name,
    dir,
    config,
    syntheticWeights: false,
    syntheticZeroFraction: null,
    embeddings,
    embeddingRow: (token) => embeddings.subarray(token * D, (token + 1) * D),
    layers,
    finalNorm: vector('model.norm.weight'),
    lmHead: matrix('lm_head', config.vocabSize, D),
  };
}

/** A NaN or infinity in a checkpoint would poison every logit; say where it is instead. */
function checkFinite(ckpt: Checkpoint, tensor: string, data: Float32Array): Float32Array {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new InputError(`non-finite value ${data[i]} at element ${i}`, { file: ckpt.info(tensor).file, key: tensor });
    }
  }
  return data;
}
