import { describe, expect, it } from 'vitest';
import { runModel } from '../../../sim/run/run-model.ts';
import { IntegerForward } from '../../../sim/model/integer-forward.ts';
import { argmax } from '../../../sim/model/sampling.ts';
import { Prng } from '../../../sim/model/prng.ts';
import { arch, smallModel } from './fixtures.ts';
import { ArchSchema } from '../../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { loadModel } from '../../../sim/model/load-model.ts';
import { TINY_DIR } from '../../model/checkpoint-fixtures.ts';

const WIDE = { tmatmul: { accumulator_bits: 32, weights_per_cycle: 16, fifo_bytes: 1024 }, memory_port: { width_bytes: 16, outstanding: 4 } };

describe('generalised core values', () => {
  it('exact datapath: ids and every logit equal IntegerForward on a synthetic shape, 1 and 2 cores, batched prefill', () => {
    const model = smallModel(3);
    const ref = new IntegerForward(model);
    const prompt = [1, 5, 9, 2, 40];
    let logits: Float32Array = new Float32Array(0);
    for (const t of prompt) logits = ref.step(t);
    const want: number[] = [];
    for (let n = 0; n < 4; n++) {
      const id = argmax(logits);
      want.push(id);
      logits = ref.step(id);
    }
    for (const core of [{ ...WIDE }, { ...WIDE, cores: 2, batch: 3 }]) {
      const r = runModel({ arch: arch(core, { model: 'ddr4', channels: 2, mapping: 'rochrabacobg' }), model, promptIds: prompt, tokens: 4 });
      expect(r.ids).toEqual(want);
      expect(r.fidelity).toMatchObject({ exact: true, top1_agreement: 1, max_logit_error: 0, positions: 9 });
    }
  });

  it('narrow datapath (16-bit saturating accumulators, LUT sigmoid, bf16 state) still runs and reports its drift', () => {
    const model = smallModel(4, 64, 128, 48, 2);
    const narrow = arch({ ...WIDE, tmatmul: { ...WIDE.tmatmul, accumulator_bits: 12 }, datapath: { nonlinear: 'lut', lut_bits: 5, state: 'bf16' } });
    const r = runModel({ arch: narrow, model, promptIds: [3, 4, 5, 6, 7, 8], tokens: 6 });
    const f = r.fidelity!;
    expect(f.positions).toBe(12);
    expect(f.exact).toBe(false);
    expect(f.max_logit_error).toBeGreaterThan(0);
    expect(Number.isFinite(f.max_logit_error)).toBe(true);
    expect(f.top1_agreement).toBeGreaterThanOrEqual(0);
    expect(f.top1_agreement).toBeLessThanOrEqual(1);
    expect(r.ids).toHaveLength(6);
  });

  it('timing-only runs give the same cycles as value runs and no ids', () => {
    const model = smallModel(5);
    const a = arch(WIDE);
    const full = runModel({ arch: a, model, promptIds: [1, 2, 3], tokens: 2 });
    const timing = runModel({ arch: a, model, promptIds: [1, 2, 3], tokens: 2, timingOnly: true });
    expect(timing.ids).toBeNull();
    expect(timing.fidelity).toBeNull();
    // Timing does not depend on values except through the embedding row fetched (the token id).
    expect(timing.prefillPasses).toEqual(full.prefillPasses);
  });

  it('either DDR weight layout gives the reference ids; output-fastest pads each slice\'s rows, not its inputs, and streams those bytes', () => {
    // D = 30 split over 3 cores: 10-row slices; input-fastest pads 30 inputs to 32, output-fastest 10 rows to 12.
    const model = smallModel(9, 30, 42, 40, 1);
    const a = arch({ ...WIDE, cores: 3, memory_sharing: 'shared' }, { model: 'ddr4', channels: 2 });
    const runs = (['input-fastest', 'output-fastest'] as const).map((layout) => runModel({ arch: a, model, promptIds: [4, 5], tokens: 2, layout }));
    const [rowMajor, outputMajor] = runs as [ReturnType<typeof runModel>, ReturnType<typeof runModel>];
    expect(outputMajor.ids).toEqual(rowMajor.ids);
    expect(outputMajor.fidelity!.exact).toBe(true);
    const weightBytes = (r: ReturnType<typeof runModel>) => r.programs.reduce((a, p) => a + p.ddr.weightBytes, 0);
    expect(weightBytes(outputMajor)).toBeGreaterThan(weightBytes(rowMajor));
    // Every pass streams each core's whole layout once (plus the same constants either way).
    const passes = rowMajor.prefillPasses.length + rowMajor.perTokenCycles.length;
    expect(outputMajor.memory.bytesRead - rowMajor.memory.bytesRead).toBe(passes * (weightBytes(outputMajor) - weightBytes(rowMajor)));
  });

  it('is deterministic', () => {
    const model = smallModel(6);
    const a = arch({ ...WIDE, cores: 2, batch: 2 }, { model: 'ddr4', channels: 2 });
    const x = runModel({ arch: a, model, promptIds: [7, 8, 9], tokens: 3 });
    const y = runModel({ arch: a, model, promptIds: [7, 8, 9], tokens: 3 });
    expect(y.perTokenCycles).toEqual(x.perTokenCycles);
    expect(y.ids).toEqual(x.ids);
    expect(y.memory).toEqual(x.memory);
  });
});

