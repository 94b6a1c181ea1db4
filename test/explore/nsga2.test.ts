import { describe, expect, it } from 'vitest';
import { hypervolume } from '../../sim/explore/hypervolume.ts';
import { nsga2, type Fitness } from '../../sim/explore/nsga2.ts';
import { nonDominatedIndices } from '../../sim/explore/pareto.ts';
import { gridPoints } from '../../sim/explore/samplers.ts';
import type { PointIndex, Space } from '../../sim/explore/space.ts';

/** ZDT1 (Zitzler, Deb & Thiele 2000) on a grid: n variables in [0, 1], `steps` + 1 values each. */
function zdt1Space(n: number, steps: number): Space {
  const values = Array.from({ length: steps + 1 }, (_, i) => [i / steps]);
  return { dimensions: Array.from({ length: n }, (_, k) => ({ paths: [`x${k}`], values })), size: (steps + 1) ** n };
}
function zdt1(space: Space, p: PointIndex): number[] {
  const x = p.map((i, k) => space.dimensions[k]!.values[i]![0] as number);
  const g = 1 + (9 * x.slice(1).reduce((a, v) => a + v, 0)) / (x.length - 1);
  return [x[0]!, g * (1 - Math.sqrt(x[0]! / g))];
}

describe('NSGA-II', () => {
  const space = zdt1Space(3, 20); // 9261 points
  const ref = [1.1, 1.1];
  const exhaustive = (() => {
    const all = gridPoints(space).map((p) => zdt1(space, p));
    return hypervolume(nonDominatedIndices(all).map((i) => all[i]!), ref);
  })();
  const search = async (seed: number) => {
    let evaluations = 0;
    const r = await nsga2(space, { population: 20, generations: 25, seed }, async (points) => {
      evaluations += points.length;
      return points.map((p): Fitness => ({ objectives: zdt1(space, p), violation: 0 }));
    });
    const found = r.evaluated.map((e) => e.fitness.objectives!);
    return { r, evaluations, hv: hypervolume(found, ref) };
  };

  it('reaches ≥ 95 % of the exhaustive front\'s hypervolume on discretised ZDT1 with < 6 % of the points', async () => {
    const { evaluations, hv } = await search(1);
    expect(evaluations).toBeLessThanOrEqual(20 * 26);
    expect(evaluations / space.size).toBeLessThan(0.06);
    expect(hv / exhaustive).toBeGreaterThanOrEqual(0.95);
    expect(hv / exhaustive).toBeLessThanOrEqual(1 + 1e-12);
  });

  it('never evaluates a point twice, and is deterministic for a seed', async () => {
    const a = await search(7);
    const b = await search(7);
    const keys = a.r.evaluated.map((e) => e.point.join(','));
    expect(new Set(keys).size).toBe(keys.length);
    expect(b.r.evaluated.map((e) => e.point.join(','))).toEqual(keys);
    const c = await search(8);
    expect(c.r.evaluated.map((e) => e.point.join(','))).not.toEqual(keys);
  });

  it('prefers feasible points (Deb\'s constrained domination): the final population meets a constraint random points often break', async () => {
    // Constraint: x0 ≥ 0.5 (violation 0.5 − x0); half of the space breaks it.
    const r = await nsga2(space, { population: 16, generations: 15, seed: 3 }, async (points) =>
      points.map((p) => {
        const x0 = p[0]! / 20;
        return { objectives: zdt1(space, p), violation: Math.max(0, 0.5 - x0) };
      }),
    );
    expect(r.population.every((p) => p[0]! >= 10)).toBe(true);
  });

  it('stops when the space has no unevaluated point left', async () => {
    const tiny = zdt1Space(2, 2); // 9 points
    const r = await nsga2(tiny, { population: 4, generations: 50, seed: 1 }, async (points) => points.map((p) => ({ objectives: zdt1(tiny, p), violation: 0 })));
    expect(r.evaluated.length).toBeLessThanOrEqual(9);
    expect(r.exhausted).toBe(true);
  });
});
