import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { simulate, type RunResult } from '../../sim/index.ts';

/** A sweep output directory written by real simulate() runs (see fixtures/make-sweep-fixture.ts). */
export const SWEEP_DIR = 'test/report/fixtures/sweep-370m';

export function sweepLines(): { hash: string; status: string; params: Record<string, number>; metrics: Record<string, number | boolean | null>; bounds: unknown }[] {
  return readFileSync(`${SWEEP_DIR}/results.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

export function paretoHashes(): string[] {
  return (JSON.parse(readFileSync(`${SWEEP_DIR}/pareto.json`, 'utf8')) as { points: { hash: string }[] }).points.map((p) => p.hash);
}

let trained: RunResult | null = null;
let synthetic: RunResult | null = null;

/** The bundled trained model on d5005-burst: real text, exact fidelity, DDR4. */
export function trainedRun(): RunResult {
  return (trained ??= simulate({ arch: 'arch-configs/d5005-burst.yaml', tokens: 3 }));
}

/**
 * A small model card without weights (pycode-tiny's config at a quarter of its width and half
 * its depth), so it runs on seeded synthetic weights: on the U280's HBM with four cores.
 */
export function syntheticRun(): RunResult {
  if (synthetic) return synthetic;
  const dir = join(mkdtempSync(join(tmpdir(), 'mmfsim-report-')), 'tiny-synthetic');
  mkdirSync(dir);
  const config = JSON.parse(readFileSync('models/pycode-tiny/config.json', 'utf8'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, hidden_size: 64, num_hidden_layers: 2 }));
  return (synthetic = simulate({ arch: 'arch-configs/u280-hbm.yaml', model: dir, promptIds: [1, 2, 3], tokens: 2 }));
}

export function dom(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

/** Every tick label of an axis group, as numbers ("1.5 M" → 1.5e6). */
export function tickValues(axis: Element): number[] {
  return [...axis.querySelectorAll('.tick text')].map((t) => {
    const s = t.textContent!.replace(/,/g, '').trim();
    const m = /^(-?[\d.]+)\s*([MG])?$/.exec(s);
    if (!m) throw new Error(`tick label ${JSON.stringify(s)} is not a number`);
    return Number(m[1]) * (m[2] === 'M' ? 1e6 : m[2] === 'G' ? 1e9 : 1);
  });
}

export function translate(el: Element): [number, number] {
  const m = /translate\(([-\d.e]+),\s*([-\d.e]+)\)/.exec(el.getAttribute('transform') ?? '');
  if (!m) throw new Error(`no translate in ${el.getAttribute('transform')}`);
  return [Number(m[1]), Number(m[2])];
}
