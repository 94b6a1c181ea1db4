/**
 * The generalised core's instruction set (`mmfsim run`). The paper's ISA (instruction.ts)
 * names eight d-element Q4.3 registers; a real MatMul-free LM needs vectors of length D, 2I
 * and V in int8 and fp32, so the generalised core addresses a vector scratchpad of typed
 * buffers instead (declared by the program: a format and a length per batch slot). Each
 * instruction is one unit operation; every switch over `op` ends in a `never` check.
 */
import { VECTOR_UNITS, type UnitOf } from './core-kinds.ts';

export type BufferFormat = 'f32' | 'i8';

export interface BufferDecl {
  name: string;
  format: BufferFormat;
  /** Elements per batch slot (a `state` buffer: per sequence; one sequence's prefill slots share one copy). */
  length: number;
  /** Recurrent state: one vector per sequence, not per batch slot. */
  state?: boolean;
}

/** One matrix streamed by a tmatmul: the rows [rowStart, rowStart + rows) this core computes. */
export interface MatmulPart {
  /** Index into the program's matrix table (the model's matrix, for values). */
  matrix: number;
  /** int8 input buffer (its per-slot scale s is the quantise unit's output). */
  src: number;
  /** f32 output buffer; row r goes to element r (its slot's stride is the buffer length). */
  dst: number;
  /** Output rows of this core's slice. */
  rowStart: number;
  rows: number;
  /** Inputs (matrix columns). */
  cols: number;
  /** DDR byte address of this slice's packed weights. */
  addr: number;
  /** Packed bytes of the slice. */
  bytes: number;
}

/** One vector of a quantise: x̂ = RMSNorm(src; gain, ε 1e-6), q = int8(x̂ · 127 / absmax). */
export interface QuantizePart {
  src: number;
  gain: number;
  dst: number;
}

export type VectorInstruction =
  /** DMA: dst[slot] = embeddings[token[slot]] (fp32 rows from `base`). */
  | { op: 'load_embed'; dst: number; base: number; length: number }
  /** DMA: a constant vector (norm gains, lower bounds: fp32) into every slot of dst. */
  | { op: 'load'; dst: number; addr: number; length: number }
  /** DMA: src (fp32, every slot) to DDR at addr. */
  | { op: 'store'; src: number; addr: number; length: number }
  /** Quantise unit: dst = src / sqrt(mean(src²) + eps) · gain (block norms, fp32 out). */
  | { op: 'rmsnorm'; src: number; gain: number; eps: number; dst: number; length: number }
  /** Quantise unit: BitLinear input quantisation of one or (fused) several vectors of `length`. */
  | { op: 'quantize'; parts: QuantizePart[]; length: number }
  /** Ternary matmul unit: out = Σ t·q (saturating accumulators) · γ / s, one or (fused) several matrices. */
  | { op: 'tmatmul'; parts: MatmulPart[] }
  /**
   * Row-wise: the MLGRU gates and state update h = f·h + c·σ(c)·(1 − f), f = lb + (1 − lb)·σ(f'),
   * slot after slot (the recurrence); hOut[slot] receives that slot's h_t.
   */
  | { op: 'mlgru_state'; f: number; c: number; h: number; hOut: number; lb: number | null; length: number }
  /** Row-wise: o = o · h · σ(h) (o already holds RMSNorm(g; g_norm)). */
  | { op: 'gated_out'; o: number; h: number; length: number }
  /** Row-wise: dst = gate · σ(gate) · up, with [gate, up] = src. */
  | { op: 'glu'; src: number; dst: number; length: number }
  /** Row-wise: dst += src. */
  | { op: 'add'; dst: number; src: number; length: number }
  /** All cores: wait for every core, then exchange the slices of buf's first `length` rows. */
  | { op: 'all_gather'; buf: number; length: number };

export type VectorOpcode = VectorInstruction['op'];

/** Which unit executes an instruction: one of the vector kind's units (core-kinds.ts). */
export type VectorUnit = UnitOf<'vector'>;
export { VECTOR_UNITS };

export function unitOf(inst: VectorInstruction): VectorUnit {
  switch (inst.op) {
    case 'load_embed':
    case 'load':
    case 'store':
      return 'load_store';
    case 'rmsnorm':
    case 'quantize':
      return 'quantize';
    case 'tmatmul':
      return 'tmatmul';
    case 'mlgru_state':
    case 'gated_out':
    case 'glu':
    case 'add':
      return 'rowwise';
    case 'all_gather':
      return 'sync';
    default:
      return assertNeverOp(inst);
  }
}

/** Every buffer an instruction reads or writes (the scoreboard holds them all while it runs). */
export function buffersOf(inst: VectorInstruction): number[] {
  switch (inst.op) {
    case 'load_embed':
    case 'load':
      return [inst.dst];
    case 'store':
      return [inst.src];
    case 'rmsnorm':
      return [inst.src, inst.gain, inst.dst];
    case 'quantize':
      return inst.parts.flatMap((p) => [p.src, p.gain, p.dst]);
    case 'tmatmul':
      return inst.parts.flatMap((p) => [p.src, p.dst]);
    case 'mlgru_state':
      return inst.lb === null ? [inst.f, inst.c, inst.h, inst.hOut] : [inst.f, inst.c, inst.h, inst.hOut, inst.lb];
    case 'gated_out':
      return [inst.o, inst.h];
    case 'glu':
      return [inst.src, inst.dst];
    case 'add':
      return [inst.dst, inst.src];
    case 'all_gather':
      return [inst.buf];
    default:
      return assertNeverOp(inst);
  }
}

export function assertNeverOp(x: never): never {
  throw new Error(`unhandled vector instruction ${JSON.stringify(x)}`);
}

/** One line of assembly-like text, for listings and error messages. */
export function formatVectorInstruction(inst: VectorInstruction, names: readonly string[]): string {
  const n = (b: number) => names[b] ?? `b${b}`;
  const hex = (a: number) => `0x${a.toString(16)}`;
  switch (inst.op) {
    case 'load_embed':
      return `load_embed ${n(inst.dst)}, ${hex(inst.base)}[token]`;
    case 'load':
      return `load ${n(inst.dst)}, ${hex(inst.addr)}`;
    case 'store':
      return `store ${n(inst.src)}, ${hex(inst.addr)}`;
    case 'rmsnorm':
      return `rmsnorm ${n(inst.dst)}, ${n(inst.src)}, ${n(inst.gain)}`;
    case 'quantize':
      return `quantize ${inst.parts.map((p) => `${n(p.dst)}=${n(p.src)}*${n(p.gain)}`).join(', ')}`;
    case 'tmatmul':
      return `tmatmul ${inst.parts.map((p) => `${n(p.dst)}[${p.rowStart}:${p.rowStart + p.rows}]=W${p.matrix}@${hex(p.addr)}·${n(p.src)}`).join(', ')}`;
    case 'mlgru_state':
      return `mlgru_state ${n(inst.h)}, ${n(inst.f)}, ${n(inst.c)}${inst.lb === null ? '' : `, ${n(inst.lb)}`}`;
    case 'gated_out':
      return `gated_out ${n(inst.o)}, ${n(inst.h)}`;
    case 'glu':
      return `glu ${n(inst.dst)}, ${n(inst.src)}`;
    case 'add':
      return `add ${n(inst.dst)}, ${n(inst.src)}`;
    case 'all_gather':
      return `all_gather ${n(inst.buf)}[0:${inst.length}]`;
    default:
      return assertNeverOp(inst);
  }
}
