import { assertNever, type Instruction } from './instruction.ts';

/**
 * Instruction → `.tmi` text. Addresses print as the symbol bound to them when `names`
 * has one, else as hex; `parseTmi` reads the output back to the same instruction.
 */
export function disassemble(inst: Instruction, names?: ReadonlyMap<number, string>): string {
  const a = (addr: number) => names?.get(addr) ?? `0x${addr.toString(16)}`;
  switch (inst.op) {
    case 'nop':
      return 'nop';
    case 'ldv':
      return `ldv v${inst.vy},${a(inst.addr)}`;
    case 'sv':
      return `sv v${inst.va},${a(inst.addr)}`;
    case 'add':
    case 'sub':
    case 'mul':
    case 'div':
      return `${inst.op} v${inst.vy},v${inst.va},v${inst.vb}`;
    case 'exp':
    case 'sig':
      return `${inst.op} v${inst.vy},v${inst.va}`;
    case 'tmatmul':
      return `tmatmul v${inst.vy},v${inst.va},${a(inst.addr)}`;
    case 'norm':
      return `norm v${inst.va}`;
    default:
      return assertNever(inst);
  }
}

/** Address → symbol name, for `disassemble`. */
export function symbolNames(symbols: Readonly<Record<string, number>>): Map<number, string> {
  const m = new Map<number, string>();
  for (const [name, addr] of Object.entries(symbols)) if (!m.has(addr)) m.set(addr, name);
  return m;
}
