import { InputError } from '../input-error.ts';

/**
 * A design point's full arch: the sweep's base arch with the point's swept values set at
 * their dotted paths (`core.tmatmul.weights_per_cycle: 128`). The sweep contract says the
 * explorer owns this function (`sim/explore/apply-params.ts`); until that file is on this
 * branch the report uses this local copy with the same signature — swap the import in
 * sim/report/sweep-input.ts when it lands and delete this file.
 *
 * Pure: the base is not modified. A path through a missing object creates it; a path
 * through a value that is not an object is bad input (InputError naming the key).
 */
export function applyParams<T extends object>(baseArch: T, params: Readonly<Record<string, unknown>>): T {
  const out = structuredClone(baseArch) as Record<string, unknown>;
  for (const [path, value] of Object.entries(params)) {
    const keys = path.split('.');
    let node: Record<string, unknown> = out;
    keys.slice(0, -1).forEach((k, i) => {
      const next = node[k];
      if (next === undefined) node[k] = {};
      else if (typeof next !== 'object' || next === null) {
        throw new InputError(`cannot set ${path}: ${keys.slice(0, i + 1).join('.')} is ${JSON.stringify(next)}, not an object`, { key: path });
      }
      node = node[k] as Record<string, unknown>;
    });
    node[keys.at(-1)!] = structuredClone(value);
  }
  return out as T;
}
