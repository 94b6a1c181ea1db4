import { sat8 } from './q43.ts';
import { TERNARY_DECODE } from './ternary-weights.ts';

/**
 * The values of `tmatmul vY,vA,W`: y[i] = sat8(Σ_j w(j,i) · x[j]) with the accumulators
 * saturating at `accumulatorBits` after every add, in the hardware's order (for each input
 * j, for each output i). The RTL clears its accumulators on the wrong loop index; this is
 * the intended computation (docs/paper-core.md, "Bugs in the RTL").
 */
export function ternaryMatmulExecute(
  y: Int8Array,
  x: Int8Array,
  packed: Uint8Array,
  accumulatorBits: number,
  acc: Float64Array = new Float64Array(y.length),
): void {
  const d = y.length;
  const max = 2 ** (accumulatorBits - 1) - 1;
  const min = -(2 ** (accumulatorBits - 1));
  acc.fill(0, 0, d);
  let k = 0;
  for (let j = 0; j < x.length; j++) {
    const xj = x[j]!;
    for (let i = 0; i < d; i++, k++) {
      const w = TERNARY_DECODE[(packed[k >> 2]! >> ((k & 3) * 2)) & 3]!;
      if (w === 0) continue;
      const s = acc[i]! + w * xj;
      acc[i] = s > max ? max : s < min ? min : s;
    }
  }
  for (let i = 0; i < d; i++) y[i] = sat8(acc[i]!);
}
