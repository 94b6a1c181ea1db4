import * as z from 'zod';
import { MemorySchema, type MemorySpec } from './memory-schema.ts';
import { ArchSchema, type ArchSpec } from './schema.ts';
import { parseYaml, readYamlFile, validateYaml } from './yaml-config.ts';

/** A file holding only a `memory:` section is validated with just the memory schema. */
export const MemoryOnlySchema = z.object({ memory: MemorySchema }).strict();

/**
 * Read a YAML file that is either a whole architecture or only a `memory:` section (what
 * `mmfsim dram` runs and `mmfsim validate` checks). Errors carry file:line:col and key.
 */
export function loadArchOrMemoryFile(file: string): { memoryOnly: boolean; memory: MemorySpec; arch: ArchSpec | null } {
  const parsed = parseYaml(readYamlFile(file), file);
  const top = parsed.data;
  const memoryOnly = top !== null && typeof top === 'object' && !Array.isArray(top) && Object.keys(top).length > 0 && Object.keys(top).every((k) => k === 'memory');
  if (memoryOnly) return { memoryOnly, memory: validateYaml(parsed, MemoryOnlySchema).memory, arch: null };
  const arch = validateYaml(parsed, ArchSchema);
  return { memoryOnly, memory: arch.memory, arch };
}
