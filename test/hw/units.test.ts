import { describe, expect, it } from 'vitest';
import { hash32 } from '../../sim/engine/hash32.ts';
import { ternaryMatmulExecute } from '../../sim/hw/units/ternary-matmul.ts';
import { matrixBytes, ternaryAt, ternaryCode } from '../../sim/hw/units/ternary-weights.ts';
import { rmsExecute } from '../../sim/hw/units/rms-unit.ts';
import { rowwiseExecute } from '../../sim/hw/units/rowwise-unit.ts';

/** Pack W[j][i] (input j, output i) output-index fastest, 2-bit codes low bits first. */
function pack(w: number[][], d: number): Uint8Array {
  const out = new Uint8Array(matrixBytes(d, d));
  for (let j = 0; j < d; j++) for (let i = 0; i < d; i++) {
    const k = j * d + i;
    out[k >> 2]! |= ternaryCode(w[j]![i]!) << ((k & 3) * 2);
  }
  return out;
}

describe('ternary matmul values', () => {
  it('packs 01=+1, 11=−1, 00=0 low bits first', () => {
    const b = new Uint8Array([0b00_11_01_00]);
    expect([0, 1, 2, 3].map((k) => ternaryAt(b, k))).toEqual([0, 1, -1, 0]);
  });

  it('equals a direct ternary dot product (no overflow)', () => {
    const d = 48;
    const w = Array.from({ length: d }, (_, j) => Array.from({ length: d }, (_, i) => (hash32(3, j * d + i) % 3) - 1));
    const x = Int8Array.from({ length: d }, (_, j) => ((hash32(4, j) % 33) - 16)); // small inputs: sums stay in int8
    const y = new Int8Array(d);
    ternaryMatmulExecute(y, x, pack(w, d), 16);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += w[j]![i]! * x[j]!;
      expect(y[i]).toBe(Math.max(-128, Math.min(127, s)));
    }
  });

  it('saturates the accumulator after every add in the hardware order, then clamps to 8 bits', () => {
    const d = 4;
    // Output 0: +127 +127 −127 −127 with an 8-bit accumulator: 127, 127 (sat), 0, −127.
    const w = [[1, 0, 0, 0], [1, 0, 0, 0], [-1, 0, 0, 0], [-1, 0, 0, 0]];
    const x = Int8Array.from([127, 127, 127, 127]);
    const y = new Int8Array(d);
    ternaryMatmulExecute(y, x, pack(w, d), 8);
    expect(y[0]).toBe(-127);
    ternaryMatmulExecute(y, x, pack(w, d), 16); // wide enough: exact 0
    expect(y[0]).toBe(0);
    const w2 = [[1, 1, 0, 0], [1, -1, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]];
    ternaryMatmulExecute(y, x, pack(w2, d), 16);
    expect(Array.from(y)).toEqual([127, 0, 0, 0]); // 254 clamps to 127 in the copy phase
  });
});

describe('RMS unit values', () => {
  it('divides by the root mean square (no epsilon, no gain)', () => {
    const x = Int8Array.from([16, -16, 16, -16]); // ±2.0 → rms 2.0 → ±1.0
    rmsExecute(x);
    expect(Array.from(x)).toEqual([8, -8, 8, -8]);
    const y = Int8Array.from([24, 0, 0, 0]); // 3.0: mean square 9/4 → Q8.1 18/4 = 4 → √2 = 1.414 → 11
    rmsExecute(y);
    expect(Array.from(y)).toEqual([Math.trunc((24 * 8) / 11), 0, 0, 0]);
  });

  it('an all-zero (or all-tiny) vector divides by zero and saturates', () => {
    const x = Int8Array.from([1, -1, 0, 0]); // squares round to 0 in 9 bits
    rmsExecute(x);
    expect(Array.from(x)).toEqual([127, -128, 127, 127]);
  });
});

describe('row-wise unit values', () => {
  it('works element-wise, including when the destination aliases a source', () => {
    const a = Int8Array.from([8, 16, -8, 100]);
    const b = Int8Array.from([8, 8, 8, 100]);
    rowwiseExecute({ op: 'add', vy: 0, va: 0, vb: 1 }, a, a, b);
    expect(Array.from(a)).toEqual([16, 24, 0, 127]);
    rowwiseExecute({ op: 'mul', vy: 0, va: 0, vb: 1 }, a, a, b);
    expect(Array.from(a)).toEqual([16, 24, 0, 127]);
  });
});
