import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFront } from '../../sim/explore/front.ts';
import { parseConstraint, parseObjective } from '../../sim/explore/objectives.ts';
import { dominates, nonDominatedIndices, nonDominatedSort } from '../../sim/explore/pareto.ts';
import type { PointRecord } from '../../sim/explore/point-record.ts';

/** The definition, O(n²): a point is on the front when no other point dominates it. */
function bruteForceFront(vs: number[][]): number[] {
  return vs.map((_, i) => i).filter((i) => !vs.some((w, j) => j !== i && w.every((x, k) => x <= vs[i]![k]!) && w.some((x, k) => x < vs[i]![k]!)));
}

/** Vectors of small integers: many ties and equal coordinates, the hard cases. */
const vectors = (d: number) => fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: d, maxLength: d }), { minLength: 0, maxLength: 40 });

describe('exact Pareto front', () => {
  for (const d of [2, 3, 4]) {
    it(`equals the brute-force front with ${d} objectives (ties kept)`, () => {
      fc.assert(fc.property(vectors(d), (vs) => {
        expect(nonDominatedIndices(vs)).toEqual(bruteForceFront(vs));
      }), { numRuns: 300, seed: 11 + d });
    });
  }

  it('keeps every copy of a tied point and drops a dominated one', () => {
    expect(nonDominatedIndices([[1, 2], [1, 2], [2, 1], [2, 2]])).toEqual([0, 1, 2]);
    expect(dominates([1, 2], [1, 2])).toBe(false);
    expect(dominates([1, 2], [1, 3])).toBe(true);
  });

  it('non-dominated sort: front k is the front of what fronts < k leave', () => {
    fc.assert(
      fc.property(vectors(3), (vs) => {
        const fronts = nonDominatedSort(vs);
        let left = vs.map((_, i) => i);
        for (const f of fronts) {
          const sub = bruteForceFront(left.map((i) => vs[i]!)).map((k) => left[k]!);
          expect([...f].sort((a, b) => a - b)).toEqual(sub);
          left = left.filter((i) => !f.includes(i));
        }
        expect(left).toEqual([]);
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('front of sweep records (constraints, directions, statuses)', () => {
  const record = (i: number, m: Record<string, number | boolean>, status: PointRecord['status'] = 'ok'): PointRecord => ({
    hash: `h${String(i).padStart(3, '0')}`,
    params: { i },
    status,
    metrics: status === 'pruned' || status === 'error' ? null : m,
    error: null,
    dominated_by: null,
    bounds: null,
    duration_s: 0,
    engine_events: 0,
    generation: null,
  });
  const metric = fc.record({ a: fc.integer({ min: 0, max: 6 }), b: fc.integer({ min: 0, max: 6 }), c: fc.integer({ min: 0, max: 6 }), feasible: fc.boolean() });
  const statuses = fc.constantFrom<PointRecord['status']>('ok', 'ok', 'ok', 'infeasible', 'error', 'pruned');

  it('equals the brute-force front of the points meeting every constraint, max and min objectives mixed', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(metric, statuses), { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 6 }), (rows, nObj, limit) => {
        const records = rows.map(([m, s], i) => record(i, m, s));
        const objectives = ['max a', 'min b', 'max c'].slice(0, nObj).map((t) => parseObjective(t)!);
        const constraints = ['feasible', `b <= ${limit}`].map((t) => parseConstraint(t)!);
        const front = paretoFront(records, objectives, constraints);
        // Brute force: simulated, feasible, b ≤ limit; then the definition in minimisation form.
        const pool = records.filter((r) => r.metrics && r.metrics['feasible'] === true && (r.metrics['b'] as number) <= limit);
        const vs = pool.map((r) => objectives.map((o) => (o.direction === 'max' ? -(r.metrics![o.metric] as number) : (r.metrics![o.metric] as number))));
        const want = bruteForceFront(vs).map((i) => pool[i]!.hash).sort();
        expect(front.points.map((p) => p.hash).sort()).toEqual(want);
        // Sorted by the first objective's value (then hash).
        const firsts = front.points.map((p) => p.metrics[objectives[0]!.metric] as number);
        expect([...firsts].sort((x, y) => x - y)).toEqual(firsts);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
