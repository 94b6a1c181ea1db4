import { sat8 } from './q43.ts';
import { TERNARY_DECODE } from './ternary-weights.ts';
import { simdTernaryMatmul } from './ternary-matmul-simd.ts';

/**
 * The four weights of every packed byte, in code order (low bits first): byte b holds the
 * weights of codes k … k + 3 at `BYTE_DECODE[4b … 4b + 3]`.
 */
const BYTE_DECODE = (() => {
  const t = new Int8Array(256 * 4);
  for (let b = 0; b < 256; b++) for (let q = 0; q < 4; q++) t[4 * b + q] = TERNARY_DECODE[(b >> (2 * q)) & 3]!;
  return t;
})();

/**
 * The values of `tmatmul vY,vA,W`: y[i] = sat8(Σ_j w(j,i) · x[j]) with the accumulators
 * saturating at `accumulatorBits` after every add, in the hardware's order (for each input
 * j, for each output i). The RTL clears its accumulators on the wrong loop index; this is
 * the intended computation (docs/paper-core.md, "Bugs in the RTL").
 *
 * Each accumulator only ever adds to itself, so the loops may run in any order that keeps
 * each output's adds in j order. Exact shortcuts keep a d = 512 matrix (262,144 weights) at
 * a fraction of a millisecond:
 * - Every partial sum of output i is a sum of some of the ±x[j], so its magnitude is at most
 *   Σ_j |x[j]|. When that is ≤ 2^(bits−1) − 1 (the accumulator's max; its min is one lower)
 *   no add can saturate, and plain integer sums are the saturating ones. Otherwise every add
 *   is clamped, as the hardware does (a zero weight adds nothing to an in-range accumulator,
 *   so clamping it too changes nothing).
 * - Plain sums with Σ|x| ≤ 32767 and d a multiple of 64 go to a WebAssembly SIMD kernel
 *   (ternary-matmul.wat.ts: 16-bit lanes, which that bound keeps from wrapping), whose speed
 *   does not depend on how warm the JavaScript engine is.
 * - Otherwise a packed byte is decoded once into its four weights (`BYTE_DECODE`) when d is
 *   a multiple of 4 (then a byte never holds weights of two inputs j).
 * `acc` is scratch space of at least d entries.
 */
export function ternaryMatmulExecute(
  y: Int8Array,
  x: Int8Array,
  packed: Uint8Array,
  accumulatorBits: number,
  acc: Int32Array = new Int32Array(y.length),
): void {
  const d = y.length;
  const n = x.length;
  const max = 2 ** (accumulatorBits - 1) - 1;
  const min = -(2 ** (accumulatorBits - 1));
  let bound = 0;
  for (let j = 0; j < n; j++) bound += Math.abs(x[j]!);
  const saturates = bound > max;
  if (!saturates && bound <= 32767 && d % 64 === 0 && simdTernaryMatmul(y, x, packed)) return;
  acc.fill(0, 0, d);
  if (d % 4 !== 0) {
    // Bytes straddle inputs: weight by weight.
    let k = 0;
    for (let j = 0; j < n; j++) {
      const xj = x[j]!;
      for (let i = 0; i < d; i++, k++) {
        const s = acc[i]! + TERNARY_DECODE[(packed[k >> 2]! >> ((k & 3) * 2)) & 3]! * xj;
        acc[i] = s > max ? max : s < min ? min : s;
      }
    }
  } else if (saturates) {
    for (let j = 0, byte = 0; j < n; j++) {
      const xj = x[j]!;
      for (let i = 0; i < d; i += 4, byte++) {
        const w = packed[byte]! << 2;
        let s = acc[i]! + BYTE_DECODE[w]! * xj;
        acc[i] = s > max ? max : s < min ? min : s;
        s = acc[i + 1]! + BYTE_DECODE[w + 1]! * xj;
        acc[i + 1] = s > max ? max : s < min ? min : s;
        s = acc[i + 2]! + BYTE_DECODE[w + 2]! * xj;
        acc[i + 2] = s > max ? max : s < min ? min : s;
        s = acc[i + 3]! + BYTE_DECODE[w + 3]! * xj;
        acc[i + 3] = s > max ? max : s < min ? min : s;
      }
    }
  } else {
    for (let j = 0, byte = 0; j < n; j++) {
      const xj = x[j]!;
      if (xj === 0) {
        byte += d >> 2;
        continue;
      }
      for (let i = 0; i < d; i += 4, byte++) {
        const w = packed[byte]! << 2;
        acc[i] = acc[i]! + BYTE_DECODE[w]! * xj;
        acc[i + 1] = acc[i + 1]! + BYTE_DECODE[w + 1]! * xj;
        acc[i + 2] = acc[i + 2]! + BYTE_DECODE[w + 2]! * xj;
        acc[i + 3] = acc[i + 3]! + BYTE_DECODE[w + 3]! * xj;
      }
    }
  }
  for (let i = 0; i < d; i++) y[i] = sat8(acc[i]!);
}
