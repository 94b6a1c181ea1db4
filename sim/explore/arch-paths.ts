import { archJsonSchema } from './lower-layers.ts';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

let root: JsonSchema | null = null;

/**
 * Whether a dotted path names a key of the arch YAML (`core.tmatmul.weights_per_cycle`,
 * `memory.channels`, a whole section such as `memory`), read from the arch JSON Schema so a
 * sweep axis with a typo fails when the spec is loaded, at its line, not once per point.
 * A key that exists in one variant of a union (memory.channels: ddr4 only) is accepted;
 * the point whose memory model lacks it then fails arch validation and is recorded as an error.
 */
export function isArchPath(path: string): boolean {
  root ??= archJsonSchema() as JsonSchema;
  let nodes: JsonSchema[] = [root];
  for (const step of path.split('.')) {
    const next: JsonSchema[] = [];
    const visit = (s: JsonSchema) => {
      for (const v of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) visit(v);
      const p = s.properties?.[step];
      if (p) next.push(p);
      else if (typeof s.additionalProperties === 'object') next.push(s.additionalProperties);
    };
    for (const n of nodes) visit(n);
    if (next.length === 0) return false;
    nodes = next;
  }
  return true;
}
