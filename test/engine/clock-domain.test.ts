import { describe, expect, it } from 'vitest';
import { HorizonError, Timebase } from '../../sim/engine/clock-domain.ts';

describe('Timebase and ClockDomain', () => {
  it('uses the LCM of the clocks so every edge is an integer tick', () => {
    const tb = new Timebase([60_000_000, 1_200_000_000]);
    expect(tb.ticksPerSecond).toBe(1_200_000_000);
    expect(tb.domain(60_000_000).ticksPerCycle).toBe(20);
    expect(tb.domain(1_200_000_000).ticksPerCycle).toBe(1);
    const odd = new Timebase([61_000_000, 1_200_000_000]);
    expect(odd.ticksPerSecond).toBe(73_200_000_000);
    expect(odd.domain(61_000_000).ticksPerCycle).toBe(1200);
    expect(odd.domain(1_200_000_000).ticksPerCycle).toBe(61);
  });

  it('converts without drift: a billion core cycles later is exactly a multiple', () => {
    const tb = new Timebase([61_000_000, 1_200_000_000]);
    const core = tb.domain(61_000_000);
    const dram = tb.domain(1_200_000_000);
    const t = core.timeOf(1_000_000_000);
    expect(t).toBe(1_200_000_000_000);
    // The DRAM edge at or after a core edge, and back.
    expect(dram.cycleAtOrAfter(core.timeOf(1))).toBe(20); // 1200 ticks / 61 per DRAM cycle → 19.67 → 20
    expect(core.cycleAtOrAfter(dram.timeOf(20))).toBe(2); // 1220 ticks → core edge 2 (2400)
    expect(core.cycleAtOrAfter(core.timeOf(7))).toBe(7);
    expect(core.cycleAtOrBefore(core.timeOf(7) - 1)).toBe(6);
  });

  it('fails clearly past the 2^53 horizon and on non-integer clocks', () => {
    const tb = new Timebase([61_000_000, 1_200_000_000]);
    expect(() => tb.domain(61_000_000).timeOf(2 ** 50)).toThrow(HorizonError);
    expect(() => new Timebase([60_000_000.5])).toThrow(/whole number of Hz/);
    expect(() => new Timebase([999_999_937, 999_999_929, 999_999_893])).toThrow(/2\^53/);
  });
});
