import type { TernaryMatrix } from './ternary-model.ts';

/**
 * The plain-JavaScript ternary kernel (the fallback where WebAssembly SIMD is unavailable,
 * see ternary-matvec.ts): sums[o] = Σ_i t[o,i] · q[i] exactly, on the 2-bit packed,
 * input-fastest weights as loaded.
 *
 * Technique (profiled in bench/integer-forward.ts against a decode-and-add loop, which is
 * ~4.5× slower): a packed byte holds four weights of consecutive inputs, so for every
 * group g of 4 inputs we tabulate all 256 possible byte values' partial sums once per call
 * (`table[g·256 + byte]`, Int16: |4·128| fits); each output row is then cols/4 look-ups.
 * Rows are read four bytes at a time through a Uint32 view when the row length allows it,
 * two rows per pass.
 * The table costs 64·cols writes per call, negligible next to rows·cols/4 look-ups.
 */
export class TableMatVec {
  private table = new Int16Array(0);
  /** Word views of packed matrices, made once per matrix so a token allocates nothing. */
  private readonly words = new WeakMap<Uint8Array, Uint32Array>();

  /** `q` has `m.cols` int8 activations; `sums` receives `m.rows` integers. */
  run(m: TernaryMatrix, q: Int8Array, sums: Int32Array): void {
    const groups = (m.cols + 3) >> 2;
    if (this.table.length < groups * 256) this.table = new Int16Array(groups * 256);
    const table = this.table;
    buildGroupTables(q, m.cols, groups, table);
    const packed = m.packed;
    if ((groups & 3) === 0 && (packed.byteOffset & 3) === 0) {
      let words = this.words.get(packed);
      if (!words) {
        words = new Uint32Array(packed.buffer, packed.byteOffset, packed.byteLength >> 2);
        this.words.set(packed, words);
      }
      rowsByWords(words, table, groups, m.rows, sums);
    } else {
      rowsByBytes(packed, table, groups, m.rows, sums);
    }
  }
}

/** table[g·256 + b] = Σ_j value(code_j(b)) · q[4g + j]; inputs past `cols` count as 0. */
function buildGroupTables(q: Int8Array, cols: number, groups: number, table: Int16Array): void {
  for (let g = 0; g < groups; g++) {
    const i = g << 2;
    const a0 = i < cols ? q[i]! : 0;
    const a1 = i + 1 < cols ? q[i + 1]! : 0;
    const a2 = i + 2 < cols ? q[i + 2]! : 0;
    const a3 = i + 3 < cols ? q[i + 3]! : 0;
    // Partial sums of one 2-bit code: 00 → 0, 01 → +a, 10 → 0 (unused), 11 → -a.
    const base = g << 8;
    for (let c3 = 0; c3 < 4; c3++) {
      const v3 = c3 === 1 ? a3 : c3 === 3 ? -a3 : 0;
      for (let c2 = 0; c2 < 4; c2++) {
        const v23 = v3 + (c2 === 1 ? a2 : c2 === 3 ? -a2 : 0);
        for (let c1 = 0; c1 < 4; c1++) {
          const v123 = v23 + (c1 === 1 ? a1 : c1 === 3 ? -a1 : 0);
          const at = base | (c3 << 6) | (c2 << 4) | (c1 << 2);
          table[at] = v123;
          table[at | 1] = v123 + a0;
          table[at | 2] = v123;
          table[at | 3] = v123 - a0;
        }
      }
    }
  }
}

/**
 * Two rows per pass: their look-ups hit the same table slice and the independent sums give
 * the CPU more to overlap (measured +13% over one row at a time; four rows was slower).
 */
function rowsByWords(words: Uint32Array, table: Int16Array, groups: number, rows: number, sums: Int32Array): void {
  const wordsPerRow = groups >> 2;
  let o = 0;
  for (; o + 1 < rows; o += 2) {
    let a0 = 0;
    let a1 = 0;
    let b0 = 0;
    let b1 = 0;
    const ra = o * wordsPerRow;
    const rb = ra + wordsPerRow;
    let t = 0;
    for (let k = 0; k < wordsPerRow; k++) {
      const x = words[ra + k]!;
      const y = words[rb + k]!;
      a0 += table[t | (x & 255)]!;
      b0 += table[t | (y & 255)]!;
      a1 += table[(t + 256) | ((x >>> 8) & 255)]!;
      b1 += table[(t + 256) | ((y >>> 8) & 255)]!;
      a0 += table[(t + 512) | ((x >>> 16) & 255)]!;
      b0 += table[(t + 512) | ((y >>> 16) & 255)]!;
      a1 += table[(t + 768) | (x >>> 24)]!;
      b1 += table[(t + 768) | (y >>> 24)]!;
      t += 1024;
    }
    sums[o] = a0 + a1;
    sums[o + 1] = b0 + b1;
  }
  if (o < rows) {
    let s = 0;
    const r = o * wordsPerRow;
    let t = 0;
    for (let k = 0; k < wordsPerRow; k++) {
      const x = words[r + k]!;
      s += table[t | (x & 255)]! + table[(t + 256) | ((x >>> 8) & 255)]!;
      s += table[(t + 512) | ((x >>> 16) & 255)]! + table[(t + 768) | (x >>> 24)]!;
      t += 1024;
    }
    sums[o] = s;
  }
}

function rowsByBytes(packed: Uint8Array, table: Int16Array, groups: number, rows: number, sums: Int32Array): void {
  for (let o = 0; o < rows; o++) {
    let s = 0;
    const base = o * groups;
    for (let g = 0; g < groups; g++) s += table[(g << 8) | packed[base + g]!]!;
    sums[o] = s;
  }
}
