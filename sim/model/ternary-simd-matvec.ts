import type { TernaryMatrix } from './ternary-model.ts';
import { TERNARY_SIMD_WAT } from './ternary-simd.wat.ts';
import { TableMatVec } from './ternary-table-matvec.ts';
import { WasmHeap, WasmMemoryFull } from './wasm-heap.ts';
import { assembleWat } from './wat-assembler.ts';

/** Rows per block of the SIMD layout (one v128 lane per row). */
const BLOCK_ROWS = 16;
/** Blocks staged per `to_blocked` call when copying a matrix in (64 × 16 rows: ≤ 2 MB). */
const STAGE_BLOCKS = 64;

interface KernelExports {
  build_tables(q: number, tab: number, colBytes: number): void;
  matvec(w: number, tab: number, out: number, blocks: number, colBytes: number): void;
  to_blocked(src: number, dst: number, blocks: number, bpr: number, colBytes: number): void;
}

/**
 * A matrix region copied into wasm memory in the kernel's layout: blocks of 16 rows, each
 * `colBytes` (the packed row length rounded up to even) × 16 bytes, column byte k of the
 * block's row r at 16k + r; rows past the region and the padding byte are zero.
 */
interface BlockedWeights {
  ptr: number;
  /** Byte offset of the region's first row in its ArrayBuffer. */
  byteOffset: number;
  rows: number;
  bytesPerRow: number;
  colBytes: number;
}

/** The assembled module, its memory, and every matrix copied so far (shared by all kernels). */
class SimdRuntime {
  readonly heap: WasmHeap;
  readonly exports: KernelExports;
  /**
   * Copies per source ArrayBuffer, keyed by the region's `byteOffset:rows:bytesPerRow`, and
   * their addresses (what the finalizer frees once the buffer is garbage).
   */
  private readonly copies = new WeakMap<ArrayBufferLike, { copies: Map<string, BlockedWeights>; ptrs: number[] }>();
  /** Frees a buffer's copies once its matrices are garbage. */
  private readonly finalizer = new FinalizationRegistry<number[]>((ptrs) => ptrs.forEach((p) => this.heap.release(p)));
  private scratch = { ptr: -1, bytes: 0 };
  /** Where copyBlocked stages row-major rows. */
  private stage = { ptr: -1, bytes: 0 };

