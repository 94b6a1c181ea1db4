import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/input-error.ts';
import { Checkpoint, expectedTensors } from '../../sim/model/checkpoint.ts';
import { loadModelConfig } from '../../sim/model/config.ts';
import { IntegerForward } from '../../sim/model/integer-forward.ts';
import { loadModel } from '../../sim/model/load-model.ts';
import { encodeSafetensors, type SafetensorsDtype } from '../../sim/model/safetensors.ts';
import { ternaryMatrices, type TernaryModel } from '../../sim/model/ternary-model.ts';
import { encodeAs, readTinyTensors, tempDir, TINY_DIR, writeModelDir, type RawTensor } from './checkpoint-fixtures.ts';
import { goldenCases, maxAbsDiff, runCase } from './golden.ts';

const tensors = readTinyTensors();

function loadError(dir: string): InputError {
  try {
    loadModel(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

function lastLogits(model: TernaryModel): Float32Array[] {
  const fw = new IntegerForward(model);
  return goldenCases().map((c) => runCase(fw, c, 8).lastLogits);
}

describe('checkpoint loading', () => {
  const reference = loadModel(TINY_DIR);
  const referenceLogits = lastLogits(reference);

  it('holds exactly the tensors the config implies', () => {
    const expected = expectedTensors(loadModelConfig(TINY_DIR));
    expect(new Set(expected.keys())).toEqual(new Set(tensors.map((t) => t.name)));
    expect(expected.get('model.layers.3.mlp.gate_proj.weight')).toEqual([1536, 256]);
    expect(expected.get('model.layers.0.mlp.down_proj.norm.weight')).toEqual([768]);
  });

  it('quantises every matrix at load: γ from the latent weights, ternary packed 2 bits', () => {
    const latent = tensors.find((t) => t.name === 'model.layers.1.attn.i_proj.weight')!.values;
    const mean = latent.reduce((a, v) => a + Math.abs(v), 0) / latent.length;
    const m = reference.layers[1]!.iProj;
    expect(m.gamma).toBeCloseTo(mean, 6);
    expect(m.packed.byteLength).toBe((256 * 256) / 4);
    expect(ternaryMatrices(reference)).toHaveLength(4 * 6 + 1);
    expect(reference.syntheticWeights).toBe(false);
    expect(reference.layers[0]!.lowerBound.every((v) => v === 0)).toBe(true);
    expect(reference.layers[3]!.lowerBound.every((v) => v > 0 && v < 1)).toBe(true);
  });

  it('reports a missing tensor', () => {
    const err = loadError(writeModelDir(tensors.filter((t) => t.name !== 'model.layers.2.attn.g_norm.weight')));
    expect(err.key).toBe('model.layers.2.attn.g_norm.weight');
    expect(err.message).toMatch(/missing tensor required by config.json/);
  });

  it('reports an extra tensor', () => {
    const extra: RawTensor = { name: 'model.layers.0.attn.q_conv1d.weight', shape: [4], values: new Float32Array(4) };
    const err = loadError(writeModelDir([...tensors, extra]));
    expect(err.key).toBe('model.layers.0.attn.q_conv1d.weight');
    expect(err.message).toMatch(/unexpected tensor/);
  });

  it('reports a wrong shape', () => {
    const bad = tensors.map((t) =>
      t.name === 'model.layers.1.mlp.down_proj.weight' ? { ...t, shape: [768, 256] } : t,
    );
    const err = loadError(writeModelDir(bad));
    expect(err.key).toBe('model.layers.1.mlp.down_proj.weight');
    expect(err.message).toMatch(/wrong shape \[768,256\], config.json implies \[256,768\]/);
  });

  it('reports a non-finite weight', () => {
    const bad = tensors.map((t) => (t.name === 'model.norm.weight' ? { ...t, values: Float32Array.from(t.values, (v, i) => (i === 5 ? NaN : v)) } : t));
    const err = loadError(writeModelDir(bad));
    expect(err.key).toBe('model.norm.weight');
    expect(err.message).toMatch(/non-finite value NaN at element 5/);
  });

  it('loads a sharded checkpoint (2 shards + index) with the same logits', () => {
    const dir = tempDir();
    copyFileSync(join(TINY_DIR, 'config.json'), join(dir, 'config.json'));
    const half = Math.floor(tensors.length / 2);
    const shards = [tensors.slice(0, half), tensors.slice(half)];
    const weightMap: Record<string, string> = {};
    shards.forEach((shard, k) => {
      const file = `model-0000${k + 1}-of-00002.safetensors`;
      writeFileSync(
        join(dir, file),
        encodeSafetensors(shard.map((t) => ({ name: t.name, dtype: 'BF16', shape: t.shape, data: encodeAs(t.values, 'BF16') }))),
      );
      for (const t of shard) weightMap[t.name] = file;
    });
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    const sharded = loadModel(dir);
    lastLogits(sharded).forEach((l, i) => expect([...l]).toEqual([...referenceLogits[i]!]));

    // An index that misplaces a tensor is reported against the shard.
    const moved = { ...weightMap, 'model.norm.weight': 'model-00001-of-00002.safetensors' };
    const inFirst = shards[0]!.some((t) => t.name === 'model.norm.weight');
    if (inFirst) moved['model.norm.weight'] = 'model-00002-of-00002.safetensors';
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: moved }));
    expect(loadError(dir).message).toMatch(/model.norm.weight: index places tensor "model.norm.weight" in this shard, but the shard does not contain it/);

    writeFileSync(join(dir, 'model.safetensors.index.json'), '{"weight_map": 3}');
    expect(loadError(dir).message).toMatch(/weight_map: expected an object "weight_map"/);
  });

  it.each<[SafetensorsDtype, number]>([
    ['F32', 0],
    ['F16', 1e-3],
  ])('loads a %s conversion of the checkpoint with matching logits', (dtype, tolerance) => {
    const converted = loadModel(writeModelDir(tensors, dtype));
    const logits = lastLogits(converted);
    // bf16 → f32 is exact; bf16 → f16 rounds a few tiny weights (f16 has 5 exponent bits).
    logits.forEach((l, i) => expect(maxAbsDiff(l, referenceLogits[i]!)).toBeLessThanOrEqual(tolerance));
    const fw = new IntegerForward(converted);
    for (const c of goldenCases()) expect(runCase(fw, c).greedy).toEqual(c.greedy_ids);
  });

  it('honours use_lower_bound: false (no model.lower_bounds tensor, no interpolation)', () => {
    const dir = writeModelDir(tensors.filter((t) => t.name !== 'model.lower_bounds'));
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, use_lower_bound: false }));
    const model = loadModel(dir);
    for (const layer of model.layers) expect(layer.lowerBound.every((v) => v === 0)).toBe(true);
    const withBounds = writeModelDir(tensors);
    writeFileSync(join(withBounds, 'config.json'), JSON.stringify({ ...config, use_lower_bound: false }));
    expect(loadError(withBounds).message).toMatch(/model.lower_bounds: unexpected tensor/);
  });

  it('opens tensors by name and rejects unknown names', () => {
    const ckpt = Checkpoint.open(TINY_DIR);
    expect(ckpt.info('lm_head.weight')).toMatchObject({ dtype: 'BF16', shape: [256, 256] });
    expect(() => ckpt.info('nope')).toThrow(/nope: tensor not found in checkpoint/);
    ckpt.close();
  });
});
