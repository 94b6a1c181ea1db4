import { nonDominatedIndices } from './pareto.ts';

/**
 * The hypervolume indicator: the volume of objective space (minimisation form) dominated by
 * a set of points and bounded by a reference point, i.e. the measure of the union of the
 * boxes [p, ref]. Exact for any number of objectives, by the WFG algorithm (While, Bradstreet
 * & Barone, "A Fast Way of Calculating Exact Hypervolumes", IEEE TEVC 16(1), 2012): the
 * volume is the sum of each point's exclusive contribution, and a point's exclusive
 * contribution is its box minus the hypervolume of the later points "limited" to its box.
 * Two objectives use the exact sweep; one, a difference. A point not strictly better than
 * the reference in every objective contributes nothing.
 */
export function hypervolume(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const d = ref.length;
  const inside = points.filter((p) => p.length === d && p.every((v, i) => v < ref[i]!));
  return wfg(prepare(inside), ref);
}

/** Non-dominated, de-duplicated, sorted by the first objective (ties: lexicographic). */
function prepare(points: readonly (readonly number[])[]): number[][] {
  const front = nonDominatedIndices(points).map((i) => [...points[i]!]);
  const seen = new Set<string>();
  const unique = front.filter((p) => {
    const k = p.join(',');
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return unique.sort((a, b) => {
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
    return 0;
  });
}

function wfg(pl: number[][], ref: readonly number[]): number {
  if (pl.length === 0) return 0;
  const d = ref.length;
  if (d === 1) return ref[0]! - Math.min(...pl.map((p) => p[0]!));
  if (d === 2) return sweep2d(pl, ref);
  let volume = 0;
  for (let k = 0; k < pl.length; k++) volume += exclusive(pl, k, ref);
  return volume;
}

function exclusive(pl: number[][], k: number, ref: readonly number[]): number {
  const p = pl[k]!;
  let box = 1;
  for (let i = 0; i < p.length; i++) box *= ref[i]! - p[i]!;
  const limited: number[][] = [];
  for (let j = k + 1; j < pl.length; j++) limited.push(pl[j]!.map((v, i) => Math.max(v, p[i]!)));
  return box - wfg(prepare(limited), ref);
}

/** Two objectives: sort by the first, add the strip each point adds below the best second so far. */
function sweep2d(pl: number[][], ref: readonly number[]): number {
  const sorted = [...pl].sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let volume = 0;
  let bestY = ref[1]!;
  for (const p of sorted) {
    if (p[1]! >= bestY) continue;
    volume += (ref[0]! - p[0]!) * (bestY - p[1]!);
    bestY = p[1]!;
  }
  return volume;
}
