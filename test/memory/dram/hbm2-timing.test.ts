import { describe, expect, it } from 'vitest';
import { DramMemory } from '../../../sim/memory/dram/dram-memory.ts';
import { HBM2_PRESETS } from '../../../sim/memory/technologies/hbm2/hbm2-presets.ts';
import { traceOf } from './ddr4-helpers.ts';
import { hbm2Config, hbmAddr, runHbmRecorded as runRecorded } from './hbm2-helpers.ts';

// hbm2-1800 (900 MHz): CL 13, tRCDRD 13, tRCDWR 13, tRP 13, tRAS 31, BL4 → tBL 2,
// tCCD_S 2, tCCD_L 4, tRRD_S 4, tFAW 27, tREFI 3510, tRFC 234.
const T = HBM2_PRESETS['hbm2-1800']!.timing;

describe('HBM2 pseudo-channel timing (hbm2-1800)', () => {
  it('runs at 900 MHz with 32-byte bursts on one rank of 4 × 4 banks', () => {
    const c = hbm2Config();
    expect(c.clockHz).toBe(900_000_000);
    expect(c.burstBytes).toBe(32);
    expect(c.ranks).toBe(1);
    expect(c.org.bankGroups * c.org.banksPerGroup).toBe(16);
    // 256 MiB per pseudo-channel (the U280's 32 × 256 MB).
    expect(new DramMemory(c).mapping.capacityBytes).toBe(256 * 1024 * 1024);
  });

  it('an isolated read to a closed bank takes tRCDRD + CL + BL/2', () => {
    const { result, commands } = runRecorded(hbm2Config(), traceOf([{ addr: hbmAddr(5, 2, 1), cycle: 100 }]));
    expect(result.completedAt[0]! - result.acceptedAt[0]!).toBe(T.tRCDRD + T.CL + 2);
    expect(T.tRCDRD + T.CL + 2).toBe(28);
    expect(commands.map((c) => [c.cmd, c.cycle])).toEqual([
      ['ACT', 100],
      ['RD', 100 + T.tRCDRD],
    ]);
  });

  it('a write to a closed bank uses tRCDWR, not tRCDRD', () => {
    const { commands } = runRecorded(hbm2Config({ timing: { tRCDWR: 9 } }), traceOf([{ addr: hbmAddr(5, 2, 1), write: true, cycle: 0 }]));
    expect(commands.map((c) => [c.cmd, c.cycle])).toEqual([
      ['ACT', 0],
      ['WR', 9],
    ]);
  });

  it('the shell latency is added each way (50 ns = 45 cycles at 900 MHz)', () => {
    const { result } = runRecorded(hbm2Config({ shell_latency_ns: 50 }), traceOf([{ addr: 0, cycle: 10 }]));
    expect(result.completedAt[0]! - result.acceptedAt[0]!).toBe(45 + 28 + 45);
  });

  it('a row hit takes CL + BL/2; a row conflict tRP + tRCDRD + CL + BL/2', () => {
    const hit = runRecorded(hbm2Config(), traceOf([{ addr: hbmAddr(5, 2, 1, 0) }, { addr: hbmAddr(5, 2, 1, 7), cycle: 500 }]));
    expect(hit.result.completedAt[1]! - hit.result.acceptedAt[1]!).toBe(T.CL + 2);
    const conflict = runRecorded(hbm2Config(), traceOf([{ addr: hbmAddr(5, 2, 1) }, { addr: hbmAddr(6, 2, 1), cycle: 500 }]));
    expect(conflict.result.completedAt[1]! - conflict.result.acceptedAt[1]!).toBe(T.tRP + T.tRCDRD + T.CL + 2);
    expect(conflict.result.stats.detail).toMatchObject({ row_conflicts: 1 });
  });

  it('reads to different bank groups are tCCD_S apart, within one bank group tCCD_L', () => {
    const rdGap = (second: number): number => {
      // Open both rows first, then two reads back to back (the trace enters one per cycle).
      const trace = traceOf([
        { addr: hbmAddr(3, 0, 0, 0) },
        { addr: second, cycle: 1 },
        { addr: hbmAddr(3, 0, 0, 1), cycle: 500 },
        { addr: second + 64, cycle: 501 },
      ]);
      const rds = runRecorded(hbm2Config(), trace).commands.filter((c) => c.cmd === 'RD' && c.cycle >= 500);
      return rds[1]!.cycle - rds[0]!.cycle;
    };
    expect(rdGap(hbmAddr(3, 0, 1, 0))).toBe(T.tCCD_S);
    expect(rdGap(hbmAddr(3, 1, 0, 0))).toBe(T.tCCD_L);
    expect(T.tCCD_L).toBeGreaterThan(T.tCCD_S);
  });

  it('at most four activates per tFAW; tRRD_S between bank groups', () => {
    const banks = [
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 3],
      [1, 0],
    ] as const;
    const trace = traceOf(banks.map(([bank, bg], i) => ({ addr: hbmAddr(9, bank, bg), cycle: i })));
    const acts = runRecorded(hbm2Config(), trace).commands.filter((c) => c.cmd === 'ACT').map((c) => c.cycle);
    expect(acts).toEqual([0, T.tRRD_S, 2 * T.tRRD_S, 3 * T.tRRD_S, T.tFAW]);
  });

  it('refreshes every tREFI: ⌊cycles / tREFI⌋ refreshes over a long run', () => {
    for (const end of [3 * T.tREFI - 1, 3 * T.tREFI + T.tRFC, 40 * T.tREFI + 17]) {
      const m = new DramMemory(hbm2Config({ pseudo_channels: 2, mapping: 'rorabacochbg' }));
      // Keep the pseudo-channels busy across the run: a read every 100 cycles.
      let id = 0;
      for (let c = 0; c <= end; c += 100) {
        m.enqueue({ id: id++, addr: (id * 4096 + 32 * (id % 3)) % (1 << 24), bytes: 32, write: false }, c);
        m.advanceTo(c, () => {});
      }
      m.advanceTo(end, () => {});
      expect(m.stats().detail['ref']).toBe(2 * Math.floor(end / T.tREFI));
    }
  });
});
