import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { archJsonSchema } from '../../../sim/arch/json-schema.ts';
import { applyMutations, mutationArb } from './mutate-object.ts';
import { applyTextMutations, textMutationArb } from './mutate-text.ts';

const ARCH_DIR = 'arch-configs';

/** The shipped architectures and memory-only files: the valid documents mutations start from. */
export const SHIPPED_ARCHS: { file: string; doc: Record<string, unknown>; memoryOnly: boolean }[] = [
  ...readdirSync(ARCH_DIR).filter((f) => f.endsWith('.yaml')).map((f) => join(ARCH_DIR, f)),
  ...readdirSync(join(ARCH_DIR, 'memory')).filter((f) => f.endsWith('.yaml')).map((f) => join(ARCH_DIR, 'memory', f)),
].map((file) => {
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  return { file, doc, memoryOnly: Object.keys(doc).every((k) => k === 'memory') };
});

type JsonSchema = { properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; oneOf?: JsonSchema[] };

/** Every key path the arch JSON Schema names (memory variants merged), e.g. `memory.timing.tREFI`. */
export function knownArchPaths(): string[] {
  const out = new Set<string>();
  const walk = (s: JsonSchema, prefix: string) => {
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      const p = prefix ? `${prefix}.${k}` : k;
      out.add(p);
      walk(v, p);
    }
    for (const v of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) walk(v, prefix);
  };
  walk(archJsonSchema() as JsonSchema, '');
  return [...out];
}

const KNOWN = knownArchPaths();

/** A mutated shipped architecture (or memory-only file) as YAML text, with where it came from. */
export const archYamlArb: fc.Arbitrary<{ base: string; memoryOnly: boolean; text: string }> = fc
  .record({
    base: fc.nat({ max: SHIPPED_ARCHS.length - 1 }),
    mutations: fc.array(mutationArb(KNOWN), { minLength: 1, maxLength: 2 }),
    text: fc.oneof({ weight: 4, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(textMutationArb, { minLength: 1, maxLength: 3 }) }),
  })
  .map(({ base, mutations, text }) => {
    const shipped = SHIPPED_ARCHS[base]!;
    const doc = applyMutations(shipped.doc, mutations, shipped.memoryOnly ? KNOWN.filter((k) => k.startsWith('memory.')) : KNOWN);
    return { base: shipped.file, memoryOnly: shipped.memoryOnly, text: applyTextMutations(stringify(doc), text) };
  });

/** YAML text with random structure: keys from the schema, values from anywhere. */
export const randomYamlArb: fc.Arbitrary<string> = fc
  .dictionary(fc.constantFrom(...KNOWN.filter((k) => !k.includes('.')), 'x'), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 })
  .map((d) => stringify(d));
