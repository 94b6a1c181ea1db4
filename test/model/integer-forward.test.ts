import { describe, expect, it } from 'vitest';
import { IntegerForward, type BitLinearTrace } from '../../sim/model/integer-forward.ts';
import { loadModel } from '../../sim/model/load-model.ts';
import { TernaryMatVec } from '../../sim/model/ternary-matvec.ts';
import { unpackTernary } from '../../sim/model/ternary-packing.ts';
import { TINY_DIR } from './checkpoint-fixtures.ts';
import { argmax } from '../../sim/model/sampling.ts';
import { expectGoldenAgreement, goldenCases, maxAbsDiff } from './golden.ts';

describe('integer forward pass', () => {
  const model = loadModel(TINY_DIR);

  it('reproduces the golden fixture (argmax, 48 greedy tokens, last logits)', () => {
    const diffs = expectGoldenAgreement(new IntegerForward(model));
    expect(Math.min(...diffs)).toBeLessThan(2e-5);
  });

  it('matches the first-position logits', () => {
    const fw = new IntegerForward(model);
    for (const c of goldenCases()) {
      fw.reset();
      expect(maxAbsDiff(fw.step(c.prompt_ids[0]!), c.first_logits)).toBeLessThan(1e-4);
    }
  });

  it('runs op by op with exact integer sums that the trace exposes', () => {
    const traces: { name: string; rows: number; s: number; sums: Int32Array; q: Int8Array; out: Float32Array }[] = [];
    const fw = new IntegerForward(model, {
      onBitLinear: (t: BitLinearTrace) =>
        traces.push({ name: t.matrix.name, rows: t.matrix.rows, s: t.scale, sums: t.sums.slice(), q: t.q.slice(), out: t.output.slice() }),
    });
    fw.step(100);
    // Per layer: f, i, g, o, gate, down; then lm_head.
    expect(traces.map((t) => t.name).slice(0, 6)).toEqual([
      'model.layers.0.attn.f_proj',
      'model.layers.0.attn.i_proj',
      'model.layers.0.attn.g_proj',
      'model.layers.0.attn.o_proj',
      'model.layers.0.mlp.gate_proj',
      'model.layers.0.mlp.down_proj',
    ]);
    expect(traces).toHaveLength(4 * 6 + 1);
    // Check one BitLinear against a plain dot product over unpacked weights.
    const gate = traces[4]!;
    const m = model.layers[0]!.gateProj;
    const t = unpackTernary(m.packed, { rows: m.rows, cols: m.cols, layout: m.layout });
    for (let o = 0; o < m.rows; o++) {
      let s = 0;
      for (let i = 0; i < m.cols; i++) s += t[o * m.cols + i]! * gate.q[i]!;
      expect(gate.sums[o]).toBe(s);
      expect(gate.out[o]).toBeCloseTo((s * m.gamma) / gate.s, 5);
    }
    expect(Math.max(...gate.q.map(Math.abs))).toBe(127);
  });

  it('keeps the recurrent state between tokens and clears it on reset', () => {
    const fw = new IntegerForward(model);
    const first = Float32Array.from(fw.step(65));
    fw.step(66);
    expect(fw.state[0]!.some((v) => v !== 0)).toBe(true);
    const again = Float32Array.from(fw.step(65));
    expect(maxAbsDiff(first, again)).toBeGreaterThan(0);
    fw.reset();
    expect([...fw.step(65)]).toEqual([...first]);
  });

  it('gives bit-identical logits with the SIMD and the JavaScript table kernels (every golden position and 16 greedy tokens)', () => {
    const simd = new IntegerForward(model, { kernel: new TernaryMatVec('wasm-simd') });
    const table = new IntegerForward(model, { kernel: new TernaryMatVec('js-table') });
    let steps = 0;
    for (const c of goldenCases()) {
      simd.reset();
      table.reset();
      let token = 0;
      for (const id of [...c.prompt_ids, ...new Array<number>(16).fill(-1)]) {
        const next = id >= 0 ? id : token;
        const a = simd.step(next);
        const b = table.step(next);
        expect(a).toEqual(b);
        token = argmax(a);
        steps++;
      }
    }
    expect(steps).toBeGreaterThan(100);
  });

  it('gives bit-identical logits with both kernels on the 370M shape (synthetic weights, two tokens)', () => {
    const big = loadModel('models/mmfreelm-370m');
    const simd = new IntegerForward(big, { kernel: new TernaryMatVec('wasm-simd') });
    const table = new IntegerForward(big, { kernel: new TernaryMatVec('js-table') });
    for (const token of [1, 7919]) {
      const a = simd.step(token);
      const b = table.step(token);
      expect(a).toEqual(b);
      expect(a.some((v) => v !== 0)).toBe(true);
    }
  });

  it('rejects token ids outside the vocabulary', () => {
    expect(() => new IntegerForward(model).step(256)).toThrow(/token id 256 outside \[0, 256\)/);
  });
});
