/**
 * The exact Pareto front of objective vectors in minimisation form (objectives.ts negates
 * maximised metrics). `a` dominates `b` when it is no worse in every objective and better
 * in at least one; points with equal vectors do not dominate each other, so ties are all on
 * the front together.
 */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! > b[i]!) return false;
    if (a[i]! < b[i]!) better = true;
  }
  return better;
}

/** Lexicographic order of vectors (then index, for a total order). */
function lexicographic(vs: readonly (readonly number[])[]): number[] {
  return vs
    .map((_, i) => i)
    .sort((x, y) => {
      const a = vs[x]!;
      const b = vs[y]!;
      for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
      return x - y;
    });
}

/**
 * Indices (ascending) of the non-dominated vectors. A vector can only be dominated by one
 * that precedes it lexicographically, and (dominance being transitive) if anything
 * dominates it, something on the front does: so each vector, in lexicographic order, is
 * compared with the front found so far only. Exact for any number of objectives.
 */
export function nonDominatedIndices(vectors: readonly (readonly number[])[]): number[] {
  const front: number[] = [];
  for (const i of lexicographic(vectors)) {
    const v = vectors[i]!;
    if (!front.some((j) => dominates(vectors[j]!, v))) front.push(i);
  }
  return front.sort((a, b) => a - b);
}

/**
 * Fronts of a non-dominated sort (Deb et al. 2002, "fast non-dominated sort"): front 0 is
 * the non-dominated set, front 1 what is non-dominated once front 0 is removed, and so on.
 */
export function nonDominatedSort(vectors: readonly (readonly number[])[]): number[][] {
  const n = vectors.length;
  const dominatedBy = new Array<number>(n).fill(0);
  const dominatesList: number[][] = Array.from({ length: n }, () => []);
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (dominates(vectors[p]!, vectors[q]!)) {
        dominatesList[p]!.push(q);
        dominatedBy[q]!++;
      } else if (dominates(vectors[q]!, vectors[p]!)) {
        dominatesList[q]!.push(p);
        dominatedBy[p]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let current = vectors.map((_, i) => i).filter((i) => dominatedBy[i] === 0);
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const p of current) {
      for (const q of dominatesList[p]!) if (--dominatedBy[q]! === 0) next.push(q);
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}
