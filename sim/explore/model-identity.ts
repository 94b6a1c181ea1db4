import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError } from '../input-error.ts';
import { sha256Hex } from './point-hash.ts';

/**
 * A model directory's identity for the sweep lock and point hashes: its name and a hash of
 * config.json and of the checkpoint files' names and sizes (hashing gigabytes of weights at
 * every sweep start would cost more than it protects; a re-exported checkpoint changes size
 * or config in practice). A card without weights is identified by its config (its weights
 * come from the seed, which is part of every point's identity).
 */
export function modelIdentity(dir: string): { name: string; hash: string } {
  let config: string;
  try {
    config = readFileSync(join(dir, 'config.json'), 'utf8');
  } catch (e) {
    throw new InputError(`cannot read the model's config.json (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file: join(dir, 'config.json') });
  }
  const weights = readdirSync(dir)
    .filter((f) => f.endsWith('.safetensors') || f === 'model.safetensors.index.json')
    .sort()
    .map((f) => `${f}:${statSync(join(dir, f)).size}`);
  return { name: basename(resolve(dir)), hash: sha256Hex(JSON.stringify({ config, weights })) };
}
