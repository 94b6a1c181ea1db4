import { describe, expect, it } from 'vitest';
import { combine } from '../../sim/power/combine.ts';

describe('combine (reference table × action counts)', () => {
  it('multiplies each action cost by its count and itemises', () => {
    const r = combine({ act: 3464, rd: 2944, wr: 2560 }, { act: 2, rd: 10, wr: 0 });
    expect(r.byAction).toEqual({ act: 6928, rd: 29440, wr: 0 });
    expect(r.total).toBe(6928 + 29440);
  });

  it('rejects a missing or negative count instead of silently treating it as zero', () => {
    expect(() => combine({ a: 1, b: 2 }, { a: 1 } as unknown as { a: number; b: number })).toThrow(/'b'/);
    expect(() => combine({ a: 1 }, { a: -1 })).toThrow(RangeError);
    expect(() => combine({ a: 1 }, { a: Number.NaN })).toThrow(RangeError);
  });
});
