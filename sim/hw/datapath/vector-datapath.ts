import { quantizeActivations } from '../../model/quantize.ts';
import { BITLINEAR_NORM_EPS, rmsNorm, sigmoid as exactSigmoid } from '../../model/integer-forward.ts';
import { TernaryMatVec } from '../../model/ternary-matvec.ts';
import type { TernaryMatrix } from '../../model/ternary-model.ts';
import { bytesPerLine } from '../../model/ternary-packing.ts';
import { assertNeverOp, type BufferDecl, type VectorInstruction } from '../../isa/vector-instruction.ts';

/** The value datapath a core declares (arch YAML `core.datapath` + accumulator width). */
export interface DatapathConfig {
  accumulatorBits: number;
  nonlinear: 'exact' | 'lut';
  lutBits: number;
  state: 'fp32' | 'bf16' | 'fp16';
}

/** What the datapath reads from DDR (the compiled image's contents). */
export interface DatapathMemory {
  matrices: readonly TernaryMatrix[];
  gammas: Float64Array;
  /** fp32 vector at a DDR address (gains, lower bounds, the embeddings table). */
  vectorAt(addr: number): Float32Array;
  /** Row `row` (`length` elements) of the fp32 table at a DDR address (an embedding row), reading no other row. */
  vectorRowAt(addr: number, row: number, length: number): Float32Array;
}

/**
 * What the batch slots of a pass hold, which decides whose recurrent state each slot updates.
 * - `prefill-one-sequence`: the slots are consecutive prompt tokens of ONE sequence; the MLGRU
 *   recurrence runs slot after slot over that sequence's single state copy (h_t needs h_{t−1}).
 * - `sequences`: slot s holds the next token of sequence `sequences[s]` (distinct), which
 *   updates only its own state copy; the slots are independent of each other.
 * Either way each slot's arithmetic is the integer reference's for that sequence alone.
 */
export type PassMode =
  | { kind: 'prefill-one-sequence'; sequence: number }
  | { kind: 'sequences'; sequences: readonly number[] };

/** Today's single-sequence pass: the slots are consecutive tokens of sequence 0. */
export const ONE_SEQUENCE: PassMode = { kind: 'prefill-one-sequence', sequence: 0 };

/**
 * The values a generalised core computes: a scratchpad of typed buffers (fp32 / int8, one
 * copy per batch slot; a recurrent state buffer has one copy per sequence, up to `batch`
 * sequences) and the arithmetic of each instruction.
 * With the exact datapath it performs exactly the integer reference's operations in the
 * same order (the model layer's rmsNorm, quantizeActivations and table-lookup ternary
 * kernel), so tokens are identical; a narrow datapath swaps in saturating accumulators,
 * lookup-table sigmoid/SiLU and a rounded recurrent state.
 */
export class VectorDatapath {
  readonly buffers: (Float32Array | Int8Array)[];
  /** Activation scale s of each int8 buffer, per slot. */
  readonly scales: Float64Array[];
  private readonly kernel = new TernaryMatVec();
  /** The kernel's exact int32 sums, for `saturatingSums` to use when nothing can saturate. */
  private readonly exactSums = (m: TernaryMatrix, q: Int8Array, sums: Int32Array): void => this.kernel.run(m, q, sums);
  private readonly xhat: Float32Array;
  private sums = new Int32Array(0);
  private readonly sliceCache = new Map<string, TernaryMatrix>();
  private readonly sig: (v: number) => number;
  private readonly roundState: (v: number) => number;
  private mode: PassMode = ONE_SEQUENCE;

