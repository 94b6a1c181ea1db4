import fc from 'fast-check';
import { hostileNumber, hostileValue, plausibleNumber } from './hostile-values.ts';

/** One edit of a structured document (arch YAML, config.json, a safetensors header). */
export type Mutation =
  | { op: 'set'; at: number; value: unknown }
  | { op: 'set-number'; at: number; value: number }
  | { op: 'delete'; at: number }
  | { op: 'set-known'; at: number; value: unknown }
  | { op: 'scale'; at: number; factor: number }
  | { op: 'add-unknown'; at: number; key: string; value: unknown };

/**
 * Mutations that mostly keep a document's shape and change its values: set a key (most often
 * a number) to a hostile value, drop a key, set one of the keys the schema knows (whether present or not),
 * scale a number by a power of ten or two, or add a key nobody knows. `at` picks the target
 * among the document's paths (or the known paths) modulo their count, so shrinking moves it.
 */
export function mutationArb(knownPaths: readonly string[]): fc.Arbitrary<Mutation> {
  const at = fc.nat({ max: 10_000 });
  return fc.oneof(
    { weight: 2, arbitrary: fc.record({ op: fc.constant('set' as const), at, value: hostileValue }) },
    { weight: 6, arbitrary: fc.record({ op: fc.constant('set-number' as const), at, value: fc.oneof({ weight: 2, arbitrary: hostileNumber }, { weight: 1, arbitrary: plausibleNumber }) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at }) },
    { weight: knownPaths.length > 0 ? 4 : 0, arbitrary: fc.record({ op: fc.constant('set-known' as const), at, value: fc.oneof({ weight: 3, arbitrary: hostileNumber }, { weight: 1, arbitrary: hostileValue }) }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('scale' as const), at, factor: fc.constantFrom(0, -1, 0.5, 2, 10, 1e3, 1e6, 1e9, 1e-3, 1 / 3) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('add-unknown' as const), at, key: fc.constantFrom('extra', 'Clock_mhz', 'timing', '__proto__', 'constructor', '\u001b[2J'), value: hostileValue }) },
  );
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every path to a value in `doc` (object keys and array indices), depth first. */
export function pathsOf(doc: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (isObj(doc)) for (const [k, v] of Object.entries(doc)) out.push([...prefix, k], ...pathsOf(v, [...prefix, k]));
  else if (Array.isArray(doc)) doc.forEach((v, i) => out.push([...prefix, i], ...pathsOf(v, [...prefix, i])));
  return out;
}

/** `doc` with the mutations applied, in order (the input is not changed). */
export function applyMutations<T>(doc: T, mutations: readonly Mutation[], knownPaths: readonly string[]): T {
  const copy = structuredClone(doc) as unknown;
  for (const m of mutations) {
    if (m.op === 'set-known') {
      setPath(copy, knownPaths[m.at % knownPaths.length]!.split('.'), m.value);
      continue;
    }
    const all = pathsOf(copy);
    // set-number aims at the numbers: the values that size and time a simulation.
    const paths = m.op === 'set-number' ? all.filter((p) => typeof getPath(copy, p) === 'number') : all;
    if (paths.length === 0) continue;
    const path = paths[m.at % paths.length]!;
    switch (m.op) {
      case 'set':
      case 'set-number':
        setPath(copy, path, m.value);
        break;
      case 'delete':
        deletePath(copy, path);
        break;
      case 'scale': {
        const v = getPath(copy, path);
        if (typeof v === 'number') setPath(copy, path, v * m.factor);
        break;
      }
      case 'add-unknown': {
        const parent = getPath(copy, path.slice(0, -1));
        if (isObj(parent)) Object.defineProperty(parent, m.key, { value: m.value, enumerable: true, configurable: true, writable: true });
        break;
      }
    }
  }
  return copy as T;
}

function getPath(doc: unknown, path: readonly (string | number)[]): unknown {
  let v = doc;
  for (const p of path) v = isObj(v) || Array.isArray(v) ? (v as Obj)[p as string] : undefined;
  return v;
}

/** Sets a value, creating the maps on the way (a known key may sit under an absent section). */
function setPath(doc: unknown, path: readonly (string | number)[], value: unknown): void {
  let v = doc as Obj;
  for (const p of path.slice(0, -1)) {
    const next = (v as Obj)[p as string];
    if (!isObj(next) && !Array.isArray(next)) (v as Obj)[p as string] = {};
    v = (v as Obj)[p as string] as Obj;
  }
  (v as Obj)[path[path.length - 1] as string] = value;
}

function deletePath(doc: unknown, path: readonly (string | number)[]): void {
  const parent = getPath(doc, path.slice(0, -1));
  const last = path[path.length - 1]!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else if (isObj(parent)) delete parent[last as string];
}
