import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { InputError } from '../input-error.ts';
import { applyParams } from './apply-params-local.ts';

/**
 * A sweep's output directory as the report reads it (the sweep contract: results.jsonl,
 * pareto.json, sweep.lock.json). Only results.jsonl is required — a sweep still running has
 * no pareto.json yet, and the report then says so and computes the front itself. Every
 * problem is an InputError naming the file, the line and the key.
 */
const ParamValue = z.union([z.number(), z.string(), z.boolean(), z.null()]);
const MetricValue = z.union([z.number(), z.boolean(), z.null()]);
const Status = z.enum(['ok', 'infeasible', 'pruned', 'error', 'timeout']);

const ResultLine = z.object({
  hash: z.string().min(1),
  params: z.record(z.string(), ParamValue),
  status: Status,
  metrics: z.record(z.string(), MetricValue).nullish(),
  error: z.string().nullish(),
  dominated_by: z.string().nullish(),
  bounds: z.object({ tokens_per_s: z.number().nullish(), power_w: z.number().nullish(), feasible: z.boolean().nullish() }).passthrough().nullish(),
  duration_s: z.number().nullish(),
  engine_events: z.number().nullish(),
  generation: z.number().nullish(),
  confirms: z.string().nullish(),
});

const Objective = z.object({ metric: z.string(), direction: z.enum(['min', 'max']) });
const ParetoFile = z.object({
  objectives: z.array(Objective).min(1),
  constraints: z.array(z.string()).default([]),
  reference_point: z.record(z.string(), z.number()).nullish(),
  hypervolume: z.number().nullish(),
  points: z.array(z.object({ hash: z.string(), params: z.record(z.string(), ParamValue), metrics: z.record(z.string(), MetricValue).nullish() })),
  confirmed: z.object({ margin: z.number(), points: z.number(), ruled_out: z.number().nullish(), done: z.number(), largest_error: z.record(z.string(), z.number().nullable()), margin_exceeded: z.boolean() }).nullish(),
});

const LockFile = z
  .object({
    mmfsim_version: z.string().nullish(),
    spec_file: z.string().nullish(),
    spec: z.unknown().optional(),
    base_arch: z.record(z.string(), z.unknown()).nullish(),
    base_hash: z.string().nullish(),
    model: z.string().nullish(),
    model_hash: z.string().nullish(),
  })
  .passthrough();

export type PointStatus = z.infer<typeof Status>;
export type ParamValue = z.infer<typeof ParamValue>;
export type Objective = z.infer<typeof Objective>;

export interface SweepPoint {
  /** Position in results.jsonl (0-based): the point's identity in the page. */
  index: number;
  hash: string;
  params: Record<string, ParamValue>;
  status: PointStatus;
  metrics: Record<string, number | boolean | null>;
  error: string | null;
  dominated_by: string | null;
  bounds: { tokens_per_s?: number | null; power_w?: number | null; feasible?: boolean | null } | null;
  duration_s: number | null;
  engine_events: number | null;
  generation: number | null;
  /** A confirmation in timing mode of a sampled sweep's estimate: that estimate's hash. */
  confirms: string | null;
}

export interface SweepInput {
  dir: string;
  points: SweepPoint[];
  pareto: z.infer<typeof ParetoFile> | null;
  lock: z.infer<typeof LockFile> | null;
  /** The swept parameters, in first-seen order. */
  params: string[];
  /** Things the reader worked around (missing files, points pareto.json names but results lack). */
  notes: string[];
}

export function readSweepDir(dir: string): SweepInput {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new InputError('not a directory (a sweep output directory holds results.jsonl)', { file: dir });
  const resultsFile = join(dir, 'results.jsonl');
  if (!existsSync(resultsFile)) throw new InputError('no results.jsonl: not a sweep output directory', { file: dir });
  const notes: string[] = [];
  const points: SweepPoint[] = [];
  readFileSync(resultsFile, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      const line = ResultLine.safeParse(parseJson(text, resultsFile, i + 1));
      if (!line.success) throw zodError(line.error, resultsFile, i + 1);
      const d = line.data;
      points.push({
        index: points.length,
        hash: d.hash,
        params: d.params,
        status: d.status,
        metrics: d.metrics ?? {},
        error: d.error ?? null,
        dominated_by: d.dominated_by ?? null,
        bounds: d.bounds ?? null,
        duration_s: d.duration_s ?? null,
        engine_events: d.engine_events ?? null,
        generation: d.generation ?? null,
        confirms: d.confirms ?? null,
      });
    });
  if (points.length === 0) throw new InputError('holds no points yet', { file: resultsFile });

  const pareto = readOptional(join(dir, 'pareto.json'), ParetoFile, notes);
  const lock = readOptional(join(dir, 'sweep.lock.json'), LockFile, notes);
  if (pareto) {
    const known = new Set(points.map((p) => p.hash));
    const missing = pareto.points.filter((p) => !known.has(p.hash));
    if (missing.length > 0) notes.push(`pareto.json names ${missing.length} point(s) results.jsonl does not hold (${missing.map((p) => p.hash.slice(0, 8)).join(', ')})`);
  }
  const params: string[] = [];
  for (const p of points) for (const k of Object.keys(p.params)) if (!params.includes(k)) params.push(k);
  return { dir, points, pareto, lock, params, notes };
}

/** A point's full arch: the locked base arch with its params applied (null without a lock's base_arch). */
export function pointArch(input: SweepInput, point: Pick<SweepPoint, 'params'>): Record<string, unknown> | null {
  const base = input.lock?.base_arch;
  return base ? applyParams(base, point.params) : null;
}

function readOptional<T extends z.ZodTypeAny>(file: string, schema: T, notes: string[]): z.infer<T> | null {
  if (!existsSync(file)) {
    notes.push(`no ${file.split(/[\\/]/).pop()} in the sweep directory`);
    return null;
  }
  const r = schema.safeParse(parseJson(readFileSync(file, 'utf8'), file));
  if (!r.success) throw zodError(r.error, file);
  return r.data;
}

function parseJson(text: string, file: string, line?: number): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, { file, line });
  }
}

function zodError(error: z.ZodError, file: string, line?: number): InputError {
  const issue = error.issues[0]!;
  return new InputError(issue.message, { file, line, key: issue.path.map(String).join('.') || '(top level)' });
}
