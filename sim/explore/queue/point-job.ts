import type { SweepMode } from '../spec-schema.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PointTask } from '../evaluate-point.ts';
import type { ArchSpec } from '../lower-layers.ts';
import { MMFSIM_VERSION } from '../mmfsim-version.ts';
import { modelIdentity } from '../model-identity.ts';
import type { EvaluatedPoint, PointRequest } from '../point-evaluator.ts';
import { pointHash } from '../point-hash.ts';

/** BullMQ job name of a design point (one kind of job per sweep queue). */
export const POINT_JOB = 'point';

/**
 * A design point as a queue job (docs/distributed.md): everything a worker on another
 * machine needs, by content — the resolved arch (so the base arch file never travels), the
 * run, and the model's identity (name and content hash; the weights are too large for a
 * job, so each worker has its own copy and must prove it is the same). The job id is `hash`.
 */
export interface PointJobData {
  format: 1;
  /** The point's hash (= the job id): sha256 of arch, model identity and run. */
  hash: string;
  /** A worker of another version refuses the point (results are never mixed across versions). */
  mmfsim_version: string;
  arch: ArchSpec;
  model: {
    /** The model directory's name (workers look for a directory of this name). */
    name: string;
    /** model-identity.ts: config.json and the checkpoint files' names and sizes. */
    hash: string;
    /** The directory on the coordinator (tried by workers that share its file system). */
    dir: string;
  };
  run: { prompts: number[][]; tokens: number; mode: SweepMode; seed: number };
  timeout_s: number | null;
}

/** What a worker returns for a job: the pool's outcome and the host that computed it. */
export type PointJobResult = Exclude<EvaluatedPoint, { status: 'aborted' }> & { host: string };

export function pointJobData(point: PointRequest, model: { name: string; hash: string }): PointJobData {
  const t = point.task;
  return {
    format: 1,
    hash: point.hash,
    mmfsim_version: MMFSIM_VERSION,
    arch: t.arch,
    model: { name: model.name, hash: model.hash, dir: resolve(t.modelDir) },
    run: { prompts: t.prompts, tokens: t.tokens, mode: t.mode, seed: t.seed },
    timeout_s: point.timeoutS ?? null,
  };
}

/** The models bundled with this mmfsim (the repository's models/), a worker's last place to look. */
export const BUNDLED_MODELS = fileURLToPath(new URL('../../../models/', import.meta.url));

/**
 * Where a worker finds the job's model: `<dir>/<name>` for each --models DIR, then the
 * coordinator's own path (a shared file system), then the bundled models/<name>.
 */
export function findModelDir(data: PointJobData, modelDirs: readonly string[]): string | null {
  const candidates = [...modelDirs.map((d) => join(d, data.model.name)), data.model.dir, join(BUNDLED_MODELS, data.model.name)];
  return candidates.find((d) => existsSync(join(d, 'config.json'))) ?? null;
}

/**
 * Check a job against this worker's inputs and turn it into the task the pool runs, or
 * say why the point is refused: another mmfsim version, no such model here, a model whose
 * content differs from the coordinator's, or a payload whose content does not hash to its id.
 */
export function taskOfJob(data: PointJobData, jobId: string, modelDirs: readonly string[]): { task: PointTask } | { refusal: string } {
  if (data?.format !== 1) return { refusal: `job ${jobId} is not a point of this job format (format ${String(data?.format)}, expected 1)` };
  if (data.mmfsim_version !== MMFSIM_VERSION) return { refusal: `the sweep runs mmfsim ${data.mmfsim_version}, this worker ${MMFSIM_VERSION}` };
  const dir = findModelDir(data, modelDirs);
  if (!dir) return { refusal: `no model directory ${data.model.name} here (looked in ${[...modelDirs, BUNDLED_MODELS].join(', ')} and the coordinator's ${data.model.dir}); give one with --models DIR` };
  let local: { name: string; hash: string };
  try {
    local = modelIdentity(dir);
  } catch (e) {
    return { refusal: `cannot read the model at ${dir}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (local.hash !== data.model.hash) {
    return { refusal: `the model at ${dir} has content hash ${local.hash.slice(0, 12)}, the sweep's ${data.model.name} has ${data.model.hash.slice(0, 12)} (different config.json or checkpoint files)` };
  }
  const hash = pointHash({ arch: data.arch, model: local, run: data.run });
  if (hash !== jobId || data.hash !== jobId) return { refusal: `the point's inputs hash to ${hash.slice(0, 12)} here, not to its id ${jobId.slice(0, 12)}` };
  const { prompts, tokens, mode, seed } = data.run;
  return { task: { arch: data.arch, modelDir: dir, modelHash: local.hash, seed, prompts, tokens, mode } };
}
