import { describe, expect, it } from 'vitest';
import { Prng } from '../../sim/model/prng.ts';

describe('Prng', () => {
  it('replays the same stream from the same seed, a different one from another', () => {
    const draw = (seed: number) => {
      const r = new Prng(seed);
      return Array.from({ length: 8 }, () => r.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    for (const x of draw(7)) expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
  });

  it('keeps the sfc32 stream synthetic weights were generated with', () => {
    const r = new Prng(11);
    expect(Array.from({ length: 4 }, () => r.nextUint32())).toEqual([2150947478, 3426344680, 3391721343, 1505961228]);
  });

  it('fillUint32 draws the same stream as nextUint32, and the stream continues after it', () => {
    const bulk = new Prng(11);
    const single = new Prng(11);
    const out = new Uint32Array(1000);
    bulk.fillUint32(out.subarray(0, 3));
    bulk.fillUint32(out.subarray(3));
    for (const x of out) expect(x).toBe(single.nextUint32());
    expect(bulk.nextUint32()).toBe(single.nextUint32());
  });

  it('fillGaussian leaves the stream where its draws end (a following draw is the same whatever the chunking)', () => {
    const a = new Prng(5);
    const b = new Prng(5);
    const whole = new Float32Array(10);
    a.fillGaussian(whole);
    const first = new Float32Array(4);
    const rest = new Float32Array(6);
    b.fillGaussian(first);
    b.fillGaussian(rest);
    expect([...first, ...rest]).toEqual([...whole]);
    expect(b.nextUint32()).toBe(a.nextUint32());
  });

  it('fillGaussian: deterministic standard normals (moments and the 1σ/2σ/3σ masses)', () => {
    const n = 400_000;
    const a = new Float32Array(n);
    new Prng(3).fillGaussian(a);
    const b = new Float32Array(n);
    new Prng(3).fillGaussian(b);
    expect(b).toEqual(a);
    let sum = 0;
    let sq = 0;
    let fourth = 0;
    const within = [0, 0, 0];
    for (const x of a) {
      sum += x;
      sq += x * x;
      fourth += x ** 4;
      for (let k = 0; k < 3; k++) if (Math.abs(x) < k + 1) within[k]!++;
    }
    expect(sum / n).toBeCloseTo(0, 2);
    expect(sq / n).toBeCloseTo(1, 1);
    expect(fourth / n).toBeGreaterThan(2.9); // normal kurtosis 3 (uniform: 1.8)
    expect(fourth / n).toBeLessThan(3.1);
    const expected = [0.6827, 0.9545, 0.9973];
    for (let k = 0; k < 3; k++) expect(Math.abs(within[k]! / n - expected[k]!)).toBeLessThan(0.003);
  });

  it('fillGaussian fills odd lengths completely', () => {
    const a = new Float64Array(7).fill(Number.NaN);
    new Prng(1).fillGaussian(a);
    expect(a.every(Number.isFinite)).toBe(true);
  });
});
