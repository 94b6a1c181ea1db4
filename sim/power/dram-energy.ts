import type { DramActivity, DramEnergyTable, DramEnergyTiming, IddCurrents } from '../memory/dram/dram-activity.ts';

export type { DramActivity, DramEnergyTable, DramEnergyTiming, IddCurrents };

/**
 * DRAM core energy by the IDD-current method (Micron TN-40-07 / the DRAMsim3 power model):
 * each command class costs the current it draws above the standby current, for the time it
 * draws it; background energy is the standby current while a bank is open (IDD3N) or all
 * banks are precharged (IDD2N). Per device — multiply by devices per rank.
 *
 * Units: mA × V × ns = pJ. tCK is carried in ns so every figure here is in pJ; convert to
 * joules and watts only at the edge (units.ts). I/O and termination
 * energy is NOT in these currents (separate pJ/bit figure, another model).
 */

/** One activate + its precharge: E_ACT = VDD·(IDD0·tRC − (IDD3N·tRAS + IDD2N·(tRC − tRAS)))·tCK. */
export function activateEnergyPj(idd: IddCurrents, t: DramEnergyTiming): number {
  return idd.vdd * (idd.idd0 * t.tRC - (idd.idd3n * t.tRAS + idd.idd2n * (t.tRC - t.tRAS))) * t.tCKns;
}

/** One read burst: E_RD = VDD·(IDD4R − IDD3N)·(BL/2)·tCK. */
export function readEnergyPj(idd: IddCurrents, t: DramEnergyTiming): number {
  return idd.vdd * (idd.idd4r - idd.idd3n) * t.tBL * t.tCKns;
}

/** One write burst: E_WR = VDD·(IDD4W − IDD3N)·(BL/2)·tCK. */
export function writeEnergyPj(idd: IddCurrents, t: DramEnergyTiming): number {
  return idd.vdd * (idd.idd4w - idd.idd3n) * t.tBL * t.tCKns;
}

/** One all-bank refresh: E_REF = VDD·(IDD5B − IDD3N)·tRFC·tCK. */
export function refreshEnergyPj(idd: IddCurrents, t: DramEnergyTiming): number {
  return idd.vdd * (idd.idd5b - idd.idd3n) * t.tRFC * t.tCKns;
}

/** Background energy of one device: IDD3N while any bank is open, IDD2N while all are precharged. */
export function backgroundEnergyPj(
  idd: IddCurrents,
  t: DramEnergyTiming,
  activeStandbyCycles: number,
  prechargeStandbyCycles: number,
): number {
  return idd.vdd * (idd.idd3n * activeStandbyCycles + idd.idd2n * prechargeStandbyCycles) * t.tCKns;
}

export interface DramEnergyBreakdown {
  act: number;
  read: number;
  write: number;
  refresh: number;
  background: number;
  total: number;
}

/** Energy in pJ by class for a whole memory: per-device energies × devices per rank. */
export function dramEnergyPj({ idd, timing: t, devicesPerRank }: DramEnergyTable, a: DramActivity): DramEnergyBreakdown {
  const act = a.activates * activateEnergyPj(idd, t) * devicesPerRank;
  const read = a.reads * readEnergyPj(idd, t) * devicesPerRank;
  const write = a.writes * writeEnergyPj(idd, t) * devicesPerRank;
  const refresh = a.refreshes * refreshEnergyPj(idd, t) * devicesPerRank;
  const background = backgroundEnergyPj(idd, t, a.activeStandbyCycles, a.prechargeStandbyCycles) * devicesPerRank;
  return { act, read, write, refresh, background, total: act + read + write + refresh + background };
}
