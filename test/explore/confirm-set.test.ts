import { describe, expect, it } from 'vitest';
import { constraintCertainty, estimateIntervals, pointsToConfirm } from '../../sim/explore/confirm-set.ts';
import { eligible } from '../../sim/explore/front.ts';
import { pruneInWaves } from '../../sim/explore/pruned-waves.ts';
import { paretoFront } from '../../sim/explore/front.ts';
import { parseConstraint, parseObjective, type Constraint, type Objective } from '../../sim/explore/objectives.ts';
import type { PointRecord } from '../../sim/explore/point-record.ts';
import { uniform } from '../xorshift32.ts';

const objectives = ['max tokens_per_s', 'min power_w.total'].map((t) => parseObjective(t)!) as Objective[];

function record(hash: string, metrics: Record<string, number | boolean>): PointRecord {
  return { hash, params: { id: hash }, status: 'ok', metrics, error: null, dominated_by: null, bounds: null, duration_s: 0, engine_events: 0, generation: null };
}

describe('constraintCertainty', () => {
  const c = (t: string) => parseConstraint(t)! as Constraint;
  it('decides a comparison only when the whole interval the estimate stands for falls on one side', () => {
    expect(constraintCertainty(100, c('power_w.total <= 25'), 0.02)).toBe(false);
    expect(constraintCertainty(20, c('power_w.total <= 25'), 0.02)).toBe(true);
    expect(constraintCertainty(24.8, c('power_w.total <= 25'), 0.02)).toBeNull(); // 24.3 … 25.3
    expect(constraintCertainty(25, c('power_w.total <= 25'), 0)).toBe(true);
    expect(constraintCertainty(10, c('tokens_per_s == 10'), 0.02)).toBeNull();
    expect(constraintCertainty(10, c('tokens_per_s == 10'), 0)).toBe(true);
    expect(constraintCertainty(12, c('tokens_per_s != 10'), 0.02)).toBe(true);
  });
  it('takes booleans (the resource verdict, exact in sampled mode) as they are, and a missing metric as failing', () => {
    expect(constraintCertainty(true, c('feasible'), 0.5)).toBe(true);
    expect(constraintCertainty(false, c('feasible'), 0.5)).toBe(false);
    expect(constraintCertainty(undefined, c('power_w.total <= 25'), 0.02)).toBe(false);
  });
  it('gives no margin to metrics mode sampled computes exactly (resources, bounds)', () => {
    expect(constraintCertainty(0.5, c('resources.logic.utilisation <= 0.5'), 0.02)).toBe(true);
    expect(constraintCertainty(0.5, c('tokens_per_s <= 0.5'), 0.02)).toBeNull();
  });
});

describe('pointsToConfirm', () => {
  it('leaves out only points some certain point beats for sure', () => {
    const recs = [
      record('a', { tokens_per_s: 100, 'power_w.total': 10, feasible: true }),
      record('b', { tokens_per_s: 99, 'power_w.total': 10.1, feasible: true }), // within the margin of a: kept
      record('c', { tokens_per_s: 50, 'power_w.total': 20, feasible: true }), // beaten for sure by a
      record('d', { tokens_per_s: 500, 'power_w.total': 5, feasible: false }), // fails `feasible` for sure
      record('e', { tokens_per_s: 60, 'power_w.total': 4, feasible: true }), // best power: on the front
    ];
    const constraints = [parseConstraint('feasible')!];
    expect(pointsToConfirm(recs, objectives, constraints, 0.02).map((r) => r.hash)).toEqual(['a', 'b', 'e']);
    // No margin: exactly the front of the estimates.
    expect(pointsToConfirm(recs, objectives, constraints, 0).map((r) => r.hash)).toEqual(['a', 'e']);
    // A point that may or may not meet a constraint is not trusted to beat others, and is itself kept.
    // Here a and b may exceed the cap, and e's worst case beats neither's best case.
    const capped = [parseConstraint('feasible')!, parseConstraint('power_w.total <= 10.05')!];
    expect(pointsToConfirm(recs, objectives, capped, 0.02).map((r) => r.hash)).toEqual(['a', 'b', 'e']);
    // Without the cap on feasibility, d (certain to meet the power cap) beats them for sure.
    expect(pointsToConfirm(recs, objectives, [capped[1]!], 0.02).map((r) => r.hash)).toEqual(['d', 'e']);
  });

  it('the front of the confirmed points\' exact values is the exact front of all points, whenever every estimate is within the margin', async () => {
    const constraints = [parseConstraint('power_w.total <= 30')!];
    let totalRuledOut = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = uniform(seed);
      const margin = [0, 0.01, 0.02, 0.05][seed % 4]!;
      const n = 5 + Math.floor(rnd() * 60);
      const exact: PointRecord[] = [];
      const estimated: PointRecord[] = [];
      for (let i = 0; i < n; i++) {
        // Clustered values, so that many points lie within the margin of each other.
        const tps = Math.round(50 + rnd() * 100);
        const watts = Math.round(5 + rnd() * 30) + (rnd() < 0.3 ? 0.5 : 0);
        exact.push(record(`p${i}`, { tokens_per_s: tps, 'power_w.total': watts }));
        // An estimate within the margin, at the edges half of the time (the hardest case).
        const err = () => margin * (rnd() < 0.5 ? (rnd() < 0.5 ? -1 : 1) : 2 * rnd() - 1);
        estimated.push(record(`p${i}`, { tokens_per_s: tps / (1 + err()), 'power_w.total': watts / (1 + err()) }));
      }
      // exact = estimate·(1 + e): within margin·|estimate| of it, up to rounding — an estimate
      // that rounding put outside is set to the exact value.
      for (let i = 0; i < n; i++) {
        for (const k of ['tokens_per_s', 'power_w.total']) {
          const e = estimated[i]!.metrics![k] as number;
          const x = exact[i]!.metrics![k] as number;
          if (Math.abs(e - x) > margin * Math.abs(e)) estimated[i]!.metrics![k] = x;
        }
      }
      const chosen = new Set(pointsToConfirm(estimated, objectives, constraints, margin).map((r) => r.hash));
      const whole = paretoFront(exact, objectives, constraints).points.map((p) => p.hash);
      const confirmed = paretoFront(exact.filter((r) => chosen.has(r.hash)), objectives, constraints).points.map((p) => p.hash);
      expect(confirmed, `seed ${seed}`).toEqual(whole);
      // Then in waves, as the sweep runs them: exact results rule out more, and the front stays.
      const done: PointRecord[] = [];
      const items = estimated.filter((r) => chosen.has(r.hash)).map((r) => ({ hash: r.hash, intervals: estimateIntervals(r.metrics!, margin) }));
      let ruledOut = 0;
      await pruneInWaves(items, {
        objectives,
        constraints,
        waveSize: 1 + (seed % 4),
        front: () => eligible(done, objectives, constraints).map((p) => ({ hash: p.record.hash, vector: p.vector })),
        onPruned: () => ruledOut++,
        simulate: async (wave) => void done.push(...wave.map((w) => exact.find((r) => r.hash === w.hash)!)),
      });
      expect(done.length + ruledOut).toBe(chosen.size);
      expect(paretoFront(done, objectives, constraints).points.map((p) => p.hash), `seed ${seed} in waves`).toEqual(whole);
      totalRuledOut += ruledOut;
    }
    expect(totalRuledOut).toBeGreaterThan(0); // the waves did rule points out
  });
});
