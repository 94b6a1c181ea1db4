import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { argmax } from '../../sim/model/sampling.ts';
import type { TokenStepper } from '../../sim/model/generate.ts';
import { GOLDEN_FILE, type GoldenCase } from './checkpoint-fixtures.ts';

export function goldenCases(): GoldenCase[] {
  return (JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as { cases: GoldenCase[] }).cases;
}

export interface CaseResult {
  lastLogits: Float32Array;
  argmaxes: number[];
  greedy: number[];
}

/** Run one golden case: every prompt position, then 48 greedy tokens. */
export function runCase(stepper: TokenStepper, c: GoldenCase, greedyTokens = c.greedy_ids.length): CaseResult {
  stepper.reset();
  const argmaxes: number[] = [];
  let logits: Float32Array = new Float32Array(0);
  for (const id of c.prompt_ids) {
    logits = stepper.step(id);
    argmaxes.push(argmax(logits));
  }
  const lastLogits = Float32Array.from(logits);
  const greedy: number[] = [];
  for (let n = 0; n < greedyTokens; n++) {
    const id = argmax(logits);
    greedy.push(id);
    if (n + 1 < greedyTokens) logits = stepper.step(id);
  }
  return { lastLogits, argmaxes, greedy };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** The acceptance criteria for the pycode-h256-l4 fixture (docs/model-spec.md, "Golden fixtures and acceptance criteria"). */
export function expectGoldenAgreement(stepper: TokenStepper): number[] {
  const diffs: number[] = [];
  for (const c of goldenCases()) {
    const r = runCase(stepper, c);
    expect(r.argmaxes).toEqual(c.all_positions_argmax);
    expect(r.greedy).toEqual(c.greedy_ids);
    diffs.push(maxAbsDiff(r.lastLogits, c.last_logits));
  }
  expect(diffs.filter((d) => d <= 1e-4).length).toBeGreaterThanOrEqual(4);
  for (const d of diffs) expect(d).toBeLessThanOrEqual(0.25);
  return diffs;
}
