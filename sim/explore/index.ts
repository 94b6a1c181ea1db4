/**
 * The design-space explorer as a library: `mmfsim sweep` is a thin shell over `runSweep`,
 * and each piece (spec, samplers, Pareto front, hypervolume, NSGA-II, pruning) is usable alone.
 *
 *   import { runSweep } from 'mmfsim';
 *   const s = await runSweep({ specFile: 'arch-configs/sweeps/d5005-lanes-channels-clock.yaml', outDir: 'out/d5005', workers: 2 });
 *   console.log(s.counts, s.hypervolume, s.front.length);
 */
export { runSweep, DEFAULT_WAVE_SIZE, PARETO_FILE, SUMMARY_FILE, type SweepOptions, type SweepProgress, type SweepSummary } from './run-sweep.ts';
export { loadSweepSpec, parseSweepSpec, type ResolvedSweep } from './load-spec.ts';
export { SweepSpecSchema, sweepSpecSchema, type SweepSpec, type SweepMode, type SampleSpec } from './spec-schema.ts';
export { sweepJsonSchema, sweepSpecMarkdown } from './spec-docs.ts';
export { applyParams } from './apply-params.ts';
export { axisValues, type AxisSpec } from './axis.ts';
export { buildSpace, pointParams, type Space, type Dimension, type PointIndex } from './space.ts';
export { gridPoints, randomPoints, latinPoints } from './samplers.ts';
export { nsga2, type Nsga2Options, type Fitness, type Nsga2Result } from './nsga2.ts';
export { dominates, nonDominatedIndices, nonDominatedSort } from './pareto.ts';
export { hypervolume } from './hypervolume.ts';
export { paretoFront, defaultReferencePoint, type ParetoFront } from './front.ts';
export { parseObjective, parseConstraint, failedConstraint, objectiveVector, type Objective, type Constraint } from './objectives.ts';
export { METRICS, METRIC_NAMES, flattenMetrics, type Metrics, type MetricName } from './metrics.ts';
export { metricIntervals, optimisticVector, findDominator, certainlyFailedConstraint, type Interval } from './pruning.ts';
export { pruneInWaves, type PruneDecision } from './pruned-waves.ts';
export { pointHash, canonicalJson, type PointIdentity } from './point-hash.ts';
export { ResultStore, readResults, RESULTS_FILE } from './result-store.ts';
export { readLock, LOCK_FILE, type SweepLock } from './sweep-lock.ts';
export { evaluatePoint, type PointTask, type PointOutcome } from './evaluate-point.ts';
export type { PointRecord, PointStatus, PointBounds } from './point-record.ts';
export { sweepSummaryText } from './sweep-text.ts';
export { LocalEvaluator } from './local-evaluator.ts';
export type { PointEvaluator, PointRequest, EvaluatedPoint } from './point-evaluator.ts';
export type { PointJobData, PointJobResult } from './queue/point-job.ts';
import type { QueueWorkerOptions } from './queue/queue-worker.ts';
export type { QueueWorkerOptions };
/**
 * `mmfsim worker` as a library call: evaluate points of distributed sweeps (runSweep's
 * `queue` option) until `signal` aborts. bullmq is loaded only when this is called.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  return (await import('./queue/queue-worker.ts')).runQueueWorker(options);
}
