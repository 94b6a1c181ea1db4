import type { Constraint, Objective } from './objectives.ts';
import { certainlyFailedConstraint, findDominator, optimisticVector, type Interval } from './pruning.ts';

/** Why a point was skipped. */
export type PruneDecision = { kind: 'constraint'; constraint: Constraint } | { kind: 'dominated'; by: string };

export interface WaveItem {
  hash: string;
  /** What the sound estimate says about its metrics (null: no estimate, never pruned). */
  intervals: Record<string, Interval> | null;
}

export interface PruneOptions<T extends WaveItem> {
  objectives: readonly Objective[];
  constraints: readonly Constraint[];
  waveSize: number;
  /** The simulated points that meet every constraint, with their objective vectors (minimisation form). */
  front: () => readonly { hash: string; vector: readonly number[] }[];
  onPruned: (item: T, decision: PruneDecision) => void;
  /** Simulate a wave; resolves when every point of it has a record. */
  simulate: (wave: T[]) => Promise<void>;
  stopped?: () => boolean;
}

/**
 * Bound-guided pruning in waves: walk the points in the given order; before each wave of
 * `waveSize` simulations, skip every point a constraint certainly excludes or whose
 * optimistic objectives a simulated feasible point dominates, using only the results of
 * earlier waves — so the decisions do not depend on which worker finishes first. Exact:
 * a skipped point is infeasible or dominated, so the front of the simulated points equals
 * the front of all points (docs/explore.md; test/explore/pruning.test.ts).
 */
export async function pruneInWaves<T extends WaveItem>(ordered: readonly T[], o: PruneOptions<T>): Promise<void> {
  let cursor = 0;
  while (cursor < ordered.length && !(o.stopped?.() ?? false)) {
    const front = o.front();
    const wave: T[] = [];
    while (cursor < ordered.length && wave.length < o.waveSize) {
      const item = ordered[cursor++]!;
      const iv = item.intervals;
      if (iv) {
        const excluded = certainlyFailedConstraint(iv, o.constraints);
        if (excluded) {
          o.onPruned(item, { kind: 'constraint', constraint: excluded });
          continue;
        }
        const by = findDominator(optimisticVector(iv, o.objectives), front);
        if (by) {
          o.onPruned(item, { kind: 'dominated', by });
          continue;
        }
      }
      wave.push(item);
    }
    if (wave.length > 0) await o.simulate(wave);
  }
}
