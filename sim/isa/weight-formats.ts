/**
 * The packed ternary weight formats a design may store, as data: `weights.format` in the
 * arch YAML names one. The compiler lays matrices out with `weightsPerByte` (each matrix
 * row padded to whole bytes), the weight stream counts `weightsPerByte` weights per byte it
 * reads, and a format with a decoder pays its resources and latency between the weight FIFO
 * and the lanes. Every decoder turns its bytes back into the 2-bit code (01 = +1, 11 = −1,
 * 00 = 0), so the lanes and the values they compute are the same in every format.
 */
export interface WeightFormat {
  summary: string;
  /** Ternary weights per stored byte. */
  weightsPerByte: number;
  /** Bits per weight as stored (8 / weightsPerByte). */
  bitsPerWeight: number;
  /** Decoder between the FIFO and the lanes, or null when the lanes read the stored code. */
  decode: null | {
    /** LUTs per decoded byte (one byte decoded per cycle per instance). */
    lutsPerByte: number;
    /** Pipeline registers (flip-flops) per decoded byte. */
    ffsPerByte: number;
    /** Cycles from a chunk's arrival in the FIFO until its weights reach the lanes. */
    latencyCycles: number;
    provenance: string;
  };
}

export const WEIGHT_FORMATS = {
  'ternary-2bit': {
    summary: "four 2-bit codes per byte, low bits first (the paper core's encoding: 01 = +1, 11 = −1, 00 = 0)",
    weightsPerByte: 4,
    bitsPerWeight: 2,
    decode: null,
  },
  'ternary-base3-5per8': {
    summary:
      'five trits per byte in base 3, byte = Σ (wₖ + 1)·3ᵏ for k = 0…4 (≤ 242), i.e. 1.6 bits per weight, decoded to the 2-bit code by a combinational table per byte (TerEffic, arXiv 2502.16473 v2)',
    weightsPerByte: 5,
    bitsPerWeight: 1.6,
    decode: {
      // derived: the byte → five 2-bit codes table is 10 output bits, each a function of 8
      // input bits; an 8-input function is 4 LUT6s plus 3 F7/F8 muxes (UltraScale+), so at
      // most 40 LUT6s per byte; logic synthesis shares terms between outputs, so 32 is
      // `assumed` (TerEffic reports its decoder as "a few" bit operations, no LUT count).
      lutsPerByte: 32,
      // derived: one register stage on the 10 decoded bits.
      ffsPerByte: 10,
      // assumed: one registered table stage.
      latencyCycles: 1,
      provenance: 'derived (LUT6 count of an 8-input, 10-output table) with the shared-logic saving assumed; latency assumed 1 registered stage',
    },
  },
} as const satisfies Record<string, WeightFormat>;

export type WeightFormatName = keyof typeof WEIGHT_FORMATS;
export const WEIGHT_FORMAT_NAMES = Object.keys(WEIGHT_FORMATS) as WeightFormatName[];

export function weightFormat(name: WeightFormatName): WeightFormat {
  return WEIGHT_FORMATS[name];
}

/** Stored bytes of one line (row) of `n` weights: lines are padded to whole bytes. */
export function lineBytes(n: number, format: WeightFormatName): number {
  return Math.ceil(n / WEIGHT_FORMATS[format].weightsPerByte);
}
