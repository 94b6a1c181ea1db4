import { InputError } from '../input-error.ts';
import { Random } from './random.ts';
import { pointKey, type PointIndex, type Space } from './space.ts';

/** A grid sweep larger than this is refused: sample it (random, latin) or search it (nsga2). */
export const MAX_GRID_POINTS = 1_000_000;

/** Every point, the last dimension varying fastest. */
export function gridPoints(space: Space): PointIndex[] {
  if (space.size > MAX_GRID_POINTS) {
    throw new InputError(`the grid holds ${space.size.toExponential(2)} points (at most ${MAX_GRID_POINTS}): use sample: {random: N}, {latin: N} or {nsga2: …}`, { key: 'sample' });
  }
  const sizes = space.dimensions.map((d) => d.values.length);
  const out: number[][] = [];
  const idx = sizes.map(() => 0);
  for (let n = 0; n < space.size; n++) {
    out.push([...idx]);
    for (let k = sizes.length - 1; k >= 0; k--) {
      if (++idx[k]! < sizes[k]!) break;
      idx[k] = 0;
    }
  }
  return out;
}

/** `n` distinct points drawn uniformly (all of them, in grid order, when n ≥ the space). */
export function randomPoints(space: Space, n: number, seed: number): PointIndex[] {
  if (n >= space.size) return gridPoints(space);
  const rng = new Random(seed);
  const sizes = space.dimensions.map((d) => d.values.length);
  const seen = new Set<string>();
  const out: PointIndex[] = [];
  // Rejection stays cheap while n ≤ half the space; above, shuffle the grid instead.
  if (n > space.size / 2) {
    const all = gridPoints(space);
    return rng.permutation(all.length).slice(0, n).map((i) => all[i]!);
  }
  while (out.length < n) {
    const p = sizes.map((k) => rng.int(k));
    const key = pointKey(p);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}

/**
 * A Latin hypercube of `n` points (McKay, Beckman & Conover 1979), discretised: along every
 * dimension the n points fall in n equal strata, one each, so each axis's range is covered
 * evenly whatever n. Strata that land on the same value index may repeat a point; repeats are
 * dropped, so a dimension with fewer values than n gives fewer than n distinct points.
 */
export function latinPoints(space: Space, n: number, seed: number): PointIndex[] {
  const rng = new Random(seed);
  const columns = space.dimensions.map((d) => {
    const k = d.values.length;
    const strata = rng.permutation(n);
    return strata.map((s) => Math.min(k - 1, Math.floor(((s + rng.next()) * k) / n)));
  });
  const seen = new Set<string>();
  const out: PointIndex[] = [];
  for (let i = 0; i < n; i++) {
    const p = columns.map((c) => c[i]!);
    const key = pointKey(p);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
  }
  return out;
}
