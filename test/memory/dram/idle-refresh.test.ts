import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { DramConfig } from '../../../sim/memory/dram/dram-config.ts';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import type { DramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { playTrace } from '../../../sim/memory/dram/trace-player.ts';
import { ddr4Config, traceOf } from './ddr4-helpers.ts';
import { hbm2Config } from './hbm2-helpers.ts';

/** Everything a run reports: per-request cycles, counters, the energy model's activity. */
function observe(config: DramConfig, trace: DramTrace, idleRefresh: 'closed-form' | 'step') {
  const model = new DramMemory(config, { idleRefresh });
  const r = playTrace(model, trace, config.burstBytes);
  // Advance well past the last request too: a trailing idle stretch is refreshed as well.
  model.advanceTo(r.cycles + 7 * config.timing.tREFI + 123, () => {});
  return { cycles: r.cycles, accepted: [...r.acceptedAt], completed: [...r.completedAt], stats: r.stats, after: model.stats() };
}

/**
 * Bursts of requests separated by idle gaps of 0 to ~40 refresh intervals, gaps landing
 * anywhere in an interval (just before / after a deadline), bursts leaving rows open.
 */
function gappyTrace(config: DramConfig, seed: number, bursts: number): DramTrace {
  let s = seed >>> 0;
  const rand = (n: number): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
  const reqs: { addr: number; write: boolean; cycle: number }[] = [];
  let cycle = rand(config.timing.tREFI);
  const bb = config.burstBytes;
  for (let b = 0; b < bursts; b++) {
    const n = 1 + rand(12);
    const base = rand(1 << 20) * bb;
    for (let i = 0; i < n; i++) reqs.push({ addr: base + (rand(4) === 0 ? rand(1 << 22) * bb : i * bb), write: rand(3) === 0, cycle: cycle + i });
    cycle += n + rand(40) * config.timing.tREFI + rand(config.timing.tREFI);
  }
  return traceOf(reqs);
}

const configs: [string, DramConfig][] = [
  ['DDR4 1 rank', ddr4Config()],
  ['DDR4 2 ranks, 2 channels, closed page', ddr4Config({ ranks: 2, channels: 2, page_policy: 'closed' })],
  ['DDR4 4 ranks, shell', ddr4Config({ ranks: 4, shell_latency_ns: 20 })],
  ['HBM2 2 pseudo-channels', hbm2Config({ pseudo_channels: 2 })],
  ['DDR4 2 ranks, controller: dramsim3', ddr4Config({ ranks: 2, controller: 'dramsim3' })],
  ['HBM2, controller: dramsim3 (writes held while idle)', hbm2Config({ pseudo_channels: 2, controller: 'dramsim3' })],
];

describe('closed-form idle refresh', () => {
  for (const [name, config] of configs) {
    it(`${name}: the same cycles, commands, row outcomes and energy inputs as stepping every interval`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 2 ** 31 }), (seed) => {
          const trace = gappyTrace(config, seed, 12);
          const closed = observe(config, trace, 'closed-form');
          const stepped = observe(config, trace, 'step');
          expect(closed).toEqual(stepped);
          // The gaps did hold refreshes to skip.
          expect(stepped.after.detail!.ref).toBeGreaterThan(trace.cycle[trace.length - 1]! / config.timing.tREFI - 1);
        }),
        { numRuns: 12, seed: 14 },
      );
    });
  }

  it('a request at cycle 10^15 costs no more than one at cycle 10^6, and refreshes ⌊cycle / tREFI⌋ times per rank', () => {
    const config = ddr4Config({ ranks: 2 });
    const far = 1e15;
    const r = observe(config, traceOf([{ addr: 0, cycle: 5 }, { addr: 1 << 20, cycle: far }]), 'closed-form');
    expect(r.completed[1]).toBeGreaterThan(far);
    const end = r.cycles + 7 * config.timing.tREFI + 123;
    // Rank r's deadlines are ⌊tREFI·(r+1)/ranks⌋ + j·tREFI, each served (at most a few cycles late).
    let expected = 0;
    for (let rank = 0; rank < 2; rank++) expected += Math.floor((end - Math.floor((config.timing.tREFI * (rank + 1)) / 2)) / config.timing.tREFI) + 1;
    expect(Math.abs(r.after.detail!.ref! - expected)).toBeLessThanOrEqual(2);
    // Background: the whole span is accounted, as precharged standby but for refresh time.
    const a = r.after.dramActivity!;
    expect(a.activeStandbyCycles + a.prechargeStandbyCycles).toBe(2 * (end + 1));
    expect(a.activeStandbyCycles).toBeGreaterThanOrEqual(r.after.detail!.ref! * config.timing.tRFC - 2 * config.timing.tRFC);
  });
});
