import { describe, expect, it } from 'vitest';
import { ArchSchema, type ArchSpec } from '../../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { hash32 } from '../../../sim/engine/hash32.ts';
import { runModel, type RunModelResult } from '../../../sim/run/run-model.ts';
import { loadModel } from '../../../sim/model/load-model.ts';
import type { TernaryModel } from '../../../sim/model/ternary-model.ts';
import { TINY_DIR } from '../../model/checkpoint-fixtures.ts';
import { smallModel } from './fixtures.ts';

// Proof that fast-forwarding (docs/run.md, "Fast-forwarding periodic streams") never changes
// a result: the same run with it on and off must agree on everything it reports (cycles per
// pass, ids, logits fidelity, stalls, busy and stage cycles, DDR counters and energy) except
// the engine's event count — and it must actually have skipped requests, so the comparison
// cannot pass by the fast path never engaging.

/** Everything a run reports except how the simulator got there. */
function observable(r: RunModelResult): Omit<RunModelResult, 'engineEvents' | 'fastForward'> {
  const { engineEvents: _e, fastForward: _f, ...rest } = r;
  return rest;
}

function both(arch: ArchSpec, model: TernaryModel, promptIds: number[], tokens: number, timingOnly: boolean) {
  const slow = runModel({ arch, model, promptIds, tokens, timingOnly, fastForward: false });
  const fast = runModel({ arch, model, promptIds, tokens, timingOnly, fastForward: true });
  return { slow, fast };
}

const PAPER_LIKE = loadYamlConfig('arch-configs/d5005-paper-like.yaml', ArchSchema);

