import { InputError } from '../input-error.ts';
import { PAPER_FORMAT, registerCapacity, type InstructionFormat } from './encoding.ts';
import { OPCODES, assertNever, isOpcode, type Instruction, type Opcode } from './instruction.ts';

/**
 * The `.tmi` assembler. Syntax (docs/paper-core.md, "Assembly syntax (.tmi)"): one instruction per line, `;` starts a
 * comment, operands separated by commas and/or whitespace, mnemonics and register names
 * case-insensitive, addresses given as a symbol (bound from the arch YAML `symbols:` or
 * `--symbols`) or a literal (`0x40`, `64`).
 *
 * Assembly is two steps so a caller can lay out unbound symbols first: `parseTmi` checks
 * syntax and collects how each symbol is used; `bindProgram` resolves addresses.
 */

/** How an address operand was written. */
export type AddressOperand =
  | { kind: 'symbol'; name: string; line: number; column: number }
  | { kind: 'literal'; value: number; line: number; column: number };

export interface ParsedStatement {
  /** 1-based source line. */
  line: number;
  /** Source text of the instruction, comment stripped, whitespace normalised. */
  text: string;
  /** The instruction with `addr` still 0 where `address` is set. */
  inst: Instruction;
  address?: AddressOperand;
}

export interface ParsedProgram {
  file: string;
  statements: ParsedStatement[];
}

export interface Program {
  file: string;
  instructions: Instruction[];
  /** Per instruction: source line and text (for listings and error messages). */
  source: { line: number; text: string }[];
  /** The symbol → address bindings the program used. */
  symbols: Record<string, number>;
}

export interface AssembleOptions {
  /** Register count of the target core (v0 … v{n−1}); default 8. */
  registers?: number;
  format?: InstructionFormat;
}

interface Token {
  text: string;
  column: number;
}

function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  const re = /[^\s,]+/g;
  for (let m = re.exec(line); m !== null; m = re.exec(line)) tokens.push({ text: m[0], column: m.index + 1 });
  return tokens;
}

const SYMBOL_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const LITERAL_RE = /^(0x[0-9a-fA-F]+|0b[01]+|[0-9]+)$/;

export function parseTmi(text: string, file: string, options: AssembleOptions = {}): ParsedProgram {
  const registers = options.registers ?? 8;
  const format = options.format ?? PAPER_FORMAT;
  if (registers > registerCapacity(format)) {
    throw new InputError(`${registers} registers do not fit the ${format.registerBits}-bit register field`, { file });
  }
  const statements: ParsedStatement[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const code = raw.replace(/;.*$/, '');
    const tokens = tokenize(code);
    if (tokens.length === 0) return;
    const [mnemonicTok, ...operands] = tokens as [Token, ...Token[]];
    const mnemonic = mnemonicTok.text.toLowerCase();
    const at = (t: Token) => ({ file, line, column: t.column });
    if (!isOpcode(mnemonic)) {
      throw new InputError(`unknown instruction '${mnemonicTok.text}' (expected one of ${Object.keys(OPCODES).join(', ')})`, at(mnemonicTok));
    }
    const op: Opcode = mnemonic;
    const shape = OPCODES[op].shape;
    const wanted = shapeOperands(shape);
    if (operands.length !== wanted.length) {
      const t = operands[wanted.length] ?? mnemonicTok;
      throw new InputError(
        `'${op}' takes ${wanted.length} operand(s) (${wanted.join(', ') || 'none'}), got ${operands.length}`,
        at(t),
      );
    }
    const reg = (t: Token): number => {
      const m = /^[vV]([0-9]+)$/.exec(t.text);
      if (!m) throw new InputError(`expected a vector register v0..v${registers - 1}, got '${t.text}'`, at(t));
      const n = Number(m[1]);
      if (n >= registers) throw new InputError(`register '${t.text}' does not exist (this core has v0..v${registers - 1})`, at(t));
      return n;
    };
    const addr = (t: Token): AddressOperand => {
      if (LITERAL_RE.test(t.text)) {
        const value = Number(t.text);
        if (!Number.isSafeInteger(value)) throw new InputError(`address '${t.text}' is too large`, at(t));
        return { kind: 'literal', value, line, column: t.column };
      }
      if (SYMBOL_RE.test(t.text)) return { kind: 'symbol', name: t.text, line, column: t.column };
      throw new InputError(`expected an address (symbol or number), got '${t.text}'`, at(t));
    };
    const o = operands;
    let inst: Instruction;
    let address: AddressOperand | undefined;
    switch (op) {
      case 'nop':
        inst = { op };
        break;
      case 'ldv':
        inst = { op, vy: reg(o[0]!), addr: 0 };
        address = addr(o[1]!);
        break;
      case 'sv':
        inst = { op, va: reg(o[0]!), addr: 0 };
        address = addr(o[1]!);
        break;
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
        inst = { op, vy: reg(o[0]!), va: reg(o[1]!), vb: reg(o[2]!) };
        break;
      case 'exp':
      case 'sig':
        inst = { op, vy: reg(o[0]!), va: reg(o[1]!) };
        break;
      case 'tmatmul':
        inst = { op, vy: reg(o[0]!), va: reg(o[1]!), addr: 0 };
        address = addr(o[2]!);
        break;
      case 'norm':
        inst = { op, va: reg(o[0]!) };
        break;
      default:
        return assertNever(op);
    }
    const text = `${op} ${operands.map((t) => t.text).join(',')}`.trim();
    statements.push(address ? { line, text, inst, address } : { line, text, inst });
  });
  return { file, statements };
}

