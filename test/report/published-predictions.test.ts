import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATOR_COMMAND, PREDICTION_SPECS, predictPublished, predictionCommand } from '../../sim/report/predict-published.ts';
import { PUBLISHED_POINTS } from '../../sim/report/published-points.ts';
import { readPublishedPredictions } from '../../sim/report/published-predictions.ts';

/**
 * The committed predictions (sim/report/published-predictions.json) are what the configs give
 * today. The 2.7B run (~15 s) is left to the generator; the fast ones are rerun here, and the
 * 2.7B entry's provenance must name the command that reproduces it.
 */
const committed = readPublishedPredictions();
const root = process.cwd();

describe('sim/report/published-predictions.json', () => {
  it('names its generator and has one entry per spec, each for a published point, each with the command that reproduces it', () => {
    expect(committed.generated_by).toBe(GENERATOR_COMMAND);
    expect(existsSync('bench/published-predictions.ts')).toBe(true);
    expect(committed.predictions.map((p) => p.id)).toEqual(PREDICTION_SPECS.map((s) => s.id));
    const published = new Set(PUBLISHED_POINTS.map((p) => p.id));
    for (const [i, p] of committed.predictions.entries()) {
      const spec = PREDICTION_SPECS[i]!;
      expect(published.has(p.id), p.id).toBe(true);
      expect(p.arch).toBe(spec.arch);
      expect(existsSync(p.arch)).toBe(true);
      expect(p.command).toBe(predictionCommand(spec));
      expect(p.command).toContain(`--arch ${spec.arch}`);
      if (spec.kind === 'run') {
        expect(p.model).toBe(spec.model);
        expect(p.command).toContain(`--model ${spec.model} --tokens 1 --timing-only`);
      }
      for (const k of ['tokens_per_s', 'power_w.total', 'tokens_per_joule']) expect(p.metrics[k], `${p.id} ${k}`).toBeGreaterThan(0);
      // Infeasible entries say which resource overflows, and their utilisation shows it.
      if (!p.feasible) expect(Object.values(p.utilisation).some((u) => u > 1)).toBe(true);
    }
  });

  for (const spec of PREDICTION_SPECS.filter((s) => s.id !== 'tereffic-hbm-2.7b')) {
    it(`${spec.id}: rerunning its config gives the committed prediction exactly`, () => {
      expect(predictPublished(spec, root)).toEqual(committed.predictions.find((p) => p.id === spec.id));
    });
  }
});
