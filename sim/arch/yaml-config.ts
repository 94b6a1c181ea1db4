import { existsSync, readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import type * as z from 'zod';
import { InputError } from '../input-error.ts';
import { readInputText } from '../read-input-file.ts';

/**
 * Parse a YAML file and validate it against a zod schema. Every failure becomes an
 * InputError naming the file, the line:column of the offending node and its key path,
 * so `mmfsim validate` and every command that reads YAML report problems the same way.
 */
export function loadYamlConfig<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  return parseYamlConfig(readYamlFile(file), file, schema);
}

/**
 * A data table shipped with mmfsim (the device catalogue, the coefficient tables). The
 * compiled package (dist/, `npm run build`) holds each beside its YAML as `NAME.yaml.json`,
 * the same data already parsed: parsing YAML with source positions costs more than a short
 * command's whole simulation (≈ 100 ms of an `exec` went to its power tables). dist/ runs
 * only while it was built from the current sources (bin/mmfsim.mjs), so the copy is never
 * stale; from the sources, or if the copy does not validate, the YAML itself is read, so a
 * broken table still gets its line:column error. The schema validates either way.
 */
export function loadShippedTable<S extends z.ZodType>(file: string, schema: S): z.infer<S> {
  const compiled = `${file}.json`;
  if (existsSync(compiled)) {
    const r = schema.safeParse(JSON.parse(readFileSync(compiled, 'utf8')));
    if (r.success) return r.data;
  }
  return loadYamlConfig(file, schema);
}

/** A YAML input file's text, read through the capped reader (docs/limits.md). */
export function readYamlFile(file: string): string {
  return readInputText(file, 'yaml', 'YAML file');
}

export function parseYamlConfig<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  return validateYaml(parseYaml(text, file), schema);
}

/** A parsed YAML file: its plain data, and the document and line counter to locate a key. */
export interface ParsedYaml {
  file: string;
  data: unknown;
  doc: Document.Parsed;
  lineCounter: LineCounter;
}

/**
 * The plain data of a YAML text, or an InputError at the first syntax error, duplicate key
 * or alias bomb. Duplicate keys are found in one pass over the document (the parser's own
 * `uniqueKeys` check compares every key with every earlier one: 40 000 keys took minutes).
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { file, line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    const err = doc.errors[0]!;
    throw new InputError(`YAML syntax error: ${err.message.split('\n')[0]}`, at(err.pos[0]));
  }
  const duplicate = firstDuplicateKey(doc);
  if (duplicate) throw new InputError(`duplicate key '${duplicate.key}' (each key may appear once in a map)`, at(duplicate.offset));
  let data: unknown;
  try {
    // maxAliasCount bounds the "billion laughs": aliases that expand to aliases.
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new InputError(`YAML cannot be expanded: ${(e as Error).message.split('\n')[0]}`, { file });
  }
  return { file, data, doc, lineCounter };
}

/** Validates parsed YAML data; the first issue becomes an InputError at its key's line. */
export function validateYaml<S extends z.ZodType>(parsed: ParsedYaml, schema: S): z.infer<S> {
  const { file, data, doc, lineCounter } = parsed;
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

/** The first key that repeats within one map (by its scalar value), with its offset. */
function firstDuplicateKey(doc: Document.Parsed): { key: string; offset: number } | null {
  let found: { key: string; offset: number } | null = null;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = pair.key;
        if (!isScalar(k)) continue;
        const name = String(k.value);
        if (seen.has(name)) {
          found = { key: name, offset: k.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(name);
      }
      return undefined;
    },
  });
  return found;
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
