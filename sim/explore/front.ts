import { hypervolume } from './hypervolume.ts';
import type { Metrics } from './metrics.ts';
import { failedConstraint, objectiveVector, type Constraint, type Objective } from './objectives.ts';
import { nonDominatedIndices } from './pareto.ts';
import type { PointRecord } from './point-record.ts';

/** The exact Pareto front of a sweep's records and its hypervolume (pareto.json). */
export interface ParetoFront {
  objectives: Objective[];
  constraints: string[];
  /** Objective metric → the reference value the hypervolume is measured from. */
  reference_point: Record<string, number>;
  hypervolume: number;
  points: { hash: string; params: Record<string, unknown>; metrics: Metrics }[];
}

/** Records that compete for the front: simulated, meeting every constraint, every objective known. */
export function eligible(records: readonly PointRecord[], objectives: readonly Objective[], constraints: readonly Constraint[]): { record: PointRecord; vector: number[] }[] {
  const out: { record: PointRecord; vector: number[] }[] = [];
  for (const r of records) {
    if (!r.metrics || (r.status !== 'ok' && r.status !== 'infeasible')) continue;
    if (failedConstraint(r.metrics, constraints)) continue;
    const vector = objectiveVector(r.metrics, objectives);
    if (vector) out.push({ record: r, vector });
  }
  return out;
}

/**
 * The default reference point: each objective's worst value among the eligible points,
 * pushed 10 % of the objective's range further out (so the extreme points of the front
 * add volume too). Stated in pareto.json with the hypervolume.
 */
export function defaultReferencePoint(vectors: readonly (readonly number[])[], objectives: readonly Objective[]): Record<string, number> {
  const ref: Record<string, number> = {};
  objectives.forEach((o, m) => {
    if (vectors.length === 0) return;
    const vs = vectors.map((v) => v[m]!);
    const worst = Math.max(...vs);
    const best = Math.min(...vs);
    const pad = worst > best ? 0.1 * (worst - best) : Math.max(Math.abs(worst) * 0.1, 1e-12);
    let r = worst + pad;
    // A maximised metric that is never negative (tokens/s) gets no negative reference.
    if (o.direction === 'max' && worst <= 0 && r > 0) r = 0;
    // Back from minimisation form to the metric's own sign.
    ref[o.metric] = o.direction === 'max' ? -r : r;
  });
  return ref;
}

export function paretoFront(records: readonly PointRecord[], objectives: readonly Objective[], constraints: readonly Constraint[], reference?: Record<string, number>): ParetoFront {
  const pool = eligible(records, objectives, constraints);
  const vectors = pool.map((p) => p.vector);
  const front = nonDominatedIndices(vectors).map((i) => pool[i]!);
  const first = objectives[0]!;
  front.sort((a, b) => {
    const x = a.record.metrics![first.metric] as number;
    const y = b.record.metrics![first.metric] as number;
    return x !== y ? x - y : a.record.hash < b.record.hash ? -1 : 1;
  });
  const ref = reference ?? defaultReferencePoint(vectors, objectives);
  const refVector = objectives.map((o) => (o.direction === 'max' ? -ref[o.metric]! : ref[o.metric]!));
  return {
    objectives: objectives.map((o) => ({ metric: o.metric, direction: o.direction })),
    constraints: constraints.map((c) => c.text),
    reference_point: ref,
    hypervolume: front.length > 0 && refVector.every(Number.isFinite) ? hypervolume(front.map((p) => p.vector), refVector) : 0,
    points: front.map((p) => ({ hash: p.record.hash, params: p.record.params, metrics: p.record.metrics! })),
  };
}
