import { describe, expect, it } from 'vitest';
import { loadModelConfig } from '../../sim/model/config.ts';
import { InputError } from '../../sim/input-error.ts';
import { checkModelFits, modelSize } from '../../sim/model/model-size.ts';
import { syntheticModel } from '../../sim/model/synthetic-weights.ts';
import type { TernaryModel } from '../../sim/model/ternary-model.ts';

/** Bytes of every typed array a loaded model holds. */
function arrayBytes(m: TernaryModel): number {
  let n = m.embeddings.byteLength + m.finalNorm.byteLength + m.lmHead.packed.byteLength + m.lmHead.normGain.byteLength;
  for (const l of m.layers) {
    n += l.attnNorm.byteLength + l.gNorm.byteLength + l.mlpNorm.byteLength + l.lowerBound.byteLength;
    for (const x of [l.iProj, l.fProj, l.gProj, l.oProj, l.gateProj, l.downProj]) n += x.packed.byteLength + x.normGain.byteLength;
  }
  return n;
}

describe('model size from config.json alone', () => {
  it.each([
    [{ vocabSize: 256, hiddenSize: 64, numLayers: 1, intermediateSize: 128 }],
    [{ vocabSize: 50, hiddenSize: 30, numLayers: 3, intermediateSize: 77 }],
    [{ vocabSize: 256, hiddenSize: 256, numLayers: 4, intermediateSize: 768 }],
  ])('equals the bytes of the arrays a synthetic model of %j holds', (dims) => {
    const config = { ...dims, rmsNormEps: 1e-6, useLowerBound: true, bosTokenId: null, eosTokenId: null };
    const model = syntheticModel(config, { name: 't', dir: '', zeroFraction: 0.31, seed: 1 });
    expect(modelSize(config).totalBytes).toBe(arrayBytes(model));
  });

  it('the published cards fit (2.7B: about 1 GB of packed weights and float embeddings)', () => {
    const s = modelSize(loadModelConfig('models/mmfreelm-2.7b'));
    expect(s.totalBytes).toBeGreaterThan(0.9e9);
    expect(s.totalBytes).toBeLessThan(1.2e9);
    expect(() => checkModelFits(loadModelConfig('models/mmfreelm-2.7b'), 'c', false)).not.toThrow();
  });

  it('refuses a model beyond a typed array, naming the dimensions', () => {
    const config = { vocabSize: 2 ** 20, hiddenSize: 2 ** 16, numLayers: 1, intermediateSize: 256, rmsNormEps: 1e-6, useLowerBound: true, bosTokenId: null, eosTokenId: null };
    expect(() => checkModelFits(config, 'c.json', false)).toThrow(InputError);
    expect(() => checkModelFits(config, 'c.json', false)).toThrow(/model\.embeddings\.weight .*vocab_size 1048576 × hidden_size 65536/);
  });
});
