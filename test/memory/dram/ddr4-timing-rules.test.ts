import { describe, expect, it } from 'vitest';
import { addrRoBaBgCo, ddr4Config, runRecorded, sequentialReads, traceOf, type IssuedCommand } from './ddr4-helpers.ts';

const PEAK_GBS = 19.2;
const bandwidthGbs = (requests: number, cycles: number) => (requests * 64) / ((cycles + 1) / 1.2e9) / 1e9;

function reads(commands: IssuedCommand[]): IssuedCommand[] {
  return commands.filter((c) => c.cmd === 'RD' || c.cmd === 'RDA');
}

describe('DDR4 column timing and bandwidth', () => {
  it('a long sequential stream with bank-group interleaving sustains ≥ 90 % of 19.2 GB/s with refresh on', () => {
    const n = 60_000; // ≈ 240k cycles ≈ 25 refresh intervals
    const { result } = runRecorded(ddr4Config({ mapping: 'rochrabacobg', ranks: 2 }), sequentialReads(n));
    const gbs = bandwidthGbs(n, result.cycles);
    expect(result.stats.detail.ref as number).toBeGreaterThan(20);
    expect(gbs).toBeGreaterThanOrEqual(0.9 * PEAK_GBS);
    expect(gbs).toBeLessThanOrEqual(PEAK_GBS);
  });

  it('a stream kept in one bank for a whole row issues reads tCCD_L = 6 apart and cannot reach 90 %', () => {
    const n = 20_000;
    const { result, commands } = runRecorded(ddr4Config({ mapping: 'rochrababgco', ranks: 2 }), sequentialReads(n));
    const rd = reads(commands);
    // Within one row of one bank, consecutive reads are tCCD_L apart.
    let sameBankGaps = 0;
    for (let i = 1; i < rd.length; i++) {
      const a = rd[i - 1]!;
      const b = rd[i]!;
      if (a.bankGroup === b.bankGroup && a.bank === b.bank && a.rank === b.rank) {
        expect(b.cycle - a.cycle).toBeGreaterThanOrEqual(6);
        if (b.cycle - a.cycle === 6) sameBankGaps++;
      }
    }
    expect(sameBankGaps).toBeGreaterThan(0.5 * n);
    expect(bandwidthGbs(n, result.cycles)).toBeLessThan(0.9 * PEAK_GBS);
  });

  it('reads to the same bank group are spaced tCCD_L, to different groups tCCD_S', () => {
    // Two open rows in bank groups 0 and 1 (and a second bank of group 0), then reads to all.
    const warm = [addrRoBaBgCo(1, 0, 0), addrRoBaBgCo(1, 0, 1), addrRoBaBgCo(1, 1, 0)].map((addr, i) => ({ addr, cycle: i }));
    const sameGroup = traceOf([...warm, { addr: addrRoBaBgCo(1, 0, 0, 1), cycle: 200 }, { addr: addrRoBaBgCo(1, 1, 0, 1), cycle: 201 }]);
    const otherGroup = traceOf([...warm, { addr: addrRoBaBgCo(1, 0, 0, 1), cycle: 200 }, { addr: addrRoBaBgCo(1, 0, 1, 1), cycle: 201 }]);
    const gap = (t: ReturnType<typeof traceOf>) => {
      const rd = reads(runRecorded(ddr4Config(), t).commands).filter((c) => c.cycle >= 200);
      return rd[1]!.cycle - rd[0]!.cycle;
    };
    expect(gap(sameGroup)).toBe(6);
    expect(gap(otherGroup)).toBe(4);
  });

  it('never more than four activates in any tFAW window, and tRRD_S / tRRD_L between them', () => {
    // Every request opens a new row in a different bank: activate-bound.
    const trace = traceOf(Array.from({ length: 2000 }, (_, i) => ({ addr: addrRoBaBgCo(i >> 4, (i >> 2) & 3, i & 3), cycle: i })));
    const { commands } = runRecorded(ddr4Config(), trace);
    const acts = commands.filter((c) => c.cmd === 'ACT');
    // One more than the requests: the refresh at tREFI closes a row before its read was served.
    expect(acts.length).toBeGreaterThanOrEqual(2000);
    let windowBound = 0;
    for (let i = 4; i < acts.length; i++) {
      expect(acts[i]!.cycle - acts[i - 4]!.cycle).toBeGreaterThanOrEqual(26);
      if (acts[i]!.cycle - acts[i - 4]!.cycle === 26) windowBound++;
      const sameGroup = acts[i]!.bankGroup === acts[i - 1]!.bankGroup;
      expect(acts[i]!.cycle - acts[i - 1]!.cycle).toBeGreaterThanOrEqual(sameGroup ? 6 : 4);
    }
    expect(windowBound).toBeGreaterThan(1000); // tFAW, not something slower, is what binds
  });

  it('refresh costs about tRFC / tREFI of the bandwidth', () => {
    const n = 60_000;
    const on = runRecorded(ddr4Config({ mapping: 'rochrabacobg' }), sequentialReads(n)).result;
    const off = runRecorded(ddr4Config({ mapping: 'rochrabacobg', refresh: false }), sequentialReads(n)).result;
    const overhead = 1 - off.cycles / on.cycles;
    const expected = 420 / 9360; // 4.5 %
    expect(overhead).toBeGreaterThan(expected * 0.8);
    expect(overhead).toBeLessThan(expected * 1.5);
    expect(on.stats.detail.ref).toBe(Math.floor(on.cycles / 9360));
  });

  it('refresh is staggered across ranks: each rank every tREFI, rank 1 half a tREFI after rank 0', () => {
    const { commands } = runRecorded(ddr4Config({ ranks: 2 }), traceOf([{ addr: 0, cycle: 30_000 }]));
    const refs = commands.filter((c) => c.cmd === 'REF').map((c) => [c.rank, c.cycle]);
    expect(refs.slice(0, 4)).toEqual([
      [0, 4680],
      [1, 9360],
      [0, 4680 + 9360],
      [1, 2 * 9360],
    ]);
  });

  it('a read after a write to the same bank group waits CWL + BL/2 + tWTR_L; another group tWTR_S', () => {
    const run = (readGroup: number) => {
      const trace = traceOf([
        { addr: addrRoBaBgCo(1, 0, 0), cycle: 0 },
        { addr: addrRoBaBgCo(1, 0, readGroup), cycle: 1 },
        { addr: addrRoBaBgCo(1, 0, 0, 1), write: true, cycle: 300 },
        { addr: addrRoBaBgCo(1, 0, readGroup, 1), cycle: 301 },
      ]);
      const cmds = runRecorded(ddr4Config(), trace).commands.filter((c) => c.cycle >= 300);
      const wr = cmds.find((c) => c.cmd === 'WR')!;
      const rd = cmds.find((c) => c.cmd === 'RD')!;
      return rd.cycle - wr.cycle;
    };
    expect(run(0)).toBe(12 + 4 + 9);
    expect(run(1)).toBe(12 + 4 + 3);
  });

  it('a write after a read waits for the read-to-write bus turnaround CL + BL/2 + 2 − CWL', () => {
    const trace = traceOf([
      { addr: addrRoBaBgCo(1, 0, 0), cycle: 0 },
      { addr: addrRoBaBgCo(1, 0, 1), cycle: 1 },
      { addr: addrRoBaBgCo(1, 0, 0, 1), cycle: 300 },
      { addr: addrRoBaBgCo(1, 0, 1, 1), write: true, cycle: 301 },
    ]);
    const cmds = runRecorded(ddr4Config(), trace).commands.filter((c) => c.cycle >= 300);
    expect(cmds.find((c) => c.cmd === 'WR')!.cycle - cmds.find((c) => c.cmd === 'RD')!.cycle).toBe(17 + 4 + 2 - 12);
  });

  it('reads from two ranks are separated by the rank-to-rank switch (BL/2 + tRTRS)', () => {
    const cfg = ddr4Config({ ranks: 2 });
    const trace = traceOf([
      { addr: addrRoBaBgCo(1, 0, 0, 0, 0, 2), cycle: 0 },
      { addr: addrRoBaBgCo(1, 0, 0, 0, 1, 2), cycle: 1 },
      { addr: addrRoBaBgCo(1, 0, 0, 1, 0, 2), cycle: 300 },
      { addr: addrRoBaBgCo(1, 0, 0, 1, 1, 2), cycle: 301 },
    ]);
    const rd = reads(runRecorded(cfg, trace).commands).filter((c) => c.cycle >= 300);
    expect(rd.map((c) => c.rank)).toEqual([0, 1]);
    expect(rd[1]!.cycle - rd[0]!.cycle).toBe(4 + 2);
  });
});
