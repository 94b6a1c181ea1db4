import { METRICS, isMetricName } from './metrics.ts';
import type { Constraint, Objective } from './objectives.ts';
import { dominates } from './pareto.ts';
import type { PointEstimate } from './lower-layers.ts';

/** The range a metric of a not-yet-simulated point can take (booleans as 0 / 1). */
export interface Interval {
  lo: number;
  hi: number;
}

const ANY: Interval = { lo: -Infinity, hi: Infinity };
const atMost = (x: number): Interval => ({ lo: 0, hi: x });
const atLeast = (x: number): Interval => ({ lo: x, hi: Infinity });
/** A value the estimate computes with the simulator's own code (a hair of float slack). */
const exact = (x: number): Interval => ({ lo: x - Math.abs(x) * 1e-9, hi: x + Math.abs(x) * 1e-9 });

/**
 * What the sound pre-simulation estimate (sim/run/estimate.ts) says about each metric.
 * Metrics it does not bound get their natural range (fidelity) or none at all.
 */
export function metricIntervals(e: PointEstimate): Record<string, Interval> {
  const iv: Record<string, Interval> = {
    tokens_per_s: atMost(e.tokens_per_s_upper),
    tokens_per_s_per_sequence: atMost(e.tokens_per_s_per_sequence_upper),
    'power_w.total': atLeast(e.power_w_lower.total),
    'power_w.fpga_total': atLeast(e.power_w_lower.fpga_total),
    'power_w.fpga_static': atLeast(e.power_w_lower.fpga_static),
    'power_w.fpga_dynamic': atLeast(e.power_w_lower.fpga_dynamic),
    'power_w.dram_background': atLeast(e.power_w_lower.dram_background),
    'power_w.dram_core': atLeast(0),
    'power_w.dram_io': atLeast(0),
    energy_per_token_j: atLeast(e.energy_per_token_j_lower),
    tokens_per_joule: atMost(e.tokens_per_joule_upper),
    feasible: e.feasible ? { lo: 1, hi: 1 } : { lo: 0, hi: 0 },
    'bounds.memory_bound_tokens_per_s': exact(e.bounds.memory_bound_tokens_per_s),
    'bounds.compute_bound_tokens_per_s': exact(e.bounds.compute_bound_tokens_per_s),
    'bounds.latency_bound_tokens_per_s': exact(e.bounds.latency_bound_tokens_per_s),
    'fidelity.top1_agreement': { lo: 0, hi: 1 },
    'fidelity.max_logit_error': atLeast(0),
  };
  for (const [kind, use] of Object.entries(e.resources)) {
    if (use.utilisation !== null) iv[`resources.${kind}.utilisation`] = exact(use.utilisation);
  }
  return iv;
}

function interval(iv: Record<string, Interval>, metric: string): Interval {
  return iv[metric] ?? ANY;
}

/**
 * The constraint that no value in the point's intervals can meet (the point is certainly
 * infeasible), or null. A boolean constraint fails when the metric is known to be false.
 */
export function certainlyFailedConstraint(iv: Record<string, Interval>, constraints: readonly Constraint[]): Constraint | null {
  for (const c of constraints) {
    const { lo, hi } = interval(iv, c.metric);
    if (c.kind === 'true') {
      if (isMetricName(c.metric) && METRICS[c.metric].kind === 'boolean' && hi < 1) return c;
      continue;
    }
    const v = c.value;
    const fails = c.op === '<=' ? lo > v : c.op === '<' ? lo >= v : c.op === '>=' ? hi < v : c.op === '>' ? hi <= v : c.op === '==' ? v < lo || v > hi : lo === v && hi === v;
    if (fails) return c;
  }
  return null;
}

/**
 * Whether every value in the point's intervals meets every constraint (a boolean metric
 * known true): the other side of `certainlyFailedConstraint`.
 */
export function certainlyMeetsConstraints(iv: Record<string, Interval>, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) {
    const { lo, hi } = interval(iv, c.metric);
    if (c.kind === 'true') {
      if (!(lo >= 1)) return false;
      continue;
    }
    const v = c.value;
    const holds = c.op === '<=' ? hi <= v : c.op === '<' ? hi < v : c.op === '>=' ? lo >= v : c.op === '>' ? lo > v : c.op === '==' ? lo === v && hi === v : v < lo || v > hi;
    if (!holds) return false;
  }
  return true;
}

/** The worst objective values the point could take, in minimisation form. */
export function pessimisticVector(iv: Record<string, Interval>, objectives: readonly Objective[]): number[] {
  return objectives.map((o) => {
    const { lo, hi } = interval(iv, o.metric);
    return o.direction === 'max' ? -lo : hi;
  });
}

/** The best objective values the point could reach, in minimisation form. */
export function optimisticVector(iv: Record<string, Interval>, objectives: readonly Objective[]): number[] {
  return objectives.map((o) => {
    const { lo, hi } = interval(iv, o.metric);
    return o.direction === 'max' ? -hi : lo;
  });
}

/**
 * A simulated, feasible point whose objectives dominate `optimistic`, or null. Sound: the
 * true objectives of the point are no better than `optimistic` in every objective, so the
 * dominator is no worse than them everywhere and strictly better somewhere — the point is
 * dominated and cannot be on the front (ties are not dominance, so a point that could tie
 * with the front is never pruned). Among several dominators, the smallest hash (determinism).
 */
export function findDominator(optimistic: readonly number[], simulated: readonly { hash: string; vector: readonly number[] }[]): string | null {
  let best: string | null = null;
  for (const s of simulated) if (dominates(s.vector, optimistic) && (best === null || s.hash < best)) best = s.hash;
  return best;
}

/**
 * Evaluation order that makes pruning bite: points whose optimistic objectives rank best
 * (sum over objectives of the rank of their optimistic value) first, so the first
 * simulations build a strong front. Ties by hash.
 */
export function promisingOrder<T extends { hash: string }>(items: readonly T[], vectors: readonly (readonly number[])[]): T[] {
  const n = items.length;
  const score = new Array<number>(n).fill(0);
  const M = vectors[0]?.length ?? 0;
  for (let m = 0; m < M; m++) {
    const order = vectors.map((_, i) => i).sort((a, b) => {
      const x = vectors[a]![m]!;
      const y = vectors[b]![m]!;
      return x === y ? 0 : x < y ? -1 : 1;
    });
    order.forEach((i, r) => (score[i]! += r));
  }
  return items
    .map((item, i) => ({ item, s: score[i]! }))
    .sort((a, b) => a.s - b.s || (a.item.hash < b.item.hash ? -1 : 1))
    .map((x) => x.item);
}
