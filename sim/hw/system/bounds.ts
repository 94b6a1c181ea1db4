/**
 * Physical throughput bounds a simulated run can never beat (architecture.md, "Two kinds of
 * truth"): every packed weight byte must cross the memory interface once per pass, and
 * every ternary MAC must occupy a lane for a cycle.
 */
export interface BoundsInput {
  /** Packed weight bytes one pass streams (all cores together). */
  weightBytesPerPass: number;
  /** Ternary weights applied per token. */
  weightsPerToken: number;
  /** Peak DRAM bandwidth of the memory behind all cores, bytes/s (Infinity: fixed latency). */
  memoryBytesPerS: number;
  /** Peak bandwidth of the cores' memory ports: one request of width × burst per cycle each. */
  portBytesPerS: number;
  /** Ternary MACs per second of all cores' lanes. */
  macsPerS: number;
  /** Prompt tokens per prefill pass. */
  batch: number;
}

export interface ThroughputBounds {
  /** Generation (one token per pass): weight bytes per token / min(DRAM, port) bandwidth. */
  memory_bound_tokens_per_s: number;
  /** Generation: ternary MACs per token / lane throughput. */
  compute_bound_tokens_per_s: number;
  /** Prefill with `batch` tokens per pass: the weight stream is shared by the batch. */
  prefill_memory_bound_tokens_per_s: number;
  prefill_compute_bound_tokens_per_s: number;
}

export function throughputBounds(b: BoundsInput): ThroughputBounds {
  const bw = Math.min(b.memoryBytesPerS, b.portBytesPerS);
  const mem = bw / b.weightBytesPerPass;
  const compute = b.macsPerS / b.weightsPerToken;
  return {
    memory_bound_tokens_per_s: mem,
    compute_bound_tokens_per_s: compute,
    prefill_memory_bound_tokens_per_s: mem * b.batch,
    prefill_compute_bound_tokens_per_s: compute,
  };
}
