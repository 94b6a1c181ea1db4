import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypervolume } from '../../sim/explore/hypervolume.ts';

/**
 * Exact hypervolume of integer points by counting unit cells: a cell [c, c+1) of the box
 * below the reference point counts when some point is ≤ c in every coordinate.
 */
function cellCount(points: number[][], ref: number[]): number {
  const d = ref.length;
  let n = 0;
  const c = new Array<number>(d).fill(0);
  const total = ref.reduce((a, r) => a * r, 1);
  for (let k = 0; k < total; k++) {
    let rem = k;
    for (let i = 0; i < d; i++) {
      c[i] = rem % ref[i]!;
      rem = Math.floor(rem / ref[i]!);
    }
    if (points.some((p) => p.every((v, i) => v <= c[i]!))) n++;
  }
  return n;
}

describe('hypervolume (WFG, exact)', () => {
  for (const d of [1, 2, 3, 4]) {
    it(`equals the unit-cell count on random integer sets, ${d} objective${d > 1 ? 's' : ''}`, () => {
      const ref = new Array<number>(d).fill(d === 4 ? 5 : 7);
      const point = fc.array(fc.integer({ min: 0, max: ref[0]! + 1 }), { minLength: d, maxLength: d });
      fc.assert(fc.property(fc.array(point, { maxLength: d === 4 ? 12 : 20 }), (ps) => {
        expect(hypervolume(ps, ref)).toBe(cellCount(ps, ref));
      }), { numRuns: 150, seed: 3 + d });
    });
  }

  it('known values: one box, two overlapping boxes, points outside the reference', () => {
    expect(hypervolume([[1, 1]], [3, 4])).toBe(6);
    expect(hypervolume([[0, 2], [2, 0]], [3, 3])).toBe(3 + 3 - 1);
    expect(hypervolume([[1, 1, 1]], [2, 3, 4])).toBe(6);
    expect(hypervolume([[5, 0]], [3, 3])).toBe(0);
    expect(hypervolume([], [1, 1])).toBe(0);
  });

  it('is invariant under permuting objectives and adding dominated or duplicate points', () => {
    const ps = [[1, 4, 2], [3, 1, 3], [2, 2, 1], [4, 4, 4], [2, 2, 1]];
    const ref = [5, 5, 5];
    const v = hypervolume(ps, ref);
    expect(hypervolume(ps.map(([a, b, c]) => [c!, a!, b!]), [5, 5, 5])).toBe(v);
    expect(hypervolume(ps.slice(0, 3), ref)).toBe(v);
  });
});