describe('pipelining options', () => {
  const model = smallModel(7, 64, 128, 64, 2);
  const base = { ...WIDE, memory_port: { width_bytes: 16, outstanding: 8 }, rowwise: { elements_per_cycle: 2 }, quantize: { elements_per_cycle: 2 } };
  const cycles = (p: Record<string, boolean>) => {
    const r = runModel({ arch: arch({ ...base, pipelining: p }), model, promptIds: [1, 2], tokens: 2, timingOnly: true });
    return r;
  };
  const off = cycles({});
  for (const option of ['prefetch_weights', 'overlap_elementwise', 'fuse_projections']) {
    it(`${option} never increases cycles and changes the breakdown`, () => {
      const on = cycles({ [option]: true });
      expect(on.totalCycles).toBeLessThan(off.totalCycles);
      expect(on.stageCycles).not.toEqual(off.stageCycles);
      // Combined with the other options it still does not hurt.
      const others = Object.fromEntries(['prefetch_weights', 'overlap_elementwise', 'fuse_projections'].filter((o) => o !== option).map((o) => [o, true]));
      expect(cycles({ ...others, [option]: true }).totalCycles).toBeLessThanOrEqual(cycles(others).totalCycles);
    });
  }
  it('fused projections issue one tmatmul where three were', () => {
    expect(cycles({ fuse_projections: true }).programs[0]!.instructions.filter((i) => i.op === 'tmatmul').length).toBe(
      off.programs[0]!.instructions.filter((i) => i.op === 'tmatmul').length - 2 * 2,
    );
  });
});

