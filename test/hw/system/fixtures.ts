import { ArchSchema, type ArchSpec } from '../../../sim/arch/schema.ts';
import { syntheticModel } from '../../../sim/model/synthetic-weights.ts';
import type { TernaryModel } from '../../../sim/model/ternary-model.ts';

/** A small synthetic HGRNBit model (fast to simulate, every shape ≠ every other). */
export function smallModel(seed = 1, D = 32, I = 64, V = 48, L = 2): TernaryModel {
  return syntheticModel(
    { vocabSize: V, hiddenSize: D, numLayers: L, intermediateSize: I, rmsNormEps: 1e-6, useLowerBound: true, bosTokenId: null, eosTokenId: null },
    { name: 'small', dir: '', zeroFraction: 0.31, seed },
  );
}

/** A validated arch spec from a partial object (defaults from the schema). */
export function arch(core: Record<string, unknown>, memory: Record<string, unknown> = { model: 'ddr4', channels: 1, mapping: 'rochrabacobg' }): ArchSpec {
  return ArchSchema.parse({ name: 'test', core: { address_bits: 33, ...core }, memory });
}
