import { describe, expect, it } from 'vitest';
import { Prng } from '../../sim/model/prng.ts';
import type { TernaryMatrix } from '../../sim/model/ternary-model.ts';
import { TernaryMatVec, type MatVecImplementation } from '../../sim/model/ternary-matvec.ts';
import { SimdMatVec, simdAvailable } from '../../sim/model/ternary-simd-matvec.ts';
import { packTernary } from '../../sim/model/ternary-packing.ts';

const IMPLEMENTATIONS: MatVecImplementation[] = ['wasm-simd', 'js-table'];

function matrix(rows: number, cols: number, packed: Uint8Array): TernaryMatrix {
  return { name: 'm', rows, cols, gamma: 1, normGain: new Float32Array(cols), packed, layout: 'input-fastest' };
}

/** Random weights and activations; the packed bytes sit `offset` bytes into a larger buffer with junk around them. */
function case_(rows: number, cols: number, seed: number, offset = 0) {
  const r = new Prng(seed);
  const t = Int8Array.from({ length: rows * cols }, () => (r.nextUint32() % 3) - 1);
  const q = Int8Array.from({ length: cols }, () => (r.nextUint32() % 256) - 128);
  const packedExact = packTernary(t, { rows, cols, layout: 'input-fastest' });
  const buf = Uint8Array.from({ length: packedExact.length + offset + 5 }, () => r.nextUint32() & 255);
  buf.set(packedExact, offset);
  return { m: matrix(rows, cols, buf.subarray(offset, offset + packedExact.length)), t, q, expected: decodeAndAdd(t, q, rows, cols) };
}

/** The reference: every weight decoded and multiplied, one at a time. */
function decodeAndAdd(t: Int8Array, q: Int8Array, rows: number, cols: number): Int32Array {
  const out = new Int32Array(rows);
  for (let o = 0; o < rows; o++) {
    let s = 0;
    for (let i = 0; i < cols; i++) s += t[o * cols + i]! * q[i]!;
    out[o] = s;
  }
  return out;
}