describe('bounds (seeded property test)', () => {
  it('no configuration reports more tokens/s than its memory, compute or requests-in-flight bound', () => {
    const rng = new Prng(2026);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng.nextFloat() * xs.length)]!;
    const model = smallModel(8, 32, 64, 40, 1);
    const memoriesSeen = new Set<string>();
    // How close the best pass came to its latency bound (a bound nothing approaches is no test).
    let tightest = 0;
    for (let trial = 0; trial < 40; trial++) {
      const cores = pick([1, 2, 3, 4]);
      // Shared channels (any cores/channels through the arbiter) or private ones (cores divide them).
      const shared = cores === 3 || pick([false, true]);
      const width = pick([1, 4, 16, 64]);
      const burst = pick([1, 2]);
      const core = {
        clock_mhz: pick([60, 150, 300, 500]),
        cores,
        batch: pick([1, 2, 4]),
        memory_port: { width_bytes: width, burst_beats: burst, outstanding: pick([1, 2, 8, 32]) },
        tmatmul: { weights_per_cycle: pick([1, 4, 64, 256]), fifo_bytes: Math.max(width * burst, pick([256, 2048])), accumulator_bits: 32 },
        rowwise: { elements_per_cycle: pick([1, 8]) },
        quantize: { elements_per_cycle: pick([1, 8]) },
        pipelining: { prefetch_weights: pick([true, false]), overlap_elementwise: pick([true, false]), fuse_projections: pick([true, false]) },
        memory_sharing: shared ? 'shared' : 'private',
      };
      const memory = pick([
        { model: 'ddr4', channels: shared ? pick([1, 2, 4]) : cores * pick([1, 2]), mapping: pick(['rochrabacobg', 'rochrababgco']) },
        { model: 'hbm2', pseudo_channels: shared ? pick([1, 2, 8]) : cores * pick([1, 2]) },
        { model: 'fixed', response_cycles: pick([1, 3, 12]) },
      ]);
      memoriesSeen.add(`${memory.model}/${core.memory_sharing}`);
      // S sequences decoded together (≤ batch), prompts of different lengths (mixed passes).
      const S = pick([1, 1, 2, 4].filter((s) => s <= core.batch));
      const prompts = Array.from({ length: S }, (_, q) => [1, 2, 3].slice(0, 3 - (q % 3)));
      const r = runModel({ arch: arch(core, memory), model, prompts, tokens: 2, timingOnly: true });
      const hz = r.config.core.clockHz;
      const b = r.bounds;
      const label = JSON.stringify({ core, memory, S });
      expect(b.memory_bound_tokens_per_s, label).toBeCloseTo(S * b.per_sequence_memory_bound_tokens_per_s, 6);
      for (const [i, c] of r.perTokenCycles.entries()) {
        // Aggregate over the pass's sequences; one sequence's rate against one pass's bound.
        const tps = (r.generationSlots[i]! * hz) / c;
        expect(hz / c, label).toBeLessThanOrEqual(b.per_sequence_memory_bound_tokens_per_s * (1 + 1e-12));
        expect(tps, label).toBeLessThanOrEqual(b.memory_bound_tokens_per_s * (1 + 1e-12));
        expect(tps, label).toBeLessThanOrEqual(b.compute_bound_tokens_per_s * (1 + 1e-12));
        expect(hz / c, label).toBeLessThanOrEqual(b.per_sequence_latency_bound_tokens_per_s * (1 + 1e-12));
        expect(tps, label).toBeLessThanOrEqual(b.latency_bound_tokens_per_s * (1 + 1e-12));
      }
      for (const p of r.prefillPasses) {
        const tps = ((p.tokens + p.generated) * hz) / p.cycles;
        expect(tps, label).toBeLessThanOrEqual(b.prefill_memory_bound_tokens_per_s * (1 + 1e-12));
        expect(tps, label).toBeLessThanOrEqual(b.prefill_compute_bound_tokens_per_s * (1 + 1e-12));
        expect(tps, label).toBeLessThanOrEqual(b.prefill_latency_bound_tokens_per_s * (1 + 1e-12));
      }
      // Every memory knows its shortest read, so the latency bound is always computed.
      expect(Number.isFinite(b.latency_bound_tokens_per_s), label).toBe(true);
      tightest = Math.max(tightest, (hz / Math.min(...r.perTokenCycles)) / b.per_sequence_latency_bound_tokens_per_s);
    }
    expect(tightest).toBeGreaterThan(0.3);
    // The seed exercises every memory model, private and shared.
    for (const m of ['ddr4', 'hbm2', 'fixed']) for (const sh of ['private', 'shared']) expect(memoriesSeen, `${m}/${sh}`).toContain(`${m}/${sh}`);
  }, 300_000);
});

