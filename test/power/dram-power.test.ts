import { describe, expect, it } from 'vitest';
import { MemorySchema } from '../../sim/arch/memory-schema.ts';
import { Ddr4MemorySchema } from '../../sim/memory/technologies/ddr4/ddr4-schema.ts';
import { resolveDdr4Config } from '../../sim/memory/technologies/ddr4/ddr4-config.ts';
import { DramMemory } from '../../sim/memory/dram/dram-memory.ts';
import { parseDramTrace } from '../../sim/memory/dram/dram-trace.ts';
import { playTrace } from '../../sim/memory/dram/trace-player.ts';
import { dramEnergyPj, type DramActivity } from '../../sim/power/dram-energy.ts';
import { ddr4Table, idd } from './ddr4-energy-table.ts';
import { dramPower, dramRunFromStats, type DramRun } from '../../sim/power/dram-power.ts';

/** A run whose energies come from the DDR4 helper's IDD formulas, 8 devices per rank. */
function run(activity: Partial<DramActivity>, bytes = { read: 0, written: 0 }): DramRun {
  const a: DramActivity = { activates: 0, reads: 0, writes: 0, refreshes: 0, activeStandbyCycles: 0, prechargeStandbyCycles: 0, ...activity };
  return { technology: 'ddr4', energyPj: dramEnergyPj(ddr4Table, a), bytesRead: bytes.read, bytesWritten: bytes.written, table: ddr4Table, channels: 1 };
}

describe('DRAM energy → power (hand-computed, 8 devices per rank)', () => {
  it('one activate: 48·56 − (43·39 + 34·17) = 433 pJ per device, 3464 pJ per rank', () => {
    const r = run({ activates: 1 });
    expect(r.energyPj.act).toBeCloseTo(3464, 9); // pJ
    const p = dramPower(r, 0, 1e-6);
    expect(p.core_by_command_j.act).toBeCloseTo(3464e-12, 20); // J
    expect(p.core_j).toBeCloseTo(3.464e-9, 20);
    expect(p.core_w).toBeCloseTo(3.464e-3, 12); // 3464 pJ over 1 µs = 3.464 mW
  });

  it('one read burst: (135 − 43)·4 = 368 pJ per device → 2944 pJ; one write: (123 − 43)·4 = 320 → 2560 pJ', () => {
    const r = run({ reads: 1, writes: 1 });
    expect(r.energyPj.read).toBeCloseTo(2944, 9); // pJ
    expect(r.energyPj.write).toBeCloseTo(2560, 9);
    const p = dramPower(r, 0, 1e-9);
    expect(p.core_by_command_j.read).toBeCloseTo(2944e-12, 20);
    expect(p.core_by_command_j.write).toBeCloseTo(2560e-12, 20);
    expect(p.core_w).toBeCloseTo(((2944 + 2560) * 1e-12) / 1e-9, 9); // 5.504 W over 1 ns
  });

  it('one refresh: (250 − 43)·420 = 86,940 pJ per device → 695,520 pJ per rank', () => {
    const r = run({ refreshes: 1 });
    expect(r.energyPj.refresh).toBeCloseTo(695_520, 6); // pJ
    const p = dramPower(r, 0, 7.8e-6);
    expect(p.core_by_command_j.refresh).toBeCloseTo(695_520e-12, 18);
    // One refresh per tREFI (7.8 µs) is 89.17 mW of refresh power per rank.
    expect(p.core_w).toBeCloseTo(0.0891692, 6);
  });

  it('background: IDD2N 34 mA × 1.2 V × 8 = 326.4 mW precharged, IDD3N 43 mA → 412.8 mW open', () => {
    const cycles = 1_200_000; // 1 ms of DRAM clock
    expect(run({ prechargeStandbyCycles: 1 }).energyPj.background).toBeCloseTo(34 * 8, 9); // pJ per rank-cycle
    const pre = dramPower(run({ prechargeStandbyCycles: cycles }), 0, 1e-3);
    expect(pre.background_j).toBeCloseTo(326.4e-6, 12);
    expect(pre.background_w).toBeCloseTo(0.3264, 9);
    const open = dramPower(run({ activeStandbyCycles: cycles }), 0, 1e-3);
    expect(open.background_w).toBeCloseTo(0.4128, 9);
  });

  it('I/O energy is pJ/bit × 8 × bytes, its own line', () => {
    const p = dramPower(run({ reads: 1 }, { read: 64, written: 64 }), 5, 1e-6);
    expect(p.io_j).toBeCloseTo(5 * 8 * 128 * 1e-12, 20); // 5.12 nJ
    expect(p.io_w).toBeCloseTo(5.12e-3, 12);
    expect(p.core_j).toBeCloseTo(2944e-12, 20); // I/O is not in the IDD command energy
  });

  it('sums the lines into the total, by hand', () => {
    const seconds = 0.0025;
    const p = dramPower(
      run(
        { activates: 1200, reads: 40_000, writes: 9000, refreshes: 320, activeStandbyCycles: 2_000_000, prechargeStandbyCycles: 1_000_000 },
        { read: 40_000 * 64, written: 9000 * 64 },
      ),
      5,
      seconds,
    );
    expect(p.core_j).toBeCloseTo((1200 * 3464 + 40_000 * 2944 + 9000 * 2560 + 320 * 695_520) * 1e-12, 15);
    expect(p.background_j).toBeCloseTo((2_000_000 * 43 + 1_000_000 * 34) * 8 * 1e-12, 15);
    expect(p.total_w).toBeCloseTo((p.core_j + p.background_j + p.io_j) / seconds, 9);
  });
});

