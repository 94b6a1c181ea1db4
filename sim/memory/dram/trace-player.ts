import type { MemRequest, MemoryModel, MemoryStats } from '../memory-model.ts';
import type { DramTrace } from './dram-trace.ts';

interface MutableRequest {
  id: number;
  addr: number;
  bytes: number;
  write: boolean;
}

/** A memory model that can also say whether the queue for a given address has room. */
interface AddressAwareModel extends MemoryModel {
  canAcceptAddress?(addr: number, write: boolean, cycle: number): boolean;
  /** `nextEventCycle` without completions (the only events that can free queue room). */
  nextStateChangeCycle?(): number;
}

export interface TracePlayResult {
  /** Completion cycle of the last request (last read data returned / last write data sent). */
  cycles: number;
  requests: number;
  reads: number;
  writes: number;
  /** Mean of (completion cycle − acceptance cycle) over reads. */
  avgReadLatencyCycles: number;
  /** Acceptance cycle of each request (trace order). */
  acceptedAt: Float64Array;
  /** Completion cycle of each request (trace order). */
  completedAt: Float64Array;
  /** Request indices in the order their completions were reported (nondecreasing cycles). */
  completionOrder: Int32Array;
  stats: MemoryStats;
}

/**
 * Drive a memory model with a trace, the way the common DRAM simulators' trace frontends
 * do: requests enter in trace order, at most one per cycle and never before their CYCLE;
 * while the queue is full the next request waits, and blocks every request behind it.
 * A request enters at the start of its cycle, before that cycle's command is chosen.
 */
export function playTrace(model: AddressAwareModel, trace: DramTrace, burstBytes = 64): TracePlayResult {
  const n = trace.length;
  const acceptedAt = new Float64Array(n);
  const completedAt = new Float64Array(n).fill(-1);
  const completionOrder = new Int32Array(n);
  let readLatencySum = 0;
  let reads = 0;
  let lastDone = 0;
  let completed = 0;
  // Request objects are recycled once completed (a model drops its reference when it
  // reports the completion), so a long trace allocates only as many as are in flight.
  const pool: MutableRequest[] = [];
  const onComplete = (req: MemRequest, cycle: number): void => {
    completedAt[req.id] = cycle;
    completionOrder[completed] = req.id;
    if (!req.write) readLatencySum += cycle - acceptedAt[req.id]!;
    if (cycle > lastDone) lastDone = cycle;
    completed++;
    pool.push(req as MutableRequest);
  };
  const canAccept = model.canAcceptAddress
    ? (addr: number, write: boolean, cycle: number) => model.canAcceptAddress!(addr, write, cycle)
    : (_addr: number, write: boolean, cycle: number) => model.canAccept(write, cycle);

  const nextChange = model.nextStateChangeCycle ? () => model.nextStateChangeCycle!() : () => model.nextEventCycle();

  let prev = -1;
  for (let i = 0; i < n; i++) {
    const addr = trace.addr[i]!;
    const write = trace.write[i] === 1;
    let at = Math.max(trace.cycle[i]!, prev + 1);
    if (at > 0) model.advanceTo(at - 1, onComplete);
    while (!canAccept(addr, write, at)) {
      // Full: wait for the model's next state change, then try in the following cycle.
      // Completions never make room, so a model that can say so skips them here (they are
      // still delivered, with their own cycles, by the advanceTo below).
      const next = nextChange();
      if (!Number.isFinite(next)) throw new Error(`memory model stalled with a full queue at cycle ${at}`);
      const until = Math.max(next, at);
      model.advanceTo(until, onComplete);
      at = until + 1;
    }
    // Aligned to its burst: a trace line names one 64-byte access.
    // (floor-divide rather than %: a double modulo is a slow fmod call; exact below 2^52)
    const aligned = Math.floor(addr / burstBytes) * burstBytes;
    const req = pool.pop() ?? { id: 0, addr: 0, bytes: 0, write: false };
    req.id = i;
    req.addr = aligned;
    req.bytes = burstBytes;
    req.write = write;
    model.enqueue(req, at);
    acceptedAt[i] = at;
    prev = at;
    if (!write) reads++;
  }
  for (let next = model.nextEventCycle(); Number.isFinite(next); next = model.nextEventCycle()) {
    model.advanceTo(next, onComplete);
  }
  if (completed !== n) throw new Error(`memory model completed ${completed} of ${n} requests`);
  return {
    cycles: lastDone,
    requests: n,
    reads,
    writes: n - reads,
    avgReadLatencyCycles: reads > 0 ? readLatencySum / reads : 0,
    acceptedAt,
    completedAt,
    completionOrder,
    stats: model.stats(),
  };
}
