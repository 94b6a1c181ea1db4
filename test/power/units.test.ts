import { describe, expect, it } from 'vitest';
import { averagePowerW, cyclesToSeconds, energyJ, jToPj, milliampVoltNanosecondsToPj, milliampVoltToW, mhzToHz, pjToJ } from '../../sim/power/units.ts';

describe('power unit conversions', () => {
  it('mA × V × ns is exactly one pJ', () => {
    expect(milliampVoltNanosecondsToPj(1, 1, 1)).toBe(1);
    // IDD3N 43 mA at 1.2 V for one DDR4-2400 clock (0.8333 ns): 43 pJ.
    expect(milliampVoltNanosecondsToPj(43, 1.2, 1 / 1.2)).toBeCloseTo(43, 12);
  });

  it('pJ ↔ J round-trips and uses 1e12', () => {
    expect(pjToJ(1e12)).toBe(1);
    expect(pjToJ(3464)).toBeCloseTo(3.464e-9, 21);
    expect(jToPj(2.5e-9)).toBeCloseTo(2500, 9);
    expect(jToPj(pjToJ(123456.789))).toBeCloseTo(123456.789, 6);
  });

  it('mA × V is mW, returned in W', () => {
    expect(milliampVoltToW(34, 1.2)).toBeCloseTo(0.0408, 12);
  });

  it('power is energy over seconds (not over cycles), and energy is power × time', () => {
    // 1 J over 43 ms is 23.256 W; dividing by cycles instead would be off by the clock period.
    expect(averagePowerW(1, 0.043)).toBeCloseTo(23.2558, 3);
    expect(energyJ(13, 0.043)).toBeCloseTo(0.559, 12);
    expect(averagePowerW(energyJ(7.5, 2), 2)).toBeCloseTo(7.5, 12);
    expect(averagePowerW(1, 0)).toBe(0);
  });

  it('cycles at a clock convert to seconds exactly as cycles / Hz', () => {
    expect(cyclesToSeconds(2_580_000, mhzToHz(60))).toBeCloseTo(0.043, 12);
    expect(() => cyclesToSeconds(10, 0)).toThrow(RangeError);
  });
});
