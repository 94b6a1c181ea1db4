import { describe, expect, it } from 'vitest';
import { ONE_SEQUENCE, VectorDatapath } from '../../../sim/hw/datapath/vector-datapath.ts';
import type { BufferDecl, VectorInstruction } from '../../../sim/isa/vector-instruction.ts';

// f, c, h_t (slot buffers) and h (a recurrent state), length 3, batch 3.
const DECLS: BufferDecl[] = [
  { name: 'f', format: 'f32', length: 3 },
  { name: 'c', format: 'f32', length: 3 },
  { name: 'h_t', format: 'f32', length: 3 },
  { name: 'h', format: 'f32', length: 3, state: true },
];
const STATE: VectorInstruction = { op: 'mlgru_state', f: 0, c: 1, h: 3, hOut: 2, lb: null, length: 3 };
const CONFIG = { accumulatorBits: 32, nonlinear: 'exact', lutBits: 8, state: 'fp32' } as const;
const NO_MEMORY = { matrices: [], gammas: new Float64Array(0), vectorAt: () => new Float32Array(0), vectorRowAt: () => new Float32Array(0) };

function datapath(): VectorDatapath {
  const d = new VectorDatapath(DECLS, 3, CONFIG, NO_MEMORY);
  // Slot s: f' = s − 1, c = 0.5 + s (different gates per slot).
  for (let s = 0; s < 3; s++) {
    d.f32(0, s).fill(s - 1);
    d.f32(1, s).fill(0.5 + s);
  }
  return d;
}

/** h ← f·h + c·σ(c)·(1 − f), f = σ(f'), as docs/model-spec.md, "Token mixer: MLGRU". */
function step(h: number, f: number, c: number): number {
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const fs = Math.fround(sig(f));
  return Math.fround(fs * h + c * sig(c) * (1 - fs));
}

describe('VectorDatapath pass modes', () => {
  it('prefill-one-sequence: the slots advance one state in order; sequences: each slot its own state', () => {
    const one = datapath();
    one.beginPass(ONE_SEQUENCE);
    one.execute(STATE, 3, [0, 0, 0]);
    let h = 0;
    for (let s = 0; s < 3; s++) {
      h = step(h, s - 1, 0.5 + s);
      expect(one.f32(2, s)[0]).toBeCloseTo(h, 6);
    }
    expect(one.f32(3, 0)[0]).toBeCloseTo(h, 6);
    expect(Array.from(one.f32(3, 1))).toEqual([0, 0, 0]);

    const many = datapath();
    many.beginPass({ kind: 'sequences', sequences: [2, 0, 1] });
    many.execute(STATE, 3, [0, 0, 0]);
    for (let s = 0; s < 3; s++) expect(many.f32(2, s)[0]).toBeCloseTo(step(0, s - 1, 0.5 + s), 6);
    // Slot 0 belongs to sequence 2, slot 1 to sequence 0, slot 2 to sequence 1.
    expect(many.f32(3, 2)[0]).toBe(many.f32(2, 0)[0]);
    expect(many.f32(3, 0)[0]).toBe(many.f32(2, 1)[0]);
    expect(many.f32(3, 1)[0]).toBe(many.f32(2, 2)[0]);
    // A second step continues each sequence from its own state.
    const before = many.f32(3, 0)[0]!;
    many.beginPass({ kind: 'sequences', sequences: [0] });
    many.execute(STATE, 1, [0]);
    expect(many.f32(3, 0)[0]).toBeCloseTo(step(before, -1, 0.5), 6);
    many.reset();
    for (let q = 0; q < 3; q++) expect(Array.from(many.f32(3, q))).toEqual([0, 0, 0]);
  });

  it('rejects a sequence outside the batch, a repeated sequence, and a slot count that disagrees', () => {
    const d = datapath();
    expect(() => d.beginPass({ kind: 'sequences', sequences: [0, 3] })).toThrow(/sequence 3 outside 0..2/);
    expect(() => d.beginPass({ kind: 'sequences', sequences: [1, 1] })).toThrow(/appears twice/);
    expect(() => d.beginPass({ kind: 'prefill-one-sequence', sequence: -1 })).toThrow(/outside/);
    d.beginPass({ kind: 'sequences', sequences: [0, 1] });
    expect(() => d.execute(STATE, 3, [0, 0, 0])).toThrow(/2 sequences for 3 slots/);
  });
});
