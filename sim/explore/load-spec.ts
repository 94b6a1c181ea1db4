import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../input-error.ts';
import { hasCheckpoint, loadArch, parseYamlConfig, resolvePrompts, type ArchSpec } from './lower-layers.ts';
import { modelIdentity } from './model-identity.ts';
import { parseConstraint, parseObjective, type Constraint, type Objective } from './objectives.ts';
import { canonicalJson, sha256Hex } from './point-hash.ts';
import { buildSpace, type Space } from './space.ts';
import { sweepSpecSchema, SweepSpecSchema, type SweepMode, type SweepSpec } from './spec-schema.ts';

/** A sweep spec with everything it names resolved: ready to run. */
export interface ResolvedSweep {
  specFile: string;
  /** The validated spec, defaults filled and `mode` resolved. */
  spec: SweepSpec & { mode: SweepMode; confirm: boolean };
  /** The base arch, validated and defaulted (sweep.lock.json `base_arch`). */
  baseArch: ArchSpec;
  baseArchFile: string;
  baseHash: string;
  modelDir: string;
  model: { name: string; hash: string };
  /** Prompt ids, one list per sequence. */
  prompts: number[][];
  space: Space;
  objectives: Objective[];
  constraints: Constraint[];
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { file });
  }
}

/**
 * Read and validate a sweep spec: YAML and schema errors as `file:line:col: key: reason`,
 * then the base arch (its own errors name its file), the model and the prompt. Paths in the
 * spec are relative to the spec file.
 */
export function loadSweepSpec(specFile: string): ResolvedSweep {
  return parseSweepSpec(readText(specFile), specFile);
}

export function parseSweepSpec(text: string, specFile: string): ResolvedSweep {
  // Pass 1 validates everything that does not depend on the model; pass 2 adds the rules
  // that depend on the mode the model implies (synthetic weights: timing).
  const first = parseYamlConfig(text, specFile, SweepSpecSchema);
  const dir = dirname(resolve(specFile));
  const modelDir = resolve(dir, first.model);
  if (!existsSync(resolve(modelDir, 'config.json'))) {
    throw new InputError(`model directory ${modelDir} has no config.json`, { file: specFile, key: 'model' });
  }
  const defaultMode: SweepMode = hasCheckpoint(modelDir) ? 'full' : 'timing';
  const parsed = parseYamlConfig(text, specFile, sweepSpecSchema(defaultMode));
  const mode = parsed.mode ?? defaultMode;
  // A sampled sweep confirms its front unless told not to (its estimates then stand alone).
  const spec = { ...parsed, mode, confirm: parsed.confirm ?? mode === 'sampled' };
  const baseArchFile = resolve(dir, spec.base);
  const baseArch = loadArch(baseArchFile);
  const { prompts } = resolvePrompts({
    model: modelDir,
    prompt: spec.prompt === undefined ? undefined : [spec.prompt],
    promptIds: spec.prompt_ids === undefined ? undefined : [spec.prompt_ids],
    sequences: spec.sequences,
    tokens: spec.tokens,
    seed: spec.seed,
    defaultPrompt: true,
  });
  return {
    specFile,
    spec,
    baseArch,
    baseArchFile,
    baseHash: sha256Hex(canonicalJson(baseArch)),
    modelDir,
    model: modelIdentity(modelDir),
    prompts,
    space: buildSpace(spec),
    objectives: spec.objectives.map((o) => parseObjective(o)!),
    constraints: spec.constraints.map((c) => parseConstraint(c)!),
  };
}
