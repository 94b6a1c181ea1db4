import type { TernaryMatrix, TernaryModel } from '../model/ternary-model.ts';
import { ternaryMatrices } from '../model/ternary-model.ts';
import { bytesPerLine, repack, unpackTernary, type PackLayout } from '../model/ternary-packing.ts';
import { base3ToTwoBit, packBase3 } from '../model/ternary-base3.ts';
import { lineBytes, type WeightFormatName } from '../isa/weight-formats.ts';
import type { MemoryImage } from './memory-image.ts';
import { stageHoldsMatrix, type BoardStage } from './board-stages.ts';

/** DDR regions are aligned to one DDR4 burst so a stream never starts mid-burst. */
export const REGION_ALIGN = 64;

/** A core's slice of one matrix: output rows [rowStart, rowStart + rows). */
export interface MatrixSlice {
  matrix: number;
  rowStart: number;
  rows: number;
  addr: number;
  bytes: number;
}

/** An fp32 vector in DDR (embeddings, norm gains, lower bounds, logits). */
export interface VectorRegion {
  name: string;
  addr: number;
  /** Elements (fp32). */
  length: number;
  /** Contents, or null for an output region (logits). */
  values: Float32Array | null;
  /** Row k of a table region without reading the other rows (the embeddings: a pass reads only its tokens' rows). */
  row?(k: number): Float32Array;
}

/**
 * The DDR image of one core's memory (its own channel or channels): its slice of every
 * matrix in the weight format (2-bit codes in `layout` order, or base-3 bytes row by row), then every fp32 vector it reads, then the logits.
 * γ per matrix travels in the instruction stream (one fp32 immediate per tmatmul part).
 */
export interface DdrLayout {
  core: number;
  layout: PackLayout;
  format: WeightFormatName;
  matrices: readonly TernaryMatrix[];
  slices: MatrixSlice[];
  vectors: Map<string, VectorRegion>;
  /** First free byte after every region. */
  end: number;
  /** Packed weight bytes of all slices (what one pass streams). */
  weightBytes: number;
}

/** Rows [start, start + count) of `rows` split as evenly as possible over `cores`. */
export function rowSplit(rows: number, cores: number, core: number): { start: number; count: number } {
  const base = Math.floor(rows / cores);
  const extra = rows % cores;
  const start = core * base + Math.min(core, extra);
  return { start, count: base + (core < extra ? 1 : 0) };
}

export function sliceBytes(m: TernaryMatrix, rows: number, layout: PackLayout, format: WeightFormatName = 'ternary-2bit'): number {
  return layout === 'input-fastest' ? rows * lineBytes(m.cols, format) : m.cols * lineBytes(rows, format);
}

const align = (a: number) => Math.ceil(a / REGION_ALIGN) * REGION_ALIGN;

/**
 * Lay out core `core` of `cores`: matrices in execution order (so f, i, g and a layer's next
 * projection are contiguous: prefetch and fused passes stream sequential addresses), from
 * byte address `base` (0 for a core's private memory; a disjoint region per core when cores
 * share one memory, see `sharedImageBases`).
 */
export function layoutDdr(model: TernaryModel, cores: number, core: number, layout: PackLayout, base = 0, format: WeightFormatName = 'ternary-2bit', stage?: BoardStage): DdrLayout {
  // The base-3 decoder turns a byte into five consecutive weights of one row.
  if (format !== 'ternary-2bit' && layout !== 'input-fastest') throw new RangeError(`weight format ${format} is only laid out input-fastest (row by row), not ${layout}`);
  if (!Number.isInteger(base) || base < 0 || base % REGION_ALIGN !== 0) throw new RangeError(`DDR base 0x${base.toString(16)} is not a non-negative multiple of ${REGION_ALIGN}`);
  const matrices = ternaryMatrices(model);
  let at = base;
  const slices: MatrixSlice[] = matrices.map((m, i) => {
    // A board of a layer-split system stores only its own layers' matrices (others: empty slices).
    if (stage && !stageHoldsMatrix(stage, i, model.config.numLayers)) return { matrix: i, rowStart: 0, rows: 0, addr: at, bytes: 0 };
    const { start, count } = rowSplit(m.rows, cores, core);
    const bytes = sliceBytes(m, count, layout, format);
    const s = { matrix: i, rowStart: start, rows: count, addr: at, bytes };
    at = align(at + bytes);
    return s;
  });
  const weightBytes = slices.reduce((a, s) => a + s.bytes, 0);
  const vectors = new Map<string, VectorRegion>();
  const add = (name: string, values: Float32Array | null, length = values?.length ?? 0) => {
    vectors.set(name, { name, addr: at, length, values });
    at = align(at + 4 * length);
  };
  const { config } = model;
  // The embeddings' contents only when read (synthetic ones are drawn on first use, and a
  // timing-only run never reads them); their size comes from the shape.
  const embeddingsLength = config.vocabSize * config.hiddenSize;
  vectors.set('embeddings', new EmbeddingsRegion(model, at, embeddingsLength));
  at = align(at + 4 * embeddingsLength);
  model.layers.forEach((layer, l) => {
    add(`layers.${l}.attn_norm`, layer.attnNorm);
    add(`layers.${l}.g_norm`, layer.gNorm);
    add(`layers.${l}.mlp_norm`, layer.mlpNorm);
    add(`layers.${l}.lower_bound`, layer.lowerBound);
  });
  matrices.forEach((m) => add(`${m.name}.norm`, m.normGain));
  add('norm', model.finalNorm);
  add('logits', null, config.vocabSize);
  return { core, layout, format, matrices, slices, vectors, end: at, weightBytes };
}

