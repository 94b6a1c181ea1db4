import type { DramActivity } from './dram/dram-activity.ts';

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
  /** Model-specific counters (DRAM commands, row hits, …), JSON-serialisable. */
  detail: Record<string, number>;
  /** A DRAM's commands and standby time, for the power model (absent for memories without DRAM energy). */
  dramActivity?: DramActivity;
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
   * Optional: a cycle no later than the next completion of any request already accepted,
   * assuming no new requests (Infinity when none is pending). A requester that is not
   * waiting for queue room needs to run the model only at completions, and a lazy model
   * catches up inside `enqueue`/`advanceTo`; without this method `nextEventCycle` is used.
   */
  nextCompletionBound?(): number;
  /**
   * Optional: bring the model to the point a requester at `cycle` sees — every command of
   * cycles before `cycle` issued, every completion at or before `cycle` reported — without
   * issuing the commands of `cycle` itself (they come after that cycle's requests, whatever
   * order the engine dispatches same-time events in). Models without it use `advanceTo`.
   */
  /**
   * Optional: the cycle of the next completion already fixed (a DRAM read whose column
   * command has issued), or Infinity if none is known yet. Unlike `nextCompletionBound`, exact.
   */
  nextKnownCompletion?(): number;
  /**
   * Optional (fast-forwarding, docs/run.md): serve a read entering at `cycle` while the model
   * holds no other request, without queueing it, when its outcome is provable (a DRAM row
   * hit with nothing else due). Returns its completion cycle, which must be ≤
   * `maxCompletion`, having applied every effect the normal path would (counters, timing
   * state, energy); or -1 having changed nothing (the requester then enqueues it normally).
   * `endIsolatedReads` must follow a stretch of such calls before any other method.
   */
  isolatedRead?(addr: number, bytes: number, cycle: number, maxCompletion: number): number;
  endIsolatedReads?(): void;
  /**
   * Optional (fast paths, docs/run.md "Direct reads"): when on, reads whose outcome is
   * certain are served without queueing them; same completions, counters and commands.
   */
  setDirectReads?(on: boolean): void;
  /** Optional: how many reads were served directly (a cost counter, not a result). */
  directReadsServed?(): number;
  /**
   * Optional: a lower bound on any read's memory cycles from entering to completing (the
   * requests-in-flight bound of a run; docs/run.md). Without it that bound is not computed.
   */
  minReadLatency?(): number;
  /** Optional: memory cycles from entering to completion of a read `isolatedRead` serves. */
  isolatedReadLatency?(): number;
  /**
   * Optional: `minCount`…`maxCount` isolated reads of `bytes` each at consecutive addresses
   * from `addr`, entering at `cycle + j·stride`, continuing a run of `isolatedRead`s; returns
   * how many it served (each completing `isolatedReadLatency` after entering), 0 if none.
   */
  isolatedReadRun?(addr: number, bytes: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number;
  /**
   * Optional: `isolatedRead` and `isolatedReadRun` for writes, for a model whose write, met
   * idle, completes exactly as its read would (`isolatedReadLatency` after entering) and
   * changes nothing but its counters (the fixed testbench memory). A stretch may mix both;
   * `endIsolatedReads` ends it. Without them every write takes events.
   */
  isolatedWrite?(addr: number, bytes: number, cycle: number, maxCompletion: number): number;
  isolatedWriteRun?(addr: number, bytes: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number;
  /**
   * Optional: the memory's independent channels, for an arbiter that serves each channel as
   * its own slave (a DRAM's controllers); without it the memory is one channel.
   */
  channelView?(): MemoryChannelView;
  advanceForRequestsAt?(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void;
  /**
   * Run the model up to and including `cycle`, reporting each request that completes
   * (read data fully returned / write data fully sent) with its completion cycle, in order.
   */
  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void;
  stats(): MemoryStats;
}

/** A multi-channel memory as an arbiter in front of it sees it. */
export interface MemoryChannelView {
  readonly channels: number;
  /** The channel a byte address maps to. */
  channelOf(addr: number): number;
  /** Whether the channel `addr` maps to accepts a request of this kind at `cycle`. */
  canAcceptAddress(addr: number, write: boolean, cycle: number): boolean;
  /** The next memory cycle at which queue room may appear (a command issues), or Infinity. */
  nextStateChangeCycle(): number;
  /**
   * Bytes of one channel's stripe (consecutive addresses stay in a channel this long; with
   * one channel, the span a stream walks across the banks before it changes row) and the
   * memory's capacity.
   */
  readonly stripeBytes: number;
  readonly capacityBytes: number;
}
