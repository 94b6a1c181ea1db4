import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve('.');

/**
 * A small sweep on the bundled pycode-tiny (real weights: mode full) over the d5005-burst
 * design: lanes × clock × channels (+ optional extra axes), cheap enough to run many times.
 */
export function writeTinySpec(dir: string, name: string, extra = '', body?: string): string {
  const file = join(dir, name);
  writeFileSync(
    file,
    body ??
      `base: ${ROOT}/arch-configs/d5005-burst.yaml
model: ${ROOT}/models/pycode-tiny
prompt_ids: [1, 2, 3]
tokens: 4
axes:
  core.tmatmul.weights_per_cycle: [16, 64, 256]
  core.clock_mhz: [100, 200]
  memory.channels: [1, 2]
${extra}constraints: [feasible]
objectives: [max tokens_per_s, min power_w.total]
`,
  );
  return file;
}

/** results.jsonl lines as comparable data: sorted by hash, wall times dropped. */
export function comparableResults(text: string): unknown[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map(({ duration_s: _d, ...rest }) => rest)
    .sort((a, b) => ((a['hash'] as string) < (b['hash'] as string) ? -1 : 1));
}