/**
 * Base addresses of the cores' images in one shared memory whose channels interleave every
 * `stripeBytes` (channel = ⌊addr / stripe⌋ mod channels). The cores' images have the same
 * layout (equal or one-row-apart slices) and stream in step, so their relative placement
 * holds all pass long. Each image starts on a fresh channel period, shifted by
 * (core mod channels) stripes: at any moment core k reads the channel core 0 reads plus k,
 * so all channels serve at once. Cores that share a channel (k and k + channels, …) are
 * further shifted by an even fraction of the stripe: a stripe walks the channel's banks, so
 * they read different banks instead of closing each other's rows. `sizes` are the images'
 * byte sizes (`end` from base 0).
 */
export function sharedImageBases(sizes: readonly number[], channels: number, stripeBytes: number): number[] {
  if (!Number.isFinite(stripeBytes) || channels < 1) {
    // No channel structure: pack the images one after another.
    let at = 0;
    return sizes.map((s) => {
      const b = at;
      at = align(at + s);
      return b;
    });
  }
  const period = stripeBytes * channels;
  const perChannel = Math.ceil(sizes.length / channels);
  const shift = Math.floor(stripeBytes / perChannel / REGION_ALIGN) * REGION_ALIGN;
  let at = 0;
  return sizes.map((s, k) => {
    const b = Math.ceil(at / period) * period + (k % channels) * stripeBytes + Math.floor(k / channels) * shift;
    at = b + s;
    return b;
  });
}

export function vectorRegion(l: DdrLayout, name: string): VectorRegion {
  const r = l.vectors.get(name);
  if (!r) throw new Error(`no DDR region '${name}' in the layout`);
  return r;
}

/**
 * The embeddings in DDR: the whole table when `values` is read, one token's row through `row`
 * (a pass reads only its tokens' rows; a synthetic card draws the rows it is asked for). A
 * class, so the accessors are methods rather than per-layout data.
 */
class EmbeddingsRegion implements VectorRegion {
  readonly name = 'embeddings';
  readonly #model: TernaryModel;
  constructor(
    model: TernaryModel,
    readonly addr: number,
    readonly length: number,
  ) {
    this.#model = model;
  }

  get values(): Float32Array {
    return this.#model.embeddings;
  }

  row(k: number): Float32Array {
    return this.#model.embeddingRow(k);
  }
}

/** The stored bytes of a slice, in the layout's order and the weight format. */
export function slicePacked(m: TernaryMatrix, s: MatrixSlice, layout: PackLayout, format: WeightFormatName = 'ternary-2bit'): Uint8Array {
  const bpr = bytesPerLine({ rows: m.rows, cols: m.cols, layout: 'input-fastest' });
  const rowMajor = m.packed.subarray(s.rowStart * bpr, (s.rowStart + s.rows) * bpr);
  if (format === 'ternary-base3-5per8') return packBase3(unpackTernary(rowMajor, { rows: s.rows, cols: m.cols, layout: 'input-fastest' }), s.rows, m.cols);
  if (layout === 'input-fastest') return rowMajor;
  return repack(rowMajor, { rows: s.rows, cols: m.cols, layout: 'input-fastest' }, 'output-fastest');
}

/** Write the image's contents (weights, fp32 vectors) into a sparse memory image. */
export function writeDdrImage(l: DdrLayout, image: MemoryImage): void {
  for (const s of l.slices) image.write(s.addr, slicePacked(l.matrices[s.matrix]!, s, l.layout, l.format));
  for (const v of l.vectors.values()) {
    if (v.values) image.write(v.addr, new Uint8Array(v.values.buffer, v.values.byteOffset, v.values.byteLength));
  }
}

/**
 * The matrices as the lanes see them: in a format with a decoder, each matrix's stored bytes
 * run through the decoder back to the 2-bit code (so the values follow the stored format,
 * and a packing error would change the tokens); in the 2-bit format, the stored bytes.
 */
export function laneMatrices(l: DdrLayout): readonly TernaryMatrix[] {
  if (l.format === 'ternary-2bit') return l.matrices;
  return l.matrices.map((m) => {
    const whole: MatrixSlice = { matrix: 0, rowStart: 0, rows: m.rows, addr: 0, bytes: 0 };
    return { ...m, packed: base3ToTwoBit(slicePacked(m, whole, l.layout, l.format), m.rows, m.cols) };
  });
}
