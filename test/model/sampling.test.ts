import { describe, expect, it } from 'vitest';
import { argmax, TokenSampler } from '../../sim/model/sampling.ts';

describe('token choice', () => {
  it('greedy picks the lowest id on an exact tie', () => {
    expect(argmax(Float32Array.from([1, 3, 3, 2]))).toBe(1);
    expect(new TokenSampler({ kind: 'greedy' }).next(Float32Array.from([5, 5]))).toBe(0);
  });

  it('sampling is deterministic for a seed and differs across seeds', () => {
    const logits = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i));
    const draw = (seed: number) => {
      const s = new TokenSampler({ kind: 'sample', temperature: 1.5, topK: null, seed });
      return Array.from({ length: 40 }, () => s.next(logits));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('top-k restricts to the k largest logits', () => {
    const logits = Float32Array.from([0, 10, 9, 8, -1, 9.5]);
    const s = new TokenSampler({ kind: 'sample', temperature: 100, topK: 2, seed: 1 });
    const seen = new Set(Array.from({ length: 200 }, () => s.next(logits)));
    expect(seen).toEqual(new Set([1, 5]));
  });

  it('follows the softmax distribution', () => {
    const logits = Float32Array.from([Math.log(1), Math.log(3)]);
    const s = new TokenSampler({ kind: 'sample', temperature: 1, topK: null, seed: 3 });
    let ones = 0;
    for (let i = 0; i < 4000; i++) ones += s.next(logits);
    expect(ones / 4000).toBeGreaterThan(0.72);
    expect(ones / 4000).toBeLessThan(0.78);
  });

  it('temperature 0 is greedy', () => {
    const s = new TokenSampler({ kind: 'sample', temperature: 0, topK: null, seed: 3 });
    expect(s.next(Float32Array.from([1, 4, 2]))).toBe(1);
  });
});
