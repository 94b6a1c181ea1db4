import { readFileSync } from 'node:fs';

/**
 * How far a sampled run (sim/run/sampled-run.ts) lands from the whole simulation, measured
 * on every shipped config: the table every sampled result quotes. It is committed as data
 * beside this file (sampled-error.json), written by `npm run bench:sampled`
 * (bench/sampled-error.ts); a test reruns the cheap entries and checks they are what is
 * committed.
 */
export interface SampledErrorEntry {
  arch: string;
  model: string;
  /** The whole run and the sampled one: tokens/s, board power, energy per token, cycles. */
  exact: SampledFigures;
  sampled: SampledFigures;
  /** (sampled − exact) / exact of each figure. */
  relative_error: SampledFigures;
}

export interface SampledFigures {
  tokens_per_s: number;
  power_w: number;
  energy_per_token_j: number;
  cycles: number;
}

export interface SampledErrorFile {
  generated_by: string;
  note: string;
  entries: SampledErrorEntry[];
}

/** What a sampled result prints about its method's measured error. */
export interface SampledErrorSummary {
  configs: number;
  models: string[];
  /** Largest |relative error| over the entries, per figure. */
  max_abs_relative_error: SampledFigures;
  source: string;
}

export const SAMPLED_ERROR_COMMAND = 'npm run bench:sampled';
export const SAMPLED_ERROR_URL = new URL('./sampled-error.json', import.meta.url);

export function readSampledError(): SampledErrorFile {
  return JSON.parse(readFileSync(SAMPLED_ERROR_URL, 'utf8')) as SampledErrorFile;
}

let summary: SampledErrorSummary | null = null;

/** The committed table, reduced to the worst case of each figure (read once). */
export function sampledErrorSummary(): SampledErrorSummary {
  if (summary) return summary;
  const file = readSampledError();
  const worst = (k: keyof SampledFigures) => Math.max(...file.entries.map((e) => Math.abs(e.relative_error[k])));
  summary = {
    configs: new Set(file.entries.map((e) => e.arch)).size,
    models: [...new Set(file.entries.map((e) => e.model.split('/').pop()!))],
    max_abs_relative_error: { tokens_per_s: worst('tokens_per_s'), power_w: worst('power_w'), energy_per_token_j: worst('energy_per_token_j'), cycles: worst('cycles') },
    source: 'docs/performance.md, "Sampled runs"',
  };
  return summary;
}
