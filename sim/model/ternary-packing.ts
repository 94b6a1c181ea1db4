import { ternaryOf } from './quantize.ts';

/**
 * 2-bit ternary packing in the paper core's encoding: 01 = +1, 11 = -1, 00 = 0 (10 is
 * never produced and unpacks as 0), four weights per byte, the first weight in the low
 * bits. A matrix `[rows = out, cols = in]` is linearised in one of two orders:
 *
 * - `output-fastest`: for each input i, outputs 0..out-1 — the order the paper core streams
 *   weights (one input activation broadcast to a run of output accumulators);
 * - `input-fastest`: row-major, for each output o, inputs 0..in-1 — the order the software
 *   integer kernel prefers (a row's bytes are a dot product).
 *
 * Each line (a column in output-fastest order, a row in input-fastest order) starts on a
 * byte boundary: if its length is not a multiple of 4, the last byte is padded with zeros.
 */
export type PackLayout = 'output-fastest' | 'input-fastest';

export const TERNARY_CODE = { zero: 0b00, plus: 0b01, minus: 0b11 } as const;

/** Value of each 2-bit code. */
const CODE_VALUE = [0, 1, 0, -1] as const;

export interface PackedShape {
  rows: number;
  cols: number;
  layout: PackLayout;
}

/** Number of lines and their length in the chosen layout. */
function lines({ rows, cols, layout }: PackedShape): { count: number; length: number } {
  switch (layout) {
    case 'output-fastest':
      return { count: cols, length: rows };
    case 'input-fastest':
      return { count: rows, length: cols };
    default: {
      const never: never = layout;
      throw new Error(`unknown layout ${String(never)}`);
    }
  }
}

export function bytesPerLine(shape: PackedShape): number {
  return Math.ceil(lines(shape).length / 4);
}

export function packedByteLength(shape: PackedShape): number {
  return lines(shape).count * bytesPerLine(shape);
}

function encode(t: number): number {
  return t > 0 ? TERNARY_CODE.plus : t < 0 ? TERNARY_CODE.minus : TERNARY_CODE.zero;
}

/** Pack a row-major `[rows, cols]` array of -1/0/+1 values. */
export function packTernary(t: Int8Array, shape: PackedShape): Uint8Array {
  return packWith((o, i) => t[o * shape.cols + i]!, shape);
}

/** Ternarise row-major latent weights with scale γ and pack them, without an int8 copy. */
export function quantizeAndPack(latent: Float32Array, gamma: number, shape: PackedShape): Uint8Array {
  if (shape.layout !== 'input-fastest') return packWith((o, i) => ternaryOf(latent[o * shape.cols + i]!, gamma), shape);
  // The load path (every weight of a checkpoint passes here): inlined, one byte at a time.
  const { rows, cols } = shape;
  const out = new Uint8Array(packedByteLength(shape));
  const perLine = bytesPerLine(shape);
  const half = 0.5 * gamma; // same decision as ternaryOf
  for (let o = 0; o < rows; o++) {
    const src = o * cols;
    const dst = o * perLine;
    for (let k = 0; k < cols; k += 4) {
      let byte = 0;
      const n = Math.min(4, cols - k);
      for (let j = 0; j < n; j++) {
        const w = latent[src + k + j]!;
        // Branch-free (01 for +1, 11 for -1): signs of real weights are unpredictable.
        byte |= (+(w > half) | (+(w < -half) * 3)) << (2 * j);
      }
      out[dst + (k >> 2)] = byte;
    }
  }
  return out;
}

function packWith(value: (o: number, i: number) => number, shape: PackedShape): Uint8Array {
  const { rows, cols, layout } = shape;
  const out = new Uint8Array(packedByteLength(shape));
  const perLine = bytesPerLine(shape);
  const { count, length } = lines(shape);
  const outputFastest = layout === 'output-fastest';
  for (let line = 0; line < count; line++) {
    for (let k = 0; k < length; k++) {
      const v = outputFastest ? value(k, line) : value(line, k);
      if (v === 0) continue;
      out[line * perLine + (k >> 2)]! |= encode(v) << ((k & 3) * 2);
    }
  }
  void rows;
  void cols;
  return out;
}

/** Unpack to a row-major `[rows, cols]` Int8Array of -1/0/+1. */
export function unpackTernary(packed: Uint8Array, shape: PackedShape): Int8Array {
  const { rows, cols, layout } = shape;
  const expected = packedByteLength(shape);
  if (packed.length !== expected) {
    throw new RangeError(`packed matrix has ${packed.length} bytes, a ${rows}x${cols} ${layout} matrix needs ${expected}`);
  }
  const out = new Int8Array(rows * cols);
  const perLine = bytesPerLine(shape);
  const { count, length } = lines(shape);
  const outputFastest = layout === 'output-fastest';
  for (let line = 0; line < count; line++) {
    for (let k = 0; k < length; k++) {
      const code = (packed[line * perLine + (k >> 2)]! >> ((k & 3) * 2)) & 3;
      const idx = outputFastest ? k * cols + line : line * cols + k;
      out[idx] = CODE_VALUE[code as 0 | 1 | 2 | 3];
    }
  }
  return out;
}

/** Re-linearise a packed matrix into the other layout (the compiler's DDR image wants output-fastest). */
export function repack(packed: Uint8Array, from: PackedShape, layout: PackLayout): Uint8Array {
  return packTernary(unpackTernary(packed, from), { rows: from.rows, cols: from.cols, layout });
}
