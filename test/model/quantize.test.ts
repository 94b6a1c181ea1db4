import { describe, expect, it } from 'vitest';
import { absmeanScale, quantizeActivations, roundHalfAway, roundHalfEven, ternarize } from '../../sim/model/quantize.ts';

describe('quantisation', () => {
  it('γ is the absmean of the latent weights, floored at 1e-5', () => {
    expect(absmeanScale(Float32Array.from([0.5, -1.5, 1, -1]))).toBe(1);
    expect(absmeanScale(new Float32Array(8))).toBe(Math.fround(1e-5));
  });

  it('ternarises with round-half-even and clamps to ±1', () => {
    const gamma = 0.5;
    // w/γ = 0.2, 0.5 (tie → 0), 0.6, -0.5 (tie → 0), -0.8, 3, -7
    expect([...ternarize(Float32Array.from([0.1, 0.25, 0.3, -0.25, -0.4, 1.5, -3.5]), gamma)]).toEqual([0, 0, 1, 0, -1, 1, -1]);
    expect(roundHalfEven(2.5)).toBe(2);
    expect(roundHalfEven(3.5)).toBe(4);
    expect(roundHalfEven(-2.5)).toBe(-2);
  });

  it('rounds activations half away from zero', () => {
    expect(roundHalfAway(2.5)).toBe(3);
    expect(roundHalfAway(-2.5)).toBe(-3);
    expect(roundHalfAway(-2.4)).toBe(-2);
    expect(roundHalfAway(0.49999)).toBe(0);
  });

  it('per-token int8: the largest magnitude maps to ±127, s = 127 / max|x|', () => {
    const x = Float32Array.from([0.5, -2, 1, 0.0078125]);
    const q = new Int8Array(4);
    const s = quantizeActivations(x, q);
    expect(s).toBe(63.5);
    expect([...q]).toEqual([32, -127, 64, 0]); // 31.75 → 32, 0.496 → 0
    const zeros = new Int8Array(3);
    expect(quantizeActivations(new Float32Array(3), zeros)).toBe(Math.fround(127 / 1e-5));
    expect([...zeros]).toEqual([0, 0, 0]);
  });
});
