import { ArchSchema, type ArchSpec } from './schema.ts';
import { loadYamlConfig } from './yaml-config.ts';
import { InputError } from '../input-error.ts';

/** Reads and validates an architecture YAML file (errors name file:line:col and the key). */
export function loadArch(file: string): ArchSpec {
  return loadYamlConfig(file, ArchSchema);
}

/**
 * Validates an architecture given as plain data (a parsed file, a sweep's design point):
 * the same rules as the YAML, errors naming `source` and the key path. A spec that is
 * already valid comes back equal to itself.
 */
export function parseArch(value: unknown, source = 'arch'): ArchSpec {
  const result = ArchSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0]!);
  throw new InputError(issue.message, { file: source, key: path.join('.') || '(top level)' });
}
