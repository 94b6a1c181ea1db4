import { isMetricName, METRICS, type Metrics } from './metrics.ts';
import { objectiveVector, type Constraint, type Objective } from './objectives.ts';
import { dominates, nonDominatedIndices } from './pareto.ts';
import { certainlyFailedConstraint, certainlyMeetsConstraints, optimisticVector, pessimisticVector, type Interval } from './pruning.ts';
import type { PointRecord } from './point-record.ts';

/**
 * Which points of a sampled sweep must be simulated exactly so that the front of the exact
 * results is the front the whole sweep would have had in timing mode — provided every sampled
 * metric is within `margin` (relative) of its exact value.
 *
 * Each sampled number x stands for an exact value somewhere in [x − margin·|x|, x + margin·|x|],
 * unless mode sampled gives that metric exactly (metrics.ts: the resource verdict, resources and
 * bounds come from the whole model's programs; booleans are such). A
 * point can be left out only when some point certain to meet every constraint beats it for
 * sure: that point's worst case dominates its best case. Then its exact vector is dominated
 * too, so it is not on the exact front. Every point that is on the exact front is therefore
 * confirmed, and — dominance being transitive — a confirmed point that some unconfirmed point
 * truly beats is also beaten by a confirmed one: the front of the confirmed points' exact
 * results is the exact front of the whole sweep.
 */

/** A metric's interval under the margin: none for a metric mode sampled gives exactly. */
function spread(metric: string, x: number, margin: number): [number, number] {
  const d = isMetricName(metric) && METRICS[metric].sampled === 'exact' ? 0 : margin * Math.abs(x);
  return [x - d, x + d];
}

/** Whether a constraint holds for every exact value the sampled one may stand for: true, false, or null (undecided). */
export function constraintCertainty(value: number | boolean | null | undefined, c: Constraint, margin: number): boolean | null {
  return meetsConstraints({ [c.metric]: value ?? null }, [c], margin);
}

/**
 * true: meets every constraint for sure; false: fails one for sure (a missing metric fails);
 * null: undecided. The intervals are read as bound-guided pruning reads its bounds.
 */
export function meetsConstraints(metrics: Metrics, constraints: readonly Constraint[], margin: number): boolean | null {
  for (const c of constraints) {
    const x = metrics[c.metric];
    if (typeof x !== 'number' && typeof x !== 'boolean') return false;
  }
  const iv = estimateIntervals(metrics, margin);
  if (certainlyFailedConstraint(iv, constraints)) return false;
  return certainlyMeetsConstraints(iv, constraints) ? true : null;
}

/**
 * The objective vector (minimisation form) at its worst (`pessimistic`) or best under the
 * margin; null when an objective metric is missing.
 */
export function marginVector(metrics: Metrics, objectives: readonly Objective[], margin: number, pessimistic: boolean): number[] | null {
  if (!objectiveVector(metrics, objectives)) return null;
  const iv = estimateIntervals(metrics, margin);
  return pessimistic ? pessimisticVector(iv, objectives) : optimisticVector(iv, objectives);
}

/**
 * The worst-case vectors of the records certain to meet every constraint, reduced to their
 * non-dominated set (whatever a dominated one beats, one of these beats too).
 */
export function certainWorstCases(records: readonly PointRecord[], objectives: readonly Objective[], constraints: readonly Constraint[], margin: number): { hash: string; vector: number[] }[] {
  const out: { hash: string; vector: number[] }[] = [];
  for (const r of records) {
    if (!r.metrics || (r.status !== 'ok' && r.status !== 'infeasible')) continue;
    if (meetsConstraints(r.metrics, constraints, margin) !== true) continue;
    const vector = marginVector(r.metrics, objectives, margin, true);
    if (vector) out.push({ hash: r.hash, vector });
  }
  return nonDominatedIndices(out.map((x) => x.vector)).map((i) => out[i]!);
}

/**
 * The records to confirm, in the order given: simulated, not certain to fail a constraint,
 * and not beaten for sure by a point certain to meet them all.
 */
export function pointsToConfirm(records: readonly PointRecord[], objectives: readonly Objective[], constraints: readonly Constraint[], margin: number): PointRecord[] {
  const beaters = certainWorstCases(records, objectives, constraints, margin);
  return records.filter((r) => {
    if (!r.metrics || (r.status !== 'ok' && r.status !== 'infeasible')) return false;
    if (meetsConstraints(r.metrics, constraints, margin) === false) return false;
    const best = marginVector(r.metrics, objectives, margin, false);
    // A point missing an objective cannot be on the front in any mode.
    if (!best) return false;
    return !beaters.some((b) => b.hash !== r.hash && dominates(b.vector, best));
  });
}

/**
 * The intervals an estimate stands for, as bound-guided pruning reads them (pruning.ts): a
 * confirmation whose best case an exact, feasible confirmation already dominates is not
 * needed (that confirmation's exact vector dominates its exact vector too).
 */
export function estimateIntervals(metrics: Metrics, margin: number): Record<string, Interval> {
  const iv: Record<string, Interval> = {};
  for (const [m, x] of Object.entries(metrics)) {
    if (typeof x === 'boolean') iv[m] = { lo: x ? 1 : 0, hi: x ? 1 : 0 };
    else if (typeof x === 'number') {
      const [lo, hi] = spread(m, x, margin);
      iv[m] = { lo, hi };
    }
  }
  return iv;
}
