import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../input-error.ts';
import { MemorySchema, type MemorySpec } from './memory-schema.ts';
import { ArchSchema } from './schema.ts';
import { parseYamlConfig } from './yaml-config.ts';

/** A file holding only a `memory:` section is validated with just the memory schema. */
export const MemoryOnlySchema = z.object({ memory: MemorySchema }).strict();

/**
 * Read a YAML file that is either a whole architecture or only a `memory:` section (what
 * `mmfsim dram` runs and `mmfsim validate` checks). Errors carry file:line:col and key.
 */
export function loadArchOrMemoryFile(file: string): { memoryOnly: boolean; memory: MemorySpec } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
  let top: unknown;
  try {
    top = parseYaml(text);
  } catch {
    top = undefined; // parseYamlConfig below reports the syntax error with its position.
  }
  const memoryOnly = top !== null && typeof top === 'object' && !Array.isArray(top) && Object.keys(top).length > 0 && Object.keys(top).every((k) => k === 'memory');
  const memory = memoryOnly ? parseYamlConfig(text, file, MemoryOnlySchema).memory : parseYamlConfig(text, file, ArchSchema).memory;
  return { memoryOnly, memory };
}
