import { describe, expect, it } from 'vitest';
import { base3ToTwoBit, decodeBase3Byte, packBase3, unpackBase3 } from '../../sim/model/ternary-base3.ts';
import { packTernary } from '../../sim/model/ternary-packing.ts';
import { Prng } from '../../sim/model/prng.ts';

function randomTernary(n: number, seed: number): Int8Array {
  const rng = new Prng(seed);
  const t = new Int8Array(n);
  for (let i = 0; i < n; i++) t[i] = (rng.nextUint32() % 3) - 1;
  return t;
}

describe('base-3 ternary packing (five trits per byte)', () => {
  it('encodes each of the 243 five-trit groups to a distinct byte and decodes it back', () => {
    const seen = new Set<number>();
    for (let code = 0; code < 243; code++) {
      const trits = decodeBase3Byte(code);
      const packed = packBase3(trits, 1, 5);
      expect(packed.length).toBe(1);
      expect(packed[0]).toBe(code);
      seen.add(packed[0]!);
    }
    expect(seen.size).toBe(243);
  });

  it('round-trips matrices whose rows are not a multiple of five, padding each row to whole bytes', () => {
    for (const [rows, cols] of [[3, 7], [4, 256], [2, 1], [5, 20]] as const) {
      const t = randomTernary(rows * cols, rows * 100 + cols);
      const packed = packBase3(t, rows, cols);
      expect(packed.length).toBe(rows * Math.ceil(cols / 5));
      expect(Math.max(...packed)).toBeLessThanOrEqual(242);
      expect(unpackBase3(packed, rows, cols)).toEqual(t);
      expect(base3ToTwoBit(packed, rows, cols)).toEqual(packTernary(t, { rows, cols, layout: 'input-fastest' }));
    }
  });

  it('refuses a value that is not ternary', () => {
    expect(() => packBase3(new Int8Array([0, 2]), 1, 2)).toThrow(/not ternary/);
  });
});
