import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleTmi, bindProgram, parseSymbolList, parseTmi } from '../../sim/isa/assembler.ts';
import { layoutSymbols } from '../../sim/isa/symbol-layout.ts';
import { InputError } from '../../sim/input-error.ts';

const PAPER_BLOCK = readFileSync(new URL('../../arch-configs/paper-block.tmi', import.meta.url), 'utf8');

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('.tmi assembler', () => {
  it('assembles the paper block: 29 instructions, 9 symbols, comments and tabs ignored', () => {
    const parsed = parseTmi(PAPER_BLOCK, 'paper-block.tmi');
    expect(parsed.statements).toHaveLength(29);
    expect(parsed.statements[0]).toMatchObject({ line: 12, text: 'ldv v0,X', inst: { op: 'ldv', vy: 0 } });
    expect(parsed.statements[2]!.inst).toEqual({ op: 'tmatmul', vy: 6, va: 0, addr: 0 });
    const names = new Set(parsed.statements.flatMap((s) => (s.address?.kind === 'symbol' ? [s.address.name] : [])));
    expect([...names].sort()).toEqual(['A', 'B', 'O', 'WK', 'WQ', 'WV', 'X', 'eM', 'eNW']);
  });

  it('accepts space or comma separators, upper-case mnemonics and numeric addresses', () => {
    const p = assembleTmi('LDV V1 0x40 ; load\n  add v2, v1 ,v1\nsv v2,64\nexp v3 v2', 'x.tmi', {});
    expect(p.instructions).toEqual([
      { op: 'ldv', vy: 1, addr: 0x40 },
      { op: 'add', vy: 2, va: 1, vb: 1 },
      { op: 'sv', va: 2, addr: 64 },
      { op: 'exp', vy: 3, va: 2 },
    ]);
    expect(p.source.map((s) => s.line)).toEqual([1, 2, 3, 4]);
  });

  it('names file, line, column and token in errors', () => {
    expect(errorOf(() => parseTmi('ldv v0,X\n  frob v1', 'p.tmi')).message).toMatch(/^p\.tmi:2:3: unknown instruction 'frob'/);
    expect(errorOf(() => parseTmi('add v1,v2', 'p.tmi')).message).toMatch(/^p\.tmi:1:1: 'add' takes 3 operand/);
    expect(errorOf(() => parseTmi('add v1,v2,v3,v4', 'p.tmi')).message).toMatch(/^p\.tmi:1:14: 'add' takes 3/);
    expect(errorOf(() => parseTmi('norm v8', 'p.tmi')).message).toMatch(/^p\.tmi:1:6: register 'v8' does not exist/);
    expect(errorOf(() => parseTmi('norm x1', 'p.tmi')).message).toMatch(/expected a vector register/);
    expect(errorOf(() => parseTmi('ldv v0,1X', 'p.tmi')).message).toMatch(/^p\.tmi:1:8: expected an address/);
    const unbound = errorOf(() => assembleTmi('\n\nsv v0, OUT', 'p.tmi', {}));
    expect(unbound.message).toMatch(/^p\.tmi:3:8: OUT: symbol 'OUT' has no address/);
    expect(unbound.line).toBe(3);
    expect(errorOf(() => assembleTmi('ldv v0,W', 'p.tmi', { W: 0x10000 })).message).toMatch(
      /p\.tmi:1:8: address 0x10000 of 'W' does not fit the 16-bit address field/,
    );
  });

  it('parses --symbols lists', () => {
    expect(parseSymbolList('X=0x0, WK=0x40000,n=12')).toEqual({ X: 0, WK: 0x40000, n: 12 });
    expect(errorOf(() => parseSymbolList('X=zz')).message).toMatch(/--symbols: expected NAME=ADDRESS/);
  });

  it('lays out unbound symbols by use, after bound ones, without overlap', () => {
    const parsed = parseTmi(PAPER_BLOCK, 'paper-block.tmi');
    const d = 64;
    const { symbols, placed } = layoutSymbols(parsed, d, { X: 0x1000 });
    expect(symbols.X).toBe(0x1000);
    expect(placed.map((p) => p.name)).not.toContain('X');
    expect(placed.find((p) => p.name === 'WK')!.bytes).toBe((d * d) / 4);
    expect(placed.find((p) => p.name === 'eM')!.bytes).toBe(d);
    const regions = [{ addr: 0x1000, bytes: d }, ...placed].sort((a, b) => a.addr - b.addr);
    for (let i = 1; i < regions.length; i++) expect(regions[i]!.addr).toBeGreaterThanOrEqual(regions[i - 1]!.addr + regions[i - 1]!.bytes);
    const program = bindProgram(parsed, symbols);
    expect(program.instructions).toHaveLength(29);
  });
});
