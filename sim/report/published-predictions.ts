import { readFileSync } from 'node:fs';

/**
 * mmfsim's own predictions for the published designs (sim/report/published-points.ts): one
 * run of each published config on its card, committed as data beside this file
 * (published-predictions.json) so the sweep report can draw "what mmfsim says" next to
 * "what the paper measured" without simulating a 2.7B model at every report. The file is
 * written by `npx tsx bench/published-predictions.ts` (sim/report/predict-published.ts),
 * and a test regenerates entries from the configs and checks they are what is committed.
 */
export interface PublishedPrediction {
  /** The published point's id (PUBLISHED_POINTS). */
  id: string;
  /** The config and card it was run with, and the exact command that reproduces it. */
  arch: string;
  model: string;
  command: string;
  /** The same metric keys as the published point (6 significant digits). */
  metrics: Record<string, number>;
  feasible: boolean;
  infeasible_reason: string | null;
  /** Used / available of each FPGA resource kind (per board), as the run reports it. */
  utilisation: Record<string, number>;
}

export interface PublishedPredictionsFile {
  generated_by: string;
  note: string;
  predictions: PublishedPrediction[];
}

export const PUBLISHED_PREDICTIONS_URL = new URL('./published-predictions.json', import.meta.url);

export function readPublishedPredictions(): PublishedPredictionsFile {
  return JSON.parse(readFileSync(PUBLISHED_PREDICTIONS_URL, 'utf8')) as PublishedPredictionsFile;
}

/** The committed predictions by published id. */
export const PUBLISHED_PREDICTIONS: ReadonlyMap<string, PublishedPrediction> = new Map(readPublishedPredictions().predictions.map((p) => [p.id, p]));
