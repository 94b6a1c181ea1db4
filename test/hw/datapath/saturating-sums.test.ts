import { describe, expect, it } from 'vitest';
import { saturatingSums } from '../../../sim/hw/datapath/vector-datapath.ts';
import { TernaryMatVec } from '../../../sim/model/ternary-matvec.ts';
import { packTernary } from '../../../sim/model/ternary-packing.ts';
import type { TernaryMatrix } from '../../../sim/model/ternary-model.ts';

/** The statement itself: add each ±q in input order, clamp after every add. */
function reference(t: Int8Array, rows: number, cols: number, q: Int8Array, bits: number): Int32Array {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let acc = 0;
    for (let i = 0; i < cols; i++) acc = Math.min(max, Math.max(min, acc + t[r * cols + i]! * q[i]!));
    out[r] = acc;
  }
  return out;
}

describe('saturating accumulator sums', () => {
  it('equal the add-then-clamp statement, with and without the no-saturation shortcut, saturating or not (seeded)', () => {
    let x = 7;
    const rnd = (k: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % k;
    };
    const kernel = new TernaryMatVec();
    const exact = (m: TernaryMatrix, q: Int8Array, sums: Int32Array): void => kernel.run(m, q, sums);
    let saturated = 0;
    let shortcut = 0;
    for (let c = 0; c < 200; c++) {
      const rows = 1 + rnd(9);
      const cols = 1 + rnd(700);
      const bits = [8, 10, 12, 16][rnd(4)]!;
      // Biased rows (mostly +1 or mostly −1) and large inputs drive the accumulator into its rails.
      const bias = rnd(3);
      const t = Int8Array.from({ length: rows * cols }, () => (rnd(10) < 3 ? 0 : bias === 0 ? (rnd(2) ? 1 : -1) : rnd(10) < 8 ? (bias === 1 ? 1 : -1) : bias === 1 ? -1 : 1));
      const amp = [3, 40, 128][rnd(3)]!;
      const q = Int8Array.from({ length: cols }, () => Math.max(-128, Math.min(127, rnd(2 * amp) - amp)));
      const m: TernaryMatrix = { name: 'm', rows, cols, gamma: 1, normGain: new Float32Array(cols), packed: packTernary(t, { rows, cols, layout: 'input-fastest' }), layout: 'input-fastest' };
      const want = reference(t, rows, cols, q, bits);
      const a = new Int32Array(rows);
      const b = new Int32Array(rows);
      saturatingSums(m, q, bits, a);
      saturatingSums(m, q, bits, b, exact);
      expect(Array.from(a), `case ${c}`).toEqual(Array.from(want));
      expect(Array.from(b), `case ${c}`).toEqual(Array.from(want));
      const lim = 2 ** (bits - 1) - 1;
      if (want.some((v) => v === lim || v === -lim - 1)) saturated++;
      if (q.reduce((s, v) => s + Math.abs(v), 0) <= lim) shortcut++;
    }
    // Both regimes were exercised.
    expect(saturated).toBeGreaterThan(20);
    expect(shortcut).toBeGreaterThan(20);
  });
});
