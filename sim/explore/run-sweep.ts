import type { SweepMode } from './spec-schema.ts';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { applyParams } from './apply-params.ts';
import type { PointTask } from './evaluate-point.ts';
import { certainWorstCases, estimateIntervals, pointsToConfirm } from './confirm-set.ts';
import { isMetricName, METRICS } from './metrics.ts';
import { eligible, paretoFront, type ParetoFront } from './front.ts';
import { loadSweepSpec, type ResolvedSweep } from './load-spec.ts';
import { MMFSIM_VERSION } from './mmfsim-version.ts';
import { nsga2, type Fitness } from './nsga2.ts';
import { constraintViolation, failedConstraint, objectiveVector } from './objectives.ts';
import { canonicalJson, pointHash } from './point-hash.ts';
import { isFailed, type PointBounds, type PointRecord } from './point-record.ts';
import { pruneInWaves } from './pruned-waves.ts';
import { metricIntervals, optimisticVector, promisingOrder } from './pruning.ts';
import { ResultStore, writeFileAtomic, RESULTS_FILE } from './result-store.ts';
import { gridPoints, latinPoints, randomPoints } from './samplers.ts';
import { pointParams, type PointIndex } from './space.ts';
import { summaryCsv } from './summary-csv.ts';
import { claimOutDir, LOCK_FILE } from './sweep-lock.ts';
import { LocalEvaluator } from './local-evaluator.ts';
import type { EvaluatedPoint, PointEvaluator } from './point-evaluator.ts';
import { parseArch, loadModel, estimatePoint, type ArchSpec, type TernaryModel, type PointEstimate } from './lower-layers.ts';

export const PARETO_FILE = 'pareto.json';
export const SUMMARY_FILE = 'summary.csv';

/**
 * Simulations between two pruning decisions. Decisions use only the results of earlier
 * waves, so which points are pruned never depends on which worker finishes first: the
 * results are the same with any number of workers.
 */
export const DEFAULT_WAVE_SIZE = 8;

export interface SweepOptions {
  specFile: string;
  outDir: string;
  /** Worker threads (default: os.availableParallelism()). */
  workers?: number;
  /** Seconds a point may take before it is recorded as `timeout` (default: no limit). */
  pointTimeoutS?: number;
  /** Re-run points recorded as error or timeout. */
  retryFailed?: boolean;
  /** Bound-guided pruning (default true; NSGA-II never prunes: it needs every point's metrics). */
  prune?: boolean;
  /** Simulations per pruning wave (default DEFAULT_WAVE_SIZE). */
  waveSize?: number;
  /**
   * Evaluate points through a Redis queue (`redis://[user:pass@]host:port[/db]`, `rediss://`
   * for TLS) on `mmfsim worker` processes instead of local threads (`workers` is then
   * unused). Same runner, records, pruning and NSGA-II: only where points run changes.
   */
  queue?: string;
  /** Abort to stop cleanly: running points are abandoned, finished ones kept. */
  signal?: AbortSignal;
  onProgress?: (p: SweepProgress) => void;
  /** Lines about the run that are not progress (the queue mode's: where workers should connect). */
  onLog?: (line: string) => void;
}

export interface SweepProgress {
  /** Points of the sweep (NSGA-II: the most it may evaluate). */
  total: number;
  /** Points with a record (finished now or in an earlier run). */
  done: number;
  pruned: number;
  /** error + timeout. */
  failed: number;
  /** Points simulated by this run so far. */
  simulated: number;
  /** Points of a sampled sweep to simulate again in timing mode (known once the estimates are in; 0 before). */
  confirming: number;
}

