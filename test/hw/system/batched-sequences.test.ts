import { describe, expect, it } from 'vitest';
import { ArchSchema, type ArchSpec } from '../../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { Accelerator } from '../../../sim/hw/system/accelerator.ts';
import { buildCoreMemories } from '../../../sim/hw/system/core-memories.ts';
import { resolveVectorCore, runModel } from '../../../sim/run/run-model.ts';
import { compileModel } from '../../../sim/compiler/compile-model.ts';
import { layoutDdr } from '../../../sim/compiler/ddr-layout.ts';
import { isInputError } from '../../../sim/input-error.ts';
import { generate } from '../../../sim/model/generate.ts';
import { IntegerForward } from '../../../sim/model/integer-forward.ts';
import { loadModel } from '../../../sim/model/load-model.ts';
import type { TernaryModel } from '../../../sim/model/ternary-model.ts';
import { goldenCases } from '../../model/golden.ts';
import { TINY_DIR } from '../../model/checkpoint-fixtures.ts';
import { arch, smallModel } from './fixtures.ts';

/** What `generate --impl integer` gives for one prompt alone (greedy). */
function integerGenerate(model: TernaryModel, promptIds: number[], tokens: number): number[] {
  return generate(new IntegerForward(model), { promptIds, tokens, sampling: { kind: 'greedy' } }).ids;
}

function withBatch(name: string, batch: number): ArchSpec {
  const a = loadYamlConfig(`arch-configs/${name}.yaml`, ArchSchema);
  return { ...a, core: { ...a.core, batch } };
}

describe('batched sequences: every sequence gets the tokens it gets alone', () => {
  const model = loadModel(TINY_DIR);
  const golden = goldenCases();
  // Prompts of 17, 4 and 1 tokens: the short ones generate while the long one still prefills.
  const prompts = [golden[0]!.prompt_ids, golden[1]!.prompt_ids, golden[3]!.prompt_ids];
  const tokens = 4;
  const want = prompts.map((p) => integerGenerate(model, p, tokens));

  it.each(['d5005-4ch', 'u280-hbm', 'd5005-burst'])('%s with batch 4, 3 sequences: ids of each prompt alone, exact logits', (name) => {
    const r = runModel({ arch: withBatch(name, 4), model, prompts, tokens });
    expect(r.sequences.map((q) => q.ids)).toEqual(want);
    expect(r.sequences.map((q) => q.promptIds)).toEqual(prompts);
    expect(r.ids).toEqual(want[0]);
    expect(r.promptIds).toEqual(prompts[0]);
    // Every position of every sequence compared with its own reference, bit for bit.
    expect(r.fidelity).toMatchObject({ exact: true, top1_agreement: 1, max_logit_error: 0, positions: prompts.reduce((a, p) => a + p.length + tokens, 0) });
    // One pass per token of the longest sequence: 17 prompt + 4 generated.
    expect(r.prefillPasses.length + r.perTokenCycles.length).toBe(17 + tokens);
    expect(r.tokensProcessed).toBe(prompts.reduce((a, p) => a + p.length + tokens, 0));
    // Pass 0 holds three prompt tokens; by pass 4 the 1- and 4-token prompts are generating.
    expect(r.prefillPasses[0]).toMatchObject({ tokens: 3, generated: 0 });
    expect(r.prefillPasses[4]).toMatchObject({ tokens: 1, generated: 2 });
    // The short sequences finish (leave the passes) while the long one still runs.
    expect(r.generationSlots).toEqual([1, 1, 1, 1]);
  }, 300_000);

  it('a sequence that appears twice decodes identically in both slots', () => {
    const p = golden[1]!.prompt_ids;
    const r = runModel({ arch: withBatch('d5005-burst', 4), model, prompts: [p, p, golden[3]!.prompt_ids], tokens: 3 });
    expect(r.sequences[0]!.ids).toEqual(r.sequences[1]!.ids);
    expect(r.sequences[0]!.ids).toEqual(integerGenerate(model, p, 3));
    expect(r.fidelity!.exact).toBe(true);
  }, 120_000);
});

describe('batched sequences: one sequence is the single-sequence run', () => {
  const model = smallModel(11, 32, 64, 48, 2);
  it('prompts: [p] gives the cycles, ids and memory traffic of promptIds: p (batched prefill too)', () => {
    for (const batch of [1, 3]) {
      const a = arch({ batch, tmatmul: { accumulator_bits: 32, weights_per_cycle: 16, fifo_bytes: 1024 } });
      const one = runModel({ arch: a, model, promptIds: [4, 5, 6, 7], tokens: 3 });
      const list = runModel({ arch: a, model, prompts: [[4, 5, 6, 7]], tokens: 3 });
      expect(list.perTokenCycles).toEqual(one.perTokenCycles);
      expect(list.prefillPasses).toEqual(one.prefillPasses);
      expect(list.ids).toEqual(one.ids);
      expect(list.memory).toEqual(one.memory);
      expect(one.prefillPasses.map((p) => p.tokens)).toEqual(batch === 1 ? [1, 1, 1, 1] : [3, 1]);
      expect(one.sequences).toHaveLength(1);
    }
  });
});

