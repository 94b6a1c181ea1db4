import { describe, expect, it } from 'vitest';
import { listDeviceIds } from '../../sim/arch/device-catalogue.ts';
import { ArchSchema, type ArchSpec } from '../../sim/arch/schema.ts';
import { parseYamlConfig } from '../../sim/arch/yaml-config.ts';
import { InputError } from '../../sim/input-error.ts';
import { dramEnergyPj } from '../../sim/power/dram-energy.ts';
import { ddr4Table } from './ddr4-energy-table.ts';
import type { DramRun } from '../../sim/power/dram-power.ts';
import { powerReport, type PowerReportInput } from '../../sim/power/power-report.ts';
import { unitsOf, type UnitOf } from '../../sim/isa/core-kinds.ts';

/** These cases price the paper core, as `mmfsim exec` runs it. */
const PAPER = { kind: 'paper' } as const;
const BUSY_UNITS = unitsOf('paper');
type BusyUnit = UnitOf<'paper'>;

/** mulberry32: a small seeded PRNG so every property case is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));

function arch(overrides: { core?: Record<string, unknown>; device?: string; power?: Record<string, unknown> } = {}): ArchSpec {
  return ArchSchema.parse({
    name: 'test',
    core: { kind: 'paper', ...overrides.core },
    memory: { model: 'fixed', response_cycles: 12 },
    device: { id: overrides.device ?? 'intel-pac-d5005' },
    power: overrides.power ?? {},
  });
}

interface Case {
  core: { d: number; clock_mhz: number; registers: number; memory_port: object; tmatmul: { weights_per_cycle: number; fifo_bytes: number; accumulator_bits: number }; rowwise: object };
  device: string;
  cycles: number;
  busy: Record<BusyUnit, number>;
  cores: number;
}

function randomCase(r: () => number): Case {
  const cycles = int(r, 1000, 5_000_000);
  const cores = int(r, 1, 4);
  const busy = {} as Record<BusyUnit, number>;
  for (const u of BUSY_UNITS) busy[u] = Math.floor(r() * cycles * cores);
  const widthBytes = pick(r, [1, 2, 4, 8, 16, 32, 64]);
  const burstBeats = int(r, 1, 8);
  // The core schema requires one memory request to fit the weight FIFO.
  const fifoBytes = Math.max(widthBytes * burstBeats, pick(r, [256, 1024, 2048, 8192]));
  return {
    core: {
      d: pick(r, [16, 64, 256, 512, 1024, 2048]),
      clock_mhz: int(r, 20, 400),
      registers: int(r, 4, 16),
      memory_port: { width_bytes: widthBytes, outstanding: int(r, 1, 16), burst_beats: burstBeats },
      tmatmul: { weights_per_cycle: pick(r, [1, 2, 3, 4, 8, 16, 32, 64, 128]), fifo_bytes: fifoBytes, accumulator_bits: int(r, 12, 32) },
      rowwise: { elements_per_cycle: pick(r, [1, 2, 4, 8]) },
    },
    device: pick(r, listDeviceIds()),
    cycles,
    busy,
    cores,
  };
}

/**
 * A random case the arch schema accepts: the core schema owns its cross-field rules (a
 * request must fit the FIFO, the instruction word must fit 53 bits, …), so draw again when
 * a draw breaks one rather than copying those rules here.
 */
function validCase(r: () => number): Case {
  for (let tries = 0; tries < 100; tries++) {
    const c = randomCase(r);
    const parsed = ArchSchema.safeParse({ name: 't', core: { kind: 'paper', ...c.core }, memory: { model: 'fixed', response_cycles: 12 }, device: { id: c.device } });
    if (parsed.success) return c;
  }
  throw new Error('no valid random design in 100 draws');
}

function report(c: Case, extra: Partial<PowerReportInput> = {}) {
  return powerReport({
    simulated: PAPER,
    arch: arch({ core: c.core, device: c.device }),
    cycles: c.cycles,
    unitBusyCycles: c.busy,
    cores: c.cores,
    ...extra,
  });
}

const CASES = 150;