export interface SweepSummary {
  spec_file: string;
  out_dir: string;
  mmfsim_version: string;
  sample: string;
  mode: SweepMode;
  /** Worker threads of a local sweep (0 with a queue: the workers are other processes). */
  workers: number;
  /** The queue mode's Redis (credentials redacted) and queue name; null for a local sweep. */
  queue: { redis: string; name: string } | null;
  prune: boolean;
  /** Points of the sweep (NSGA-II: the points it proposed). */
  points: number;
  counts: { ok: number; infeasible: number; pruned: number; error: number; timeout: number; unfinished: number };
  /** Points simulated by this run, and points whose record an earlier run left (reused). */
  simulated: number;
  reused: number;
  pruned_fraction: number;
  objectives: ParetoFront['objectives'];
  constraints: string[];
  reference_point: Record<string, number>;
  hypervolume: number;
  front: ParetoFront['points'];
  /**
   * A confirmed sampled sweep: the margin assumed of the estimates, how many points could be
   * on the front under it and were simulated in timing mode, how many more could have been
   * but an exact result of an earlier wave beat them for sure (`ruled_out`), and how many
   * confirmations exist (fewer when the sweep was stopped). The front is then of those exact results.
   * `largest_error`: over the confirmed points, the largest |estimate − exact| / |estimate| of
   * each objective and constrained metric the margin covers — a check of the margin on this
   * very sweep (above it, the front may miss a point: `margin_exceeded`). Null for every
   * other sweep.
   */
  confirmed: { margin: number; points: number; ruled_out: number; done: number; largest_error: Record<string, number>; margin_exceeded: boolean } | null;
  wall_s: number;
  /** True when the sweep was stopped (signal) before every point finished. */
  stopped: boolean;
  files: { results: string; pareto: string; summary_csv: string; lock: string };
}

/** One design point of this sweep, resolved. */
interface Candidate {
  index: PointIndex;
  params: Record<string, unknown>;
  hash: string;
  arch: ArchSpec | null;
  /** Why the point's arch does not validate (then `arch` is null). */
  archError: string | null;
  generation: number | null;
  /** How it is simulated: the sweep's mode, or timing for a confirmation. */
  mode: SweepMode;
  /** A confirmation: the hash of the sampled record it confirms. */
  confirms: string | null;
}

function describeSample(s: ResolvedSweep['spec']['sample']): string {
  if (s === 'grid') return 'grid';
  if ('random' in s) return `random ${s.random} (seed ${s.seed})`;
  if ('latin' in s) return `latin ${s.latin} (seed ${s.seed})`;
  return `nsga2 population ${s.nsga2.population} × ${s.nsga2.generations} generations (seed ${s.nsga2.seed})`;
}

/**
 * Run a sweep: resolve the spec, claim OUT (sweep.lock.json), skip the points OUT already
 * holds, simulate the others on a worker pool (pruning those whose optimistic bounds are
 * dominated), append each finished point to results.jsonl, and write pareto.json and
 * summary.csv. Bad input throws InputError before anything is simulated; a failing point
 * is recorded and the sweep goes on.
 */