describe('DRAM power of a simulated DDR4 trace', () => {
  const spec = Ddr4MemorySchema.parse({ model: 'ddr4', channels: 1, mapping: 'rochrabacobg' });
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) lines.push(`0x${(i * 64).toString(16)} ${i % 5 === 4 ? 'WRITE' : 'READ'} ${i * 4}`);
  const memory = new DramMemory(resolveDdr4Config(spec));
  const result = playTrace(memory, parseDramTrace(lines.join('\n'), 'inline.trace'));
  const dramRun = dramRunFromStats(result.stats, spec)!;
  const seconds = (result.cycles + 1) / memory.clockHz;

  it('takes its energies from the model and its bus bytes from the burst counts', () => {
    expect(dramRun.technology).toBe('ddr4');
    const detail = result.stats.detail as { rd: number; wr: number; act: number };
    expect(detail.rd + detail.wr).toBe(4000);
    expect(dramRun.bytesRead).toBe(detail.rd * 64);
    expect(dramRun.bytesRead + dramRun.bytesWritten).toBe(4000 * 64);
    // Per-command energy × the model's own command counts (3464 / 2944 / 2560 pJ per rank).
    expect(dramRun.energyPj.read).toBeCloseTo(detail.rd * 2944, 3);
    expect(dramRun.energyPj.write).toBeCloseTo(detail.wr * 2560, 3);
    expect(dramRun.energyPj.act).toBeCloseTo(detail.act * 3464, 3);
    expect(dramRun.table.idd).toEqual(idd);
    expect(dramRun.table.iddSource.provenance).toBe('datasheet');
  });

  it('the power of the trace equals its energy divided by its time', () => {
    const p = dramPower(dramRun, 5, seconds);
    const e = dramRun.energyPj;
    const energyJ = (e.act + e.read + e.write + e.refresh + e.background) * 1e-12 + 5 * 8 * 4000 * 64 * 1e-12;
    expect(p.total_w).toBeCloseTo(energyJ / seconds, 9);
    expect(p.background_w).toBeGreaterThan(0.3264 * 0.99); // at least IDD2N for one rank
    expect(p.background_w).toBeLessThanOrEqual(0.4128 * 1.01); // at most IDD3N
  });

  it('pays interface energy on whole bursts, even for 1-byte requests', () => {
    const small = new DramMemory(resolveDdr4Config(spec));
    const played = playTrace(small, parseDramTrace('0x0 READ 0\n0x1000 READ 10', 'two.trace'), 64);
    const oneByte = { ...played.stats, bytesRead: 2 }; // what a 1-byte-per-request port asked for
    expect(dramRunFromStats(oneByte, spec)!.bytesRead).toBe(2 * 64);
  });

  it('is null for the fixed-latency memory', () => {
    const fixed = MemorySchema.parse({ model: 'fixed', response_cycles: 3 });
    expect(dramRunFromStats({ reads: 1, writes: 0, bytesRead: 1, bytesWritten: 0, detail: { response_cycles: 3 } }, fixed)).toBeNull();
  });
});
