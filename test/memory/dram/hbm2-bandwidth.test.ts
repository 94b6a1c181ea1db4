import { describe, expect, it } from 'vitest';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import { runDramTrace } from '../../../sim/run/run-dram-trace.ts';
import { sequentialReads } from './ddr4-helpers.ts';
import { hbm2Config, hbm2Spec } from './hbm2-helpers.ts';

describe('HBM2 bandwidth', () => {
  it('a sequential stream on one pseudo-channel reaches ≥ 90 % of 14.4 GB/s with bank groups interleaved', () => {
    const r = runDramTrace({ memory: hbm2Spec({ mapping: 'rochrabacobg' }), trace: sequentialReads(8192, 32) });
    expect(r.peak_bandwidth_gbs).toBeCloseTo(14.4, 9);
    expect(r.bandwidth_gbs / r.peak_bandwidth_gbs).toBeGreaterThanOrEqual(0.9);
    expect(r.ref).toBeGreaterThan(0); // refresh was on and paid for
  });

  it('the same stream kept inside one bank group runs at tCCD_L: about half the peak', () => {
    // A shallow queue: a deep FR-FCFS queue reaches the next row's bank group and interleaves anyway.
    const r = runDramTrace({ memory: hbm2Spec({ mapping: 'rochrababgco', read_queue: 4 }), trace: sequentialReads(8192, 32) });
    expect(r.bandwidth_gbs / r.peak_bandwidth_gbs).toBeLessThan(0.55);
    expect(r.bandwidth_gbs / r.peak_bandwidth_gbs).toBeGreaterThan(0.4);
  });

  it('32 pseudo-channels scale to ≈ 460.8 GB/s', () => {
    const config = hbm2Config({ pseudo_channels: 32, mapping: 'rorabacochbg', read_queue: 32 });
    const m = new DramMemory(config);
    // A requester as wide as the memory: every cycle, as many 32-byte reads as the queues take.
    const total = 32 * 1024;
    let next = 0;
    let done = 0;
    let last = 0;
    const onDone = (_r: unknown, c: number): void => {
      done++;
      last = c;
    };
    for (let cycle = 0; done < total; cycle++) {
      while (next < total && m.canAcceptAddress(next * 32, false, cycle)) {
        m.enqueue({ id: next, addr: next * 32, bytes: 32, write: false }, cycle);
        next++;
      }
      m.advanceTo(cycle, onDone);
      if (cycle > 1e6) throw new Error('did not finish');
    }
    const gbs = (total * 32) / ((last + 1) / config.clockHz) / 1e9;
    const peak = (config.clockHz * 2 * 8 * 32) / 1e9;
    expect(peak).toBeCloseTo(460.8, 9);
    expect(gbs / peak).toBeGreaterThanOrEqual(0.9);
    expect(gbs / peak).toBeLessThanOrEqual(1);
  });
});
