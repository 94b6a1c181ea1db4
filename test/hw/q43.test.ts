import { describe, expect, it } from 'vitest';
import { EXP_LUT, SIG_LUT, SQRT9_LUT, SQUARE9_LUT, qAdd, qDiv, qExp, qMul, qSig, qSub } from '../../sim/hw/units/q43.ts';

const q = (v: number) => Math.round(v * 8); // real → Q4.3 integer

describe('Q4.3 row-wise arithmetic', () => {
  it('adds and subtracts with saturation', () => {
    expect(qAdd(q(1.5), q(2.25))).toBe(q(3.75));
    expect(qAdd(q(15), q(1))).toBe(127); // 16.0 saturates to 15.875
    expect(qSub(q(-15), q(2))).toBe(-128);
    expect(qSub(q(-1), q(-1))).toBe(0);
  });

  it('multiplies keeping 3 fractional bits (rounding toward −∞) and saturates', () => {
    expect(qMul(q(1.5), q(2))).toBe(q(3));
    expect(qMul(q(0.125), q(0.125))).toBe(0); // 1/64 → 0
    expect(qMul(q(-0.125), q(0.125))).toBe(-1); // −1/64 → −0.125 (floor)
    expect(qMul(q(8), q(4))).toBe(127);
    expect(qMul(q(-8), q(4))).toBe(-128);
  });

  it('divides with truncation, saturation and ±max on division by zero', () => {
    expect(qDiv(q(3), q(2))).toBe(q(1.5));
    expect(qDiv(q(-1), q(3))).toBe(-2); // −0.333 → −0.25 (toward zero)
    expect(qDiv(q(8), q(0.25))).toBe(127);
    expect(qDiv(q(-8), q(0.25))).toBe(-128);
    expect(qDiv(q(2), 0)).toBe(127);
    expect(qDiv(q(-2), 0)).toBe(-128);
    expect(qDiv(0, 0)).toBe(127);
  });

  it('exp and sigmoid are 256-entry tables of the rounded function', () => {
    expect(EXP_LUT).toHaveLength(256);
    expect(SIG_LUT).toHaveLength(256);
    expect(qExp(0)).toBe(8); // e^0 = 1.0
    expect(qExp(q(1))).toBe(Math.round(Math.E * 8)); // 22 = 2.75
    expect(qExp(q(2.75))).toBe(125); // e^2.75 = 15.64 → 125; e^3 = 20.1 saturates
    expect(qExp(q(3))).toBe(127);
    expect(qExp(-128)).toBe(0);
    expect(qSig(0)).toBe(4); // 0.5
    expect(qSig(127)).toBe(8);
    expect(qSig(-128)).toBe(0);
    for (let x = -127; x < 128; x++) expect(qSig(x)).toBeGreaterThanOrEqual(qSig(x - 1)); // monotone
  });

  it('RMS tables: square into 9 bits (Q8.1), square root back to Q4.3', () => {
    expect(SQUARE9_LUT[q(2) & 0xff]).toBe(8); // 4.0 in Q8.1
    expect(SQUARE9_LUT[-128 & 0xff]).toBe(511); // 256 clips at 9 bits
    expect(Math.max(...SQUARE9_LUT)).toBeLessThan(512);
    expect(SQRT9_LUT[8]).toBe(q(2)); // √4
    expect(SQRT9_LUT[0]).toBe(0);
  });
});
