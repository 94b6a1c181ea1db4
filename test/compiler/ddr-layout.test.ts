import { describe, expect, it } from 'vitest';
import { compileModel } from '../../sim/compiler/compile-model.ts';
import { layoutDdr, rowSplit, slicePacked, writeDdrImage, REGION_ALIGN } from '../../sim/compiler/ddr-layout.ts';
import { MemoryImage } from '../../sim/compiler/memory-image.ts';
import { unpackTernary } from '../../sim/model/ternary-packing.ts';
import { smallModel } from '../hw/system/fixtures.ts';

describe('DDR layout', () => {
  const model = smallModel(11, 36, 72, 50, 2);

  it('row splits cover every row exactly once', () => {
    for (const rows of [1, 7, 64, 50, 257]) {
      for (const cores of [1, 2, 3, 4, 8]) {
        let next = 0;
        for (let k = 0; k < cores; k++) {
          const { start, count } = rowSplit(rows, cores, k);
          expect(start).toBe(next);
          next += count;
        }
        expect(next).toBe(rows);
      }
    }
  });

  it.each(['input-fastest', 'output-fastest'] as const)('%s: regions are aligned and disjoint, and the image holds each core\'s rows', (layout) => {
    for (const cores of [1, 3]) {
      for (let k = 0; k < cores; k++) {
        const l = layoutDdr(model, cores, k, layout);
        const regions = [...l.slices.map((s) => [s.addr, s.bytes]), ...[...l.vectors.values()].map((v) => [v.addr, 4 * v.length])].sort((a, b) => a[0]! - b[0]!);
        for (let i = 0; i < regions.length; i++) {
          expect(regions[i]![0]! % REGION_ALIGN).toBe(0);
          if (i > 0) expect(regions[i]![0]!).toBeGreaterThanOrEqual(regions[i - 1]![0]! + regions[i - 1]![1]!);
        }
        const image = new MemoryImage();
        writeDdrImage(l, image);
        for (const s of l.slices) {
          const m = l.matrices[s.matrix]!;
          const bytes = image.read(s.addr, new Uint8Array(s.bytes));
          expect(bytes).toEqual(slicePacked(m, s, layout));
          // The slice's weights are the matrix's rows [rowStart, rowStart + rows).
          const t = unpackTernary(bytes, { rows: s.rows, cols: m.cols, layout });
          const all = unpackTernary(m.packed, { rows: m.rows, cols: m.cols, layout: 'input-fastest' });
          expect(t).toEqual(all.subarray(s.rowStart * m.cols, (s.rowStart + s.rows) * m.cols));
        }
        const emb = l.vectors.get('embeddings')!;
        expect(new Float32Array(image.read(emb.addr + 4 * 36 * 5, new Uint8Array(4 * 36)).buffer)).toEqual(model.embeddings.subarray(36 * 5, 36 * 6));
      }
    }
  });

  it('a program streams every weight of the model once per pass, across all cores', () => {
    for (const cores of [1, 2, 4]) {
      const rows = new Map<number, number>();
      for (let k = 0; k < cores; k++) {
        for (const inst of compileModel(model, k, { cores, fuseProjections: k % 2 === 0, layout: 'input-fastest' }).instructions) {
          if (inst.op === 'tmatmul') for (const p of inst.parts) rows.set(p.matrix, (rows.get(p.matrix) ?? 0) + p.rows);
        }
      }
      const l = layoutDdr(model, 1, 0, 'input-fastest');
      expect([...rows.entries()].sort((a, b) => a[0] - b[0])).toEqual(l.matrices.map((m, i) => [i, m.rows]));
    }
  });

  it('all-gathers appear only with several cores', () => {
    const one = compileModel(model, 0, { cores: 1, fuseProjections: false, layout: 'input-fastest' });
    const two = compileModel(model, 1, { cores: 2, fuseProjections: false, layout: 'input-fastest' });
    expect(one.instructions.some((i) => i.op === 'all_gather')).toBe(false);
    // Per layer f, c, g, o-out, gate_up, down-out; then the logits.
    expect(two.instructions.filter((i) => i.op === 'all_gather')).toHaveLength(2 * 6 + 1);
  });
});
