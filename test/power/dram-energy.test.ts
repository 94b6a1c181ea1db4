import { describe, expect, it } from 'vitest';
import {
  activateEnergyPj,
  backgroundEnergyPj,
  dramEnergyPj,
  readEnergyPj,
  refreshEnergyPj,
  writeEnergyPj,
  type IddCurrents,
} from '../../sim/power/dram-energy.ts';
import { DramMemory } from '../../sim/memory/dram/dram-memory.ts';
import { averagePowerW, pjToJ } from '../../sim/power/units.ts';
import { dramEnergyTable } from '../../sim/memory/dram/dram-config.ts';
import { ddr4Config } from '../memory/dram/ddr4-helpers.ts';

// The D5005 part (docs/memory-and-power.md, "Currents"): VDD 1.2 V, IDD0 48, IDD2N 34, IDD3N 43, IDD4R 135,
// IDD4W 123, IDD5B 250 mA; DDR4-2400 tCK = 1/1.2 GHz, tRC 56, tRAS 39, tRFC 420, BL/2 = 4.
const idd: IddCurrents = { vdd: 1.2, idd0: 48, idd2n: 34, idd3n: 43, idd4r: 135, idd4w: 123, idd5b: 250 };
const t = { tCKns: 1 / 1.2, tRC: 56, tRAS: 39, tRFC: 420, tBL: 4 };

describe('DRAM energy, IDD method (pJ per device), hand-computed', () => {
  it('activate+precharge: 1.2 · (48·56 − (43·39 + 34·17)) · 0.8333 = 1.2 · 433 / 1.2 = 433 pJ', () => {
    expect(activateEnergyPj(idd, t)).toBeCloseTo(433, 9);
  });
  it('read burst: 1.2 · (135 − 43) · 4 · 0.8333 = 368 pJ; write: 1.2 · 80 · 4 / 1.2 = 320 pJ', () => {
    expect(readEnergyPj(idd, t)).toBeCloseTo(368, 9);
    expect(writeEnergyPj(idd, t)).toBeCloseTo(320, 9);
  });
  it('refresh: 1.2 · (250 − 43) · 420 · 0.8333 = 207 · 420 = 86,940 pJ', () => {
    expect(refreshEnergyPj(idd, t)).toBeCloseTo(86_940, 6);
  });
  it('background: 43 pJ per active-standby cycle, 34 pJ per precharged cycle', () => {
    expect(backgroundEnergyPj(idd, t, 1000, 0)).toBeCloseTo(43_000, 6);
    expect(backgroundEnergyPj(idd, t, 0, 1000)).toBeCloseTo(34_000, 6);
  });
  it('totals scale with devices per rank', () => {
    const source = { provenance: 'datasheet', note: 'test' } as const;
    const e = dramEnergyPj({ idd, iddSource: source, timing: t, devicesPerRank: 8, ioPjPerBit: { value: 0, ...source } }, { activates: 2, reads: 10, writes: 5, refreshes: 1, activeStandbyCycles: 100, prechargeStandbyCycles: 50 });
    expect(e.act).toBeCloseTo(8 * 2 * 433, 6);
    expect(e.read).toBeCloseTo(8 * 10 * 368, 6);
    expect(e.write).toBeCloseTo(8 * 5 * 320, 6);
    expect(e.refresh).toBeCloseTo(8 * 86_940, 6);
    expect(e.background).toBeCloseTo(8 * (100 * 43 + 50 * 34), 6);
    expect(e.total).toBeCloseTo(e.act + e.read + e.write + e.refresh + e.background, 6);
  });
  it('converts to joules and watts with tCK in the denominator (the classic factor-of-tCK bug)', () => {
    expect(pjToJ(3464)).toBeCloseTo(3.464e-9, 20);
    // 43 pJ per cycle per device for 1200 cycles = 1 µs → 51.6 µJ/s = 51.6 mW = VDD · IDD3N.
    expect(averagePowerW(pjToJ(backgroundEnergyPj(idd, t, 1200, 0)), 1200 * (t.tCKns * 1e-9))).toBeCloseTo(1.2 * 43e-3, 12);
  });
});

/** The model's activity priced with its own energy table, as the power model does. */
function energyOf(m: DramMemory) {
  const source = { provenance: 'datasheet', note: 'test' } as const;
  return dramEnergyPj(dramEnergyTable(m.config, { iddSource: source, ioPjPerBit: { value: 0, ...source } }), m.activity());
}

describe('the DDR4 model counts activity by running; the IDD table prices it', () => {
  it('one isolated read: one ACT, one RD, background split open / precharged', () => {
    const m = new DramMemory(ddr4Config({ refresh: false }));
    m.enqueue({ id: 0, addr: 0, bytes: 64, write: false }, 0);
    m.advanceTo(999, () => {});
    const e = energyOf(m);
    expect(e.act).toBeCloseTo(8 * 433, 6);
    expect(e.read).toBeCloseTo(8 * 368, 6);
    expect(e.refresh).toBe(0);
    // Open page: the bank stays open from the ACT at cycle 0 to the end (1000 cycles).
    expect(e.background).toBeCloseTo(8 * 1000 * 43, 6);
    expect(m.stats().dramActivity).toEqual(m.activity());
    expect(m.activity()).toMatchObject({ activates: 1, reads: 1, writes: 0, refreshes: 0 });
  });

  it('closed page: the rank is back in precharge standby after the access', () => {
    const m = new DramMemory(ddr4Config({ refresh: false, page_policy: 'closed' }));
    m.enqueue({ id: 0, addr: 0, bytes: 64, write: false }, 0);
    m.advanceTo(999, () => {});
    // Open from ACT (0) to the RDA (17): 17 active cycles, 983 precharged.
    expect(energyOf(m).background).toBeCloseTo(8 * (17 * 43 + 983 * 34), 6);
  });

  it('a refresh costs E_REF per device and its tRFC counts as active standby', () => {
    const m = new DramMemory(ddr4Config());
    m.advanceTo(9360 + 420 + 99, () => {});
    const e = energyOf(m);
    expect(e.refresh).toBeCloseTo(8 * 86_940, 4);
    // Cycles 0..9879: 420 refreshing (IDD3N), the other 9460 precharged (IDD2N).
    expect(e.background).toBeCloseTo(8 * (420 * 43 + (9880 - 420) * 34), 4);
  });
});
