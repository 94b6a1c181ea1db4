import type { UnitOf } from './core-kinds.ts';

/**
 * The instruction set of the paper's token-generation core (docs/paper-core.md), as a
 * discriminated union on `op`. Every table keyed by opcode is declared
 * `satisfies Record<Opcode, …>` and every unit switches on `op` with a `never` check, so
 * adding an opcode (a quantise unit, SiLU, a scale multiply, …) is a compile error until the
 * encoding, the assembler and every unit that must handle it do.
 */
export type RowwiseBinaryOp = 'add' | 'sub' | 'mul' | 'div';
export type RowwiseUnaryOp = 'exp' | 'sig';

export type Instruction =
  | { op: 'nop' }
  | { op: 'ldv'; vy: number; addr: number }
  | { op: 'sv'; va: number; addr: number }
  | { op: RowwiseBinaryOp; vy: number; va: number; vb: number }
  | { op: RowwiseUnaryOp; vy: number; va: number }
  | { op: 'tmatmul'; vy: number; va: number; addr: number }
  | { op: 'norm'; va: number };

export type Opcode = Instruction['op'];
export type InstructionOf<O extends Opcode> = Extract<Instruction, { op: O }>;

/** Functional units (the `fu` field): the paper kind's units (core-kinds.ts), or none. */
export type FunctionalUnit = 'none' | UnitOf<'paper'>;

/** Operand shape of an opcode: what the assembler expects after the mnemonic. */
export type OperandShape = 'none' | 'reg_addr' | 'reg_reg_reg' | 'reg_reg' | 'reg_reg_addr' | 'reg';

export interface OpcodeInfo {
  unit: FunctionalUnit;
  /** `fu` field value. */
  fu: number;
  /** `op` field value (row-wise operation; 0 elsewhere). */
  opField: number;
  /** `ls_op` field value (load/store direction; 0 elsewhere). */
  lsOp: number;
  shape: OperandShape;
}

export const OPCODES = {
  nop: { unit: 'none', fu: 0, opField: 0, lsOp: 0, shape: 'none' },
  ldv: { unit: 'load_store', fu: 1, opField: 0, lsOp: 0, shape: 'reg_addr' },
  sv: { unit: 'load_store', fu: 1, opField: 0, lsOp: 1, shape: 'reg_addr' },
  add: { unit: 'rowwise', fu: 2, opField: 0, lsOp: 0, shape: 'reg_reg_reg' },
  sub: { unit: 'rowwise', fu: 2, opField: 1, lsOp: 0, shape: 'reg_reg_reg' },
  mul: { unit: 'rowwise', fu: 2, opField: 2, lsOp: 0, shape: 'reg_reg_reg' },
  div: { unit: 'rowwise', fu: 2, opField: 3, lsOp: 0, shape: 'reg_reg_reg' },
  exp: { unit: 'rowwise', fu: 2, opField: 4, lsOp: 0, shape: 'reg_reg' },
  sig: { unit: 'rowwise', fu: 2, opField: 5, lsOp: 0, shape: 'reg_reg' },
  tmatmul: { unit: 'tmatmul', fu: 3, opField: 0, lsOp: 0, shape: 'reg_reg_addr' },
  norm: { unit: 'rms', fu: 4, opField: 0, lsOp: 0, shape: 'reg' },
} as const satisfies Record<Opcode, OpcodeInfo>;

export const OPCODE_NAMES = Object.keys(OPCODES) as Opcode[];

export function isOpcode(s: string): s is Opcode {
  return Object.prototype.hasOwnProperty.call(OPCODES, s);
}

/** Registers an instruction names, in the order the scoreboard reserves them. */
export function registersOf(inst: Instruction): number[] {
  switch (inst.op) {
    case 'nop':
      return [];
    case 'ldv':
      return [inst.vy];
    case 'sv':
      return [inst.va];
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return [inst.va, inst.vb, inst.vy];
    case 'exp':
    case 'sig':
      return [inst.va, inst.vy];
    case 'tmatmul':
      return [inst.va, inst.vy];
    case 'norm':
      return [inst.va];
    default:
      return assertNever(inst);
  }
}

/** The DDR address an instruction uses, or undefined. */
export function addressOf(inst: Instruction): number | undefined {
  switch (inst.op) {
    case 'ldv':
    case 'sv':
    case 'tmatmul':
      return inst.addr;
    case 'nop':
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
    case 'exp':
    case 'sig':
    case 'norm':
      return undefined;
    default:
      return assertNever(inst);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(x)}`);
}