describe('ternary matrix-vector kernels', () => {
  it('uses WebAssembly SIMD by default on this runtime', () => {
    expect(simdAvailable()).toBe(true);
    expect(new TernaryMatVec().implementation).toBe('wasm-simd');
  });

  describe.each(IMPLEMENTATIONS)('%s', (impl) => {
    it.each([
      [64, 256, 0],
      [7, 48, 0],
      [9, 50, 0], // cols not a multiple of 4: padded codes must add nothing
      [5, 64, 1], // unaligned packed bytes
      [3, 1, 0],
      [33, 130, 3], // blocks of 16 rows plus a partial one; 16-byte tiles plus a tail
    ])('is exact for %ix%i (offset %i)', (rows, cols, offset) => {
      const { m, q, expected } = case_(rows, cols, rows * cols, offset);
      const sums = new Int32Array(rows);
      new TernaryMatVec(impl).run(m, q, sums);
      expect([...sums]).toEqual([...expected]);
    });

    it('equals decode-and-add on 150 random shapes, offsets and activations', () => {
      const r = new Prng(`matvec-${impl}`);
      const k = new TernaryMatVec(impl);
      for (let n = 0; n < 150; n++) {
        const rows = 1 + (r.nextUint32() % 70);
        const cols = 1 + (r.nextUint32() % 300);
        const { m, q, expected } = case_(rows, cols, r.nextUint32(), r.nextUint32() % 9);
        const sums = new Int32Array(rows);
        k.run(m, q, sums);
        expect([...sums], `${rows}x${cols}`).toEqual([...expected]);
      }
    });

    it('handles the extreme sums without overflow (all -128 with all -1 or all +1 weights)', () => {
      const cols = 6912; // the widest matrix of the published models (2.7B down_proj)
      for (const [byte, sign] of [[0xff, 1], [0x55, -1]] as const) {
        const m = matrix(20, cols, new Uint8Array((20 * cols) / 4).fill(byte));
        const sums = new Int32Array(20);
        new TernaryMatVec(impl).run(m, new Int8Array(cols).fill(-128), sums);
        expect([...sums]).toEqual(new Array(20).fill(sign * 128 * cols));
      }
    });

    it('reuses its state across matrices of different widths and a longer q', () => {
      const k = new TernaryMatVec(impl);
      for (const [rows, cols] of [[16, 512], [8, 32], [40, 1024], [3, 6]] as const) {
        const { m, q, expected } = case_(rows, cols, rows + cols);
        const longQ = new Int8Array(cols + 100).fill(77);
        longQ.set(q);
        const sums = new Int32Array(rows + 4).fill(-1);
        k.run(m, longQ, sums);
        expect([...sums.subarray(0, rows)]).toEqual([...expected]);
        expect([...sums.subarray(rows)]).toEqual([-1, -1, -1, -1]); // nothing written past rows
      }
    });

    it('computes row slices of one matrix (as a multi-core datapath takes them) exactly', () => {
      const rows = 100;
      const cols = 72;
      const r = new Prng(7);
      const t = Int8Array.from({ length: rows * cols }, () => (r.nextUint32() % 3) - 1);
      const q = Int8Array.from({ length: cols }, () => (r.nextUint32() % 256) - 128);
      const packed = packTernary(t, { rows, cols, layout: 'input-fastest' });
      const bpr = cols / 4;
      const expected = decodeAndAdd(t, q, rows, cols);
      const k = new TernaryMatVec(impl);
      for (const [start, n] of [[0, 50], [50, 50], [3, 17], [17, 1], [99, 1], [0, 100], [31, 40]] as const) {
        const m = matrix(n, cols, packed.subarray(start * bpr, (start + n) * bpr));
        const sums = new Int32Array(n);
        k.run(m, q, sums);
        expect([...sums], `rows ${start}..${start + n}`).toEqual([...expected.subarray(start, start + n)]);
      }
    });
  });

  it('SIMD: row slices of one matrix share one copy of it', () => {
    const r = new Prng(11);
    const t = Int8Array.from({ length: 100 * 64 }, () => (r.nextUint32() % 3) - 1);
    const m = matrix(100, 64, packTernary(t, { rows: 100, cols: 64, layout: 'input-fastest' })); // its own buffer
    const q = Int8Array.from({ length: 64 }, () => (r.nextUint32() % 256) - 128);
    const k = new SimdMatVec({ maximumPages: 16 });
    k.run(m, q, new Int32Array(100));
    const held = k.wasmBytes;
    const bpr = 16;
    for (const [start, n] of [[0, 50], [50, 50], [7, 30]] as const) {
      k.run({ ...m, rows: n, packed: m.packed.subarray(start * bpr, (start + n) * bpr) }, q, new Int32Array(n));
    }
    expect(k.wasmBytes).toBe(held);
  });

  it('SIMD: a matrix that does not fit the wasm memory is computed by the table kernel, exactly', () => {
    const k = new SimdMatVec({ maximumPages: 4 }); // 256 KiB
    const small = case_(40, 200, 1);
    const large = case_(600, 2000, 2); // 300 KB packed
    for (const c of [small, large, small, large]) {
      const sums = new Int32Array(c.m.rows);
      k.run(c.m, c.q, sums);
      expect([...sums]).toEqual([...c.expected]);
    }
    expect(k.wasmBytes).toBeLessThan(256 * 1024);
  });

  it('gives the same sums from both implementations on a 370M-sized matrix', () => {
    const rows = 1024;
    const cols = 2816;
    const r = new Prng(370);
    const packed = new Uint8Array((rows * cols) / 4);
    const codes = [0, 1, 3];
    for (let i = 0; i < packed.length; i++) {
      const x = r.nextUint32();
      packed[i] = codes[x % 3]! | (codes[(x >>> 8) % 3]! << 2) | (codes[(x >>> 16) % 3]! << 4) | (codes[(x >>> 24) % 3]! << 6);
    }
    const m = matrix(rows, cols, packed);
    const q = Int8Array.from({ length: cols }, () => (r.nextUint32() % 256) - 128);
    const a = new Int32Array(rows);
    const b = new Int32Array(rows);
    new TernaryMatVec('wasm-simd').run(m, q, a);
    new TernaryMatVec('js-table').run(m, q, b);
    expect(a).toEqual(b);
    expect(a.some((v) => v !== 0)).toBe(true);
  });
});
