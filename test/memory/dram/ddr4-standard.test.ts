import { describe, expect, it } from 'vitest';
import { DDR4_PRESETS } from '../../../sim/memory/technologies/ddr4/ddr4-presets.ts';
import { DDR4_STANDARD, DDR4_TIMING_NAMES } from '../../../sim/memory/technologies/ddr4/ddr4-standard.ts';
import { evaluateLatency, formatConstraintTable } from '../../../sim/memory/dram/dram-standard.ts';

describe('the DDR4 standard as data', () => {
  const timing = DDR4_PRESETS['ddr4-2400']!.timing;

  it('prints its constraint table with the DDR4-2400 cycle values', () => {
    const table = formatConstraintTable(DDR4_STANDARD, timing);
    process.stdout.write(`\n${table}\n`);
    const lines = table.split('\n');
    expect(lines).toHaveLength(DDR4_STANDARD.constraints.length + 1);
    expect(lines[0]).toMatch(/^level\s+after\s+before\s+latency\s+cycles\s+why$/);
    // Spot-check rows against docs/memory-and-power.md, "Timing parameters".
    expect(table).toMatch(/rank\s+ACT\s+ACT\s+tFAW \[window 4\]\s+26\s/);
    expect(table).toMatch(/bankgroup\s+RD,RDA\s+RD,RDA\s+tCCD_L\s+6\s/);
    expect(table).toMatch(/bankgroup\s+WR,WRA\s+RD,RDA\s+CWL \+ tBL \+ tWTR_L\s+25\s/);
    expect(table).toMatch(/rank \(other\)\s+RD,RDA\s+RD,RDA\s+tBL \+ tRTRS\s+6\s/);
    expect(table).toMatch(/bank\s+ACT\s+RD,RDA,WR,WRA\s+tRCD\s+17\s/);
  });

  it('every latency expression names known parameters and evaluates to a sensible cycle count', () => {
    for (const c of DDR4_STANDARD.constraints) {
      const v = evaluateLatency(c.latency, timing);
      expect(Number.isInteger(v), c.latency).toBe(true);
      expect(v, c.latency).toBeGreaterThan(0);
      expect(v, c.latency).toBeLessThanOrEqual(timing.tRFC);
    }
    expect(DDR4_STANDARD.timingNames).toEqual(DDR4_TIMING_NAMES);
  });

  it('rejects unknown names and malformed expressions', () => {
    expect(() => evaluateLatency('tRCD + tXYZ', timing)).toThrow(/unknown timing parameter 'tXYZ'/);
    expect(() => evaluateLatency('tRCD + + CL', timing)).toThrow(/malformed/);
    expect(() => evaluateLatency('tRCD * 2', timing)).toThrow(/malformed/);
    expect(evaluateLatency('CL + tBL + 2 - CWL', timing)).toBe(11);
  });

  it('both presets are internally consistent (tRC = tRAS + tRP, JEDEC ordering)', () => {
    for (const p of Object.values(DDR4_PRESETS)) {
      const t = p.timing;
      expect(t.tRC, p.name).toBe(t.tRAS + t.tRP);
      expect(t.tCCD_L, p.name).toBeGreaterThanOrEqual(t.tCCD_S);
      expect(t.tRRD_L, p.name).toBeGreaterThanOrEqual(t.tRRD_S);
      expect(t.tWTR_L, p.name).toBeGreaterThanOrEqual(t.tWTR_S);
      expect(t.tBL, p.name).toBe(p.org.burstLength / 2);
      // tREFI = 7.8 µs, tRFC = 350 ns for 8 Gb parts.
      expect(Math.round((t.tREFI * 1e9) / p.clockHz)).toBe(7800);
      expect(Math.round((t.tRFC * 1e9) / p.clockHz)).toBe(350);
    }
  });
});
