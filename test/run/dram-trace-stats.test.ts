import { describe, expect, it } from 'vitest';
import { inFlight, latencyDistribution } from '../../sim/run/dram-trace-stats.ts';
import { uniform } from '../xorshift32.ts';

/** A played trace's arrays: in-order acceptance, latencies 1…spread, a third writes. */
function trace(seed: number, n: number, spread: number) {
  const rnd = uniform(seed);
  const acceptedAt = new Float64Array(n);
  const completedAt = new Float64Array(n);
  const write = new Uint8Array(n);
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += Math.floor(rnd() * 3);
    acceptedAt[i] = t;
    completedAt[i] = t + 1 + Math.floor(rnd() * spread);
    write[i] = rnd() < 1 / 3 ? 1 : 0;
  }
  // The order a memory reports completions in: by cycle (ties in index order).
  const order = Int32Array.from(Array.from({ length: n }, (_, i) => i).sort((a, b) => completedAt[a]! - completedAt[b]! || a - b));
  return { acceptedAt, completedAt, write, order };
}

/** The definition: at each acceptance, the requests of the kind accepted by then and not completed by then. */
function peakByDefinition(acceptedAt: Float64Array, completedAt: Float64Array, write: Uint8Array, want: number): number {
  let max = 0;
  for (let a = 0; a < acceptedAt.length; a++) {
    if (write[a] !== want) continue;
    let live = 0;
    for (let i = 0; i <= a; i++) if (write[i] === want && completedAt[i]! > acceptedAt[a]!) live++;
    max = Math.max(max, live);
  }
  return max;
}

describe('inFlight', () => {
  it('peak and mean by the definition, from the report order when it is sorted and by sorting when it is not', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const { acceptedAt, completedAt, write, order } = trace(seed, 50 + seed * 7, 1 + (seed % 5) * 20);
      const shuffled = order.slice().reverse(); // not by cycle: must be sorted again
      for (const writes of [false, true]) {
        const want = writes ? 1 : 0;
        const peak = peakByDefinition(acceptedAt, completedAt, write, want);
        let sum = 0;
        for (let i = 0; i < write.length; i++) if (write[i] === want) sum += completedAt[i]! - acceptedAt[i]!;
        const expected = { mean: sum / 1000, max: peak };
        expect(inFlight(acceptedAt, completedAt, write, writes, 1000), `seed ${seed}`).toEqual(expected);
        expect(inFlight(acceptedAt, completedAt, write, writes, 1000, order), `seed ${seed} in order`).toEqual(expected);
        expect(inFlight(acceptedAt, completedAt, write, writes, 1000, shuffled), `seed ${seed} shuffled`).toEqual(expected);
      }
    }
  });
});

describe('latencyDistribution', () => {
  it('nearest-rank percentiles, by histogram and (beyond its limit) by sorting alike', () => {
    const { acceptedAt, completedAt, write } = trace(7, 500, 90);
    const lat = Array.from(acceptedAt, (a, i) => completedAt[i]! - a).filter((_, i) => write[i] === 0).sort((x, y) => x - y);
    const rank = (p: number) => lat[Math.max(1, Math.ceil(p * lat.length)) - 1];
    const d = latencyDistribution(acceptedAt, completedAt, write, false);
    expect(d).toEqual({ count: lat.length, mean: lat.reduce((a, b) => a + b, 0) / lat.length, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: lat[lat.length - 1] });
    // One latency beyond the histogram's width: the sort path gives the same percentiles of the rest.
    const far = completedAt.slice();
    const last = write.lastIndexOf(0);
    far[last] = acceptedAt[last]! + 2 ** 23;
    const e = latencyDistribution(acceptedAt, far, write, false);
    const farLat = Array.from(acceptedAt, (a, i) => far[i]! - a).filter((_, i) => write[i] === 0).sort((x, y) => x - y);
    const farRank = (p: number) => farLat[Math.max(1, Math.ceil(p * farLat.length)) - 1];
    expect(e).toEqual({ count: farLat.length, mean: farLat.reduce((a, b) => a + b, 0) / farLat.length, p50: farRank(0.5), p90: farRank(0.9), p99: farRank(0.99), max: 2 ** 23 });
  });
});
