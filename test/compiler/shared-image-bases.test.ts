import { describe, expect, it } from 'vitest';
import { layoutDdr, REGION_ALIGN, sharedImageBases } from '../../sim/compiler/ddr-layout.ts';
import { smallModel } from '../hw/system/fixtures.ts';

describe('DDR images of cores sharing one memory', () => {
  it('a base moves every region of the image by exactly that many bytes', () => {
    const model = smallModel(2);
    const at0 = layoutDdr(model, 3, 1, 'input-fastest');
    const base = 5 * 131072 + 64;
    const moved = layoutDdr(model, 3, 1, 'input-fastest', base);
    expect(moved.slices.map((s) => s.addr - base)).toEqual(at0.slices.map((s) => s.addr));
    expect([...moved.vectors.values()].map((v) => v.addr - base)).toEqual([...at0.vectors.values()].map((v) => v.addr));
    expect(moved.end - base).toBe(at0.end);
    expect(moved.weightBytes).toBe(at0.weightBytes);
    expect(() => layoutDdr(model, 3, 1, 'input-fastest', 100)).toThrow(RangeError);
  });

  it('images are disjoint and aligned; each starts on its own channel, co-channel images in other banks', () => {
    const stripe = 131072;
    for (const [cores, channels] of [
      [2, 1],
      [3, 2],
      [8, 4],
      [5, 4],
    ] as const) {
      const sizes = Array.from({ length: cores }, (_, k) => 3_000_000 + 64 * k + 7);
      const bases = sharedImageBases(sizes, channels, stripe);
      for (let k = 0; k < cores; k++) {
        expect(bases[k]! % REGION_ALIGN).toBe(0);
        if (k > 0) expect(bases[k]!).toBeGreaterThanOrEqual(bases[k - 1]! + sizes[k - 1]!);
        // The channel each image starts in: core k's is core 0's plus k.
        expect(Math.floor(bases[k]! / stripe) % channels).toBe(k % channels);
        // Cores sharing a channel start at different, evenly spread offsets in the stripe.
        const perChannel = Math.ceil(cores / channels);
        expect(bases[k]! % stripe).toBe(Math.floor(k / channels) * Math.floor(stripe / perChannel / 64) * 64);
      }
    }
  });

  it('without channel structure (fixed-latency memory) the images are packed', () => {
    expect(sharedImageBases([100, 200, 64], 1, Infinity)).toEqual([0, 128, 384]);
  });
});