function shapeOperands(shape: (typeof OPCODES)[Opcode]['shape']): string[] {
  switch (shape) {
    case 'none':
      return [];
    case 'reg':
      return ['vX'];
    case 'reg_addr':
      return ['vX', 'ADDR'];
    case 'reg_reg':
      return ['vY', 'vA'];
    case 'reg_reg_reg':
      return ['vY', 'vA', 'vB'];
    case 'reg_reg_addr':
      return ['vY', 'vA', 'ADDR'];
    default:
      return assertNever(shape);
  }
}

/** Resolve every address operand; unbound symbols and addresses that do not fit are input errors. */
export function bindProgram(
  parsed: ParsedProgram,
  symbols: Readonly<Record<string, number>>,
  format: InstructionFormat = PAPER_FORMAT,
): Program {
  const used: Record<string, number> = {};
  const limit = 2 ** format.addressBits;
  const instructions = parsed.statements.map((s) => {
    if (!s.address) return s.inst;
    const a = s.address;
    const where = { file: parsed.file, line: a.line, column: a.column };
    let value: number;
    if (a.kind === 'symbol') {
      const v = Object.prototype.hasOwnProperty.call(symbols, a.name) ? symbols[a.name] : undefined;
      if (v === undefined) {
        throw new InputError(`symbol '${a.name}' has no address (bind it in the arch YAML 'symbols:' or with --symbols ${a.name}=0x…)`, { ...where, key: a.name });
      }
      value = v;
      used[a.name] = v;
    } else {
      value = a.value;
    }
    if (value >= limit) {
      throw new InputError(
        `address 0x${value.toString(16)}${a.kind === 'symbol' ? ` of '${a.name}'` : ''} does not fit the ${format.addressBits}-bit address field`,
        where,
      );
    }
    return { ...s.inst, addr: value } as Instruction;
  });
  return {
    file: parsed.file,
    instructions,
    source: parsed.statements.map((s) => ({ line: s.line, text: s.text })),
    symbols: used,
  };
}

/** Parse and bind in one step (all symbols must be bound). */
export function assembleTmi(
  text: string,
  file: string,
  symbols: Readonly<Record<string, number>>,
  options: AssembleOptions = {},
): Program {
  return bindProgram(parseTmi(text, file, options), symbols, options.format ?? PAPER_FORMAT);
}

/**
 * Parse `X=0x0,WK=0x40000` (the --symbols flag). Errors name the flag and the bad entry.
 */
export function parseSymbolList(list: string, key = '--symbols'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const entry of list.split(',').map((e) => e.trim()).filter(Boolean)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(0x[0-9a-fA-F]+|0b[01]+|[0-9]+)$/.exec(entry);
    if (!m) throw new InputError(`expected NAME=ADDRESS (e.g. X=0x0), got '${entry}'`, { key });
    out[m[1]!] = Number(m[2]);
  }
  return out;
}
