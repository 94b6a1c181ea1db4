/**
 * Everything sim/explore uses from the layers below it, in one place (the lead is moving
 * files in sim/arch, sim/hw and sim/power: a move touches this file only). The simulator
 * itself is reached through sim/run (simulate, estimatePoint, prompts), the arch through its
 * loader and schema, the model through its loader.
 */
export { loadArch, parseArch } from '../arch/load-arch.ts';
export type { ArchSpec } from '../arch/schema.ts';
export { archJsonSchema } from '../arch/json-schema.ts';
export { parseYamlConfig } from '../arch/yaml-config.ts';
export { loadModel } from '../model/load-model.ts';
export type { TernaryModel } from '../model/ternary-model.ts';
export { simulate } from '../run/simulate.ts';
export type { RunResult } from '../run/run-result.ts';
export { resolvePrompts } from '../run/prompts.ts';
export { estimatePoint, type PointEstimate } from '../run/estimate.ts';

import { Checkpoint } from '../model/checkpoint.ts';

/** Whether a model directory holds a checkpoint (else its weights are synthetic). */
export function hasCheckpoint(dir: string): boolean {
  return Checkpoint.hasWeights(dir);
}
