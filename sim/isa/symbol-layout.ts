import type { ParsedProgram } from './assembler.ts';

/**
 * Addresses for symbols the architecture does not bind. Each symbol gets a region sized by
 * its use — d bytes for a vector (ldv/sv), ⌈d²/4⌉ bytes for a ternary matrix (tmatmul,
 * four 2-bit weights per byte) — placed after every bound region and aligned to 64 bytes
 * (one DDR4 burst), so regions never overlap.
 */
export interface SymbolLayout {
  symbols: Record<string, number>;
  /** Symbols this call placed (the caller says so on stderr). */
  placed: { name: string; addr: number; bytes: number }[];
}

export function symbolSizes(parsed: ParsedProgram, d: number): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const s of parsed.statements) {
    if (s.address?.kind !== 'symbol') continue;
    const bytes = s.inst.op === 'tmatmul' ? Math.ceil((d * d) / 4) : d;
    sizes.set(s.address.name, Math.max(bytes, sizes.get(s.address.name) ?? 0));
  }
  return sizes;
}

export function layoutSymbols(parsed: ParsedProgram, d: number, bound: Readonly<Record<string, number>>): SymbolLayout {
  const ALIGN = 64;
  const sizes = symbolSizes(parsed, d);
  let next = 0;
  for (const [name, addr] of Object.entries(bound)) next = Math.max(next, addr + (sizes.get(name) ?? d));
  next = Math.ceil(next / ALIGN) * ALIGN;
  const symbols: Record<string, number> = { ...bound };
  const placed: SymbolLayout['placed'] = [];
  for (const [name, bytes] of sizes) {
    if (Object.prototype.hasOwnProperty.call(bound, name)) continue;
    symbols[name] = next;
    placed.push({ name, addr: next, bytes });
    next += Math.ceil(bytes / ALIGN) * ALIGN;
  }
  return { symbols, placed };
}
