import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The one layer order of sim/ (docs/architecture.md): a module may import only from its own
 * layer or one below it. Layers of equal rank (engine, isa, model, memory; explore and report) are
 * independent of each other. `sim/input-error.ts`, `sim/read-input-file.ts`, `sim/memory-budget.ts`
 * and `sim/index.ts` stand outside the order: every layer may throw the shared errors, read its
 * input files through the one capped reader and check sizes against the one memory budget, and
 * the package entry re-exports the API.
 */
const RANK: Record<string, number> = {
  engine: 0,
  isa: 0,
  model: 0,
  memory: 0,
  arch: 1,
  compiler: 2,
  hw: 3,
  power: 4,
  run: 5,
  explore: 6,
  report: 6,
  cli: 7,
};
const SHARED_LEAVES = new Set(['sim/input-error.ts', 'sim/read-input-file.ts', 'sim/memory-budget.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import (static, dynamic, type-only, re-export) of a file, resolved to a path under sim/. */
function importsOf(file: string, src: string): string[] {
  const specs = [...src.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => normalize(join(dirname(file), s)));
}

function layerOf(path: string): string | null {
  const parts = path.split('/');
  return parts[0] === 'sim' && parts.length > 2 ? parts[1]! : null;
}

function violations(files: { file: string; src: string }[]): string[] {
  const out: string[] = [];
  for (const { file, src } of files) {
    const from = layerOf(file);
    if (from === null) continue; // sim/index.ts and the shared leaf
    if (RANK[from] === undefined) {
      out.push(`${file}: folder sim/${from}/ has no place in the layer order`);
      continue;
    }
    for (const target of importsOf(file, src)) {
      if (SHARED_LEAVES.has(target) || !target.startsWith('sim/')) continue;
      const to = layerOf(target);
      if (to === null) {
        out.push(`${file} imports ${target}: only the package entry may import sim/index.ts`);
        continue;
      }
      if (to === from) continue;
      const ok = RANK[to] !== undefined && RANK[to]! < RANK[from]!;
      if (!ok) out.push(`${file} imports ${relative('.', target)}: ${from} (rank ${RANK[from]}) may not depend on ${to} (rank ${RANK[to] ?? '?'})`);
    }
  }
  return out;
}

describe('layer order', () => {
  it('no import in sim/ points up (or across) the layer order', () => {
    expect(violations(sourceFiles('sim').map((file) => ({ file, src: readFileSync(file, 'utf8') })))).toEqual([]);
  });

  it('the rule catches upward, sideways, type-only and dynamic imports, and allows downward ones', () => {
    const bad = violations([
      { file: 'sim/arch/a.ts', src: "import { y } from '../hw/y.ts';" },
      { file: 'sim/model/b.ts', src: "import type { Y } from '../isa/y.ts';" },
      { file: 'sim/explore/c.ts', src: "const m = await import('../report/y.ts');" },
      { file: 'sim/hw/d.ts', src: "export { z } from '../power/z.ts';" },
      { file: 'sim/gadgets/e.ts', src: '' },
      { file: 'sim/cli/f.ts', src: "import { y } from '../run/y.ts';\nimport { E } from '../input-error.ts';" },
      { file: 'sim/run/g.ts', src: "import { y } from '../index.ts';" },
    ]);
    expect(bad.map((v) => v.split(/[ :]/)[0])).toEqual(['sim/arch/a.ts', 'sim/model/b.ts', 'sim/explore/c.ts', 'sim/hw/d.ts', 'sim/gadgets/e.ts', 'sim/run/g.ts']);
  });
});
