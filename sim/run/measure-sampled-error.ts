import { join } from 'node:path';
import { loadModel } from '../model/load-model.ts';
import type { TernaryModel } from '../model/ternary-model.ts';
import type { SampledErrorEntry, SampledFigures } from './sampled-error.ts';
import { simulate } from './simulate.ts';

/** Measuring the table of sim/run/sampled-error.ts: each shipped config run whole and sampled. */

/** Every shipped design that `run` takes, on the cards it is meant for. */
export const SAMPLED_ERROR_SPECS: readonly { arch: string; model: string }[] = [
  ...['d5005-burst', 'd5005-4ch', 'd5005-8core-shared', 'u280-hbm', 'd5005-paper-like', 'd5005-paper'].flatMap((a) =>
    ['models/mmfreelm-370m', 'models/mmfreelm-1.3b'].map((model) => ({ arch: `arch-configs/${a}.yaml`, model })),
  ),
  { arch: 'arch-configs/published/tereffic-hbm.yaml', model: 'models/mmfreelm-2.7b' },
  { arch: 'arch-configs/published/tereffic-onchip-2x.yaml', model: 'models/mmfreelm-370m' },
];

/** One entry: the config run whole and sampled (one prompt token, one generated, timing only). */
export function measureSampledError(spec: { arch: string; model: string }, root: string, model?: TernaryModel): SampledErrorEntry {
  const m = model ?? loadModel(join(root, spec.model), { syntheticSeed: 0 });
  const options = { arch: join(root, spec.arch), model: m, tokens: 1, timingOnly: true } as const;
  const figures = (r: ReturnType<typeof simulate>): SampledFigures => ({
    tokens_per_s: round6(r.tokens_per_s),
    power_w: round6(r.power_w.total),
    energy_per_token_j: round6(r.energy_per_token_j ?? 0),
    cycles: r.cycles,
  });
  const exact = figures(simulate(options));
  const sampled = figures(simulate({ ...options, sampled: true }));
  const rel = (k: keyof SampledFigures) => round6(exact[k] === 0 ? 0 : (sampled[k] - exact[k]) / exact[k]);
  return {
    arch: spec.arch,
    model: spec.model,
    exact,
    sampled,
    relative_error: { tokens_per_s: rel('tokens_per_s'), power_w: rel('power_w'), energy_per_token_j: rel('energy_per_token_j'), cycles: rel('cycles') },
  };
}

function round6(x: number): number {
  return Number(x.toPrecision(6));
}