describe('power report: properties over seeded random designs', () => {
  it('more lanes never lowers the matmul unit\'s resources or its dynamic power', () => {
    const r = prng(1);
    for (let i = 0; i < CASES; i++) {
      const c = validCase(r);
      const more: Case = { ...c, core: { ...c.core, tmatmul: { ...c.core.tmatmul, weights_per_cycle: c.core.tmatmul.weights_per_cycle * int(r, 2, 4) } } };
      const a = report(c);
      const b = report(more);
      // Memories (the weight FIFO, the scratchpad) may move from block RAM into logic as the
      // lanes widen them (fabric-mapping.ts, mapMemory): the matmul unit's logic only grows.
      for (const k of ['logic', 'registers', 'dsp'] as const) {
        expect(b.resources_by_unit['tmatmul']![k], `case ${i} ${k}`).toBeGreaterThanOrEqual(a.resources_by_unit['tmatmul']![k]);
      }
      expect(b.power_w.fpga_dynamic_by_unit['tmatmul']).toBeGreaterThanOrEqual(a.power_w.fpga_dynamic_by_unit['tmatmul']!);
    }
  });

  it('a higher clock never lowers resources or dynamic power', () => {
    const r = prng(2);
    for (let i = 0; i < CASES; i++) {
      const c = validCase(r);
      // Whole MHz: the arch schema refuses fractional Hz and clocks without a common timebase with the memory's.
      const faster: Case = { ...c, core: { ...c.core, clock_mhz: c.core.clock_mhz + 1 + Math.floor(c.core.clock_mhz * r()) } };
      const a = report(c);
      const b = report(faster);
      expect(b.resources).toEqual(a.resources);
      expect(b.power_w.fpga_dynamic).toBeGreaterThanOrEqual(a.power_w.fpga_dynamic);
      expect(b.power_w.fpga_static).toBe(a.power_w.fpga_static);
    }
  });

  it('an idle unit draws no more than an active one, and still draws its clock floor', () => {
    const r = prng(3);
    for (let i = 0; i < CASES; i++) {
      const c = validCase(r);
      const unit = pick(r, BUSY_UNITS);
      const idle: Case = { ...c, busy: { ...c.busy, [unit]: 0 } };
      const active: Case = { ...c, busy: { ...c.busy, [unit]: Math.max(1, c.busy[unit]) } };
      const pIdle = report(idle).power_w.fpga_dynamic_by_unit[unit];
      const pActive = report(active).power_w.fpga_dynamic_by_unit[unit]!;
      expect(pIdle).toBeLessThanOrEqual(pActive);
      expect(pIdle).toBeGreaterThan(0);
    }
  });

  it('energy_per_token_j × tokens_per_s equals power_w.total within 1 %', () => {
    const r = prng(4);
    for (let i = 0; i < CASES; i++) {
      const c = validCase(r);
      const p = report(c, { tokens: int(r, 1, 500) });
      expect(Math.abs((p.energy_per_token_j! * p.tokens_per_s!) / p.power_w.total - 1)).toBeLessThan(0.01);
      expect(p.tokens_per_joule! * p.energy_per_token_j!).toBeCloseTo(1, 9);
    }
  });

  it('the totals are the sums of their lines', () => {
    const r = prng(5);
    for (let i = 0; i < 40; i++) {
      const p = report(validCase(r)).power_w;
      const dyn = Object.values(p.fpga_dynamic_by_unit).reduce((a, b) => a + b, 0);
      expect(p.fpga_dynamic).toBeCloseTo(dyn, 9);
      expect(p.fpga_total).toBeCloseTo(p.fpga_static + p.fpga_dynamic, 9);
      expect(p.total).toBeCloseTo(p.fpga_total + p.dram_core + p.dram_io + p.dram_background, 9);
    }
  });
});

