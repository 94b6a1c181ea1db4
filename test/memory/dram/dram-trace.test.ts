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
});
