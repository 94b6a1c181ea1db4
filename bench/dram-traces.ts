/**
 * Synthetic request traces shared by the DRAM benchmarks (bench/ddr4.ts, bench/hbm2.ts):
 * a sequential read stream and a uniform random mix, both deterministic.
 */
import type { DramTrace } from '../sim/memory/dram/dram-trace.ts';

/** `count` reads of consecutive `burstBytes` bursts from address 0, all offered at cycle 0. */
export function sequentialTrace(count: number, burstBytes: number): DramTrace {
  const addr = new Float64Array(count);
  for (let i = 0; i < count; i++) addr[i] = i * burstBytes;
  return { length: count, addr, write: new Uint8Array(count), cycle: new Float64Array(count) };
}

/**
 * `count` uniform random bursts over 2^28 burst-sized slots, 1/3 writes, offered one per cycle
 * (xorshift32 from seed 1, so every run replays the same trace).
 */
export function randomTrace(count: number, burstBytes: number): DramTrace {
  const addr = new Float64Array(count);
  const write = new Uint8Array(count);
  let x = 1;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    addr[i] = (x % 2 ** 28) * burstBytes;
    write[i] = x % 3 === 0 ? 1 : 0;
  }
  return { length: count, addr, write, cycle: Float64Array.from({ length: count }, (_, i) => i) };
}
