import type { TernaryModel } from './ternary-model.ts';

/**
 * The model cut to its first `k` layers: the same embeddings, final norm and head, the
 * same weights of those layers (shared, not copied; a synthetic card still draws a matrix
 * only when it is first read). Every layer of a MatMul-free LM has the same shapes, so a
 * cut model is the whole model's program with fewer layers: what a sampled run
 * (sim/run/sampled-run.ts) simulates twice and extrapolates from.
 */
export function firstLayers(model: TernaryModel, k: number): TernaryModel {
  const L = model.config.numLayers;
  if (!Number.isInteger(k) || k < 1 || k > L) throw new RangeError(`cannot cut a ${L}-layer model to ${k} layers`);
  return {
    name: model.name,
    dir: model.dir,
    config: { ...model.config, numLayers: k },
    syntheticWeights: model.syntheticWeights,
    syntheticZeroFraction: model.syntheticZeroFraction,
    get embeddings() {
      return model.embeddings;
    },
    embeddingRow: (token) => model.embeddingRow(token),
    layers: model.layers.slice(0, k),
    finalNorm: model.finalNorm,
    lmHead: model.lmHead,
  };
}
