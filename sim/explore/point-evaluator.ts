import type { PointTask } from './evaluate-point.ts';
import type { PoolOutcome } from './worker-pool.ts';

/** One point the sweep runner wants evaluated: its hash (its identity) and what to simulate. */
export interface PointRequest {
  hash: string;
  task: PointTask;
  /** Seconds the point may take before it is recorded as `timeout` (undefined: no limit). */
  timeoutS?: number;
}

/** An evaluation's outcome, and the machine that computed it when that is not this one. */
export type EvaluatedPoint = PoolOutcome & { host?: string };

/**
 * Where the sweep runner's points are simulated. The runner decides everything — which
 * points, in which waves, what is pruned, what NSGA-II proposes next — and hands points to
 * an evaluator, which only computes them: the local piscina pool (local-evaluator.ts) or
 * workers on other machines through a Redis queue (queue/queue-evaluator.ts). Both end in
 * `evaluatePoint` in a worker thread, so a point's result does not depend on where it ran.
 */
export interface PointEvaluator {
  /** Points the runner may have in flight at once (Infinity: hand over a whole wave). */
  readonly capacity: number;
  /** Evaluate one point; resolves `aborted` when abortAll() was called first. Never rejects. */
  evaluate(point: PointRequest): Promise<EvaluatedPoint>;
  /** The point's record is on disk: the evaluator may forget it (a queue drops its job). */
  recorded(hash: string): Promise<void>;
  /** Abandon every point in flight (they resolve as `aborted`). */
  abortAll(): void;
  /** Release threads and connections; `complete`: every point of the sweep has its record. */
  close(complete: boolean): Promise<void>;
  /** Where points go, for the summary (e.g. `2 worker threads`, or the queue). */
  readonly description: string;
}