  constructor(module: WebAssembly.Module, maximumPages = 65536) {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: maximumPages });
    this.exports = new WebAssembly.Instance(module, { kernel: { memory } }).exports as unknown as KernelExports;
    this.heap = new WasmHeap(memory, 64);
  }

  /** Scratch of at least `bytes` (reallocated, never shrunk). */
  scratchOf(bytes: number): number {
    if (this.scratch.bytes < bytes) {
      if (this.scratch.ptr >= 0) this.heap.release(this.scratch.ptr);
      this.scratch = { ptr: this.heap.alloc(bytes), bytes };
    }
    return this.scratch.ptr;
  }

  /**
   * The blocked copy holding `m`'s rows. A matrix whose packed bytes are rows of a larger
   * buffer (the row slices a multi-core datapath takes of one matrix) shares one copy of
   * the whole buffer, viewed as rows of the same length, unless that buffer is much larger
   * than the matrix; otherwise the matrix's own bytes are copied. The weights must not
   * change after their first product (TernaryMatrix.packed is immutable once loaded).
   */
  weightsFor(m: TernaryMatrix): BlockedWeights {
    const p = m.packed;
    const bpr = (m.cols + 3) >> 2;
    const buffer = p.buffer;
    const whole = p.byteOffset % bpr === 0 && buffer.byteLength % bpr === 0 && buffer.byteLength <= 16 * Math.max(p.byteLength, 4096);
    const byteOffset = whole ? 0 : p.byteOffset;
    const rows = whole ? buffer.byteLength / bpr : m.rows;
    const key = `${byteOffset}:${rows}:${bpr}`;
    let perBuffer = this.copies.get(buffer);
    let w = perBuffer?.copies.get(key);
    if (w) return w;
    const colBytes = bpr + (bpr & 1);
    const blocks = Math.ceil(rows / BLOCK_ROWS);
    const ptr = this.heap.alloc(blocks * BLOCK_ROWS * colBytes);
    w = { ptr, byteOffset, rows, bytesPerRow: bpr, colBytes };
    try {
      this.copyBlocked(new Uint8Array(buffer, byteOffset, rows * bpr), w);
    } catch (e) {
      this.heap.release(ptr);
      throw e;
    }
    if (!perBuffer) {
      perBuffer = { copies: new Map(), ptrs: [] };
      this.copies.set(buffer, perBuffer);
      this.finalizer.register(buffer, perBuffer.ptrs);
    }
    perBuffer.copies.set(key, w);
    perBuffer.ptrs.push(ptr);
    return w;
  }

  /**
   * Fill `w` from row-major `src`: up to STAGE_BLOCKS blocks of rows at a time are staged
   * in wasm memory (zero rows past the end), `to_blocked` transposes their 16×16 byte
   * tiles, and the last bpr mod 16 column bytes and the padding are written here. Nothing
   * else touches the copy, so each of its pages is written once.
   */
  private copyBlocked(src: Uint8Array, w: BlockedWeights): void {
    const { ptr, rows, bytesPerRow: bpr, colBytes } = w;
    const blocks = Math.ceil(rows / BLOCK_ROWS);
    const blockBytes = BLOCK_ROWS * colBytes;
    const stageBytes = STAGE_BLOCKS * BLOCK_ROWS * bpr;
    if (this.stage.bytes < stageBytes) {
      if (this.stage.ptr >= 0) this.heap.release(this.stage.ptr);
      this.stage = { ptr: this.heap.alloc(stageBytes), bytes: stageBytes };
    }
    const stage = this.stage.ptr;
    const heap = this.heap.bytes();
    for (let b = 0; b < blocks; b += STAGE_BLOCKS) {
      const n = Math.min(STAGE_BLOCKS, blocks - b);
      const from = b * BLOCK_ROWS * bpr;
      const to = Math.min(src.length, from + n * BLOCK_ROWS * bpr);
      heap.set(src.subarray(from, to), stage);
      heap.fill(0, stage + to - from, stage + n * BLOCK_ROWS * bpr);
      this.exports.to_blocked(stage, ptr + b * blockBytes, n, bpr, colBytes);
    }
    for (let k = bpr & ~15; k < colBytes; k++) {
      for (let b = 0; b < blocks; b++) heap.fill(0, ptr + b * blockBytes + 16 * k, ptr + b * blockBytes + 16 * k + 16);
      if (k < bpr) for (let r = 0; r < rows; r++) heap[ptr + Math.floor(r / BLOCK_ROWS) * blockBytes + 16 * k + (r % BLOCK_ROWS)] = src[r * bpr + k]!;
    }
  }
}

let module: WebAssembly.Module | null | undefined;
let shared: SimdRuntime | undefined;

/** The assembled kernel, or null where WebAssembly SIMD is unavailable. */
function simdModule(): WebAssembly.Module | null {
  if (module === undefined) {
    module = null;
    if (typeof WebAssembly === 'object') {
      const bytes = assembleWat(TERNARY_SIMD_WAT);
      if (WebAssembly.validate(bytes)) module = new WebAssembly.Module(bytes);
    }
  }
  return module;
}

export function simdAvailable(): boolean {
  return simdModule() !== null;
}

export interface SimdMatVecOptions {
  /**
   * A private WebAssembly memory of at most this many 64 KiB pages (default: the memory
   * shared by every kernel in the thread, up to 4 GiB).
   */
  maximumPages?: number;
}

