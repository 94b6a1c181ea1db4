/**
 * Distributions over a played trace (per-request acceptance and completion cycles, as
 * `playTrace` returns them): latency percentiles and requests in flight. Plain numbers in
 * DRAM cycles; one histogram or one sort per call, nothing per request beyond the arrays the
 * player already keeps.
 */

/** Latency over a set of requests, in DRAM cycles; percentiles are nearest-rank. */
export interface LatencyDistribution {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const EMPTY: LatencyDistribution = { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };

/** Histograms up to this many cycles wide; longer latencies fall back to a sort. */
const HISTOGRAM_LIMIT = 1 << 22;

/**
 * Latency distribution of the requests whose `write` flag equals `writes` (completion −
 * acceptance; integer cycles).
 */
export function latencyDistribution(acceptedAt: Float64Array, completedAt: Float64Array, write: Uint8Array, writes: boolean): LatencyDistribution {
  const want = writes ? 1 : 0;
  const n = acceptedAt.length;
  let count = 0;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    if (write[i] !== want) continue;
    const lat = completedAt[i]! - acceptedAt[i]!;
    count++;
    sum += lat;
    if (lat > max) max = lat;
  }
  if (count === 0) return EMPTY;
  const ranks = [0.5, 0.9, 0.99].map((p) => Math.max(1, Math.ceil(p * count)));
  let pcts: number[];
  if (max < HISTOGRAM_LIMIT) {
    const hist = new Uint32Array(max + 1);
    for (let i = 0; i < n; i++) if (write[i] === want) hist[completedAt[i]! - acceptedAt[i]!]!++;
    pcts = ranks.map((rank) => {
      let seen = 0;
      for (let v = 0; v <= max; v++) {
        seen += hist[v]!;
        if (seen >= rank) return v;
      }
      return max;
    });
  } else {
    const lat = new Float64Array(count);
    let j = 0;
    for (let i = 0; i < n; i++) if (write[i] === want) lat[j++] = completedAt[i]! - acceptedAt[i]!;
    lat.sort();
    pcts = ranks.map((rank) => lat[rank - 1]!);
  }
  return { count, mean: sum / count, p50: pcts[0]!, p90: pcts[1]!, p99: pcts[2]!, max };
}

/** Requests accepted and not yet completed: the time average over `spanCycles` and the peak. */
export interface InFlight {
  mean: number;
  max: number;
}

/**
 * In-flight requests of one kind (`writes`): mean by Little's law (Σ latency / span) and the
 * peak, counting a request from its acceptance cycle up to (not including) its completion.
 * `completionOrder` (request indices in the order the memory reported them, as `playTrace`
 * returns it) gives the completions already sorted — a sort was a third of a sequential
 * trace's statistics — and is checked: out of order, they are sorted after all.
 */
export function inFlight(acceptedAt: Float64Array, completedAt: Float64Array, write: Uint8Array, writes: boolean, spanCycles: number, completionOrder?: Int32Array): InFlight {
  const want = writes ? 1 : 0;
  let count = 0;
  for (let i = 0; i < acceptedAt.length; i++) if (write[i] === want) count++;
  if (count === 0 || spanCycles <= 0) return { mean: 0, max: 0 };
  const enter = new Float64Array(count);
  const leave = new Float64Array(count);
  let j = 0;
  let sum = 0;
  for (let i = 0; i < acceptedAt.length; i++) {
    if (write[i] !== want) continue;
    enter[j] = acceptedAt[i]!;
    sum += completedAt[i]! - acceptedAt[i]!;
    j++;
  }
  // Acceptance is in trace order, hence sorted; completions in report order, if that is sorted.
  let sorted = completionOrder !== undefined && completionOrder.length === acceptedAt.length;
  if (sorted) {
    let k = 0;
    for (let c = 0; c < completionOrder!.length; c++) {
      const i = completionOrder![c]!;
      if (write[i] !== want) continue;
      const t = completedAt[i]!;
      if (k > 0 && t < leave[k - 1]!) {
        sorted = false;
        break;
      }
      leave[k++] = t;
    }
    if (k !== count) sorted = false;
  }
  if (!sorted) {
    let k = 0;
    for (let i = 0; i < acceptedAt.length; i++) if (write[i] === want) leave[k++] = completedAt[i]!;
    leave.sort();
  }
  let live = 0;
  let max = 0;
  let a = 0;
  let b = 0;
  while (a < count) {
    if (leave[b]! <= enter[a]!) {
      live--;
      b++;
    } else {
      live++;
      a++;
      if (live > max) max = live;
    }
  }
  return { mean: sum / spanCycles, max };
}