export async function runSweep(options: SweepOptions): Promise<SweepSummary> {
  const t0 = performance.now();
  const sweep = loadSweepSpec(options.specFile);
  const outDir = resolve(options.outDir);
  const spec = sweep.spec;
  const isNsga2 = typeof spec.sample === 'object' && 'nsga2' in spec.sample;
  const prune = (options.prune ?? true) && !isNsga2;
  const workers = Math.max(1, Math.floor(options.workers ?? availableParallelism()));
  const waveSize = Math.max(1, Math.floor(options.waveSize ?? DEFAULT_WAVE_SIZE));

  // Connect before touching OUT: an unreachable Redis fails in seconds and leaves OUT as it was.
  const queued = options.queue !== undefined ? await (await import('./queue/queue-evaluator.ts')).QueueEvaluator.open({ url: options.queue, sweep, outDir, log: options.onLog }) : null;
  const evaluator: PointEvaluator = queued ?? new LocalEvaluator(workers);
  let oldLock: ReturnType<typeof claimOutDir>;
  let store: ResultStore;
  try {
    oldLock = claimOutDir(outDir, sweep);
    store = new ResultStore(outDir);
  } catch (e) {
    // OUT refused (another model, base arch or version): release the queue's connections, or the process would not exit.
    await evaluator.close(false);
    throw e;
  }
  // Pruned records were judged against the objectives and constraints of their run: under
  // others they prove nothing, so those points are evaluated again.
  const judgedAlike = oldLock !== null && canonicalJson([oldLock.spec.objectives, oldLock.spec.constraints]) === canonicalJson([spec.objectives, spec.constraints]);
  const finished = (hash: string): PointRecord | null => {
    const r = store.records.get(hash);
    if (!r) return null;
    // NSGA-II needs every point's metrics: a point another sweep pruned is simulated.
    if (r.status === 'pruned' && (!judgedAlike || isNsga2)) return null;
    if (isFailed(r) && options.retryFailed) return null;
    return r;
  };

  const identityRun = { prompts: sweep.prompts, tokens: spec.tokens, mode: spec.mode, seed: spec.seed };
  const candidateOf = (index: PointIndex, generation: number | null): Candidate => {
    const params = pointParams(sweep.space, index);
    const applied = applyParams(sweep.baseArch, params);
    let arch: ArchSpec | null = null;
    let archError: string | null = null;
    try {
      arch = parseArch(applied, 'point');
    } catch (e) {
      archError = e instanceof Error ? e.message : String(e);
    }
    const hash = pointHash({ arch: arch ?? applied, model: sweep.model, run: identityRun });
    return { index, params, hash, arch, archError, generation, mode: spec.mode, confirms: null };
  };
  /** The timing-mode twin of a sampled point: its own hash (a timing sweep of the same point has it too, and shares the record). */
  const confirmationOf = (c: Candidate): Candidate => ({
    ...c,
    hash: pointHash({ arch: c.arch!, model: sweep.model, run: { ...identityRun, mode: 'timing' } }),
    mode: 'timing',
    confirms: c.hash,
  });
  const taskOf = (c: Candidate): PointTask => ({ arch: c.arch!, modelDir: sweep.modelDir, modelHash: sweep.model.hash, seed: spec.seed, prompts: sweep.prompts, tokens: spec.tokens, mode: c.mode });

  const progress: SweepProgress = { total: 0, done: 0, pruned: 0, failed: 0, simulated: 0, confirming: 0 };
  const stopped = () => options.signal?.aborted ?? false;
  const report = () => options.onProgress?.({ ...progress });
  const counted = new Set<string>();
  let reused = 0;
  const count = (r: PointRecord) => {
    if (counted.has(r.hash)) return;
    counted.add(r.hash);
    progress.done++;
    if (r.status === 'pruned') progress.pruned++;
    if (isFailed(r)) progress.failed++;
  };
  const append = (r: PointRecord) => {
    store.append(r);
    count(r);
    report();
  };

  /** Simulate candidates, at most the evaluator's capacity at a time; each record is appended as it finishes. */
  const simulateAll = async (cands: Candidate[], bounds: Map<string, PointBounds>): Promise<void> => {
    let next = 0;
    const lane = async () => {
      while (next < cands.length && !stopped()) {
        const c = cands[next++]!;
        const record = await evaluate(c, bounds.get(c.hash) ?? null);
        if (record) {
          append(record);
          await evaluator.recorded(record.hash);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(evaluator.capacity, cands.length) }, lane));
  };

  const evaluate = async (c: Candidate, bounds: PointBounds | null): Promise<PointRecord | null> => {
    const base = { hash: c.hash, params: c.params, dominated_by: null, bounds, generation: c.generation };
    if (!c.arch) return { ...base, status: 'error', metrics: null, error: c.archError, duration_s: 0, engine_events: null };
    const out: EvaluatedPoint = await evaluator.evaluate({ hash: c.hash, task: taskOf(c), timeoutS: options.pointTimeoutS });
    if (out.status === 'aborted') return null;
    // Extra keys at the end of the line (readers that do not know them ignore them): the
    // estimate a confirmation confirms, and where a queue worker ran the point.
    const host = { ...(c.confirms !== null ? { confirms: c.confirms } : {}), ...(out.host !== undefined ? { host: out.host } : {}) };
    progress.simulated++;
    if (out.status === 'timeout') {
      return { ...base, status: 'timeout', metrics: null, error: `exceeded the point timeout of ${options.pointTimeoutS} s`, duration_s: out.duration_s, engine_events: null, ...host };
    }
    if (out.status === 'error') return { ...base, status: 'error', metrics: null, error: out.error, duration_s: out.duration_s, engine_events: null, ...host };
    const failed = failedConstraint(out.metrics!, sweep.constraints);
    return {
      ...base,
      status: failed ? 'infeasible' : 'ok',
      metrics: out.metrics,
      error: failed ? `constraint '${failed.text}' fails` : null,
      duration_s: out.duration_s,
      engine_events: out.engine_events,
      ...host,
    };
  };

  // A stop abandons the running points at once (local threads are terminated; queued points stay queued).
  const onAbort = () => evaluator.abortAll();
  options.signal?.addEventListener('abort', onAbort);
  const seen: Candidate[] = [];
  let complete = false;
  /** The exact records of a confirmed sweep's confirmations, by the sampled hash they confirm. */
  const confirmations = new Map<string, PointRecord>();
  let confirmationsChosen = false;
  /** Candidates an exact confirmation of an earlier wave made unnecessary. */
  let confirmationsRuledOut = 0;

  try {
    if (isNsga2) {
      const s = (spec.sample as { nsga2: { population: number; generations: number; seed: number; crossover_probability: number; mutation_probability?: number } }).nsga2;
      progress.total = s.population * (s.generations + 1);
      report();
      const fitnessOf = (r: PointRecord | undefined): Fitness => {
        if (!r?.metrics) return { objectives: null, violation: Infinity };
        return { objectives: objectiveVector(r.metrics, sweep.objectives), violation: constraintViolation(r.metrics, sweep.constraints) };
      };
      await nsga2(
        sweep.space,
        { population: s.population, generations: s.generations, seed: s.seed, crossoverProbability: s.crossover_probability, mutationProbability: s.mutation_probability },
        async (points, generation) => {
          const cands = points.map((p) => candidateOf(p, generation));
          seen.push(...cands);
          const todo: Candidate[] = [];
          for (const c of cands) {
            if (finished(c.hash)) {
              if (!counted.has(c.hash)) reused++;
              count(store.records.get(c.hash)!);
            } else if (!todo.some((t) => t.hash === c.hash)) todo.push(c);
          }
          report();
          await simulateAll(todo, new Map());
          return cands.map((c) => fitnessOf(store.records.get(c.hash)));
        },
        stopped,
      );
    } else {
      const sample = spec.sample;
      const indices =
        sample === 'grid'
          ? gridPoints(sweep.space)
          : 'random' in sample
            ? randomPoints(sweep.space, sample.random, sample.seed)
            : 'latin' in sample
              ? latinPoints(sweep.space, sample.latin, sample.seed)
              : [];
      const hashes = new Set<string>();
      for (const index of indices) {
        const c = candidateOf(index, null);
        // Two settings may resolve to the same arch (e.g. a value equal to its default): one point.
        if (hashes.has(c.hash)) continue;
        hashes.add(c.hash);
        seen.push(c);
      }
      progress.total = seen.length;
      const todo = seen.filter((c) => {
        if (!finished(c.hash)) return true;
        reused++;
        count(store.records.get(c.hash)!);
        return false;
      });
      report();
      if (prune && todo.length > 0) await prunedSweep(todo);
      else await simulateAll(todo, new Map());
    }
    if (spec.confirm && !stopped()) await confirmFront();
    complete = !stopped();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (stopped()) evaluator.abortAll();
    await evaluator.close(complete);
    store.close();
  }

  /**
   * Bound-guided pruning: estimate every point's optimistic metrics, order the points most
   * promising first, and before each wave of simulations skip (record as pruned) every point
   * that a constraint certainly excludes or whose optimistic objectives a simulated feasible
   * point dominates (pruning.ts proves why the front is unchanged).
   */
  async function prunedSweep(todo: Candidate[]): Promise<void> {
    let model: TernaryModel | null = loadModel(sweep.modelDir, { syntheticSeed: spec.seed });
    const programCache = new Map();
    const estimates = new Map<string, PointEstimate | null>();
    for (const c of todo) {
      let e: PointEstimate | null = null;
      // A point the estimate cannot build (e.g. cores not dividing channels) fails the same
      // way in the simulator, which records the error: it is simply not pruned.
      if (c.arch) {
        try {
          e = estimatePoint({ arch: c.arch, model, sequences: sweep.prompts.length, tokens: spec.tokens, programCache });
        } catch {
          e = null;
        }
      }
      estimates.set(c.hash, e);
    }
    // The weights are not needed any more; only the workers simulate.
    model = null;
    programCache.clear();
    const intervals = new Map(todo.map((c) => [c.hash, estimates.get(c.hash) ? metricIntervals(estimates.get(c.hash)!) : null]));
    const optimistic = todo.map((c) => {
      const iv = intervals.get(c.hash);
      return iv ? optimisticVector(iv, sweep.objectives) : sweep.objectives.map(() => -Infinity);
    });
    const boundsOf = new Map<string, PointBounds>();
    for (const c of todo) {
      const e = estimates.get(c.hash);
      if (e) boundsOf.set(c.hash, { tokens_per_s: finiteOrNull(e.tokens_per_s_upper), power_w: finiteOrNull(e.power_w_lower.total), feasible: e.feasible });
    }
    const currentHashes = new Set(seen.map((c) => c.hash));
    const items = promisingOrder(todo, optimistic).map((c) => ({ ...c, intervals: intervals.get(c.hash) ?? null }));
    await pruneInWaves(items, {
      objectives: sweep.objectives,
      constraints: sweep.constraints,
      waveSize,
      // The front so far: simulated points of this sweep that meet every constraint. A
      // confirmed sweep's estimates count at their worst under the margin, and only when
      // certain to meet the constraints, so a pruned point is one the exact front lacks too.
      front: () => {
        const done = [...store.records.values()].filter((r) => currentHashes.has(r.hash));
        if (spec.confirm) return certainWorstCases(done, sweep.objectives, sweep.constraints, spec.confirm_margin);
        return eligible(done, sweep.objectives, sweep.constraints).map((p) => ({ hash: p.record.hash, vector: p.vector }));
      },
      onPruned: (c, d) =>
        append({
          hash: c.hash,
          params: c.params,
          status: 'pruned',
          metrics: null,
          error: d.kind === 'constraint' ? `constraint '${d.constraint.text}' cannot hold (bounds before simulation)` : null,
          dominated_by: d.kind === 'dominated' ? d.by : null,
          bounds: boundsOf.get(c.hash) ?? null,
          duration_s: 0,
          engine_events: null,
          generation: null,
        }),
      simulate: (wave) => simulateAll(wave, boundsOf),
      stopped,
    });
  }

  /**
   * A sampled sweep's second phase: every point that could be on the front, given the
   * margin assumed of the estimates (confirm-set.ts says which and why that suffices), is
   * simulated in timing mode. Deterministic — the candidates come from the estimates, each
   * wave's decisions from the confirmations of earlier waves only — so a resumed sweep
   * chooses the same points and reuses the confirmations already recorded.
   */
  async function confirmFront(): Promise<void> {
    const byHash = new Map(seen.map((c) => [c.hash, c]));
    const estimates = [...byHash.keys()].map((h) => store.records.get(h)).filter((r): r is PointRecord => r !== undefined);
    const chosen = pointsToConfirm(estimates, sweep.objectives, sweep.constraints, spec.confirm_margin);
    const cands = chosen.map((r) => ({ ...confirmationOf(byHash.get(r.hash)!), intervals: estimateIntervals(r.metrics!, spec.confirm_margin) }));
    progress.confirming = cands.length;
    confirmationsChosen = true;
    progress.total += cands.length;
    report();
    // Confirmations of the waves reached so far (not every one recorded: a resumed sweep
    // holds later ones too, and must decide as the first run did).
    const reached: string[] = [];
    // In waves, most promising first: a candidate whose best case an exact, feasible
    // confirmation of an earlier wave dominates needs no confirmation of its own (its exact
    // vector is dominated too). Decisions read earlier waves only: any worker count, same set.
    await pruneInWaves(
      promisingOrder(cands, cands.map((c) => optimisticVector(c.intervals, sweep.objectives))),
      {
        objectives: sweep.objectives,
        constraints: sweep.constraints,
        waveSize,
        front: () =>
          eligible(
            reached.map((h) => store.records.get(h)).filter((r): r is PointRecord => r !== undefined),
            sweep.objectives,
            sweep.constraints,
          ).map((p) => ({ hash: p.record.hash, vector: p.vector })),
        onPruned: () => {
          progress.confirming--;
          confirmationsRuledOut++;
          progress.total--;
          report();
        },
        simulate: async (wave) => {
          const todo: Candidate[] = [];
          for (const c of wave) {
            reached.push(c.hash);
            const r = store.records.get(c.hash);
            if (r && !(isFailed(r) && options.retryFailed)) {
              count(r);
              reused++;
            } else todo.push(c);
          }
          report();
          await simulateAll(todo, new Map());
        },
        stopped,
      },
    );
    for (const c of cands) {
      const r = store.records.get(c.hash);
      // A timing sweep's record of the same point serves too: label it with the estimate it confirms.
      if (r) confirmations.set(c.confirms!, r.confirms === c.confirms ? r : { ...r, confirms: c.confirms! });
    }
  }

  // ------------------------------------------------------------ outputs
  const records = seen.map((c) => store.records.get(c.hash)).filter((r): r is PointRecord => r !== undefined);
  const unique = [...new Map(records.map((r) => [r.hash, r])).values()];
  const exact = [...confirmations.values()];
  // Confirmed: the front of the exact results (which hold every point of the exact front);
  // else the front of the records as they are.
  const front = paretoFront(spec.confirm ? exact : unique, sweep.objectives, sweep.constraints, spec.reference_point);
  const files = { results: join(outDir, RESULTS_FILE), pareto: join(outDir, PARETO_FILE), summary_csv: join(outDir, SUMMARY_FILE), lock: join(outDir, LOCK_FILE) };
  const confirmed = spec.confirm ? confirmationCheck(spec.confirm_margin, progress.confirming, confirmationsRuledOut, exact, store.records, [...sweep.objectives.map((o) => o.metric), ...sweep.constraints.map((c) => c.metric)]) : null;
  // A confirmed front says how it was obtained and how far its estimates were (the report shows it).
  writeFileAtomic(files.pareto, JSON.stringify(confirmed ? { ...front, confirmed } : front, null, 2) + '\n');
  const paramPaths = sweep.space.dimensions.flatMap((d) => d.paths);
  writeFileAtomic(files.summary_csv, summaryCsv([...unique, ...exact], paramPaths));
  const counts = { ok: 0, infeasible: 0, pruned: 0, error: 0, timeout: 0, unfinished: 0 };
  for (const r of unique) counts[r.status]++;
  const uniqueSeen = new Set(seen.map((c) => c.hash)).size;
  counts.unfinished = uniqueSeen - unique.length;
  return {
    spec_file: options.specFile,
    out_dir: outDir,
    mmfsim_version: MMFSIM_VERSION,
    sample: describeSample(spec.sample),
    mode: spec.mode,
    workers: queued ? 0 : workers,
    queue: queued ? { redis: queued.redis, name: queued.name } : null,
    prune,
    points: uniqueSeen,
    counts,
    simulated: progress.simulated,
    reused,
    pruned_fraction: uniqueSeen > 0 ? counts.pruned / uniqueSeen : 0,
    objectives: front.objectives,
    constraints: front.constraints,
    reference_point: front.reference_point,
    hypervolume: front.hypervolume,
    front: front.points,
    confirmed,
    wall_s: (performance.now() - t0) / 1000,
    stopped: stopped() && (counts.unfinished > 0 || (spec.confirm && (!confirmationsChosen || exact.length < progress.confirming))),
    files,
  };
}

/**
 * The summary's `confirmed`: what was confirmed, and how far the estimates of the confirmed
 * points were from their exact results on the metrics the margin covers (the estimated ones).
 */
function confirmationCheck(margin: number, points: number, ruledOut: number, exact: readonly PointRecord[], records: ReadonlyMap<string, PointRecord>, metrics: readonly string[]): NonNullable<SweepSummary['confirmed']> {
  const largest: Record<string, number> = {};
  for (const m of new Set(metrics)) {
    if (!isMetricName(m) || METRICS[m].sampled !== 'estimate') continue;
    let worst = 0;
    for (const x of exact) {
      const e = records.get(x.confirms!)?.metrics?.[m];
      const v = x.metrics?.[m];
      if (typeof e !== 'number' || typeof v !== 'number' || e === v) continue;
      worst = Math.max(worst, e === 0 ? Infinity : Math.abs(e - v) / Math.abs(e));
    }
    largest[m] = worst;
  }
  return { margin, points, ruled_out: ruledOut, done: exact.length, largest_error: largest, margin_exceeded: Object.values(largest).some((x) => x > margin) };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
