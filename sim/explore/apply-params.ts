/**
 * A design point's full arch: the base arch (plain data, as parsed or as stored in
 * sweep.lock.json `base_arch`) with each swept value set at its dotted path. A value that is
 * an object replaces the whole subtree (`memory: {model: hbm2, …}`), so switching a memory
 * model does not inherit the other model's keys. Pure: the base is not modified. The
 * result is not validated: pass it to `parseArch` (a point whose arch is invalid is a
 * point error, not a sweep error).
 */
export function applyParams(baseArch: unknown, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out = clone(baseArch) as Record<string, unknown>;
  // Shorter paths first: `memory` then `memory.channels` refines the replaced section.
  const paths = Object.keys(params).sort((a, b) => a.split('.').length - b.split('.').length || (a < b ? -1 : a > b ? 1 : 0));
  for (const path of paths) {
    const keys = path.split('.');
    let node: Record<string, unknown> = out;
    for (const k of keys.slice(0, -1)) {
      const child = node[k];
      if (child === null || typeof child !== 'object' || Array.isArray(child)) node[k] = {};
      node = node[k] as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = clone(params[path]);
  }
  return out;
}

function clone(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(clone);
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, clone(x)]));
}