/**
 * Exact int8 × ternary matrix-vector product in WebAssembly SIMD (technique in
 * ternary-simd.wat.ts): each matrix is copied once, on its first product, into wasm memory
 * in blocks of 16 rows; a product then copies q in, builds the look-up tables, runs the
 * kernel over the blocks that hold the matrix's rows and copies the sums out. A matrix
 * that does not fit in the memory is computed by the JavaScript table kernel instead (the
 * same integers).
 */
export class SimdMatVec {
  private readonly rt: SimdRuntime;
  private sumsView: Int32Array = new Int32Array(0);
  /** Where each matrix's rows are in the blocked copies (found once per matrix object). */
  private readonly bindings = new WeakMap<TernaryMatrix, Binding>();
  private readonly unfit = new WeakSet<TernaryMatrix>();
  private fallback: TableMatVec | null = null;

  constructor(options: SimdMatVecOptions = {}) {
    const mod = simdModule();
    if (!mod) throw new Error('WebAssembly SIMD is not available in this runtime');
    this.rt = options.maximumPages === undefined ? (shared ??= new SimdRuntime(mod)) : new SimdRuntime(mod, options.maximumPages);
  }

  /** Bytes of wasm memory this kernel's runtime holds (weight copies and scratch). */
  get wasmBytes(): number {
    return this.rt.heap.allocatedBytes;
  }

  /** `q` has at least `m.cols` int8 activations; `sums` receives `m.rows` integers. */
  run(m: TernaryMatrix, q: Int8Array, sums: Int32Array): void {
    if (!this.unfit.has(m)) {
      try {
        this.simd(m, q, sums);
        return;
      } catch (e) {
        if (!(e instanceof WasmMemoryFull)) throw e;
        this.unfit.add(m);
      }
    }
    (this.fallback ??= new TableMatVec()).run(m, q, sums);
  }

  private simd(m: TernaryMatrix, q: Int8Array, sums: Int32Array): void {
    const rt = this.rt;
    const b = this.bind(m);
    const cb = b.colBytes;
    // Scratch: q (4 per column byte, zero past cols like the table kernel's), tables (64
    // per column byte), sums (16 int32 per block).
    const tab = 4 * cb;
    const out = tab + 64 * cb;
    const base = rt.scratchOf(out + 64 * b.blocks);
    const heap = rt.heap.bytes();
    heap.set(q.subarray(0, m.cols), base);
    heap.fill(0, base + m.cols, base + tab);
    rt.exports.build_tables(base, base + tab, cb);
    rt.exports.matvec(b.ptr, base + tab, base + out, b.blocks, cb);
    if (this.sumsView.buffer !== heap.buffer) this.sumsView = new Int32Array(heap.buffer);
    const at = (base + out) / 4 + b.skip;
    sums.set(this.sumsView.subarray(at, at + m.rows));
  }

  private bind(m: TernaryMatrix): Binding {
    let b = this.bindings.get(m);
    if (b && b.packed === m.packed && b.rows === m.rows) return b;
    const w = this.rt.weightsFor(m);
    const rowStart = (m.packed.byteOffset - w.byteOffset) / w.bytesPerRow;
    const firstBlock = Math.floor(rowStart / BLOCK_ROWS);
    b = {
      packed: m.packed,
      rows: m.rows,
      ptr: w.ptr + firstBlock * BLOCK_ROWS * w.colBytes,
      blocks: Math.ceil((rowStart + m.rows) / BLOCK_ROWS) - firstBlock,
      skip: rowStart - firstBlock * BLOCK_ROWS,
      colBytes: w.colBytes,
    };
    this.bindings.set(m, b);
    return b;
  }
}

/** A matrix's rows in a blocked copy: the blocks that hold them and the rows to skip in the first. */
interface Binding {
  packed: Uint8Array;
  rows: number;
  ptr: number;
  blocks: number;
  skip: number;
  colBytes: number;
}
