import type { VectorProgramShape } from '../../compiler/program-shape.ts';
import type { VectorInstruction, VectorUnit } from '../../isa/vector-instruction.ts';
import { assertNeverOp, buffersOf, unitOf } from '../../isa/vector-instruction.ts';

/**
 * The vector core's storage: unlike the paper core (a register file of `registers × d`
 * elements), a scratchpad of typed buffers declared by the compiled program. This file
 * turns the program's buffers into the memories the resource model sizes
 * (vector-core-demand.ts), with the units that touch each.
 */

/** One scratchpad memory: a buffer (or all recurrent states together) and who touches it. */
export interface ScratchpadMemory {
  name: string;
  /** Bits per element as stored. */
  elementBits: number;
  /** Elements of one copy. */
  length: number;
  /** Copies stacked in depth: batch slots, sequences × layers, or 1 for a shared constant. */
  copies: number;
  /** Units that read or write it. */
  units: VectorUnit[];
}

/**
 * The scratchpad the program declares, as memories:
 * - a buffer only ever written by `load` holds a constant (norm gain, lower bound) that is
 *   identical in every slot: one copy, not `batch` (the simulator fills every slot with it);
 * - the recurrent states (one per layer) are never touched by two instructions at once (only
 *   layer l's mlgru_state reads h_l), so they share one deep memory of layers × batch vectors,
 *   stored in the datapath's state format;
 * - every other buffer is its own memory (units work on different buffers concurrently, as
 *   the buffer scoreboard allows) with `batch` copies.
 */
export function scratchpadMemories(program: VectorProgramShape, batch: number, stateBits: number): ScratchpadMemory[] {
  const n = program.buffers.length;
  const units: Set<VectorUnit>[] = Array.from({ length: n }, () => new Set());
  const loaded = new Array<boolean>(n).fill(false);
  const computed = new Array<boolean>(n).fill(false);
  for (const inst of program.instructions) {
    const unit = unitOf(inst);
    for (const b of buffersOf(inst)) units[b]!.add(unit);
    for (const b of writtenBuffers(inst)) {
      if (inst.op === 'load') loaded[b] = true;
      else computed[b] = true;
    }
  }
  const memories: ScratchpadMemory[] = [];
  let state: ScratchpadMemory | null = null;
  program.buffers.forEach((d, b) => {
    // A declared buffer no instruction touches (a one-layer model's lower bound) is not built.
    if (units[b]!.size === 0) return;
    const bits = d.format === 'f32' ? 32 : 8;
    if (d.state) {
      if (state === null) {
        state = { name: 'state', elementBits: stateBits, length: d.length, copies: 0, units: [] };
        memories.push(state);
      }
      state.length = Math.max(state.length, d.length);
      state.copies += batch;
      for (const u of units[b]!) if (!state.units.includes(u)) state.units.push(u);
      return;
    }
    const constant = loaded[b]! && !computed[b]!;
    memories.push({ name: d.name, elementBits: bits, length: d.length, copies: constant ? 1 : batch, units: [...units[b]!] });
  });
  return memories;
}

/** The buffers an instruction writes (a `load` writes the same constant into every slot). */
export function writtenBuffers(inst: VectorInstruction): number[] {
  switch (inst.op) {
    case 'load_embed':
    case 'load':
    case 'rmsnorm':
    case 'glu':
    case 'add':
      return [inst.dst];
    case 'store':
      return [];
    case 'quantize':
    case 'tmatmul':
      return inst.parts.map((p) => p.dst);
    case 'mlgru_state':
      return [inst.h, inst.hOut];
    case 'gated_out':
      return [inst.o];
    case 'all_gather':
      return [inst.buf];
    default:
      return assertNeverOp(inst);
  }
}

/** Bytes of the scratchpad as declared (element bits × length × copies, before RAM packing). */
export function scratchpadBytes(memories: readonly ScratchpadMemory[]): number {
  let bits = 0;
  for (const m of memories) bits += m.elementBits * m.length * m.copies;
  return Math.ceil(bits / 8);
}
