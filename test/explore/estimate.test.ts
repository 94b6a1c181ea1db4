import { describe, expect, it } from 'vitest';
import { flattenMetrics } from '../../sim/explore/metrics.ts';
import { metricIntervals } from '../../sim/explore/pruning.ts';
import { Prng } from '../../sim/model/prng.ts';
import { estimatePoint } from '../../sim/run/estimate.ts';
import { runModel } from '../../sim/run/run-model.ts';
import { runPowerReport, runResult } from '../../sim/run/run-result.ts';
import { arch, smallModel } from '../hw/system/fixtures.ts';

/**
 * Soundness of the pre-simulation estimate that pruning relies on: on random small designs
 * (cores, sharing, ports, lanes, clocks, batches, sequences, DDR4 / HBM2 / fixed memories,
 * every catalogue device), each bound really bounds what the simulator then reports, and
 * the exact parts (feasibility, resources, throughput bounds) are equal.
 */
describe('estimatePoint bounds every simulated metric (seeded property test)', () => {
  it('tokens/s ≤ its ceiling, power ≥ its floor, tokens/J ≤ its ceiling; feasibility and resources exact', () => {
    const rng = new Prng(2027);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng.nextFloat() * xs.length)]!;
    const model = smallModel(12, 32, 64, 40, 2);
    let tightestPower = 0;
    let tightestTokens = 0;
    let infeasible = 0;
    for (let trial = 0; trial < 36; trial++) {
      const cores = pick([1, 2, 4]);
      const shared = pick([false, true]);
      const width = pick([1, 8, 64]);
      const burst = pick([1, 2]);
      const batch = pick([1, 2, 4]);
      const core = {
        clock_mhz: pick([60, 150, 300]),
        cores,
        batch,
        memory_port: { width_bytes: width, burst_beats: burst, outstanding: pick([1, 4, 32]) },
        tmatmul: { weights_per_cycle: pick([1, 16, 256, 4096, 131072]), fifo_bytes: Math.max(width * burst, pick([256, 8192])), accumulator_bits: pick([16, 32]) },
        rowwise: { elements_per_cycle: pick([1, 16]) },
        quantize: { elements_per_cycle: pick([1, 16]) },
        pipelining: { prefetch_weights: pick([true, false]), overlap_elementwise: pick([true, false]), fuse_projections: pick([true, false]) },
        memory_sharing: shared ? 'shared' : 'private',
      };
      const memory = pick([
        { model: 'ddr4', channels: shared ? pick([1, 2]) : cores * pick([1, 2]), ranks: pick([1, 2]), devices_per_rank: pick([8, 9]), preset: pick(['ddr4-2400', 'ddr4-3200']) },
        { model: 'hbm2', pseudo_channels: shared ? pick([1, 4]) : cores * pick([1, 2]) },
        { model: 'fixed', response_cycles: pick([1, 12]) },
      ]);
      const a = { ...arch(core, memory), device: { id: pick(['intel-pac-d5005', 'intel-agilex7-agfb014', 'amd-alveo-u250', 'amd-alveo-u280']), include_shell: pick([true, false]) }, power: { junction_temp_c: pick([25, 50, 85]) } };
      const S = pick([1, 2, 4].filter((s) => s <= batch));
      const prompts = Array.from({ length: S }, (_, q) => [1, 2, 3].slice(0, 1 + ((q + trial) % 3)));
      const tokens = pick([1, 2]);
      const timingOnly = pick([true, true, false]);
      const label = JSON.stringify({ core, memory, device: a.device, S, tokens });

      const e = estimatePoint({ arch: a, model, sequences: S, tokens });
      const r = runModel({ arch: a, model, prompts, tokens, timingOnly });
      const out = runResult(a, null, model.name, true, r, runPowerReport(a, r), 0, null);

      expect(e.bounds, label).toEqual(out.bounds);
      expect(e.feasible, label).toBe(out.feasible);
      expect(e.resources, label).toEqual(out.resources);
      expect(out.tokens_per_s, label).toBeLessThanOrEqual(e.tokens_per_s_upper);
      expect(out.tokens_per_s_per_sequence, label).toBeLessThanOrEqual(e.tokens_per_s_per_sequence_upper);
      expect((r.tokensProcessed * r.config.core.clockHz) / r.totalCycles, label).toBeLessThanOrEqual(e.tokens_processed_per_s_upper);
      const p = out.power_w;
      const lo = e.power_w_lower;
      expect(p.total, label).toBeGreaterThanOrEqual(lo.total);
      expect(p.fpga_total, label).toBeGreaterThanOrEqual(lo.fpga_total);
      expect(p.fpga_static, label).toBeGreaterThanOrEqual(lo.fpga_static);
      expect(p.fpga_dynamic, label).toBeGreaterThanOrEqual(lo.fpga_dynamic);
      expect(p.dram_background, label).toBeGreaterThanOrEqual(lo.dram_background);
      expect(out.tokens_per_joule!, label).toBeLessThanOrEqual(e.tokens_per_joule_upper);
      expect(out.energy_per_token_j!, label).toBeGreaterThanOrEqual(e.energy_per_token_j_lower);

      // What pruning uses: every metric of the run lies in the interval the estimate gives it.
      const metrics = flattenMetrics(out);
      const iv = metricIntervals(e);
      for (const [k, v] of Object.entries(metrics)) {
        if (v === null || !iv[k]) continue;
        const x = typeof v === 'boolean' ? (v ? 1 : 0) : v;
        expect(x, `${k} ${label}`).toBeGreaterThanOrEqual(iv[k]!.lo);
        expect(x, `${k} ${label}`).toBeLessThanOrEqual(iv[k]!.hi);
      }
      tightestPower = Math.max(tightestPower, lo.total / p.total);
      tightestTokens = Math.max(tightestTokens, out.tokens_per_s / e.tokens_per_s_upper);
      if (!out.feasible) infeasible++;
    }
    // Bounds nothing approaches would prune nothing (and prove little).
    expect(tightestPower).toBeGreaterThan(0.95);
    expect(tightestTokens).toBeGreaterThan(0.5);
    expect(infeasible).toBeGreaterThan(0);
  }, 300_000);
});
