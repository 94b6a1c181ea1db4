import { describe, expect, it } from 'vitest';
import { Prng } from '../../sim/model/prng.ts';
import type { TernaryMatrix } from '../../sim/model/ternary-model.ts';
import { TernaryMatVec } from '../../sim/model/ternary-matvec.ts';
import { packTernary } from '../../sim/model/ternary-packing.ts';

function case_(rows: number, cols: number, seed: number, offset = 0) {
  const r = new Prng(seed);
  const t = Int8Array.from({ length: rows * cols }, () => (r.nextUint32() % 3) - 1);
  const q = Int8Array.from({ length: cols }, () => (r.nextUint32() % 256) - 128);
  const packedExact = packTernary(t, { rows, cols, layout: 'input-fastest' });
  // Place the packed bytes at an offset to exercise the unaligned path.
  const buf = new Uint8Array(packedExact.length + offset);
  buf.set(packedExact, offset);
  const m: TernaryMatrix = {
    name: 'm', rows, cols, gamma: 1, normGain: new Float32Array(cols), packed: buf.subarray(offset), layout: 'input-fastest',
  };
  const expected = new Int32Array(rows);
  for (let o = 0; o < rows; o++) {
    let s = 0;
    for (let i = 0; i < cols; i++) s += t[o * cols + i]! * q[i]!;
    expected[o] = s;
  }
  return { m, q, expected };
}

describe('ternary matrix-vector kernel', () => {
  it.each([
    [64, 256, 0],
    [7, 48, 0],
    [9, 50, 0], // cols not a multiple of 4: padded codes must add nothing
    [5, 64, 1], // unaligned packed bytes
    [3, 1, 0],
  ])('is exact for %ix%i (offset %i)', (rows, cols, offset) => {
    const { m, q, expected } = case_(rows, cols, rows * cols, offset);
    const sums = new Int32Array(rows);
    new TernaryMatVec().run(m, q, sums);
    expect([...sums]).toEqual([...expected]);
  });

  it('handles the extreme sums without overflow (all -128, all -1 weights)', () => {
    const cols = 4096;
    const m: TernaryMatrix = {
      name: 'm', rows: 2, cols, gamma: 1, normGain: new Float32Array(cols), layout: 'input-fastest',
      packed: new Uint8Array((2 * cols) / 4).fill(0xff),
    };
    const sums = new Int32Array(2);
    new TernaryMatVec().run(m, new Int8Array(cols).fill(-128), sums);
    expect([...sums]).toEqual([128 * cols, 128 * cols]);
  });

  it('reuses its table across matrices of different widths', () => {
    const k = new TernaryMatVec();
    for (const [r, c] of [[16, 512], [8, 32], [4, 1024]] as const) {
      const { m, q, expected } = case_(r, c, r + c);
      const sums = new Int32Array(r);
      k.run(m, q, sums);
      expect([...sums]).toEqual([...expected]);
    }
  });
});