  constructor(
    readonly decls: readonly BufferDecl[],
    readonly batch: number,
    readonly config: DatapathConfig,
    private readonly memory: DatapathMemory,
  ) {
    // Slot buffers hold one copy per batch slot; state buffers one per sequence (at most
    // `batch` sequences share a pass). Both are `length × batch`.
    this.buffers = decls.map((d) => (d.format === 'f32' ? new Float32Array(d.length * batch) : new Int8Array(d.length * batch)));
    this.scales = decls.map(() => new Float64Array(batch));
    this.xhat = new Float32Array(Math.max(...decls.map((d) => d.length)));
    this.sig = config.nonlinear === 'exact' ? exactSigmoid : lutSigmoid(config.lutBits);
    this.roundState = stateRounding(config.state);
  }

  /** Zero every sequence's recurrent state (new sequences). */
  reset(): void {
    this.decls.forEach((d, i) => {
      if (d.state) this.buffers[i]!.fill(0);
    });
  }

  /** Declare what the next pass's slots hold (until the next call). */
  beginPass(mode: PassMode): void {
    switch (mode.kind) {
      case 'prefill-one-sequence':
        this.checkSequence(mode.sequence);
        break;
      case 'sequences':
        if (mode.sequences.length > this.batch) throw new RangeError(`${mode.sequences.length} sequences in a pass of at most ${this.batch} slots`);
        mode.sequences.forEach((q) => this.checkSequence(q));
        if (new Set(mode.sequences).size !== mode.sequences.length) throw new RangeError(`a sequence appears twice in one pass: ${mode.sequences.join(',')}`);
        break;
      default: {
        const never: never = mode;
        throw new Error(`unknown pass mode ${String(never)}`);
      }
    }
    this.mode = mode;
  }

  private checkSequence(q: number): void {
    if (!Number.isInteger(q) || q < 0 || q >= this.batch) throw new RangeError(`sequence ${q} outside 0..${this.batch - 1}`);
  }

  /** Slot `slot`'s copy of buffer b (a state buffer: sequence `slot`'s copy). */
  f32(b: number, slot: number): Float32Array {
    const d = this.decls[b]!;
    return (this.buffers[b] as Float32Array).subarray(slot * d.length, (slot + 1) * d.length);
  }

  private i8(b: number, slot: number): Int8Array {
    const d = this.decls[b]!;
    return (this.buffers[b] as Int8Array).subarray(slot * d.length, (slot + 1) * d.length);
  }

