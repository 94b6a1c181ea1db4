import { describe, expect, it } from 'vitest';
import { hash32 } from '../../sim/engine/hash32.ts';
import { ternaryMatmulExecute } from '../../sim/hw/units/ternary-matmul.ts';
import { simdTernaryMatmul } from '../../sim/hw/units/ternary-matmul-simd.ts';
import { PAPER_TMATMUL_WAT } from '../../sim/hw/units/ternary-matmul.wat.ts';
import { assembleWat } from '../../sim/model/wat-assembler.ts';
import { matrixBytes, ternaryAt, ternaryCode } from '../../sim/hw/units/ternary-weights.ts';
import { rmsExecute } from '../../sim/hw/units/rms-unit.ts';
import { rowwiseExecute } from '../../sim/hw/units/rowwise-unit.ts';
import { wat2wasm } from '../model/wat2wasm.ts';

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

/**
 * The hardware's computation written out weight by weight, clamping after every add in its
 * order (for each input j, for each output i): what ternaryMatmulExecute's shortcuts must equal.
 */
function matmulReference(y: Int8Array, x: Int8Array, packed: Uint8Array, bits: number): void {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  const acc = new Array<number>(y.length).fill(0);
  for (let j = 0, k = 0; j < x.length; j++) {
    for (let i = 0; i < y.length; i++, k++) acc[i] = Math.max(min, Math.min(max, acc[i]! + ternaryAt(packed, k) * x[j]!));
  }
  for (let i = 0; i < y.length; i++) y[i] = Math.max(-128, Math.min(127, acc[i]!));
}

describe('ternary matmul shortcuts (byte decoding, unsaturated sums)', () => {
  it('equal the add-by-add reference on random matrices, with and without saturation, any d', () => {
    let saturating = 0;
    let unsaturated = 0;
    for (let t = 0; t < 400; t++) {
      const d = [1, 3, 4, 6, 8, 16, 20, 36, 64, 100, 128][t % 11]!;
      const bits = [8, 9, 12, 16, 24, 53][(t >> 2) % 6]!;
      // Inputs: full int8 range, small (sums stay in range), or a few extremes among zeros.
      const kind = t % 3;
      const x = Int8Array.from({ length: d }, (_, j) => {
        const h = hash32(100 + t, j);
        return kind === 0 ? (h & 0xff) - 128 : kind === 1 ? (h % 9) - 4 : h % 5 === 0 ? (h & 1 ? 127 : -128) : 0;
      });
      // Random bytes: every 2-bit code, the unused 10 (decodes as 0) included.
      const packed = Uint8Array.from({ length: matrixBytes(d, d) }, (_, b) => hash32(200 + t, b) & 0xff);
      const y = new Int8Array(d);
      const want = new Int8Array(d);
      ternaryMatmulExecute(y, x, packed, bits);
      matmulReference(want, x, packed, bits);
      expect(Array.from(y), `d ${d} bits ${bits} inputs ${kind}`).toEqual(Array.from(want));
      const bound = x.reduce((s, v) => s + Math.abs(v), 0);
      if (bound > 2 ** (bits - 1) - 1) saturating++;
      else unsaturated++;
    }
    // Both kernels ran, many times.
    expect(saturating).toBeGreaterThan(50);
    expect(unsaturated).toBeGreaterThan(50);
  });

  it('at the edge of the bound: one short takes the unsaturated sums, one over saturates mid-sum', () => {
    // Σ|x| = 127 with an 8-bit accumulator and all +1 weights: 100 + 27 + 0 reaches 127
    // exactly. Σ|x| = 129: 100 + 28 = 128 clamps to 127, then −1 gives 126, not 127.
    for (const over of [0, 1]) {
      const d = 8;
      const x = Int8Array.from([100, 27 + over, -over, 0, 0, 0, 0, 0]);
      const packed = new Uint8Array(matrixBytes(d, d)).fill(0b01_01_01_01);
      const y = new Int8Array(d);
      const want = new Int8Array(d);
      ternaryMatmulExecute(y, x, packed, 8);
      matmulReference(want, x, packed, 8);
      expect(Array.from(y)).toEqual(Array.from(want));
      const plain = x.reduce((s, v) => s + v, 0);
      // The case is the one it claims: saturation changes the result only when over.
      expect(y[0] !== Math.min(127, plain)).toBe(over === 1);
    }
  });
});

describe('ternary matmul WebAssembly SIMD kernel (plain sums, Σ|x| ≤ 32767)', () => {
  it('assembles to exactly the bytes wat2wasm produces', async () => {
    expect(Buffer.from(assembleWat(PAPER_TMATMUL_WAT)).equals(Buffer.from(await wat2wasm(PAPER_TMATMUL_WAT)))).toBe(true);
  });

  it('equals the add-by-add reference on random matrices, every code, inputs up to the bound', () => {
    for (let t = 0; t < 60; t++) {
      const d = [64, 128, 192, 512][t % 4]!;
      const n = t % 5 === 4 ? 1 + (hash32(7, t) % 40) : d; // the kernel takes any number of inputs
      // Inputs over the whole int8 range (−128 included), scaled so Σ|x| stays ≤ 32767.
      const x = Int8Array.from({ length: n }, (_, j) => {
        const v = (hash32(300 + t, j) & 0xff) - 128;
        return t % 3 === 0 ? v : t % 3 === 1 ? v >> 3 : (j % 7 === 0 ? v : 0);
      });
      const packed = Uint8Array.from({ length: matrixBytes(n, d) }, (_, b) => hash32(400 + t, b) & 0xff);
      const y = new Int8Array(d);
      const want = new Int8Array(d);
      expect(simdTernaryMatmul(y, x, packed)).toBe(true);
      matmulReference(want, x, packed, 16);
      expect(Array.from(y), `d ${d} n ${n}`).toEqual(Array.from(want));
    }
  });

  it('is used exactly up to Σ|x| = 32767 (16-bit lanes) and stays exact either side of it', () => {
    // All +1 weights: the sum is Σx, which an i16 lane holds up to 32767 and wraps at 32768.
    for (const extra of [1, 2]) {
      const d = 320;
      const x = new Int8Array(d);
      for (let j = 0; j < 258; j++) x[j] = 127; // 32766
      x[258] = extra;
      const packed = new Uint8Array(matrixBytes(d, d)).fill(0b01_01_01_01);
      for (const bits of [17, 24]) {
        const y = new Int8Array(d);
        const want = new Int8Array(d);
        ternaryMatmulExecute(y, x, packed, bits);
        matmulReference(want, x, packed, bits);
        expect(Array.from(y), `Σx ${32766 + extra}, ${bits}-bit accumulators`).toEqual(Array.from(want));
      }
    }
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