describe('power report: fixed cases', () => {
  const ddr4Run: DramRun = {
    technology: 'ddr4',
    energyPj: dramEnergyPj(ddr4Table, { activates: 100, reads: 1000, writes: 10, refreshes: 5, activeStandbyCycles: 10_000, prechargeStandbyCycles: 50_000 }),
    bytesRead: 64_000,
    bytesWritten: 640,
    channels: 1,
    table: ddr4Table,
  };

  it('adds the DRAM lines from the IDD model and the I/O table, over the core run time', () => {
    // 60,000 DRAM cycles at 1.2 GHz = 50 µs = 3,000 core cycles at 60 MHz.
    const p = powerReport({ simulated: PAPER, arch: arch(), cycles: 3000, unitBusyCycles: {}, dram: ddr4Run });
    expect(p.time_s).toBeCloseTo(50e-6, 15);
    const commandsPj = 100 * 3464 + 1000 * 2944 + 10 * 2560 + 5 * 695_520;
    expect(p.power_w.dram_core).toBeCloseTo(commandsPj * 1e-12 / 50e-6, 9);
    expect(p.power_w.dram_background).toBeCloseTo(((10_000 * 43 + 50_000 * 34) * 8 * 1e-12) / 50e-6, 9);
    expect(p.power_w.dram_io).toBeCloseTo((5 * 8 * 64_640 * 1e-12) / 50e-6, 9); // 5 pJ/bit default
    expect(p.provenance.find((e) => e.coefficient === 'dram-io.ddr4.io_pj_per_bit')!.provenance).toBe('assumed');
    expect(p.provenance.find((e) => e.coefficient === 'dram.idd.idd2n')!.provenance).toBe('datasheet');
    expect(p.notes.join('\n')).toMatch(/1 simulated ddr4 channel\(s\); intel-pac-d5005 has 4/);
    const overridden = powerReport({ simulated: PAPER, arch: arch({ power: { dram_io_pj_per_bit: 10 } }), cycles: 3000, unitBusyCycles: {}, dram: ddr4Run });
    expect(overridden.power_w.dram_io).toBeCloseTo(2 * p.power_w.dram_io, 12);
  });

  it('raises static power with junction temperature (doubling every 25 °C)', () => {
    const cool = powerReport({ simulated: PAPER, arch: arch({ power: { junction_temp_c: 50 } }), cycles: 1000, unitBusyCycles: {} });
    const hot = powerReport({ simulated: PAPER, arch: arch({ power: { junction_temp_c: 75 } }), cycles: 1000, unitBusyCycles: {} });
    expect(hot.power_w.fpga_static).toBeCloseTo(2 * cool.power_w.fpga_static, 9);
    expect(cool.junction_temp_c).toBe(50);
  });

  it('reports an infeasible multi-core design with its overflowing resource', () => {
    const p = powerReport({ simulated: PAPER, arch: arch(), cycles: 1000, unitBusyCycles: {}, cores: 40 });
    expect(p.feasible).toBe(false);
    expect(p.overflow[0]!.resource).toBe('logic');
    expect(p.infeasible_reason).toMatch(/^40 cores do not fit intel-pac-d5005: ALM /);
  });

  it('leaves per-token figures null without tokens and lists every coefficient with a label', () => {
    const p = powerReport({ simulated: PAPER, arch: arch(), cycles: 1000, unitBusyCycles: {} });
    expect(p.energy_per_token_j).toBeNull();
    expect(p.tokens_per_joule).toBeNull();
    expect(p.power_w.dram_core).toBe(0);
    const labels = new Set(p.provenance.map((e) => e.provenance));
    expect(labels.has('datasheet') && labels.has('assumed') && labels.has('calibrated')).toBe(true);
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
  });

  it('drops the shell lines with device.include_shell: false, and runs on every catalogue device', () => {
    const withShell = powerReport({ simulated: PAPER, arch: arch(), cycles: 1000, unitBusyCycles: {} });
    const bare = powerReport({
      simulated: PAPER,
      arch: ArchSchema.parse({ name: 't', core: { kind: 'paper' }, memory: { model: 'fixed', response_cycles: 3 }, device: { include_shell: false } }),
      cycles: 1000,
      unitBusyCycles: {},
    });
    expect(bare.power_w.fpga_dynamic_by_unit.shell_logic).toBe(0);
    expect(bare.power_w.fpga_dynamic_by_unit.shell_hard_ip).toBe(0);
    expect(bare.resources.logic.used).toBe(withShell.resources_per_core.logic);
    expect(withShell.power_w.fpga_total - bare.power_w.fpga_total).toBeCloseTo(
      withShell.power_w.fpga_dynamic_by_unit.shell_logic! + withShell.power_w.fpga_dynamic_by_unit.shell_hard_ip!,
      9,
    );
    for (const id of listDeviceIds()) {
      const p = powerReport({ simulated: PAPER, arch: arch({ device: id }), cycles: 1000, unitBusyCycles: { tmatmul: 500 } });
      expect(p.device.id).toBe(id);
      expect(p.power_w.fpga_static).toBeGreaterThan(0);
      expect(p.feasible).toBe(true);
    }
  });

  it('rejects an unknown device id in the arch YAML at device.id, with its line', () => {
    const yaml = 'name: t\ncore: {}\nmemory: { model: fixed, response_cycles: 3 }\ndevice:\n  id: no-such-board\n';
    expect(() => parseYamlConfig(yaml, 'bad.yaml', ArchSchema)).toThrow(InputError);
    expect(() => parseYamlConfig(yaml, 'bad.yaml', ArchSchema)).toThrow(/bad\.yaml:5:7: device\.id: .*intel-pac-d5005/);
  });

  it('rejects a non-positive cycle count', () => {
    expect(() => powerReport({ simulated: PAPER, arch: arch(), cycles: 0, unitBusyCycles: {} })).toThrow(RangeError);
  });
});
