/**
 * The contract between a requester (a core's memory port, a trace player) and a memory
 * model. A memory model lives in its own clock domain and counts time in its own cycles
 * (integers); the adapter that connects it to the event engine converts cycles to engine
 * time exactly. Models are passive: they change state only inside `advanceTo`, and they
 * say when they next need to run (`nextEventCycle`), so nothing ticks while idle.
 */
export interface MemRequest {
  /** Requester-chosen id, returned with the completion. */
  readonly id: number;
  /** Byte address. */
  readonly addr: number;
  /** Bytes transferred (≤ the model's `maxRequestBytes`). */
  readonly bytes: number;
  readonly write: boolean;
}

export interface MemoryStats {
  reads: number;
  writes: number;
  bytesRead: number;
  bytesWritten: number;
  /** Model-specific counters (DRAM commands, row hits, energy in pJ, …), JSON-serialisable. */
  detail: Record<string, number | Record<string, number>>;
}

export interface MemoryModel {
  /** Clock of this model's cycles, in Hz (exact integer). */
  readonly clockHz: number;
  /** Largest request the model accepts (e.g. one 64-byte DDR4 burst). */
  readonly maxRequestBytes: number;
  /** Whether a request of this kind can enter at `cycle` (finite queues give back-pressure). */
  canAccept(write: boolean, cycle: number): boolean;
  /** Enter a request at `cycle`; `cycle` never precedes the last `advanceTo`. */
  enqueue(req: MemRequest, cycle: number): void;
  /**
   * The earliest cycle at which the model next changes state (issues a command, completes a
   * request, frees a queue slot), or Infinity when it has nothing to do.
   */
  nextEventCycle(): number;
  /**
   * Run the model up to and including `cycle`, reporting each request that completes
   * (read data fully returned / write data fully sent) with its completion cycle, in order.
   */
  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void;
  stats(): MemoryStats;
}