  /** Compute `inst`'s values for slots 0 … slots−1 (`tokens[slot]` for embedding fetches). */
  execute(inst: VectorInstruction, slots: number, tokens: readonly number[]): void {
    switch (inst.op) {
      case 'load_embed': {
        for (let s = 0; s < slots; s++) this.f32(inst.dst, s).set(this.memory.vectorRowAt(inst.base, tokens[s]!, inst.length).subarray(0, inst.length));
        return;
      }
      case 'load': {
        const v = this.memory.vectorAt(inst.addr);
        for (let s = 0; s < slots; s++) this.f32(inst.dst, s).set(v.subarray(0, inst.length));
        return;
      }
      case 'store':
        return; // the host reads the logits buffer; DDR contents are not read back
      case 'rmsnorm':
        for (let s = 0; s < slots; s++) rmsNorm(this.f32(inst.src, s), this.f32(inst.gain, s), inst.eps, this.f32(inst.dst, s), inst.length);
        return;
      case 'quantize':
        for (const p of inst.parts) {
          for (let s = 0; s < slots; s++) {
            rmsNorm(this.f32(p.src, s), this.f32(p.gain, s), BITLINEAR_NORM_EPS, this.xhat, inst.length);
            this.scales[p.dst]![s] = quantizeActivations(this.xhat, this.i8(p.dst, s), inst.length);
          }
        }
        return;
      case 'tmatmul':
        for (const p of inst.parts) {
          const m = this.slice(p.matrix, p.rowStart, p.rows);
          if (this.sums.length < p.rows) this.sums = new Int32Array(p.rows);
          // Every partial sum is within ±128·cols: when that fits the accumulator nothing can
          // saturate, and the kernel's exact int32 sums are what the hardware produces.
          const exact = 128 * p.cols <= 2 ** (this.config.accumulatorBits - 1) - 1;
          for (let s = 0; s < slots; s++) {
            const q = this.i8(p.src, s);
            if (exact) this.kernel.run(m, q, this.sums);
            else saturatingSums(m, q, this.config.accumulatorBits, this.sums, this.exactSums);
            const scale = this.memory.gammas[p.matrix]! / this.scales[p.src]![s]!;
            const out = this.f32(p.dst, s);
            for (let r = 0; r < p.rows; r++) out[p.rowStart + r] = this.sums[r]! * scale;
          }
        }
        return;
      case 'mlgru_state': {
        const lb = inst.lb === null ? null : this.f32(inst.lb, 0);
        const sig = this.sig;
        const mode = this.mode;
        if (mode.kind === 'sequences' && mode.sequences.length !== slots) throw new RangeError(`pass mode names ${mode.sequences.length} sequences for ${slots} slots`);
        for (let s = 0; s < slots; s++) {
          // One sequence: every slot advances the same state in slot order. Sequences: each
          // slot's own state copy, one step.
          const h = this.f32(inst.h, mode.kind === 'sequences' ? mode.sequences[s]! : mode.sequence);
          const f = this.f32(inst.f, s);
          const c = this.f32(inst.c, s);
          for (let d = 0; d < inst.length; d++) {
            let fd = sig(f[d]!);
            if (lb) fd = lb[d]! + (1 - lb[d]!) * fd;
            const cd = c[d]!;
            const id = cd * sig(cd) * (1 - fd);
            h[d] = this.roundState(fd * h[d]! + id);
          }
          this.f32(inst.hOut, s).set(h.subarray(0, inst.length));
        }
        return;
      }
      case 'gated_out':
        for (let s = 0; s < slots; s++) {
          const o = this.f32(inst.o, s);
          const h = this.f32(inst.h, s);
          for (let d = 0; d < inst.length; d++) {
            const hd = h[d]!;
            o[d] = o[d]! * hd * this.sig(hd);
          }
        }
        return;
      case 'glu':
        for (let s = 0; s < slots; s++) {
          const gu = this.f32(inst.src, s);
          const out = this.f32(inst.dst, s);
          const n = inst.length;
          for (let k = 0; k < n; k++) {
            const gk = gu[k]!;
            out[k] = gk * this.sig(gk) * gu[n + k]!;
          }
        }
        return;
      case 'add':
        for (let s = 0; s < slots; s++) {
          const a = this.f32(inst.dst, s);
          const b = this.f32(inst.src, s);
          for (let d = 0; d < inst.length; d++) a[d] = a[d]! + b[d]!;
        }
        return;
      case 'all_gather':
        return; // the system copies slices between cores when the barrier completes
      default:
        assertNeverOp(inst);
    }
  }

  /** The rows [rowStart, rowStart + rows) of a matrix as a matrix of its own (a view). */
  private slice(matrix: number, rowStart: number, rows: number): TernaryMatrix {
    const key = `${matrix}:${rowStart}:${rows}`;
    let m = this.sliceCache.get(key);
    if (!m) {
      const full = this.memory.matrices[matrix]!;
      const bpr = bytesPerLine({ rows: full.rows, cols: full.cols, layout: 'input-fastest' });
      m = { ...full, rows, packed: full.packed.subarray(rowStart * bpr, (rowStart + rows) * bpr) };
      this.sliceCache.set(key, m);
    }
    return m;
  }
}

/**
 * Σ t·q per row with an accumulator of `bits` that saturates after every add, in input
 * order (what a narrow hardware accumulator does; the result depends on the order).
 *
 * Exact shortcut: every partial sum of a row is a signed sum of a subset of the inputs, so
 * its magnitude is at most Σ|q|. When that fits the accumulator nothing can saturate and the
 * plain sums (`exactSums`, the fast kernel when given) are the hardware's. Otherwise each
 * row is accumulated weight by weight; the weight's sign comes from a table, not a branch
 * (ternary codes are random, so a branch on them is mispredicted a third of the time).
 */
