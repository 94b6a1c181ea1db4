import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../input-error.ts';

/**
 * Parse a YAML file and validate it against a zod schema. Every failure becomes an
 * InputError naming the file, the line:column of the offending node and its key path,
 * so `mmfsim validate` and every command that reads YAML report problems the same way.
 */
export function loadYamlConfig<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
  return parseYamlConfig(text, file, schema);
}

export function parseYamlConfig<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    const pos = lineCounter.linePos(err.pos[0]);
    throw new InputError(`YAML syntax error: ${err.message.split('\n')[0]}`, {
      file,
      line: pos.line,
      column: pos.col,
    });
  }
  const data = doc.toJS({ maxAliasCount: 1000 });
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;

  const issue = result.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  // An unknown key is reported at the key itself, not at the map that holds it.
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) path.push(issue.keys[0]!);
  const { node, missing } = nodeAtPath(doc.contents as Node | null, path, issue.code === 'unrecognized_keys');
  const range = node?.range;
  const pos = range ? lineCounter.linePos(range[0]) : undefined;
  const reason = missing ? `${issue.message} (key is missing)` : issue.message;
  throw new InputError(reason, {
    file,
    line: pos?.line,
    column: pos?.col,
    key: path.join('.') || '(top level)',
  });
}

/**
 * The deepest YAML node along `path`. When the path ends at a key that is not present we
 * return its parent map, so a missing key is reported where it should have been written.
 */
function nodeAtPath(
  root: Node | null,
  path: (string | number)[],
  pointAtLastKey: boolean,
): { node: Node | null; missing: boolean } {
  let node: Node | null = root;
  for (const [depth, step] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => {
        const k = p.key as { value?: unknown } | null;
        return k !== null && typeof k === 'object' && String(k.value) === String(step);
      });
      if (!pair) return { node, missing: true };
      // Point at the value when there is one, else (or for an unknown key) at the key.
      const atKey = pointAtLastKey && depth === path.length - 1;
      node = (atKey ? pair.key : (pair.value ?? pair.key)) as Node;
    } else if (isSeq(node) && typeof step === 'number') {
      const item = node.items[step] as Node | undefined;
      if (!item) return { node, missing: true };
      node = item;
    } else {
      return { node, missing: false };
    }
  }
  return { node, missing: false };
}
