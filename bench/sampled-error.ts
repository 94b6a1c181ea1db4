/**
 * Writes sim/run/sampled-error.json: every shipped config (sim/run/measure-sampled-error.ts)
 * run whole and sampled (`--sampled`, sim/run/sampled-run.ts) on its cards, one prompt token
 * and one generated, timing only, and how far the sampled figures land from the whole run's.
 * Every sampled result quotes the worst case of this table. Run after changing the timing
 * model, a shipped config or the sampling: `npm run bench:sampled` (a few minutes: the whole
 * 1.3B runs of the paper configs are most of it). Also prints each pair's wall times.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../sim/model/load-model.ts';
import type { TernaryModel } from '../sim/model/ternary-model.ts';
import { measureSampledError, SAMPLED_ERROR_SPECS } from '../sim/run/measure-sampled-error.ts';
import { SAMPLED_ERROR_COMMAND, SAMPLED_ERROR_URL, type SampledErrorEntry, type SampledErrorFile } from '../sim/run/sampled-error.ts';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const models = new Map<string, TernaryModel>();
const entries: SampledErrorEntry[] = [];
for (const spec of SAMPLED_ERROR_SPECS) {
  if (!models.has(spec.model)) {
    models.clear(); // one large model at a time
    models.set(spec.model, loadModel(join(root, spec.model), { syntheticSeed: 0 }));
  }
  const t0 = performance.now();
  const e = measureSampledError(spec, root, models.get(spec.model));
  entries.push(e);
  const pct = (v: number) => `${(100 * v).toFixed(3)}%`;
  console.log(`${spec.arch} ${spec.model}: tokens/s ${e.exact.tokens_per_s} → ${e.sampled.tokens_per_s} (${pct(e.relative_error.tokens_per_s)}), power ${pct(e.relative_error.power_w)}, energy/token ${pct(e.relative_error.energy_per_token_j)}; ${((performance.now() - t0) / 1000).toFixed(1)} s for both`);
}
const file: SampledErrorFile = {
  generated_by: SAMPLED_ERROR_COMMAND,
  note: 'Each shipped config on its cards (synthetic weights, seed 0), the default prompt (the BOS id), 1 token, timing only: the whole simulation (exact) and the sampled estimate (mmfsim run --sampled); relative_error = (sampled - exact) / exact, 6 significant digits.',
  entries,
};
writeFileSync(SAMPLED_ERROR_URL, JSON.stringify(file, null, 2) + '\n');
