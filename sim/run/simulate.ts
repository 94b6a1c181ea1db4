import { fileURLToPath } from 'node:url';
import { loadArch, parseArch } from '../arch/load-arch.ts';
import type { ArchSpec } from '../arch/schema.ts';
import { loadModel } from '../model/load-model.ts';
import type { TernaryModel } from '../model/ternary-model.ts';
import { resolvePrompts } from './prompts.ts';
import { runModel } from './run-model.ts';
import { runModelSampled } from './sampled-run.ts';
import { runPowerReport, runResult, type RunResult } from './run-result.ts';

/** The model shipped with mmfsim (trained with the paper's code), wherever mmfsim is run from. */
export const BUNDLED_MODEL_DIR = fileURLToPath(new URL('../../models/pycode-tiny', import.meta.url));

export interface SimulateOptions {
  /** The architecture: a validated spec (see `loadArch`), or the path of its YAML. */
  arch: ArchSpec | string;
  /** A loaded model (see `loadModel`; reuse it across calls), or a model directory. Default: the bundled pycode-tiny. */
  model?: TernaryModel | string;
  /** Prompt text, one per sequence (needs a tokenizer). Give this or `promptIds`, or neither for the default prompt. */
  prompt?: string | readonly string[];
  /** Prompt ids: one list for one sequence, or one list per sequence. */
  promptIds?: readonly number[] | readonly (readonly number[])[];
  /** Decode N sequences together: the one prompt replicated N times (≤ core.batch). */
  sequences?: number;
  /** Tokens generated greedily after the prompt, per sequence (default 16). */
  tokens?: number;
  /** Skip the datapath values (no ids, no fidelity): timing only. */
  timingOnly?: boolean;
  /**
   * An estimate instead of a whole simulation: the model cut to 1 and 2 layers simulated,
   * every counter carried linearly to all layers (sim/run/sampled-run.ts). Timing only; the
   * result's `sampled` block says how it was made and the error measured on the shipped configs.
   */
  sampled?: boolean;
  /** Serve provable memory round trips without events (default true; identical results). */
  fastForward?: boolean;
  /** Seed of synthetic weights, when `model` is a directory without a checkpoint. */
  seed?: number;
  /** After each pass: passes done of all, and tokens processed so far (all sequences). */
  onPass?: (done: number, total: number, tokens: number) => void;
}

/**
 * Runs a model on a simulated accelerator and returns the object `mmfsim run --json`
 * prints: the simulated hardware's tokens, cycles, DRAM traffic, bounds, FPGA resources
 * and power. Bad input throws an `InputError` naming the file or key; it is synchronous
 * and deterministic (the same options give the same result, `wall_s` aside).
 */
export function simulate(options: SimulateOptions): RunResult {
  const archFile = typeof options.arch === 'string' ? options.arch : null;
  const arch = typeof options.arch === 'string' ? loadArch(options.arch) : parseArch(options.arch);
  const modelDir = typeof options.model === 'object' ? options.model.dir : (options.model ?? BUNDLED_MODEL_DIR);
  const seed = options.seed ?? 0;
  const ids = options.promptIds;
  const idLists = ids === undefined ? undefined : ids.length > 0 && typeof ids[0] === 'number' ? [ids as readonly number[]] : (ids as readonly (readonly number[])[]);
  const { tokenizer, prompts } = resolvePrompts({
    model: modelDir,
    prompt: typeof options.prompt === 'string' ? [options.prompt] : options.prompt,
    promptIds: idLists,
    sequences: options.sequences,
    maxSequences: arch.core.batch,
    maxSequencesKey: 'core.batch',
    tokens: options.tokens ?? 16,
    seed,
    defaultPrompt: true,
  });
  // Weights load after the cheap checks above, so bad input fails before a large model loads.
  const model = typeof options.model === 'object' ? options.model : loadModel(modelDir, { syntheticSeed: seed });
  const t0 = performance.now();
  const result = (options.sampled ? runModelSampled : runModel)({
    arch,
    archFile: archFile ?? undefined,
    model,
    prompts,
    tokens: options.tokens ?? 16,
    timingOnly: options.timingOnly ?? false,
    fastForward: options.fastForward ?? true,
    onPass: options.onPass,
  });
  const wallS = (performance.now() - t0) / 1000;
  const power = runPowerReport(arch, result);
  const decode = tokenizer.kind === 'none' ? null : (l: number[]) => tokenizer.decode(l);
  return runResult(arch, archFile, model.name, model.syntheticWeights, result, power, wallS, decode);
}
