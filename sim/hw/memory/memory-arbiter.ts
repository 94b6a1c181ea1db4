import type { MemRequest, MemoryModel, MemoryStats } from '../../memory/memory-model.ts';

/**
 * What the arbiter needs to know about the memory it shares: the model, how many channels
 * it has (one arbitration per channel per cycle) and which channel an address decodes to,
 * and whether that channel's queue has room (DDR4 controllers have one queue per channel).
 */
export interface SharedMemoryTarget {
  readonly model: MemoryModel;
  readonly channels: number;
  channelOf(addr: number): number;
  /** Whether the channel `addr` maps to accepts a request of this kind at `cycle`. */
  canAcceptAt(addr: number, write: boolean, cycle: number): boolean;
  /**
   * The next memory cycle at which queue room may appear (a command issues), or Infinity;
   * defaults to the model's `nextEventCycle`.
   */
  nextStateChange?(): number;
}

export type ArbitrationPolicy = 'round_robin' | 'fixed_priority';

export interface MemoryArbiterConfig {
  requesters: number;
  policy: ArbitrationPolicy;
  /**
   * Memory cycles from the grant to the request entering the controller. 1 by default: the
   * grant is registered (Avalon/AXI interconnect arbiters present the winner's command one
   * cycle after arbitration), which is also what lets every request of a cycle be seen
   * before that cycle is decided.
   */
  latencyCycles: number;
  /**
   * Requests a requester may have waiting for a grant. 2: a valid/ready pipeline stage with a
   * registered ready needs a two-entry skid buffer to accept one request per cycle; a
   * requester finding it full sees back-pressure and retries.
   */
  queueDepth: number;
}

/** Arbiter counters (memory cycles), JSON-serialisable. */
export interface ArbiterStats {
  policy: ArbitrationPolicy;
  latency_cycles: number;
  /** Requests granted, per requester (core). */
  grants: number[];
  /** Requests granted, per channel. */
  grants_per_channel: number[];
  /** Memory cycles requests waited from presentation to grant, summed per requester. */
  wait_cycles: number[];
  /** Part of `wait_cycles` spent while the channel's queue was full (memory back-pressure). */
  memory_full_cycles: number[];
}

class ArbitratedRequest implements MemRequest {
  id = 0;
  addr = 0;
  bytes = 0;
  write = false;
}

/**
 * A memory arbiter: several requesters (each core's memory port) share one memory model
 * (all its channels). Each requester sees its own `MemoryModel` view (`port(k)`), so a core's
 * `MemoryPort` drives it exactly as it drives a private memory.
 *
 * Hardware behaviour: a request presented at memory cycle c waits in its requester's queue
 * (in order); each cycle, every channel grants at most one request, among the requesters
 * whose queue head targets it, round-robin from the one after the last winner (or fixed
 * priority, requester 0 first); each requester wins at most one grant per cycle. A grant at
 * cycle g enters the memory at g + latency, and only if the channel's queue has room then;
 * a refused requester keeps its place in the rotation and retries when the memory next
 * changes state (fair retry). Completions are routed to the requester that made the request.
 *
 * Event-driven and lazy: nothing runs on its own. Any call into a view at memory cycle t
 * first decides every cycle before t (all requests of those cycles are in by then, whatever
 * order the engine ran the cores in), skipping cycles with nothing to decide, so grants do
 * not depend on which core's event ran first.
 */
export class MemoryArbiter {
  readonly model: MemoryModel;
  private readonly target: SharedMemoryTarget;
  private readonly n: number;
  private readonly latency: number;
  private readonly depth: number;
  private readonly policy: ArbitrationPolicy;
  /** Every cycle before this one is decided. */
  private clk = 0;
  // Per requester: a ring of `depth` waiting requests (original request, its channel, cycle presented).
  private readonly waitReq: (MemRequest | null)[];
  private readonly waitChannel: Int32Array;
  private readonly waitAt: Float64Array;
  private readonly head: Int32Array;
  private readonly count: Int32Array;
  /** Earliest cycle the head of each requester's queue may be granted. */
  private readonly readyAt: Float64Array;
  /** Requests granted and not yet completed, per requester. */
  private readonly inMemory: Int32Array;
  /** Last winner per channel (round-robin pointer). */
  private readonly lastWinner: Int32Array;
  // Requests in the memory: pooled wrappers (ids are the arbiter's), their requester and original.
  private readonly pool: ArbitratedRequest[] = [];
  private readonly freeIds: number[] = [];
  private ownerOf: Int32Array = new Int32Array(64);
  private originalOf: (MemRequest | null)[] = [];
  // Completions routed to each requester, not yet taken by its view.
  // (Slots are reused from index 0 once a requester has taken everything: no array resizing.)
  private readonly doneReq: (MemRequest | null)[][];
  private readonly doneAt: number[][];
  private readonly doneHead: Int32Array;
  private readonly doneTail: Int32Array;
  // Stats.
  private readonly grants: Float64Array;
  private readonly grantsPerChannel: Float64Array;
  private readonly waitCycles: Float64Array;
  private readonly fullCycles: Float64Array;
  private readonly views: MemoryModel[];
  /** Scratch: whether each channel already granted in the cycle being decided. */
  private readonly channelBusy: Uint8Array;
  /** Scratch: per channel, the eligible requester first in priority order, and its distance. */
  private readonly bestOf: Int32Array;
  private readonly bestDist: Int32Array;

