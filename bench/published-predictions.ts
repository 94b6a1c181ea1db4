/**
 * Writes sim/report/published-predictions.json: mmfsim's prediction for each published
 * design (sim/report/predict-published.ts), which the sweep report draws beside the
 * published points. Run after changing a published config: npx tsx bench/published-predictions.ts
 * (≈ 20 s: the 2.7B run is most of it).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { predictAll } from '../sim/report/predict-published.ts';
import { PUBLISHED_PREDICTIONS_URL } from '../sim/report/published-predictions.ts';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const file = predictAll(root);
writeFileSync(PUBLISHED_PREDICTIONS_URL, JSON.stringify(file, null, 2) + '\n');
for (const p of file.predictions) console.log(`${p.id}: ${p.metrics['tokens_per_s']} per s, ${p.metrics['power_w.total']} W, feasible ${p.feasible}`);
