import { describe, expect, it } from 'vitest';
import { parseDramTrace } from '../../../sim/memory/dram/dram-trace.ts';
import { InputError } from '../../../sim/input-error.ts';

function errorOf(text: string): InputError {
  try {
    parseDramTrace(text, 't.trace');
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('DRAM trace parser', () => {
  it('reads 0xADDR READ|WRITE CYCLE lines, skipping blanks and # comments', () => {
    const t = parseDramTrace('# header\n0x40 READ 0\n\n0x1F80 write 12   # trailing\r\n0x200000000 READ 99\n', 't.trace');
    expect(t.length).toBe(3);
    expect(Array.from(t.addr)).toEqual([0x40, 0x1f80, 0x200000000]);
    expect(Array.from(t.write)).toEqual([0, 1, 0]);
    expect(Array.from(t.cycle)).toEqual([0, 12, 99]);
  });

  it('holds large traces (grows past its first buffer)', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `0x${(i * 64).toString(16)} READ ${i}`).join('\n');
    const t = parseDramTrace(text, 't.trace');
    expect(t.length).toBe(5000);
    expect(t.addr[4999]).toBe(4999 * 64);
  });

  it.each([
    ['0x40 READ 0\n0x80 READ\n', 2, 1, "expected '0xADDR READ|WRITE CYCLE', found 2 fields"],
    ['0x40 READ 0\n64 READ 1\n', 2, 1, 'hexadecimal with 0x'],
    ['0x40 LOAD 0\n', 1, 6, "request kind 'LOAD': expected READ or WRITE"],
    ['0x40 READ -3\n', 1, 11, "cycle '-3': expected a non-negative integer DRAM cycle"],
    ['0x40 READ 1.5\n', 1, 11, 'expected a non-negative integer'],
    ['  0xZZ READ 1\n', 1, 3, "address '0xZZ'"],
    ['0x40 READ 1 extra\n', 1, 1, 'found 4 fields'],
    ['0x40 READ 4503599627370495\n0x80 READ 4503599627370496\n', 2, 11, 'cycle 4503599627370496 is at or beyond 2^52'],
  ])('reports %j at line %i column %i', (text, line, column, message) => {
    const e = errorOf(text);
    expect(e.file).toBe('t.trace');
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.message).toContain(`t.trace:${line}:${column}: `);
    expect(e.reason).toContain(message);
  });

  it('reads every accepted spelling to the same values (the one-pass reader and the general one agree)', () => {
    // Deterministic pseudo-random lines: addresses up to 2^53 − 1 (beyond the one-pass
    // reader's 13 hex digits too), cycles up to 2^52 − 1, kinds in any case, tabs, spaces,
    // CRs, leading zeros and comments — each value checked against BigInt arithmetic.
    let x = 12345;
    const rnd = (k: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x % k;
    };
    const digits = (base: number, n: number, chars: string): string => Array.from({ length: n }, () => chars[rnd(base)]).join('');
    const lines: string[] = [];
    const want: { addr: number; write: number; cycle: number }[] = [];
    for (let i = 0; i < 3000; i++) {
      let hex = digits(16, 1 + rnd(14), rnd(2) ? '0123456789abcdef' : '0123456789ABCDEF');
      if (BigInt('0x' + hex) > BigInt(Number.MAX_SAFE_INTEGER)) hex = hex.slice(1);
      let dec = digits(10, 1 + rnd(16), '0123456789');
      if (BigInt(dec) >= 2n ** 52n) dec = dec.slice(1);
      const kinds = ['READ', 'WRITE', 'read', 'Write'];
      const kind = kinds[rnd(4)]!;
      const gap = (): string => [' ', '\t', '  ', ' \t '][rnd(4)]!;
      const lead = rnd(3) === 0 ? gap() : '';
      const trail = ['', ' ', '\r', ' # note', '\t#', ' \r'][rnd(6)]!;
      lines.push(`${lead}${rnd(2) ? '0x' : '0X'}${hex}${gap()}${kind}${gap()}${dec}${trail}`);
      if (rnd(10) === 0) lines.push(rnd(2) ? '' : '# comment 0x40 READ 1');
      want.push({ addr: Number(BigInt('0x' + hex)), write: kind.toUpperCase() === 'WRITE' ? 1 : 0, cycle: Number(BigInt(dec)) });
    }
    const t = parseDramTrace(lines.join('\n'), 't.trace');
    expect(t.length).toBe(want.length);
    for (let i = 0; i < want.length; i++) {
      expect([t.addr[i], t.write[i], t.cycle[i]]).toEqual([want[i]!.addr, want[i]!.write, want[i]!.cycle]);
    }
  });
});