describe('requests-in-flight bound', () => {
  it('binds a one-request-in-flight design (d5005-paper-like) and explains a latency-starved one', () => {
    const model = loadModel(TINY_DIR);
    const run = (name: string) => runModel({ arch: loadYamlConfig(`arch-configs/${name}.yaml`, ArchSchema), model, promptIds: [1], tokens: 1, timingOnly: true });
    const paper = run('d5005-paper-like');
    const tps = (r: ReturnType<typeof runModel>) => r.config.core.clockHz / r.perTokenCycles[0]!;
    const b = paper.bounds;
    // One byte per round trip: far below the bandwidth bound, close to the latency bound.
    expect(b.latency_bound_tokens_per_s).toBeLessThan(b.memory_bound_tokens_per_s / 5);
    expect(tps(paper)).toBeGreaterThan(0.8 * b.latency_bound_tokens_per_s);
    expect(tps(paper)).toBeLessThanOrEqual(b.latency_bound_tokens_per_s);
    // u280-hbm: 32 requests of 64 B per core over ≥ 177 ns cannot use the ports' bandwidth.
    const hbm = run('u280-hbm');
    expect(hbm.bounds.latency_bound_tokens_per_s).toBeLessThan(hbm.bounds.memory_bound_tokens_per_s);
    expect(hbm.bounds.min_read_latency_ns).toBeGreaterThan(160); // the shell's 80 ns each way
    expect(tps(hbm)).toBeLessThanOrEqual(hbm.bounds.latency_bound_tokens_per_s);
  }, 60_000);
});

describe('scaling', () => {
  const model = smallModel(9, 64, 128, 64, 2);
  // Memory-bound: 8-byte requests, 2 in flight, many lanes.
  const memBound = { tmatmul: { accumulator_bits: 32, weights_per_cycle: 256, fifo_bytes: 1024 }, memory_port: { width_bytes: 8, outstanding: 2 }, rowwise: { elements_per_cycle: 16 }, quantize: { elements_per_cycle: 16 } };

  it('more cores on more channels cut cycles per token; the same ids', () => {
    const one = runModel({ arch: arch(memBound), model, promptIds: [1, 2], tokens: 3 });
    const four = runModel({ arch: arch({ ...memBound, cores: 4 }, { model: 'ddr4', channels: 4, mapping: 'rochrabacobg' }), model, promptIds: [1, 2], tokens: 3 });
    expect(four.ids).toEqual(one.ids);
    // Not 4×: on this small shape the replicated elementwise work and all-gathers weigh in.
    for (let i = 0; i < 3; i++) expect(four.perTokenCycles[i]!).toBeLessThan(one.perTokenCycles[i]! * 0.75);
    expect(four.unitBusyCycles['sync']).toBeGreaterThan(0);
  });

  it('batched prefill shares the weight stream: fewer cycles per prompt token, same ids', () => {
    const prompt = [1, 2, 3, 4, 5, 6, 7, 8];
    const b1 = runModel({ arch: arch(memBound), model, promptIds: prompt, tokens: 2 });
    const b4 = runModel({ arch: arch({ ...memBound, batch: 4 }), model, promptIds: prompt, tokens: 2 });
    expect(b4.ids).toEqual(b1.ids);
    expect(b4.prefillPasses.map((p) => p.tokens)).toEqual([4, 4]);
    const c1 = b1.prefillPasses.reduce((a, p) => a + p.cycles, 0);
    const c4 = b4.prefillPasses.reduce((a, p) => a + p.cycles, 0);
    expect(c4).toBeLessThan(c1 / 2);
  });

  it('the per-stage breakdown accounts for every pass cycle but the ready handshake', () => {
    const r = runModel({ arch: arch(memBound), model, promptIds: [1], tokens: 2, timingOnly: true });
    const stages = Object.values(r.stageCycles).reduce((a, c) => a + c, 0);
    const passes = r.prefillPasses.length + r.perTokenCycles.length;
    // Each pass: stages cover issue of the first instruction to the last busy cycle; ready is 2 later.
    expect(r.totalCycles - stages).toBeGreaterThanOrEqual(0);
    expect(r.totalCycles - stages).toBeLessThanOrEqual(2 * passes);
    for (const v of Object.values(r.unitBusyCycles)) expect(v).toBeLessThanOrEqual(r.totalCycles);
  });
});
