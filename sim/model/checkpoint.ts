import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../input-error.ts';
import { readInputText } from '../read-input-file.ts';
import type { ModelConfig } from './config.ts';
import { SafetensorsFile, type TensorInfo } from './safetensors.ts';

/**
 * A checkpoint directory's weights: one `model.safetensors`, or shards listed by
 * `model.safetensors.index.json` (`{"weight_map": {tensor: shard file}}`). Tensors are read
 * one at a time through this object, never all at once.
 */
export class Checkpoint {
  private constructor(
    readonly dir: string,
    private readonly files: SafetensorsFile[],
    private readonly where: Map<string, SafetensorsFile>,
  ) {}

  static hasWeights(dir: string): boolean {
    return existsSync(join(dir, 'model.safetensors')) || existsSync(join(dir, 'model.safetensors.index.json'));
  }

  static open(dir: string): Checkpoint {
    const indexFile = join(dir, 'model.safetensors.index.json');
    if (existsSync(indexFile)) return Checkpoint.openSharded(dir, indexFile);
    const file = SafetensorsFile.open(join(dir, 'model.safetensors'));
    return new Checkpoint(dir, [file], new Map([...file.tensors.keys()].map((n) => [n, file])));
  }

  private static openSharded(dir: string, indexFile: string): Checkpoint {
    const text = readInputText(indexFile, 'checkpointIndex', 'checkpoint index');
    let index: unknown;
    try {
      index = JSON.parse(text);
    } catch (e) {
      throw new InputError(`not a readable JSON index (${(e as Error).message})`, { file: indexFile });
    }
    const weightMap = (index as { weight_map?: unknown } | null)?.weight_map;
    if (weightMap === null || typeof weightMap !== 'object' || Array.isArray(weightMap)) {
      throw new InputError('expected an object "weight_map" mapping tensor names to shard files', {
        file: indexFile,
        key: 'weight_map',
      });
    }
    if (Object.keys(weightMap).length === 0) {
      throw new InputError('"weight_map" lists no tensors: an index needs at least one tensor and its shard', { file: indexFile, key: 'weight_map' });
    }
    const shards = new Map<string, SafetensorsFile>();
    const where = new Map<string, SafetensorsFile>();
    try {
      for (const [name, shardName] of Object.entries(weightMap as Record<string, unknown>)) {
        // A shard is a plain file name beside the index: no directory part, not '.' or '..'.
        if (typeof shardName !== 'string' || !/^[^/\\\0]+$/.test(shardName) || shardName === '.' || shardName === '..') {
          throw new InputError(`shard must be a file name in the model directory, got ${JSON.stringify(shardName)}`, {
            file: indexFile,
            key: `weight_map.${name}`,
          });
        }
        let shard = shards.get(shardName);
        if (!shard) {
          shard = SafetensorsFile.open(join(dir, shardName));
          shards.set(shardName, shard);
        }
        if (!shard.tensors.has(name)) {
          throw new InputError(`index places tensor "${name}" in this shard, but the shard does not contain it`, {
            file: shard.file,
            key: name,
          });
        }
        where.set(name, shard);
      }
      for (const shard of shards.values()) {
        for (const name of shard.tensors.keys()) {
          if (where.get(name) !== shard) {
            throw new InputError(`tensor is in this shard but not listed for it in ${indexFile}`, { file: shard.file, key: name });
          }
        }
      }
    } catch (e) {
      for (const s of shards.values()) s.close();
      throw e;
    }
    return new Checkpoint(dir, [...shards.values()], where);
  }

  get tensorNames(): string[] {
    return [...this.where.keys()];
  }

  info(name: string): TensorInfo {
    const f = this.where.get(name);
    if (!f) throw new InputError('tensor not found in checkpoint', { file: this.dir, key: name });
    return f.info(name);
  }

  readFloat32(name: string): Float32Array {
    return this.where.get(name)!.readFloat32(name);
  }

  close(): void {
    for (const f of this.files) f.close();
  }

  /**
   * Check the tensor set against the config before reading any data: every expected tensor
   * present with its exact shape, nothing extra (an extra tensor means the config and the
   * weights disagree, e.g. a short conv or tied embeddings we would silently ignore).
   */
  validateAgainst(config: ModelConfig): void {
    const expected = expectedTensors(config);
    for (const [name, shape] of expected) {
      const f = this.where.get(name);
      if (!f) throw new InputError('missing tensor required by config.json', { file: this.files[0]!.file, key: name });
      const t = f.info(name);
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        throw new InputError(`wrong shape ${JSON.stringify(t.shape)}, config.json implies ${JSON.stringify(shape)}`, {
          file: t.file,
          key: name,
        });
      }
    }
    for (const [name, f] of this.where) {
      if (!expected.has(name)) {
        throw new InputError('unexpected tensor (not part of an HGRNBit model with this config.json)', { file: f.file, key: name });
      }
    }
  }
}

/** Every tensor an HGRNBit checkpoint with this config must hold, with its shape. */
export function expectedTensors(c: ModelConfig): Map<string, number[]> {
  const { vocabSize: V, hiddenSize: D, numLayers: L, intermediateSize: I } = c;
  const m = new Map<string, number[]>();
  m.set('model.embeddings.weight', [V, D]);
  if (c.useLowerBound) m.set('model.lower_bounds', [L, D]);
  for (let l = 0; l < L; l++) {
    const p = `model.layers.${l}`;
    m.set(`${p}.attn_norm.weight`, [D]);
    for (const proj of ['i_proj', 'f_proj', 'g_proj', 'o_proj']) {
      m.set(`${p}.attn.${proj}.weight`, [D, D]);
      m.set(`${p}.attn.${proj}.norm.weight`, [D]);
    }
    m.set(`${p}.attn.g_norm.weight`, [D]);
    m.set(`${p}.mlp_norm.weight`, [D]);
    m.set(`${p}.mlp.gate_proj.weight`, [2 * I, D]);
    m.set(`${p}.mlp.gate_proj.norm.weight`, [D]);
    m.set(`${p}.mlp.down_proj.weight`, [D, I]);
    m.set(`${p}.mlp.down_proj.norm.weight`, [I]);
  }
  m.set('model.norm.weight', [D]);
  m.set('lm_head.weight', [V, D]);
  m.set('lm_head.norm.weight', [D]);
  return m;
}