describe('batched sequences: input checks', () => {
  const model = smallModel(12);
  const a = arch({ batch: 2 });
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isInputError(e) ? e.message : `not an InputError: ${String(e)}`;
    }
    return 'no error';
  };
  it('more sequences than core.batch is an InputError naming core.batch', () => {
    expect(code(() => runModel({ arch: a, model, prompts: [[1], [2], [3]], tokens: 1 }))).toMatch(/core\.batch.*3 sequences.*core\.batch is 2|3 sequences.*core\.batch is 2/);
  });
  it('an empty prompt, no prompt, or both kinds of prompt are InputErrors', () => {
    expect(code(() => runModel({ arch: a, model, prompts: [[1], []], tokens: 1 }))).toMatch(/sequence 1's prompt holds no tokens/);
    expect(code(() => runModel({ arch: a, model, prompts: [], tokens: 1 }))).toMatch(/no sequences/);
    expect(code(() => runModel({ arch: a, model, tokens: 1 }))).toMatch(/exactly one of/);
    expect(code(() => runModel({ arch: a, model, promptIds: [1], prompts: [[1]], tokens: 1 }))).toMatch(/exactly one of/);
  });
});

describe('batched sequences: timing', () => {
  const model = smallModel(13, 64, 128, 64, 2);
  // Memory-bound: 8-byte requests, 2 in flight, many lanes.
  const memBound = { batch: 8, tmatmul: { accumulator_bits: 32, weights_per_cycle: 256, fifo_bytes: 1024 }, memory_port: { width_bytes: 8, outstanding: 2 }, rowwise: { elements_per_cycle: 16 }, quantize: { elements_per_cycle: 16 } };

  it('a pass costs the same cycles whichever sequences its slots belong to', () => {
    const a = arch(memBound);
    const r = resolveVectorCore(a);
    const build = () => {
      const memories = buildCoreMemories(a, 1, r.core.clockHz, (k) => layoutDdr(model, 1, k, 'input-fastest').end);
      const programs = [compileModel(model, 0, { cores: 1, fuseProjections: false, layout: 'input-fastest', ddrBase: memories.bases[0]! })];
      const acc = new Accelerator({ core: r.core, datapath: r.datapath, cores: 1, batch: 8, interconnectBytesPerCycle: 64 }, programs, memories.ports, memories.physical);
      acc.reset();
      return acc;
    };
    const x = build();
    const y = build();
    const tokens = [3, 9, 27];
    const cx = [x.runPass(tokens), x.runPass([1, 2, 3])];
    const cy = [y.runPass(tokens, { kind: 'sequences', sequences: [0, 1, 2] }), y.runPass([1, 2, 3], { kind: 'sequences', sequences: [2, 0, 1] })];
    expect(cy).toEqual(cx);
    // But the values differ: three sequences' states, not one sequence's three steps.
    expect(Array.from(y.logits(2))).not.toEqual(Array.from(x.logits(2)));
  });

  it('aggregate tokens/s grows with the sequences on a memory-bound design and never beats S × the memory bound', () => {
    const a = arch(memBound);
    const rates: number[] = [];
    for (const S of [1, 2, 4, 8]) {
      const r = runModel({ arch: a, model, prompts: Array.from({ length: S }, (_, q) => [q + 1]), tokens: 3, timingOnly: true });
      expect(r.generationSlots).toEqual([S, S, S]);
      const hz = r.config.core.clockHz;
      const aggregate = (S * 3 * hz) / r.perTokenCycles.reduce((x, c) => x + c, 0);
      expect(aggregate).toBeLessThanOrEqual(r.bounds.memory_bound_tokens_per_s);
      expect(aggregate).toBeLessThanOrEqual(r.bounds.compute_bound_tokens_per_s);
      expect(r.bounds.memory_bound_tokens_per_s).toBeCloseTo(S * r.bounds.per_sequence_memory_bound_tokens_per_s, 6);
      rates.push(aggregate);
    }
    // Weight streaming dominates: S sequences share it, so aggregate throughput rises with S
    // (less than S×: the per-slot elementwise work and embedding fetches grow with S).
    for (let i = 1; i < rates.length; i++) expect(rates[i]!).toBeGreaterThan(rates[i - 1]! * 1.3);
  });
});
