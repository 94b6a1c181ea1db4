/**
 * The paper core's number format: 8-bit signed fixed point with 3 fractional bits
 * (Q4.3, value = int · 2⁻³, −16 … 15.875). Every operation saturates to the int8 range.
 * Functions work on the integer representation.
 */
export const Q_FRAC_BITS = 3;
export const Q_MAX = 127;
export const Q_MIN = -128;

export function sat8(x: number): number {
  return x > Q_MAX ? Q_MAX : x < Q_MIN ? Q_MIN : x;
}

export function qAdd(a: number, b: number): number {
  return sat8(a + b);
}

export function qSub(a: number, b: number): number {
  return sat8(a - b);
}

/** Product has 6 fractional bits; the datapath keeps bits [10:3], i.e. rounds toward −∞. */
export function qMul(a: number, b: number): number {
  return sat8((a * b) >> Q_FRAC_BITS);
}

/**
 * Quotient in Q4.3: (a · 2³) / b truncated toward zero, saturated. Division by zero returns
 * ±max by the sign of the dividend (0/0 → +max), as the RTL's divider does.
 */
export function qDiv(a: number, b: number): number {
  if (b === 0) return a < 0 ? Q_MIN : Q_MAX;
  return sat8(Math.trunc((a * (1 << Q_FRAC_BITS)) / b));
}

/** A 256-entry table over every int8 input, indexed by `x & 0xff`. */
function table8(f: (v: number) => number): Int8Array {
  const t = new Int8Array(256);
  for (let x = -128; x < 128; x++) t[x & 0xff] = sat8(Math.round(f(x / 8) * 8));
  return t;
}

/** exp lookup table (8-bit in, 8-bit out, Q4.3). */
export const EXP_LUT = table8(Math.exp);
/** sigmoid lookup table (8-bit in, 8-bit out, Q4.3). */
export const SIG_LUT = table8((v) => 1 / (1 + Math.exp(-v)));

export function qExp(a: number): number {
  return EXP_LUT[a & 0xff]!;
}

export function qSig(a: number): number {
  return SIG_LUT[a & 0xff]!;
}

/**
 * RMS unit tables. The squaring LUT maps an element to 9 bits: x² has 6 fractional bits,
 * the table keeps the square in Q8.1 (x² >> 5, saturating at 511 — only x = −16.0 clips).
 * The square-root LUT maps the 9-bit mean back to Q4.3: round(√(m / 2) · 8), saturated.
 */
export const SQUARE9_LUT = (() => {
  const t = new Uint16Array(256);
  for (let x = -128; x < 128; x++) t[x & 0xff] = Math.min(511, (x * x) >> 5);
  return t;
})();

export const SQRT9_LUT = (() => {
  const t = new Int8Array(512);
  for (let m = 0; m < 512; m++) t[m] = sat8(Math.round(Math.sqrt(m / 2) * 8));
  return t;
})();