  constructor(target: SharedMemoryTarget, config: MemoryArbiterConfig) {
    const { requesters: n, latencyCycles: L, queueDepth: D } = config;
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`requesters must be a positive integer, got ${n}`);
    if (!Number.isInteger(L) || L < 0) throw new RangeError(`latencyCycles must be a non-negative integer, got ${L}`);
    if (!Number.isInteger(D) || D < 1) throw new RangeError(`queueDepth must be a positive integer, got ${D}`);
    this.target = target;
    this.model = target.model;
    this.n = n;
    this.latency = L;
    this.depth = D;
    this.policy = config.policy;
    this.waitReq = new Array<MemRequest | null>(n * D).fill(null);
    this.waitChannel = new Int32Array(n * D);
    this.waitAt = new Float64Array(n * D);
    this.head = new Int32Array(n);
    this.count = new Int32Array(n);
    this.readyAt = new Float64Array(n);
    this.inMemory = new Int32Array(n);
    this.lastWinner = new Int32Array(target.channels).fill(n - 1);
    this.doneReq = Array.from({ length: n }, () => []);
    this.doneAt = Array.from({ length: n }, () => []);
    this.doneHead = new Int32Array(n);
    this.doneTail = new Int32Array(n);
    this.bestOf = new Int32Array(target.channels);
    this.bestDist = new Int32Array(target.channels);
    this.grants = new Float64Array(n);
    this.grantsPerChannel = new Float64Array(target.channels);
    this.waitCycles = new Float64Array(n);
    this.fullCycles = new Float64Array(n);
    this.channelBusy = new Uint8Array(target.channels);
    this.views = Array.from({ length: n }, (_, k) => new ArbiterPortView(this, k));
  }

  /** The memory as requester `k` sees it (give it to that core's MemoryPort). */
  port(k: number): MemoryModel {
    const v = this.views[k];
    if (!v) throw new RangeError(`requester ${k} of ${this.n}`);
    return v;
  }

  get requesters(): number {
    return this.n;
  }

  // ---- requester side (called by the views) ----

  hasRoom(k: number, cycle: number): boolean {
    this.decideBefore(cycle);
    return this.count[k]! < this.depth;
  }

  present(k: number, req: MemRequest, cycle: number): void {
    this.decideBefore(cycle);
    if (this.count[k]! >= this.depth) throw new Error(`arbiter: requester ${k} presented a request to a full queue`);
    if (cycle < this.clk) throw new Error(`arbiter: request at cycle ${cycle} after cycle ${this.clk - 1} was decided`);
    const slot = k * this.depth + ((this.head[k]! + this.count[k]!) % this.depth);
    this.waitReq[slot] = req;
    this.waitChannel[slot] = this.target.channelOf(req.addr);
    this.waitAt[slot] = cycle;
    if (this.count[k] === 0) this.readyAt[k] = cycle;
    this.count[k]!++;
  }

  /** Run the memory to the point a requester at `cycle` sees it, routing completions. */
  runForRequestsAt(cycle: number): void {
    this.decideBefore(cycle);
    const m = this.model;
    if (m.advanceForRequestsAt) m.advanceForRequestsAt(cycle, this.route);
    else m.advanceTo(cycle, this.route);
  }

  /** Run the memory through `cycle` (its commands included), routing completions. */
  runThrough(cycle: number): void {
    this.decideBefore(cycle + 1);
    this.model.advanceTo(cycle, this.route);
  }

  /** Hand requester `k` its routed completions up to `cycle`, in order. */
  take(k: number, cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    const reqs = this.doneReq[k]!;
    const at = this.doneAt[k]!;
    let h = this.doneHead[k]!;
    while (h < this.doneTail[k]! && at[h]! <= cycle) {
      const r = reqs[h]!;
      reqs[h] = null;
      const c = at[h]!;
      h++;
      this.doneHead[k] = h;
      onComplete(r, c);
    }
    if (h === this.doneTail[k]) {
      this.doneHead[k] = 0;
      this.doneTail[k] = 0;
    }
  }

  /**
   * A cycle no later than requester `k`'s next completion: a routed one, one in the memory
   * (the memory's bound covers every requester's, so this is conservative), or one still
   * waiting for a grant (no earlier than its grant plus the latency).
   */
  completionBound(k: number): number {
    let b = Infinity;
    const h = this.doneHead[k]!;
    if (h < this.doneTail[k]!) b = this.doneAt[k]![h]!;
    if (this.inMemory[k]! > 0) {
      const m = this.model;
      const mb = m.nextCompletionBound ? m.nextCompletionBound() : m.nextEventCycle();
      if (mb < b) b = mb;
    }
    if (this.count[k]! > 0) {
      // A request entering the memory at cycle e completes after e (no model answers in 0).
      const g = Math.max(this.readyAt[k]!, this.clk) + this.latency + 1;
      if (g < b) b = g;
    }
    return b;
  }

  /** The next cycle requester `k`'s view changes: a completion, or a grant that frees queue room. */
  nextEvent(k: number): number {
    let b = Infinity;
    const h = this.doneHead[k]!;
    if (h < this.doneTail[k]!) b = this.doneAt[k]![h]!;
    if (this.inMemory[k]! > 0) b = Math.min(b, this.model.nextEventCycle());
    if (this.count[k]! > 0) b = Math.min(b, Math.max(this.readyAt[k]!, this.clk));
    return b;
  }

  stats(): ArbiterStats {
    return {
      policy: this.policy,
      latency_cycles: this.latency,
      grants: Array.from(this.grants),
      grants_per_channel: Array.from(this.grantsPerChannel),
      wait_cycles: Array.from(this.waitCycles),
      memory_full_cycles: Array.from(this.fullCycles),
    };
  }

  // ---- arbitration ----

  private readonly route = (req: MemRequest, cycle: number): void => {
    const id = req.id;
    const k = this.ownerOf[id]!;
    const original = this.originalOf[id]!;
    this.originalOf[id] = null;
    this.freeIds.push(id);
    this.inMemory[k]!--;
    const t = this.doneTail[k]!;
    this.doneReq[k]![t] = original;
    this.doneAt[k]![t] = cycle;
    this.doneTail[k] = t + 1;
  };

  /** Decide every cycle before `cycle` that has a request to decide. */
  private decideBefore(cycle: number): void {
    const n = this.n;
    for (;;) {
      let g = Infinity;
      for (let k = 0; k < n; k++) if (this.count[k]! > 0 && this.readyAt[k]! < g) g = this.readyAt[k]!;
      if (g < this.clk) g = this.clk;
      if (g >= cycle) break;
      this.decide(g);
      this.clk = g + 1;
    }
    if (cycle > this.clk) this.clk = cycle;
  }

  /** One arbitration cycle: per channel, the first eligible requester in priority order. */
  private decide(g: number): void {
    const n = this.n;
    const busy = this.channelBusy;
    const bestOf = this.bestOf;
    const bestDist = this.bestDist;
    // A plain loop: fill() is a builtin call, dear for a handful of channels every cycle.
    for (let ch = 0; ch < busy.length; ch++) {
      busy[ch] = 0;
      bestOf[ch] = -1;
    }
    // The eligible head nearest the front of each channel's priority order (round-robin: from
    // the one after the channel's last winner; fixed: requester 0 first).
    for (let k = 0; k < n; k++) {
      if (this.count[k] === 0 || this.readyAt[k]! > g) continue;
      const ch = this.waitChannel[k * this.depth + this.head[k]!]!;
      const first = this.policy === 'round_robin' ? this.lastWinner[ch]! + 1 : 0;
      const d = k >= first ? k - first : k - first + n;
      if (bestOf[ch] === -1 || d < bestDist[ch]!) {
        bestOf[ch] = k;
        bestDist[ch] = d;
      }
    }
    let refused = false;
    for (let ch = 0; ch < busy.length; ch++) {
      const k = bestOf[ch]!;
      if (k === -1) continue;
      const slot = k * this.depth + this.head[k]!;
      const req = this.waitReq[slot]!;
      if (this.target.canAcceptAt(req.addr, req.write, g + this.latency)) {
        this.grant(k, slot, ch, g);
        busy[ch] = 1;
        continue;
      }
      // Refused (queue of that kind full): the next ones in order may want the other queue.
      refused = true;
      const first = this.policy === 'round_robin' ? this.lastWinner[ch]! + 1 : 0;
      for (let d = bestDist[ch]! + 1; d < n; d++) {
        const j = (first + d) % n;
        if (this.count[j] === 0 || this.readyAt[j]! > g) continue;
        const s = j * this.depth + this.head[j]!;
        if (this.waitChannel[s] !== ch) continue;
        const r = this.waitReq[s]!;
        if (!this.target.canAcceptAt(r.addr, r.write, g + this.latency)) continue;
        this.grant(j, s, ch, g);
        busy[ch] = 1;
        break;
      }
    }
    // Heads not granted this cycle: lost to another requester (retry next cycle), or refused
    // by a full queue (retry when the memory next issues a command: room appears after it).
    let retry = g + 1;
    if (refused) {
      const change = this.target.nextStateChange ? this.target.nextStateChange() : this.model.nextEventCycle();
      if (change !== Infinity) retry = Math.max(g + 1, change + 1 - this.latency);
    }
    for (let k = 0; k < n; k++) {
      if (this.count[k] === 0 || this.readyAt[k]! > g) continue;
      const ch = this.waitChannel[k * this.depth + this.head[k]!]!;
      const at = busy[ch] ? g + 1 : retry;
      if (!busy[ch]) this.fullCycles[k]! += at - g;
      this.readyAt[k] = at;
    }
  }

  private grant(k: number, slot: number, ch: number, g: number): void {
    const original = this.waitReq[slot]!;
    this.waitReq[slot] = null;
    this.waitCycles[k]! += g - this.waitAt[slot]!;
    this.head[k] = (this.head[k]! + 1) % this.depth;
    this.count[k]!--;
    // The next request in this queue may be granted from the next cycle on.
    if (this.count[k]! > 0) this.readyAt[k] = Math.max(g + 1, this.waitAt[k * this.depth + this.head[k]!]!);
    this.lastWinner[ch] = k;
    this.grants[k]!++;
    this.grantsPerChannel[ch]!++;
    this.inMemory[k]!++;
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.newId();
    const r = this.pool[id]!;
    r.addr = original.addr;
    r.bytes = original.bytes;
    r.write = original.write;
    this.ownerOf[id] = k;
    this.originalOf[id] = original;
    this.model.enqueue(r, g + this.latency);
  }

  private newId(): number {
    const id = this.pool.length;
    const r = new ArbitratedRequest();
    r.id = id;
    this.pool.push(r);
    this.originalOf.push(null);
    if (id >= this.ownerOf.length) {
      const o = new Int32Array(this.ownerOf.length * 2);
      o.set(this.ownerOf);
      this.ownerOf = o;
    }
    return id;
  }
}

