/**
 * Unit conversions of the power model, in one place so every report uses the same ones.
 * Energies are pJ inside the DRAM model (mA × V × ns = pJ exactly) and J in reports; power
 * is W. A well-known DRAM simulator's average power is off by a factor of tCK because it
 * divides pJ by cycles instead of seconds — hence the explicit names below.
 */
export const PJ_PER_J = 1e12;

export function pjToJ(pj: number): number {
  return pj / PJ_PER_J;
}

export function jToPj(j: number): number {
  return j * PJ_PER_J;
}

/** mA × V × ns is 1e-3 A × V × 1e-9 s = 1e-12 J: exactly one picojoule. */
export function milliampVoltNanosecondsToPj(milliamps: number, volts: number, nanoseconds: number): number {
  return milliamps * volts * nanoseconds;
}

/** mA × V = mW; returned in W. */
export function milliampVoltToW(milliamps: number, volts: number): number {
  return (milliamps * volts) / 1000;
}

/** Average power of `energyJ` spent over `seconds` (0 for an empty interval). */
export function averagePowerW(energyJ: number, seconds: number): number {
  if (!(seconds > 0)) return 0;
  return energyJ / seconds;
}

/** Energy of `watts` held for `seconds`. */
export function energyJ(watts: number, seconds: number): number {
  return watts * seconds;
}

export function cyclesToSeconds(cycles: number, clockHz: number): number {
  if (!(clockHz > 0)) throw new RangeError(`clock must be positive, got ${clockHz} Hz`);
  return cycles / clockHz;
}

export function mhzToHz(mhz: number): number {
  return mhz * 1e6;
}
