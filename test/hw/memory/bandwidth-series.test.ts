import { describe, expect, it } from 'vitest';
import { ArchSchema } from '../../../sim/arch/schema.ts';
import { loadYamlConfig } from '../../../sim/arch/yaml-config.ts';
import { BandwidthSeries } from '../../../sim/hw/memory/bandwidth-series.ts';
import { runModel } from '../../../sim/run/run-model.ts';
import { arch, smallModel } from '../system/fixtures.ts';

const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);

describe('BandwidthSeries', () => {
  it('counts each request in the window of its entry time; reads and writes apart', () => {
    const s = new BandwidthSeries(10, 4); // 10 ticks per core cycle, 4-cycle windows = 40 ticks
    s.add(0, 64, false);
    s.add(39, 64, false);
    s.add(40, 32, true);
    s.add(125, 8, false);
    expect(s.snapshot(16)).toEqual({ window_cycles: 4, read_bytes: [128, 0, 0, 8], write_bytes: [0, 32, 0, 0] });
  });

  it('doubles the window when a request falls past the last one, merging neighbours, and keeps every byte', () => {
    const s = new BandwidthSeries(1, 1);
    for (let t = 0; t < 1000; t++) s.add(t, 1, t % 3 === 0);
    const out = s.snapshot(1000);
    // 1000 cycles need 4-cycle windows to fit 256 of them: 250 windows.
    expect(out.window_cycles).toBe(4);
    expect(out.read_bytes).toHaveLength(250);
    expect(sum(out.read_bytes) + sum(out.write_bytes)).toBe(1000);
    expect(out.read_bytes[0]! + out.write_bytes[0]!).toBe(4);
  });

  it('a fast-forwarded run of reads (or writes) lands in the same windows as the requests one by one', () => {
    for (const write of [false, true]) {
      const one = new BandwidthSeries(3, 2);
      const run = new BandwidthSeries(3, 2);
      for (let j = 0; j < 700; j++) one.add(7 + j * 5, 64, write);
      run.addRun(7, 5, 700, 64, write);
      expect(run.snapshot(1200)).toEqual(one.snapshot(1200));
      expect(sum(run.snapshot(1200)[write ? 'write_bytes' : 'read_bytes'])).toBe(700 * 64);
    }
  });

  it('snapshot of a run ending inside a window keeps that partial window', () => {
    const s = new BandwidthSeries(1, 10);
    s.add(95, 5, false);
    expect(s.snapshot(96).read_bytes).toHaveLength(10);
  });
});

describe('a run records its bandwidth series', () => {
  const model = smallModel(2, 64, 128, 48, 2);
  const core = { tmatmul: { accumulator_bits: 32, weights_per_cycle: 16, fifo_bytes: 1024 }, memory_port: { width_bytes: 16, outstanding: 4 } };
  const u280 = loadYamlConfig('arch-configs/u280-hbm.yaml', ArchSchema);
  const cases = [
    { name: 'private DDR4, one core', arch: arch(core) },
    { name: 'private DDR4, two cores', arch: arch({ ...core, cores: 2 }, { model: 'ddr4', channels: 2, mapping: 'rochrabacobg' }) },
    { name: 'two cores sharing one DDR4 channel', arch: arch({ ...core, cores: 2, memory_sharing: 'shared' }) },
    { name: 'fixed-latency memory', arch: arch(core, { model: 'fixed', response_cycles: 12 }) },
    { name: 'u280 HBM2', arch: u280 },
  ];
  it.each(cases)('$name: the windows hold every byte the memory counted, and cover the run', ({ arch: a }) => {
    for (const fastForward of [true, false]) {
      const r = runModel({ arch: a, model, promptIds: [1, 2, 3], tokens: 2, timingOnly: true, fastForward });
      const s = r.bandwidthSeries;
      expect(sum(s.read_bytes)).toBe(r.memory.bytesRead);
      expect(sum(s.write_bytes)).toBe(r.memory.bytesWritten);
      expect(r.memory.bytesRead).toBeGreaterThan(0);
      expect(s.read_bytes.length).toBe(Math.ceil(r.totalCycles / s.window_cycles));
      expect(s.read_bytes.length).toBeLessThanOrEqual(BandwidthSeries.MAX_WINDOWS);
    }
  });
});
