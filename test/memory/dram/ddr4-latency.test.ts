import { describe, expect, it } from 'vitest';
import { addrRoBaBgCo, ddr4Config, runRecorded, traceOf } from './ddr4-helpers.ts';

// DDR4-2400 (docs/memory-and-power.md, "Timing parameters"): CL 17, tRCD 17, tRP 17, tRAS 39, BL/2 = 4.
const CL = 17;
const TRCD = 17;
const TRP = 17;
const TRAS = 39;
const BURST = 4;

describe('DDR4 read latency by row-buffer state (acceptance → last data beat)', () => {
  it('a read to a closed bank takes tRCD + CL + BL/2', () => {
    const { result, commands } = runRecorded(ddr4Config(), traceOf([{ addr: addrRoBaBgCo(5, 2, 1), cycle: 100 }]));
    expect(result.acceptedAt[0]).toBe(100);
    expect(result.completedAt[0]! - result.acceptedAt[0]!).toBe(TRCD + CL + BURST);
    expect(commands.map((c) => [c.cmd, c.cycle])).toEqual([
      ['ACT', 100],
      ['RD', 100 + TRCD],
    ]);
  });

  it('a row hit takes CL + BL/2', () => {
    const trace = traceOf([
      { addr: addrRoBaBgCo(5, 2, 1, 0), cycle: 0 },
      { addr: addrRoBaBgCo(5, 2, 1, 9), cycle: 500 },
    ]);
    const { result } = runRecorded(ddr4Config(), trace);
    expect(result.completedAt[1]! - result.acceptedAt[1]!).toBe(CL + BURST);
    expect(result.stats.detail).toMatchObject({ row_hits: 1, row_misses: 1 });
  });

  it('a row conflict costs tRP + tRCD + CL + BL/2 once tRAS has passed', () => {
    const trace = traceOf([
      { addr: addrRoBaBgCo(5, 2, 1), cycle: 0 },
      { addr: addrRoBaBgCo(6, 2, 1), cycle: 500 },
    ]);
    const { result } = runRecorded(ddr4Config(), trace);
    expect(result.completedAt[1]! - result.acceptedAt[1]!).toBe(TRP + TRCD + CL + BURST);
    expect(result.stats.detail).toMatchObject({ row_conflicts: 1, pre: 1 });
  });

  it('a row conflict right after the activate waits for tRAS before precharging', () => {
    const trace = traceOf([
      { addr: addrRoBaBgCo(5, 2, 1), cycle: 0 },
      { addr: addrRoBaBgCo(6, 2, 1), cycle: 1 },
    ]);
    const { result, commands } = runRecorded(ddr4Config(), trace);
    const act = commands.find((c) => c.cmd === 'ACT')!;
    const pre = commands.find((c) => c.cmd === 'PRE')!;
    expect(pre.cycle - act.cycle).toBe(TRAS);
    expect(result.completedAt[1]).toBe(TRAS + TRP + TRCD + CL + BURST);
  });

  it('the shell latency is added on the way in and on the way out', () => {
    // 80 ns at 1200 MHz = 96 cycles each way.
    const { result, commands } = runRecorded(ddr4Config({ shell_latency_ns: 80 }), traceOf([{ addr: 0, cycle: 10 }]));
    expect(commands[0]).toMatchObject({ cmd: 'ACT', cycle: 10 + 96 });
    expect(result.completedAt[0]! - result.acceptedAt[0]!).toBe(96 + TRCD + CL + BURST + 96);
  });

  it('closed page auto-precharges, so a later read to the same row activates again', () => {
    const trace = traceOf([
      { addr: addrRoBaBgCo(5, 2, 1, 0), cycle: 0 },
      { addr: addrRoBaBgCo(5, 2, 1, 1), cycle: 500 },
    ]);
    const open = runRecorded(ddr4Config({ page_policy: 'open' }), trace);
    const closed = runRecorded(ddr4Config({ page_policy: 'closed' }), trace);
    expect(closed.commands.map((c) => c.cmd)).toEqual(['ACT', 'RDA', 'ACT', 'RDA']);
    expect(closed.result.completedAt[1]! - closed.result.acceptedAt[1]!).toBe(TRCD + CL + BURST);
    expect(open.result.completedAt[1]! - open.result.acceptedAt[1]!).toBe(CL + BURST);
  });

  it('closed page keeps the row open while queued requests still hit it', () => {
    const trace = traceOf([0, 1, 2, 3].map((c) => ({ addr: addrRoBaBgCo(5, 2, 1, c), cycle: c })));
    const { commands } = runRecorded(ddr4Config({ page_policy: 'closed' }), trace);
    expect(commands.map((c) => c.cmd)).toEqual(['ACT', 'RD', 'RD', 'RD', 'RDA']);
  });
});
