import type { SweepMode } from './spec-schema.ts';
import { resolve } from 'node:path';
import { isInputError } from '../input-error.ts';
import { flattenMetrics, type Metrics } from './metrics.ts';
import { loadModel, simulate, type ArchSpec, type TernaryModel } from './lower-layers.ts';

/** One design point to simulate: plain data, so it crosses to a worker thread. */
export interface PointTask {
  arch: ArchSpec;
  modelDir: string;
  /** The model's content hash (model-identity.ts), part of the cache key: changed files are loaded again. */
  modelHash?: string;
  seed: number;
  prompts: number[][];
  tokens: number;
  mode: SweepMode;
}

/** What simulating a point gave: its metrics, or the error that stopped it. */
export interface PointOutcome {
  status: 'ok' | 'error';
  metrics: Metrics | null;
  error: string | null;
  engine_events: number | null;
  /** Wall time of the simulation (model loading excluded). */
  duration_s: number;
}

/**
 * The model this thread loaded last, kept for the next point: a sweep's points share one
 * model, and loading 1.3B synthetic weights takes seconds. One entry only, so a thread
 * never holds two large models.
 */
let cached: { key: string; model: TernaryModel } | null = null;

function modelFor(dir: string, seed: number, hash = ''): TernaryModel {
  const key = `${resolve(dir)}#${hash}#${seed}`;
  if (cached?.key !== key) {
    cached = null;
    cached = { key, model: loadModel(dir, { syntheticSeed: seed }) };
  }
  return cached.model;
}

/** Simulate one point (in a worker thread, or in-process). Never throws for a bad point. */
export function evaluatePoint(task: PointTask): PointOutcome {
  let model: TernaryModel;
  try {
    model = modelFor(task.modelDir, task.seed, task.modelHash);
  } catch (e) {
    return { status: 'error', metrics: null, error: `loading the model: ${message(e)}`, engine_events: null, duration_s: 0 };
  }
  const t0 = performance.now();
  try {
    const r = simulate({ arch: task.arch, model, promptIds: task.prompts, tokens: task.tokens, timingOnly: task.mode !== 'full', sampled: task.mode === 'sampled', seed: task.seed });
    return { status: 'ok', metrics: flattenMetrics(r), error: null, engine_events: r.engine_events, duration_s: (performance.now() - t0) / 1000 };
  } catch (e) {
    return { status: 'error', metrics: null, error: message(e), engine_events: null, duration_s: (performance.now() - t0) / 1000 };
  }
}

function message(e: unknown): string {
  if (isInputError(e)) return e.message;
  return e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
}

/** piscina calls the module's default export with each task. */
export default evaluatePoint;
