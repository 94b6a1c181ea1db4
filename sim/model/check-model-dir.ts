import { join } from 'node:path';
import { Checkpoint } from './checkpoint.ts';
import { loadModelConfig, type ModelConfig } from './config.ts';
import { checkModelFits } from './model-size.ts';
import { loadTokenizer, type ModelTokenizer } from './tokenizer.ts';

export interface ModelDirCheck {
  config: ModelConfig;
  tokenizer: ModelTokenizer['kind'];
  /** Tensors of the checkpoint, or 0 for a model card (synthetic weights). */
  tensors: number;
}

/**
 * Every check loading a model directory makes, without reading a weight: config.json against
 * its schema, the model's size against the memory budget, the tokenizer, and the checkpoint's
 * headers (each safetensors file, the shard index, every tensor's name and shape against the
 * config). What `mmfsim validate MODEL_DIR` runs; throws the InputError loading would.
 */
export function checkModelDir(dir: string): ModelDirCheck {
  const config = loadModelConfig(dir);
  const hasWeights = Checkpoint.hasWeights(dir);
  checkModelFits(config, join(dir, 'config.json'), hasWeights);
  const tokenizer = loadTokenizer(dir, config).kind;
  if (!hasWeights) return { config, tokenizer, tensors: 0 };
  const ckpt = Checkpoint.open(dir);
  try {
    ckpt.validateAgainst(config);
    return { config, tokenizer, tensors: ckpt.tensorNames.length };
  } finally {
    ckpt.close();
  }
}
