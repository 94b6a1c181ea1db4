/**
 * Physical throughput bounds a simulated run can never beat (docs/architecture.md, "Two kinds of
 * truth"): every packed weight byte must cross the memory interface once per pass, every
 * ternary MAC must occupy a lane for a cycle, and (Little's law) a core's weight requests,
 * at most `outstanding` in flight, each occupy a slot for at least the memory's shortest
 * read latency.
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
  /** The requests-in-flight (latency) bound's inputs; without them that bound is Infinity. */
  latency?: LatencyBoundInput;
}

export interface LatencyBoundInput {
  /** A lower bound on any read's time from entering the memory to completing, seconds. */
  minReadLatencyS: number;
  /** Weight requests one core's stream may have in flight. */
  outstanding: number;
  /** Largest weight request, bytes (port width × burst beats). */
  requestBytes: number;
  /** Packed weight bytes each core streams per pass. */
  weightBytesPerCore: readonly number[];
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
  /**
   * Generation, all sequences: S / the shortest pass the requests in flight allow. A core
   * streaming B bytes sends at least B / requestBytes requests, each holding one of its
   * `outstanding` slots for at least the shortest read latency L, so its pass lasts at least
   * (B / requestBytes) · L / outstanding; the pass waits for its slowest core.
   */
  latency_bound_tokens_per_s: number;
  per_sequence_latency_bound_tokens_per_s: number;
  prefill_latency_bound_tokens_per_s: number;
  /** The L used (ns), null without a latency bound. */
  min_read_latency_ns: number | null;
}

export function throughputBounds(b: BoundsInput): ThroughputBounds {
  const bw = Math.min(b.memoryBytesPerS, b.portBytesPerS);
  const mem = bw / b.weightBytesPerPass;
  const compute = b.macsPerS / b.weightsPerToken;
  // S sequences share every pass over the weights: the stream's cost is paid once for S tokens,
  // while each token still needs its own MACs on the lanes.
  const S = b.sequences ?? 1;
  const lat = latencyBoundPassesPerS(b.latency);
  return {
    memory_bound_tokens_per_s: mem * S,
    compute_bound_tokens_per_s: compute,
    per_sequence_memory_bound_tokens_per_s: mem,
    per_sequence_compute_bound_tokens_per_s: compute / S,
    prefill_memory_bound_tokens_per_s: mem * b.batch,
    prefill_compute_bound_tokens_per_s: compute,
    latency_bound_tokens_per_s: lat * S,
    per_sequence_latency_bound_tokens_per_s: lat,
    prefill_latency_bound_tokens_per_s: lat * b.batch,
    min_read_latency_ns: b.latency ? b.latency.minReadLatencyS * 1e9 : null,
  };
}

/** Passes per second the requests in flight allow (Infinity without a latency or traffic). */
function latencyBoundPassesPerS(l: LatencyBoundInput | undefined): number {
  if (!l || !(l.minReadLatencyS > 0)) return Infinity;
  const slowest = Math.max(0, ...l.weightBytesPerCore);
  if (slowest === 0) return Infinity;
  return (l.outstanding * l.requestBytes) / (slowest * l.minReadLatencyS);
}
