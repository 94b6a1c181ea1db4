/**
 * Packed ternary weights: four 2-bit codes per byte, low bits first; 01 = +1, 11 = −1,
 * 00 = 0. The unused code 10 decodes as 0 (the RTL's decoder only tests 01 and 11).
 * A d×d matrix is stored output index fastest: weight (j, i) — input j, output i — is
 * code number j·d + i.
 */
export const TERNARY_DECODE = new Int8Array([0, 1, 0, -1]);

export function matrixBytes(rows: number, cols: number): number {
  return Math.ceil((rows * cols) / 4);
}

export function ternaryAt(packed: Uint8Array, k: number): number {
  return TERNARY_DECODE[(packed[k >> 2]! >> ((k & 3) * 2)) & 3]!;
}

/** Encode a ternary value (−1, 0, +1) into its 2-bit code. */
export function ternaryCode(w: number): number {
  return w === 1 ? 1 : w === -1 ? 3 : 0;
}
