import { packTernary } from './ternary-packing.ts';

/**
 * The 1.6-bit ternary packing TerEffic (arXiv 2502.16473 v2) stores: five trits per byte in
 * base 3, byte = Σ (wₖ + 1)·3ᵏ for k = 0…4 (0…242; 243…255 never occur and decode as 0s),
 * lines (rows) of `cols` weights padded to whole bytes. Decoding yields the 2-bit code of
 * ternary-packing.ts (four per byte, input-fastest), which is what the lanes read.
 */
export const TRITS_PER_BYTE = 5;

/** Pack a row-major rows × cols ternary matrix (values −1, 0, +1). */
export function packBase3(t: Int8Array, rows: number, cols: number): Uint8Array {
  const bpr = Math.ceil(cols / TRITS_PER_BYTE);
  const out = new Uint8Array(rows * bpr);
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < bpr; b++) {
      let v = 0;
      for (let k = TRITS_PER_BYTE - 1; k >= 0; k--) {
        const i = b * TRITS_PER_BYTE + k;
        const w = i < cols ? t[r * cols + i]! : 0;
        if (w !== -1 && w !== 0 && w !== 1) throw new RangeError(`weight (${r}, ${i}) = ${w} is not ternary`);
        v = v * 3 + (w + 1);
      }
      out[r * bpr + b] = v;
    }
  }
  return out;
}

/** The five trits of one byte, lowest first (bytes above 242 decode as five zeros). */
export function decodeBase3Byte(byte: number, out: Int8Array = new Int8Array(TRITS_PER_BYTE)): Int8Array {
  if (byte > 242) return out.fill(0);
  for (let k = 0; k < TRITS_PER_BYTE; k++) {
    out[k] = (byte % 3) - 1;
    byte = Math.floor(byte / 3);
  }
  return out;
}

/** Unpack to a row-major rows × cols ternary matrix. */
export function unpackBase3(packed: Uint8Array, rows: number, cols: number): Int8Array {
  const bpr = Math.ceil(cols / TRITS_PER_BYTE);
  const t = new Int8Array(rows * cols);
  const trits = new Int8Array(TRITS_PER_BYTE);
  for (let r = 0; r < rows; r++) {
    for (let b = 0; b < bpr; b++) {
      decodeBase3Byte(packed[r * bpr + b]!, trits);
      for (let k = 0; k < TRITS_PER_BYTE && b * TRITS_PER_BYTE + k < cols; k++) t[r * cols + b * TRITS_PER_BYTE + k] = trits[k]!;
    }
  }
  return t;
}

/**
 * The decoder's output: base-3 bytes turned into the 2-bit code (input-fastest, four per
 * byte, rows padded to whole bytes) — the bytes the lanes consume.
 */
export function base3ToTwoBit(packed: Uint8Array, rows: number, cols: number): Uint8Array {
  return packTernary(unpackBase3(packed, rows, cols), { rows, cols, layout: 'input-fastest' });
}
