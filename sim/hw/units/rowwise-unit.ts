import { assertNever, type Instruction } from '../../isa/instruction.ts';
import { qAdd, qDiv, qExp, qMul, qSig, qSub } from './q43.ts';

export type RowwiseInstruction = Extract<Instruction, { op: 'add' | 'sub' | 'mul' | 'div' | 'exp' | 'sig' }>;

/**
 * Row-wise unit: element-wise Q4.3 arithmetic and lookup tables over a vector register.
 * Timing (docs/paper-core.md, "Row-wise unit"): d + 1 busy cycles, one element per cycle plus one cycle of
 * setup; with `elementsPerCycle` lanes, ⌈d / lanes⌉ + 1.
 */
export function rowwiseBusyCycles(d: number, elementsPerCycle: number): number {
  return Math.ceil(d / elementsPerCycle) + 1;
}

/** Compute the result into `y` (which may alias `a` or `b`: element i depends only on a[i], b[i]). */
export function rowwiseExecute(inst: RowwiseInstruction, y: Int8Array, a: Int8Array, b: Int8Array): void {
  const n = y.length;
  switch (inst.op) {
    case 'add':
      for (let i = 0; i < n; i++) y[i] = qAdd(a[i]!, b[i]!);
      return;
    case 'sub':
      for (let i = 0; i < n; i++) y[i] = qSub(a[i]!, b[i]!);
      return;
    case 'mul':
      for (let i = 0; i < n; i++) y[i] = qMul(a[i]!, b[i]!);
      return;
    case 'div':
      for (let i = 0; i < n; i++) y[i] = qDiv(a[i]!, b[i]!);
      return;
    case 'exp':
      for (let i = 0; i < n; i++) y[i] = qExp(a[i]!);
      return;
    case 'sig':
      for (let i = 0; i < n; i++) y[i] = qSig(a[i]!);
      return;
    default:
      assertNever(inst);
  }
}
