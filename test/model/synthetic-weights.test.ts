import { describe, expect, it } from 'vitest';
import { parseModelConfig } from '../../sim/model/config.ts';
import { IntegerForward } from '../../sim/model/integer-forward.ts';
import { loadModel } from '../../sim/model/load-model.ts';
import { syntheticModel } from '../../sim/model/synthetic-weights.ts';
import { unpackTernary } from '../../sim/model/ternary-packing.ts';
import { ternaryMatrices } from '../../sim/model/ternary-model.ts';

const config = parseModelConfig(
  JSON.stringify({ model_type: 'hgrn_bit', vocab_size: 500, hidden_size: 128, num_hidden_layers: 3 }),
  'card/config.json',
);

function zeroFraction(model: ReturnType<typeof syntheticModel>): number {
  let zeros = 0;
  let total = 0;
  for (const m of ternaryMatrices(model)) {
    const t = unpackTernary(m.packed, m);
    for (const v of t) zeros += v === 0 ? 1 : 0;
    total += t.length;
  }
  return zeros / total;
}

describe('synthetic weights', () => {
  const opts = { name: 'card', dir: 'card', zeroFraction: 0.31, seed: 0 };

  it('are deterministic for a seed and change with it', () => {
    const a = syntheticModel(config, opts);
    const b = syntheticModel(config, opts);
    const c = syntheticModel(config, { ...opts, seed: 1 });
    expect([...a.layers[2]!.gateProj.packed]).toEqual([...b.layers[2]!.gateProj.packed]);
    expect([...a.embeddings.subarray(0, 64)]).toEqual([...b.embeddings.subarray(0, 64)]);
    expect([...a.layers[2]!.gateProj.packed]).not.toEqual([...c.layers[2]!.gateProj.packed]);
    expect(a.syntheticWeights).toBe(true);
  });

  it('are the same whichever tensor is drawn first (each is drawn on first use, from its own stream)', () => {
    const a = syntheticModel(config, opts);
    const b = syntheticModel(config, opts);
    // b: γ before the weights, the last layer first, embeddings last.
    const order = [...ternaryMatrices(b)].reverse();
    const gammasFirst = order.map((m) => m.gamma);
    const packedB = order.map((m) => Uint8Array.from(m.packed)).reverse();
    const embB = Float32Array.from(b.embeddings);
    const mats = [...ternaryMatrices(a)];
    expect([...a.embeddings]).toEqual([...embB]);
    mats.forEach((m, i) => {
      expect([...m.packed], m.name).toEqual([...packedB[i]!]);
      expect(m.gamma, m.name).toBe(gammasFirst[mats.length - 1 - i]);
      expect(m.packed).toBe(m.packed); // drawn once, then kept
    });
  });

  it('embedding rows drawn one at a time equal the full table\'s rows, in any order', () => {
    const a = syntheticModel(config, opts);
    const b = syntheticModel(config, opts);
    const rows = [499, 0, 137, 0];
    const picked = rows.map((t) => Float32Array.from(a.embeddingRow(t)));
    const D = config.hiddenSize;
    rows.forEach((t, i) => expect([...picked[i]!], `row ${t}`).toEqual([...b.embeddings.subarray(t * D, (t + 1) * D)]));
    expect(a.embeddingRow(137)).toBe(a.embeddingRow(137)); // drawn once, then kept
    expect([...a.embeddingRow(1)]).not.toEqual([...a.embeddingRow(2)]);
    // N(0, 1) over the table.
    const all = b.embeddings;
    const mean = all.reduce((x, v) => x + v, 0) / all.length;
    const varc = all.reduce((x, v) => x + (v - mean) ** 2, 0) / all.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(varc).toBeGreaterThan(0.95);
    expect(varc).toBeLessThan(1.05);
    expect(() => a.embeddingRow(500)).toThrow(RangeError);
  });

  it('have the requested zero fraction and balanced signs', () => {
    expect(zeroFraction(syntheticModel(config, opts))).toBeCloseTo(0.31, 2);
    expect(zeroFraction(syntheticModel(config, { ...opts, zeroFraction: 0.6 }))).toBeCloseTo(0.6, 2);
    const t = unpackTernary(syntheticModel(config, opts).lmHead.packed, syntheticModel(config, opts).lmHead);
    const plus = t.filter((v) => v === 1).length;
    const minus = t.filter((v) => v === -1).length;
    expect(Math.abs(plus - minus) / (plus + minus)).toBeLessThan(0.02);
  });

  it('give finite, non-degenerate logits and plausible lower bounds', () => {
    const model = syntheticModel(config, opts);
    expect(model.layers[0]!.lowerBound.every((v) => v === 0)).toBe(true);
    for (let l = 1; l < 3; l++) expect(model.layers[l]!.lowerBound.every((v) => v > 0 && v < 1)).toBe(true);
    const fw = new IntegerForward(model);
    let logits = fw.step(1);
    for (let i = 0; i < 5; i++) logits = fw.step(i + 7);
    expect(logits.every(Number.isFinite)).toBe(true);
    expect(Math.max(...logits) - Math.min(...logits)).toBeGreaterThan(0.1);
  });

  it('are used for a model card with no checkpoint, with the published shape', () => {
    const model = loadModel('models/mmfreelm-370m', { zeroFraction: 0.31 });
    expect(model.syntheticWeights).toBe(true);
    expect(model.syntheticZeroFraction).toBe(0.31);
    expect(ternaryMatrices(model).reduce((n, m) => n + m.rows * m.cols, 0)).toBe(341_049_344);
    expect(() => loadModel('models/mmfreelm-370m', { zeroFraction: 1.5 })).toThrow(/zero fraction must be in \[0, 1\]/);
  });
});