export function saturatingSums(m: TernaryMatrix, q: Int8Array, bits: number, sums: Int32Array, exactSums?: (m: TernaryMatrix, q: Int8Array, sums: Int32Array) => void): void {
  const max = 2 ** (bits - 1) - 1;
  const min = -(2 ** (bits - 1));
  if (exactSums) {
    let bound = 0;
    for (let i = 0; i < m.cols; i++) bound += q[i]! < 0 ? -q[i]! : q[i]!;
    if (bound <= max) {
      exactSums(m, q, sums);
      return;
    }
  }
  const bpr = Math.ceil(m.cols / 4);
  const p = m.packed;
  const full = m.cols >> 2;
  for (let r = 0; r < m.rows; r++) {
    let acc = 0;
    const base = r * bpr;
    let i = 0;
    for (let j = 0; j < full; j++, i += 4) {
      const b = p[base + j]!;
      if (b === 0) continue; // four zero weights (code 00): no add
      acc += CODE_SIGN[b & 3]! * q[i]!;
      acc = acc > max ? max : acc < min ? min : acc;
      acc += CODE_SIGN[(b >> 2) & 3]! * q[i + 1]!;
      acc = acc > max ? max : acc < min ? min : acc;
      acc += CODE_SIGN[(b >> 4) & 3]! * q[i + 2]!;
      acc = acc > max ? max : acc < min ? min : acc;
      acc += CODE_SIGN[b >> 6]! * q[i + 3]!;
      acc = acc > max ? max : acc < min ? min : acc;
    }
    for (; i < m.cols; i++) {
      acc += CODE_SIGN[(p[base + (i >> 2)]! >> ((i & 3) * 2)) & 3]! * q[i]!;
      acc = acc > max ? max : acc < min ? min : acc;
    }
    sums[r] = acc;
  }
}

/** The weight of each 2-bit code: 00 → 0, 01 → +1, 11 → −1 (10 is unused and reads as 0). */
const CODE_SIGN = new Int32Array([0, 1, 0, -1]);

/** Sigmoid from a table of 2^bits entries over [−8, 8) (value at each bin's centre), saturating outside. */
export function lutSigmoid(bits: number): (v: number) => number {
  const n = 2 ** bits;
  const table = new Float32Array(n);
  for (let k = 0; k < n; k++) table[k] = exactSigmoid(-8 + (16 * (k + 0.5)) / n);
  return (v: number) => {
    let k = Math.floor(((v + 8) * n) / 16);
    if (!(k >= 0)) k = 0;
    else if (k >= n) k = n - 1;
    return table[k]!;
  };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Round a value to the state format (nearest even), returned as a number. */
export function stateRounding(format: DatapathConfig['state']): (v: number) => number {
  switch (format) {
    case 'fp32':
      return (v) => v; // stored in a Float32Array: rounding happens on the store
    case 'bf16':
      return (v) => {
        f32[0] = v;
        const b = u32[0]!;
        if ((b & 0x7f800000) === 0x7f800000) return f32[0]!;
        u32[0] = (b + 0x7fff + ((b >>> 16) & 1)) & 0xffff0000;
        return f32[0]!;
      };
    case 'fp16':
      return (v) => {
        // 11 significant bits, 5-bit exponent: saturate at 65504, flush below 2^-24.
        const a = Math.abs(v);
        if (a >= 65520) return Math.sign(v) * 65504;
        if (a < 2 ** -25) return 0 * v;
        const e = Math.max(Math.floor(Math.log2(a)), -14);
        const ulp = 2 ** (e - 10);
        const r = Math.round(a / ulp);
        const even = (a / ulp - Math.floor(a / ulp) === 0.5 && r % 2 === 1 ? r - 1 : r) * ulp;
        return Math.sign(v) * even;
      };
    default: {
      const never: never = format;
      throw new Error(`unknown state format ${String(never)}`);
    }
  }
}
