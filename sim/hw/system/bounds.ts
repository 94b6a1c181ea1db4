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
  /** Sequences decoded together, one token each per pass (default 1). */
  sequences?: number;
}

export interface ThroughputBounds {
  /**
   * Generation, all sequences together (one token of each of S sequences per pass):
   * S × min(DRAM, port) bandwidth / weight bytes per pass.
   */
  memory_bound_tokens_per_s: number;
  /** Generation: ternary MACs per token / lane throughput (aggregate over sequences). */
  compute_bound_tokens_per_s: number;
  /** One sequence's generation: min(memory bound of one pass, compute bound / S). */
  per_sequence_memory_bound_tokens_per_s: number;
  per_sequence_compute_bound_tokens_per_s: number;
  /** Prefill with `batch` tokens per pass: the weight stream is shared by the batch. */
  prefill_memory_bound_tokens_per_s: number;
  prefill_compute_bound_tokens_per_s: number;
}

export function throughputBounds(b: BoundsInput): ThroughputBounds {
  const bw = Math.min(b.memoryBytesPerS, b.portBytesPerS);
  const mem = bw / b.weightBytesPerPass;
  const compute = b.macsPerS / b.weightsPerToken;
  // S sequences share every pass over the weights: the stream's cost is paid once for S tokens,
  // while each token still needs its own MACs on the lanes.
  const S = b.sequences ?? 1;
  return {
    memory_bound_tokens_per_s: mem * S,
    compute_bound_tokens_per_s: compute,
    per_sequence_memory_bound_tokens_per_s: mem,
    per_sequence_compute_bound_tokens_per_s: compute / S,
    prefill_memory_bound_tokens_per_s: mem * b.batch,
    prefill_compute_bound_tokens_per_s: compute,
  };
}
