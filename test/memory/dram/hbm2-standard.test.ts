import { describe, expect, it } from 'vitest';
import { evaluateLatency, formatConstraintTable } from '../../../sim/memory/dram/dram-standard.ts';
import { HBM2_PRESETS } from '../../../sim/memory/technologies/hbm2/hbm2-presets.ts';
import { HBM2_STANDARD, HBM2_TIMING_NAMES } from '../../../sim/memory/technologies/hbm2/hbm2-standard.ts';
import { traceOf } from './ddr4-helpers.ts';
import { hbm2Config, runHbmRecorded } from './hbm2-helpers.ts';

describe('HBM2 standard table', () => {
  it.each(Object.keys(HBM2_PRESETS))('%s: every latency evaluates to a non-negative cycle count', (name) => {
    const t = HBM2_PRESETS[name]!.timing;
    for (const c of HBM2_STANDARD.constraints) expect(evaluateLatency(c.latency, t)).toBeGreaterThanOrEqual(0);
    expect(Object.keys(t).sort()).toEqual([...HBM2_TIMING_NAMES].sort());
    expect(t.tRC).toBe(t.tRAS + t.tRP);
    expect(t.tBL).toBe(2); // BL4 on a double-data-rate bus
    expect(formatConstraintTable(HBM2_STANDARD, t)).toContain('tRCDRD');
  });

  it('has no rank-to-rank rules (one rank per pseudo-channel) and separate read/write row-to-column delays', () => {
    expect(HBM2_STANDARD.constraints.some((c) => c.sibling)).toBe(false);
    const rcd = HBM2_STANDARD.constraints.filter((c) => c.level === 'bank' && c.preceding.includes('ACT') && c.latency.startsWith('tRCD'));
    expect(rcd.map((c) => [c.latency, c.following])).toEqual([
      ['tRCDRD', ['RD', 'RDA']],
      ['tRCDWR', ['WR', 'WRA']],
    ]);
  });

  it('hbm2-2000 runs at 1 GHz: an isolated read takes 14 + 14 + 2 cycles = 30 ns', () => {
    const c = hbm2Config({ preset: 'hbm2-2000' });
    expect(c.clockHz).toBe(1e9);
    const { result } = runHbmRecorded(c, traceOf([{ addr: 0, cycle: 3 }]));
    expect(result.completedAt[0]! - result.acceptedAt[0]!).toBe(30);
  });
});
