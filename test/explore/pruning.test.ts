import { describe, expect, it } from 'vitest';
import { parseArch } from '../../sim/arch/load-arch.ts';
import { applyParams } from '../../sim/explore/apply-params.ts';
import { eligible, paretoFront } from '../../sim/explore/front.ts';
import { flattenMetrics } from '../../sim/explore/metrics.ts';
import { failedConstraint, parseConstraint, parseObjective } from '../../sim/explore/objectives.ts';
import type { PointRecord } from '../../sim/explore/point-record.ts';
import { pruneInWaves } from '../../sim/explore/pruned-waves.ts';
import { metricIntervals, optimisticVector, promisingOrder } from '../../sim/explore/pruning.ts';
import { gridPoints } from '../../sim/explore/samplers.ts';
import { buildSpace, pointParams } from '../../sim/explore/space.ts';
import { Prng } from '../../sim/model/prng.ts';
import { estimatePoint } from '../../sim/run/estimate.ts';
import { runModel } from '../../sim/run/run-model.ts';
import { runPowerReport, runResult } from '../../sim/run/run-result.ts';
import { arch, smallModel } from '../hw/system/fixtures.ts';

const AXES: Record<string, unknown[]> = {
  'core.tmatmul.weights_per_cycle': [1, 16, 256, 4096],
  'core.clock_mhz': [60, 150, 300],
  'memory.channels': [1, 2],
  'core.memory_port.width_bytes': [1, 8, 64],
  'core.memory_port.outstanding': [1, 4, 32],
  'device.id': ['intel-pac-d5005', 'amd-alveo-u250', 'intel-agilex7-agfb014'],
  'memory.preset': ['ddr4-2400', 'ddr4-3200'],
  'core.rowwise.elements_per_cycle': [1, 16],
};
const OBJECTIVES = ['max tokens_per_s', 'min power_w.total', 'max tokens_per_joule', 'min energy_per_token_j', 'min resources.logic.utilisation', 'min power_w.fpga_total', 'max tokens_per_s_per_sequence'];

/**
 * The property pruning must have: on random design spaces (simulated for real, small
 * synthetic model), random objectives (2–4) and constraints, the front of the points the
 * pruned sweep simulates equals the front of all points — with the same ordering, wave and
 * interval code runSweep uses. At least some trials must actually prune.
 */
describe('bound-guided pruning keeps the exact front (seeded property test)', () => {
  it('pruned front == unpruned front on random spaces, objectives, constraints and wave sizes', async () => {
    const rng = new Prng(99);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rng.nextFloat() * xs.length)]!;
    const model = smallModel(21, 32, 64, 40, 2);
    const base = arch({ memory_port: { width_bytes: 8, outstanding: 4 }, tmatmul: { weights_per_cycle: 16, fifo_bytes: 1024, accumulator_bits: 32 } }, { model: 'ddr4', channels: 1, mapping: 'rochrabacobg' });
    const cache = new Map<string, PointRecord>();
    let prunedTotal = 0;
    let pointsTotal = 0;
    for (let trial = 0; trial < 14; trial++) {
      const names = Object.keys(AXES).filter(() => rng.nextFloat() < 0.5).slice(0, 4);
      const axes = Object.fromEntries((names.length >= 2 ? names : ['core.tmatmul.weights_per_cycle', 'core.clock_mhz']).map((n) => [n, AXES[n]!]));
      const space = buildSpace({ axes, zip: [] });
      const nObj = pick([2, 2, 3, 4]);
      const objectives = [...OBJECTIVES].sort(() => rng.nextFloat() - 0.5).slice(0, nObj).map((t) => parseObjective(t)!);
      const points = gridPoints(space).map((idx) => {
        const params = pointParams(space, idx);
        const a = parseArch(applyParams(base, params));
        const hash = JSON.stringify(params);
        if (!cache.has(hash)) {
          const r = runModel({ arch: a, model, promptIds: [1, 2], tokens: 1, timingOnly: true });
          const out = runResult(a, null, model.name, true, r, runPowerReport(a, r), 0, null);
          cache.set(hash, { hash, params, status: 'ok', metrics: flattenMetrics(out), error: null, dominated_by: null, bounds: null, duration_s: 0, engine_events: 0, generation: null });
        }
        return { hash, params, intervals: metricIntervals(estimatePoint({ arch: a, model, tokens: 1 })) };
      });
      // Constraints: feasibility, and sometimes a power cap at the median simulated power.
      const powers = points.map((p) => cache.get(p.hash)!.metrics!['power_w.total'] as number).sort((x, y) => x - y);
      const constraints = ['feasible', ...(rng.nextFloat() < 0.5 ? [`power_w.total <= ${powers[Math.floor(powers.length / 2)]}`] : [])].map((t) => parseConstraint(t)!);
      const status = (r: PointRecord): PointRecord => ({ ...r, status: failedConstraint(r.metrics!, constraints) ? 'infeasible' : 'ok' });

      const all = points.map((p) => status(cache.get(p.hash)!));
      const want = paretoFront(all, objectives, constraints).points.map((p) => p.hash).sort();

      const simulated: PointRecord[] = [];
      let pruned = 0;
      const ordered = promisingOrder(points, points.map((p) => optimisticVector(p.intervals, objectives)));
      await pruneInWaves(ordered, {
        objectives,
        constraints,
        waveSize: pick([1, 2, 4, 8]),
        front: () => eligible(simulated, objectives, constraints).map((e) => ({ hash: e.record.hash, vector: e.vector })),
        onPruned: (item, d) => {
          pruned++;
          // A dominated point's dominator is a simulated point that meets every constraint.
          if (d.kind === 'dominated') expect(eligible(simulated, objectives, constraints).some((e) => e.record.hash === d.by)).toBe(true);
          else expect(failedConstraint(cache.get(item.hash)!.metrics!, constraints)).not.toBeNull();
        },
        simulate: async (wave) => {
          for (const w of wave) simulated.push(status(cache.get(w.hash)!));
        },
      });
      const got = paretoFront(simulated, objectives, constraints).points.map((p) => p.hash).sort();
      const label = JSON.stringify({ axes: Object.keys(axes), objectives, constraints: constraints.map((c) => c.text) });
      expect(got, label).toEqual(want);
      expect(simulated.length + pruned, label).toBe(points.length);
      prunedTotal += pruned;
      pointsTotal += points.length;
    }
    expect(prunedTotal / pointsTotal).toBeGreaterThan(0.1);
  }, 600_000);
});