describe('fast-forwarding periodic streams: identical results', () => {
  it('pycode-tiny on d5005-paper-like (values): same ids, logits, cycles, DDR counters; most requests skipped', () => {
    const model = loadModel(TINY_DIR);
    const { slow, fast } = both(PAPER_LIKE, model, [1, 2], 1, false);
    expect(fast.fastForward.enabled).toBe(true);
    expect(slow.fastForward).toEqual({ enabled: false, requestsSkipped: 0, stretches: 0, closedFormRuns: 0 });
    expect(observable(fast)).toEqual(observable(slow));
    expect(fast.fidelity!.exact).toBe(true);
    // Every weight byte is a request; refresh (every tREFI ≈ 40 round trips) and segment
    // ends hand a request back to the event path, everything else is skipped.
    const reads = slow.memory.reads;
    expect(fast.fastForward.requestsSkipped).toBeGreaterThan(0.85 * reads);
    // Most of them in closed-form runs (one per refresh interval or so).
    expect(fast.fastForward.closedFormRuns).toBeGreaterThan(reads / 100);
    expect(fast.engineEvents).toBeLessThan(slow.engineEvents / 4);
  }, 120_000);

  it('a small synthetic model on d5005-paper-like with batch 2 and several prompt passes', () => {
    const arch = ArchSchema.parse({ ...PAPER_LIKE, core: { ...PAPER_LIKE.core, batch: 2 } });
    const model = smallModel(3, 64, 128, 40, 2);
    const { slow, fast } = both(arch, model, [1, 2, 3], 2, false);
    expect(observable(fast)).toEqual(observable(slow));
    expect(fast.fastForward.requestsSkipped).toBeGreaterThan(0.5 * slow.memory.reads);
  }, 60_000);

  it('two cores with a channel each (the other core\'s events bound every stretch)', () => {
    const arch = ArchSchema.parse({ ...PAPER_LIKE, core: { ...PAPER_LIKE.core, cores: 2 }, memory: { ...PAPER_LIKE.memory, channels: 2 } });
    const model = smallModel(5, 64, 128, 40, 2);
    const { slow, fast } = both(arch, model, [1, 2], 2, false);
    expect(observable(fast)).toEqual(observable(slow));
    expect(fast.fastForward.requestsSkipped).toBeGreaterThan(0);
  }, 60_000);

  it('two cores sharing one channel through the arbiter: declined, identical', () => {
    const arch = ArchSchema.parse({ ...PAPER_LIKE, core: { ...PAPER_LIKE.core, cores: 2, memory_sharing: 'shared' } });
    const { slow, fast } = both(arch, smallModel(6, 64, 128, 40, 2), [1], 1, true);
    expect(observable(fast)).toEqual(observable(slow));
  }, 60_000);

  // Randomised variants around the paper core: port width, requests in flight, shell
  // latency, refresh interval (short ones interrupt streams), page policy, both mappings,
  // FIFOs small enough to fill behind slow lanes, batch, prefetch and overlap. Seeded.
  const VARIANTS = 24;
  const model = smallModel(7, 48, 96, 40, 2);
  const pick = <T,>(seed: number, i: number, xs: readonly T[]): T => xs[hash32(seed, i) % xs.length]!;
  let skippedTotal = 0;
  let eligibleReads = 0;
  let closedFormRuns = 0;
  for (let v = 0; v < VARIANTS; v++) {
    const width = pick(v, 1, [1, 1, 2, 4]);
    const outstanding = pick(v, 2, [1, 1, 1, 2]);
    const lanes = pick(v, 3, [1, 1, 2, 8]);
    const batch = pick(v, 4, [1, 1, 2, 3]);
    const fifo = pick(v, 5, [width, 2 * width, 16, 2048]);
    const prefetch = pick(v, 6, [false, false, true]);
    const overlap = pick(v, 7, [false, true]);
    const shellNs = pick(v, 8, [0, 10, 80, 200]);
    const tREFI = pick(v, 9, [0, 0, 600, 2500]);
    const page = pick(v, 10, ['open', 'open', 'open', 'closed'] as const);
    const mapping = pick(v, 11, ['rochrababgco', 'rochrabacobg'] as const);
    const ranks = pick(v, 12, [1, 1, 2]);
    const label = `variant ${v}: port ${width}B×${outstanding}, lanes ${lanes}, batch ${batch}, fifo ${fifo}, prefetch ${prefetch}, overlap ${overlap}, shell ${shellNs} ns, tREFI ${tREFI || 'preset'}, ${page} page, ${mapping}, ${ranks} rank(s)`;
    it(label, () => {
      const arch = ArchSchema.parse({
        name: `ff-${v}`,
        core: {
          ...PAPER_LIKE.core,
          memory_port: { width_bytes: width, outstanding, burst_beats: 1 },
          tmatmul: { ...PAPER_LIKE.core.tmatmul, weights_per_cycle: lanes, fifo_bytes: fifo },
          batch,
          pipelining: { ...PAPER_LIKE.core.pipelining, prefetch_weights: prefetch, overlap_elementwise: overlap },
        },
        memory: {
          model: 'ddr4',
          preset: 'ddr4-2400',
          channels: 1,
          ranks,
          page_policy: page,
          mapping,
          shell_latency_ns: shellNs,
          timing: tREFI ? { tREFI } : {},
        },
      });
      const prompt = batch > 1 ? [1, 2, 3] : [1, 2];
      const { slow, fast } = both(arch, model, prompt, 1, v % 3 === 0);
      expect(observable(fast)).toEqual(observable(slow));
      if (outstanding === 1 && page === 'open') {
        eligibleReads += slow.memory.reads;
        skippedTotal += fast.fastForward.requestsSkipped;
        closedFormRuns += fast.fastForward.closedFormRuns;
        expect(fast.fastForward.requestsSkipped).toBeGreaterThan(0);
      }
    }, 60_000);
  }
  it('the variants with one request in flight on an open page were mostly fast-forwarded', () => {
    expect(eligibleReads).toBeGreaterThan(0);
    expect(skippedTotal).toBeGreaterThan(0.5 * eligibleReads);
    expect(closedFormRuns).toBeGreaterThan(0);
  });
});
