import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { helpers } from '../../sim/report/chart-helpers.ts';
import { Prng } from '../../sim/model/prng.ts';

// The page redraws axes with these helpers and the server draws them with the same code; they
// must agree with d3's own tick algorithm so a redrawn axis looks like one d3 would draw.
describe('chart helpers (shared by the server and the page)', () => {
  it('linearTicks equals d3.ticks on seeded random domains', () => {
    const rng = new Prng(7);
    for (let k = 0; k < 400; k++) {
      const scale = 10 ** Math.floor(rng.nextFloat() * 12 - 6);
      const a = (rng.nextFloat() * 2 - 0.5) * scale;
      const b = a + rng.nextFloat() * scale * 5 + 1e-9 * scale;
      const n = 3 + Math.floor(rng.nextFloat() * 8);
      const ours = helpers.linearTicks(a, b, n);
      const theirs = d3.ticks(a, b, n);
      expect(ours.length, `[${a}, ${b}] × ${n}`).toBe(theirs.length);
      ours.forEach((t, i) => expect(t).toBeCloseTo(theirs[i]!, 12 - Math.log10(scale)));
    }
  });

  it('niceLinear pads the data and lands on ticks; non-negative data stays non-negative', () => {
    const [lo, hi] = helpers.niceLinear(14.2, 18.9, 8);
    expect(lo).toBeLessThan(14.2);
    expect(hi).toBeGreaterThan(18.9);
    const ticks = helpers.linearTicks(lo, hi, 8);
    expect(ticks[0]).toBeCloseTo(lo, 9);
    expect(ticks.at(-1)).toBeCloseTo(hi, 9);
    expect(helpers.niceLinear(0, 400, 6)[0]).toBe(0);
  });

  it('log ticks: 1-2-5 over two decades, powers of ten over more', () => {
    expect(helpers.niceLog(23, 16300)).toEqual([10, 100000]);
    expect(helpers.logTicks(10, 1000)).toEqual([10, 20, 50, 100, 200, 500, 1000]);
    expect(helpers.logTicks(10, 100000)).toEqual([10, 100, 1000, 10000, 100000]);
  });

  it('tick labels carry the decimals their step needs, and M beyond 100,000 steps', () => {
    expect(helpers.tickLabel(2500, 500)).toBe('2,500');
    expect(helpers.tickLabel(0.25, 0.05)).toBe('0.25');
    expect(helpers.tickLabel(15, 0.5)).toBe('15.0');
    expect(helpers.tickLabel(1_500_000, 500_000)).toBe('1.5 M');
    expect(helpers.fmtNumber(16300)).toBe('16,300');
    expect(helpers.fmtNumber(0.0017351)).toBe('0.00174');
    expect(helpers.fmtNumber(null)).toBe('—');
    expect(helpers.fmtNumber(Infinity)).toBe('∞');
  });

  it('front2d keeps exactly the points nothing beats on both axes, for every pair of directions', () => {
    const rng = new Prng(3);
    const pts = Array.from({ length: 60 }, (_, i) => ({ i, x: Math.round(rng.nextFloat() * 20), y: Math.round(rng.nextFloat() * 20) }));
    for (const dx of ['min', 'max'] as const) {
      for (const dy of ['min', 'max'] as const) {
        const better = (a: number, b: number, d: 'min' | 'max') => (d === 'min' ? a < b : a > b);
        const front = helpers.front2d(pts, dx, dy);
        const dominated = (p: (typeof pts)[number]) => pts.some((q) => q !== p && !better(p.x, q.x, dx) && !better(p.y, q.y, dy) && (better(q.x, p.x, dx) || better(q.y, p.y, dy)));
        for (const p of pts) if (!dominated(p) && !pts.some((q) => q.i < p.i && q.x === p.x && q.y === p.y)) expect(front).toContain(p);
        for (const p of front) expect(dominated(p)).toBe(false);
        // The step line visits every front point, and each corner is no better than its neighbours.
        const corners = helpers.stepCorners(front, dx, dy);
        expect(corners.length).toBe(Math.max(0, 2 * front.length - 1));
      }
    }
  });
});
