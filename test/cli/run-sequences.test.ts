import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';
import { goldenCases } from '../model/golden.ts';
import { TINY_DIR } from '../model/checkpoint-fixtures.ts';

afterEach(() => vi.restoreAllMocks());

// d5005-4ch has core.batch 8: up to 8 sequences decode together.
const ARCH = ['run', '--arch', 'arch-configs/d5005-4ch.yaml', '--model', TINY_DIR];

describe('mmfsim run: several sequences', () => {
  const golden = goldenCases();

  it('repeated --prompt-ids: one sequence each, the golden ids of each prompt alone, aggregate rate', async () => {
    const cases = [golden[1]!, golden[3]!];
    const args = cases.flatMap((c) => ['--prompt-ids', c.prompt_ids.join(',')]);
    const { code, stdout } = await cli([...ARCH, ...args, '--tokens', '3', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.sequences).toHaveLength(2);
    cases.forEach((c, q) => {
      expect(out.sequences[q].prompt_ids).toEqual(c.prompt_ids);
      expect(out.sequences[q].ids).toEqual(c.greedy_ids.slice(0, 3));
      expect(out.sequences[q].text).toBe(String.fromCharCode(...c.greedy_ids.slice(0, 3)));
    });
    // Sequence 0 keeps the single-sequence keys.
    expect(out.ids).toEqual(out.sequences[0].ids);
    expect(out.prompt_ids).toEqual(cases[0]!.prompt_ids);
    expect(out.fidelity).toMatchObject({ exact: true, positions: 4 + 3 + 1 + 3 });
    // The 4-token prompt sets the passes: 4 + 3; the 1-token sequence finishes earlier.
    expect(out.prefill.passes).toHaveLength(4);
    expect(out.prefill.passes[1]).toMatchObject({ tokens: 1, generated: 1 });
    expect(out.tokens_per_s).toBeLessThanOrEqual(Math.min(out.bounds.memory_bound_tokens_per_s, out.bounds.compute_bound_tokens_per_s));
    expect(out.tokens_per_s_per_sequence).toBeLessThanOrEqual(out.bounds.per_sequence_memory_bound_tokens_per_s);
  }, 120_000);

  it('--sequences N replicates the prompt: N slots per generation pass, aggregate = N × per sequence', async () => {
    const { code, stdout } = await cli([...ARCH, '--prompt', 'def ', '--sequences', '3', '--tokens', '2', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.sequences).toHaveLength(3);
    for (const q of out.sequences) expect(q.ids).toEqual(out.ids);
    expect(out.cycles_per_token.per_token).toHaveLength(2);
    expect(out.tokens_per_s).toBeCloseTo(3 * out.tokens_per_s_per_sequence, 9);
    expect(out.bounds.memory_bound_tokens_per_s).toBeCloseTo(3 * out.bounds.per_sequence_memory_bound_tokens_per_s, 6);
    // Energy per token over every sequence's tokens (4 prompt + 2 generated each).
    expect(out.power.tokens).toBe(18);
    expect(out.energy_per_token_j).toBeCloseTo(out.power.energy_per_token_j, 12);
  }, 120_000);

  it('plain output lists every sequence and the aggregate vs per-sequence rate', async () => {
    const { code, stdout } = await cli([...ARCH, '--prompt', 'def ', '--prompt', 'import ', '--tokens', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/prompt ids\s+\[0\] /);
    expect(stdout).toMatch(/text\s+\[1\] "/);
    expect(stdout).toMatch(/sequences\s+2 decoded together: [\d,.]+ tokens\/s aggregate = [\d,.]+ per sequence/);
  }, 120_000);

  it.each([
    [['--prompt-ids', '1', '--sequences', '0'], '--sequences'],
    [['--prompt-ids', '1', '--sequences', '1.5'], '--sequences'],
    [['--prompt-ids', '1', '--prompt-ids', '2', '--sequences', '3'], '--sequences'],
    [['--prompt-ids', '1', '--prompt', 'a'], '--prompt'],
    [['--prompt-ids', '1', '--sequences', '9'], 'core.batch'],
    [['--prompt-ids', '1', '--prompt-ids', '1,x'], '--prompt-ids'],
    [['--prompt-ids'], 'prompt-ids'],
  ])('bad input %j exits 2 naming %s', async (extra, key) => {
    const { code, stderr } = await cli([...ARCH, '--tokens', '1', ...extra]);
    expect(code).toBe(2);
    expect(stderr).toContain(key);
  });
});
