import { describe, expect, it } from 'vitest';
import { Prng } from '../../sim/model/prng.ts';
import { absmeanScale, ternarize } from '../../sim/model/quantize.ts';
import {
  packedByteLength,
  packTernary,
  quantizeAndPack,
  repack,
  unpackTernary,
  type PackLayout,
} from '../../sim/model/ternary-packing.ts';

function randomTernary(n: number, seed: number): Int8Array {
  const r = new Prng(seed);
  return Int8Array.from({ length: n }, () => (r.nextUint32() % 3) - 1);
}

describe('2-bit ternary packing', () => {
  it('uses the paper core encoding: 01 = +1, 11 = -1, 00 = 0, low bits first', () => {
    // One row of 4 inputs: +1, -1, 0, +1 → 01 | 11<<2 | 00<<4 | 01<<6
    const t = Int8Array.from([1, -1, 0, 1]);
    expect([...packTernary(t, { rows: 1, cols: 4, layout: 'input-fastest' })]).toEqual([0b01_00_11_01]);
    expect([...unpackTernary(Uint8Array.from([0b10_00_11_01]), { rows: 1, cols: 4, layout: 'input-fastest' })]).toEqual([1, -1, 0, 0]);
  });

  it('linearises output-fastest (as the core streams) or input-fastest (row-major)', () => {
    // [out=4, in=2]: row-major values
    const t = Int8Array.from([1, 0, -1, 0, 0, 1, 1, -1]);
    // output-fastest: input 0 → outputs 0..3 = 1, -1, 0, 1; input 1 → 0, 0, 1, -1
    expect([...packTernary(t, { rows: 4, cols: 2, layout: 'output-fastest' })]).toEqual([0b01_00_11_01, 0b11_01_00_00]);
    // input-fastest: each row of 2 padded to a byte
    expect([...packTernary(t, { rows: 4, cols: 2, layout: 'input-fastest' })]).toEqual([0b01, 0b11, 0b01_00, 0b11_01]);
  });

  it.each<PackLayout>(['output-fastest', 'input-fastest'])('round-trips %s, including padded lines', (layout) => {
    for (const [rows, cols] of [[8, 16], [5, 7], [3, 1], [13, 10]] as const) {
      const t = randomTernary(rows * cols, rows * 100 + cols);
      const shape = { rows, cols, layout };
      const packed = packTernary(t, shape);
      expect(packed.length).toBe(packedByteLength(shape));
      expect([...unpackTernary(packed, shape)]).toEqual([...t]);
    }
  });

  it('repacks between layouts', () => {
    const t = randomTernary(6 * 12, 3);
    const a = packTernary(t, { rows: 6, cols: 12, layout: 'input-fastest' });
    const b = repack(a, { rows: 6, cols: 12, layout: 'input-fastest' }, 'output-fastest');
    expect([...b]).toEqual([...packTernary(t, { rows: 6, cols: 12, layout: 'output-fastest' })]);
  });

  it('quantizeAndPack equals ternarise then pack', () => {
    const r = new Prng(9);
    const latent = new Float32Array(24 * 20);
    r.fillGaussian(latent);
    for (let i = 0; i < latent.length; i++) latent[i]! *= 0.02;
    const gamma = absmeanScale(latent);
    const shape = { rows: 24, cols: 20, layout: 'input-fastest' } as const;
    expect([...quantizeAndPack(latent, gamma, shape)]).toEqual([...packTernary(ternarize(latent, gamma), shape)]);
  });

  it('rejects a packed buffer of the wrong size', () => {
    expect(() => unpackTernary(new Uint8Array(3), { rows: 4, cols: 4, layout: 'input-fastest' })).toThrow(/has 3 bytes.*needs 4/);
  });
});
