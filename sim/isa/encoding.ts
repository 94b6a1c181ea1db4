import { InputError } from '../input-error.ts';
import { OPCODES, OPCODE_NAMES, assertNever, type Instruction, type Opcode } from './instruction.ts';

/**
 * The binary instruction word, most significant field first:
 * `fu[3] op[3] v_a[R] v_b[R] v_y[R] ls_op[2] ddr_addr[A]` (docs/paper-core.md, "Instruction word"). The published
 * core has R = 3 (8 registers) and A = 16; the board build widens the address to 33 bits.
 * Words are JavaScript numbers (exact up to 53 bits), so R and A are limited to fit.
 */
export interface InstructionFormat {
  registerBits: number;
  addressBits: number;
}

export const PAPER_FORMAT: InstructionFormat = { registerBits: 3, addressBits: 16 };

const FU_BITS = 3;
const OP_BITS = 3;
const LS_BITS = 2;

export function wordBits(f: InstructionFormat): number {
  return FU_BITS + OP_BITS + 3 * f.registerBits + LS_BITS + f.addressBits;
}

export function checkFormat(f: InstructionFormat): void {
  if (!Number.isInteger(f.registerBits) || f.registerBits < 1 || f.registerBits > 6) {
    throw new RangeError(`registerBits must be 1..6, got ${f.registerBits}`);
  }
  if (!Number.isInteger(f.addressBits) || f.addressBits < 1 || wordBits(f) > 53) {
    throw new RangeError(`addressBits ${f.addressBits} does not fit a 53-bit instruction word`);
  }
}

/** Register count an instruction format can name. */
export function registerCapacity(f: InstructionFormat): number {
  return 2 ** f.registerBits;
}

/** Fields of a word, all unsigned integers. */
interface Fields {
  fu: number;
  op: number;
  va: number;
  vb: number;
  vy: number;
  ls: number;
  addr: number;
}

function pack(f: InstructionFormat, x: Fields): number {
  // Multiplication instead of shifts: JS bit operators are 32-bit, words are up to 53.
  const R = 2 ** f.registerBits;
  let w = x.fu;
  w = w * 2 ** OP_BITS + x.op;
  w = w * R + x.va;
  w = w * R + x.vb;
  w = w * R + x.vy;
  w = w * 2 ** LS_BITS + x.ls;
  w = w * 2 ** f.addressBits + x.addr;
  return w;
}

function unpack(f: InstructionFormat, word: number): Fields {
  const R = 2 ** f.registerBits;
  const A = 2 ** f.addressBits;
  let w = word;
  const addr = w % A;
  w = (w - addr) / A;
  const ls = w % 4;
  w = (w - ls) / 4;
  const vy = w % R;
  w = (w - vy) / R;
  const vb = w % R;
  w = (w - vb) / R;
  const va = w % R;
  w = (w - va) / R;
  const op = w % 8;
  w = (w - op) / 8;
  return { fu: w, op, va, vb, vy, ls, addr };
}

/** Encode one instruction; throws RangeError if a register or address does not fit. */
export function encode(inst: Instruction, f: InstructionFormat = PAPER_FORMAT): number {
  const info = OPCODES[inst.op];
  const x: Fields = { fu: info.fu, op: info.opField, va: 0, vb: 0, vy: 0, ls: info.lsOp, addr: 0 };
  switch (inst.op) {
    case 'nop':
      break;
    case 'ldv':
      x.vy = inst.vy;
      x.addr = inst.addr;
      break;
    case 'sv':
      x.va = inst.va;
      x.addr = inst.addr;
      break;
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      x.vy = inst.vy;
      x.va = inst.va;
      x.vb = inst.vb;
      break;
    case 'exp':
    case 'sig':
      x.vy = inst.vy;
      x.va = inst.va;
      break;
    case 'tmatmul':
      x.vy = inst.vy;
      x.va = inst.va;
      x.addr = inst.addr;
      break;
    case 'norm':
      x.va = inst.va;
      break;
    default:
      assertNever(inst);
  }
  const R = 2 ** f.registerBits;
  for (const r of [x.va, x.vb, x.vy]) {
    if (!Number.isInteger(r) || r < 0 || r >= R) throw new RangeError(`register v${r} does not fit ${f.registerBits} bits`);
  }
  if (!Number.isInteger(x.addr) || x.addr < 0 || x.addr >= 2 ** f.addressBits) {
    throw new RangeError(`address 0x${x.addr.toString(16)} does not fit ${f.addressBits} bits`);
  }
  return pack(f, x);
}

const BY_FIELDS = new Map<string, Opcode>(
  OPCODE_NAMES.map((name) => {
    const i = OPCODES[name];
    return [`${i.fu}/${i.opField}/${i.lsOp}`, name];
  }),
);

/**
 * Decode one word. Fields an opcode does not use must be zero (the assembler writes them
 * so), which makes decode(encode(i)) the identity and catches corrupt words.
 */
export function decode(word: number, f: InstructionFormat = PAPER_FORMAT, where: { file?: string; key?: string } = {}): Instruction {
  if (!Number.isSafeInteger(word) || word < 0 || word >= 2 ** wordBits(f)) {
    throw new InputError(`instruction word ${word} does not fit ${wordBits(f)} bits`, where);
  }
  const x = unpack(f, word);
  const op = BY_FIELDS.get(`${x.fu}/${x.op}/${x.ls}`);
  if (op === undefined) {
    throw new InputError(`no instruction has fu=${x.fu} op=${x.op} ls_op=${x.ls}`, where);
  }
  const unused = (names: (keyof Fields)[]) => {
    for (const n of names) {
      if (x[n] !== 0) throw new InputError(`${op} word has non-zero unused field ${n}=${x[n]}`, where);
    }
  };
  switch (op) {
    case 'nop':
      unused(['va', 'vb', 'vy', 'addr']);
      return { op };
    case 'ldv':
      unused(['va', 'vb']);
      return { op, vy: x.vy, addr: x.addr };
    case 'sv':
      unused(['vb', 'vy']);
      return { op, va: x.va, addr: x.addr };
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      unused(['addr']);
      return { op, vy: x.vy, va: x.va, vb: x.vb };
    case 'exp':
    case 'sig':
      unused(['vb', 'addr']);
      return { op, vy: x.vy, va: x.va };
    case 'tmatmul':
      unused(['vb']);
      return { op, vy: x.vy, va: x.va, addr: x.addr };
    case 'norm':
      unused(['vb', 'vy', 'addr']);
      return { op, va: x.va };
    default:
      return assertNever(op);
  }
}
