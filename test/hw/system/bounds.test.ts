import { describe, expect, it } from 'vitest';
import { throughputBounds } from '../../../sim/hw/system/bounds.ts';

const BASE = { weightBytesPerPass: 1600, weightsPerToken: 6400, memoryBytesPerS: 1e6, portBytesPerS: 2e6, macsPerS: 64e6, batch: 4 };

describe('throughputBounds', () => {
  it('memory: the narrower of DRAM and ports over the bytes of a pass; compute: lanes over MACs', () => {
    const b = throughputBounds({ ...BASE, sequences: 2 });
    expect(b.per_sequence_memory_bound_tokens_per_s).toBe(1e6 / 1600);
    expect(b.memory_bound_tokens_per_s).toBe((2 * 1e6) / 1600);
    expect(b.prefill_memory_bound_tokens_per_s).toBe((4 * 1e6) / 1600);
    expect(b.compute_bound_tokens_per_s).toBe(64e6 / 6400);
    expect(b.per_sequence_compute_bound_tokens_per_s).toBe(64e6 / 6400 / 2);
  });

  it('requests in flight: the slowest core\'s requests × shortest latency / slots (Little\'s law)', () => {
    // Core 0 streams 1000 B in ≥ 100 requests of 10 B, 4 at a time, each ≥ 1 µs: ≥ 25 µs a pass.
    const latency = { minReadLatencyS: 1e-6, outstanding: 4, requestBytes: 10, weightBytesPerCore: [1000, 600] };
    const b = throughputBounds({ ...BASE, sequences: 3, latency });
    expect(b.per_sequence_latency_bound_tokens_per_s).toBeCloseTo(40_000, 6);
    expect(b.latency_bound_tokens_per_s).toBeCloseTo(120_000, 6);
    expect(b.prefill_latency_bound_tokens_per_s).toBeCloseTo(160_000, 6);
    expect(b.min_read_latency_ns).toBeCloseTo(1000, 9);
    // Twice the slots, twice the bound; twice the latency, half.
    expect(throughputBounds({ ...BASE, latency: { ...latency, outstanding: 8 } }).per_sequence_latency_bound_tokens_per_s).toBeCloseTo(80_000, 6);
    expect(throughputBounds({ ...BASE, latency: { ...latency, minReadLatencyS: 2e-6 } }).per_sequence_latency_bound_tokens_per_s).toBeCloseTo(20_000, 6);
  });

  it('without a known latency (or weights) there is no requests-in-flight bound', () => {
    const none = throughputBounds(BASE);
    expect(none.latency_bound_tokens_per_s).toBe(Infinity);
    expect(none.min_read_latency_ns).toBeNull();
    const empty = throughputBounds({ ...BASE, latency: { minReadLatencyS: 1e-6, outstanding: 1, requestBytes: 1, weightBytesPerCore: [0] } });
    expect(empty.latency_bound_tokens_per_s).toBe(Infinity);
  });
});
