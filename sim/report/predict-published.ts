import { simulate } from '../run/simulate.ts';
import { simulateProgram } from '../run/simulate-program.ts';
import type { PublishedPrediction, PublishedPredictionsFile } from './published-predictions.ts';

/**
 * How each published design is predicted: its config in arch-configs/published/, run on the
 * card the paper ran (timing only, synthetic weights of the card's shape), or for the paper
 * core the one-block program it timed. Paths are relative to the repository root.
 */
export type PredictionSpec =
  | { id: string; kind: 'run'; arch: string; model: string }
  | { id: string; kind: 'exec'; arch: string; program: string };

export const PREDICTION_SPECS: readonly PredictionSpec[] = [
  { id: 'paper-d5005-core', kind: 'exec', arch: 'arch-configs/published/d5005-paper.yaml', program: 'arch-configs/paper-block.tmi' },
  { id: 'tereffic-hbm-2.7b', kind: 'run', arch: 'arch-configs/published/tereffic-hbm.yaml', model: 'models/mmfreelm-2.7b' },
  { id: 'tereffic-on-chip-370m', kind: 'run', arch: 'arch-configs/published/tereffic-onchip-2x.yaml', model: 'models/mmfreelm-370m' },
];

export const GENERATOR_COMMAND = 'npx tsx bench/published-predictions.ts';

export function predictionCommand(s: PredictionSpec): string {
  return s.kind === 'run'
    ? `node bin/mmfsim.mjs run --arch ${s.arch} --model ${s.model} --tokens 1 --timing-only`
    : `node bin/mmfsim.mjs exec --arch ${s.arch} --program ${s.program}`;
}

const sig = (x: number) => Number(x.toPrecision(6));

/** Runs one spec from the repository root `root` and returns its prediction. */
export function predictPublished(s: PredictionSpec, root: string): PublishedPrediction {
  const path = (p: string) => `${root}/${p}`;
  if (s.kind === 'run') {
    const r = simulate({ arch: path(s.arch), model: path(s.model), tokens: 1, timingOnly: true });
    const watts = r.power_w.total;
    return {
      id: s.id,
      arch: s.arch,
      model: s.model,
      command: predictionCommand(s),
      metrics: { tokens_per_s: sig(r.tokens_per_s), 'power_w.total': sig(watts), tokens_per_joule: sig(r.tokens_per_s / watts), energy_per_token_j: sig(watts / r.tokens_per_s) },
      feasible: r.feasible,
      infeasible_reason: r.power.infeasible_reason,
      utilisation: Object.fromEntries(Object.entries(r.power.resources).map(([k, v]) => [k, sig(v.utilisation ?? 0)])),
    };
  }
  const { result } = simulateProgram({ arch: path(s.arch), program: path(s.program), fill: { kind: 'random', seed: 1 } });
  const p = result.power;
  // The published figure is blocks per second of one block: the same quantity here.
  const perS = 1 / result.time_s;
  return {
    id: s.id,
    arch: s.arch,
    model: `one block, d = ${result.d} (${s.program})`,
    command: predictionCommand(s),
    metrics: { tokens_per_s: sig(perS), 'power_w.total': sig(p.power_w.total), 'power_w.fpga_total': sig(p.power_w.fpga_total), tokens_per_joule: sig(perS / p.power_w.total), energy_per_token_j: sig(p.power_w.total / perS) },
    feasible: p.feasible,
    infeasible_reason: p.infeasible_reason,
    utilisation: Object.fromEntries(Object.entries(p.resources).map(([k, v]) => [k, sig(v.utilisation ?? 0)])),
  };
}

export function predictAll(root: string): PublishedPredictionsFile {
  return {
    generated_by: GENERATOR_COMMAND,
    note: 'mmfsim predictions for the published designs: each entry is one run of `command` (timing only, synthetic weights of the card); the sweep report draws them beside the published points. Regenerate after changing a published config or the models.',
    predictions: PREDICTION_SPECS.map((s) => predictPublished(s, root)),
  };
}