/**
 * Requester k's view of the shared memory: the MemoryModel contract a MemoryPort drives.
 * `canAccept` is room in its arbiter queue; completions are its own requests only.
 * (No `nextKnownCompletion`: the memory's next known completion may be another requester's.)
 */
class ArbiterPortView implements MemoryModel {
  readonly clockHz: number;
  readonly maxRequestBytes: number;

  constructor(
    private readonly arbiter: MemoryArbiter,
    private readonly k: number,
  ) {
    this.clockHz = arbiter.model.clockHz;
    this.maxRequestBytes = arbiter.model.maxRequestBytes;
  }

  canAccept(_write: boolean, cycle: number): boolean {
    return this.arbiter.hasRoom(this.k, cycle);
  }

  enqueue(req: MemRequest, cycle: number): void {
    this.arbiter.present(this.k, req, cycle);
  }

  nextEventCycle(): number {
    return this.arbiter.nextEvent(this.k);
  }

  nextCompletionBound(): number {
    return this.arbiter.completionBound(this.k);
  }

  advanceForRequestsAt(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    this.arbiter.runForRequestsAt(cycle);
    this.arbiter.take(this.k, cycle, onComplete);
  }

  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    this.arbiter.runThrough(cycle);
    this.arbiter.take(this.k, cycle, onComplete);
  }

  /** The shared memory's statistics are the arbiter's owner's to report (counted once). */
  stats(): MemoryStats {
    return { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0, detail: {} };
  }
}
