import type { ClockDomain } from '../../engine/clock-domain.ts';
import type { Engine } from '../../engine/engine.ts';
import type { MemRequest, MemoryModel } from '../../memory/memory-model.ts';
import type { BandwidthSeries } from './bandwidth-series.ts';

/** A requester on a memory port (a load/store unit, a weight reader). */
export interface PortClient {
  /** A request's data returned (read) or was written (write), seen at this core cycle. */
  onResponse(tag: number, coreCycle: number): void;
  /** The memory refused a request earlier and may accept now: try again. */
  onRetry(coreCycle: number): void;
}

class PooledRequest implements MemRequest {
  id = 0;
  addr = 0;
  bytes = 0;
  write = false;
}

/**
 * The adapter between a core's memory port (core clock) and a MemoryModel (its own clock).
 * A request made in core cycle n enters the memory at the first memory edge at or after
 * that time; a completion at memory cycle m is seen by the core at the first core edge at
 * or after m's time. The memory runs only when a client can observe it: at the first core
 * edge after its next completion (`nextCompletionBound`, which lets a lazy DRAM model issue
 * the commands in between when it is next advanced or enqueued into), or, while a client
 * waits for queue room, after its next state change (`nextEventCycle`). One engine event
 * does both; request objects are pooled, not allocated.
 */
export class MemoryPort {
  private readonly memClock: ClockDomain;
  private readonly clients: PortClient[] = [];
  private readonly pool: PooledRequest[] = [];
  private readonly freeIds: number[] = [];
  private clientOf = new Int32Array(64);
  private tagOf = new Float64Array(64);
  private readonly advanceHandler: number;
  private readonly deliverHandler: number;
  /** Engine time of the pending `advance` event (Infinity: none). */
  private scheduledAt = Infinity;
  /** The completion bound (memory cycle) the pending advance was scheduled for. */
  private scheduledBound = Infinity;
  private advanceGeneration = 0;
  private readonly waiting: PortClient[] = [];
  private inFlight = 0;
  /** Requests in flight per client. */
  private inFlightOf: number[] = [];

  constructor(
    private readonly engine: Engine,
    readonly model: MemoryModel,
    private readonly coreClock: ClockDomain,
  ) {
    this.memClock = engine.clock(model.clockHz);
    this.advanceHandler = engine.register('memory.advance', (gen) => this.advance(gen));
    this.deliverHandler = engine.register('memory.deliver', (id) => this.deliver(id));
  }

  /** Where the bytes this port sends are counted per time window (null: not recorded). */
  traffic: BandwidthSeries | null = null;

  /**
   * An asynchronous FIFO between the memory side and the core (null: none): a completion is
   * written at the first edge of the memory-side clock at or after it, and the core sees it
   * `syncCycles` core cycles after the first core edge at or after that write. The fast
   * paths (isolated reads, sendAt) are off with a crossing: every response takes events.
   */
  crossing: { clock: ClockDomain; syncCycles: number } | null = null;

  /** Engine time at which the core sees a completion at memory cycle `memCycle`. */
  private seenAt(memCycle: number): number {
    if (memCycle === Infinity) return Infinity;
    let t = this.memClock.timeOf(memCycle);
    const x = this.crossing;
    if (!x) return this.coreClock.timeOf(this.coreClock.cycleAtOrAfter(t));
    t = x.clock.timeOf(x.clock.cycleAtOrAfter(t));
    return this.coreClock.timeOf(this.coreClock.cycleAtOrAfter(t) + x.syncCycles);
  }

  get maxRequestBytes(): number {
    return this.model.maxRequestBytes;
  }

  /**
   * Bytes of a request starting at `addr`, at most `want`, that stays inside one block of
   * the model's largest request (a 64-byte DDR4 burst must not be split across two).
   */
  requestBytesAt(addr: number, want: number): number {
    const max = this.model.maxRequestBytes;
    return Math.min(want, max - (addr % max));
  }

  /** Requests sent and not yet answered. */
  get outstanding(): number {
    return this.inFlight;
  }

  /**
   * Engine time by which `clientIndex` is certain to get a response (its `onResponse` is
   * called then or earlier), or Infinity if that is not known: every request in flight is
   * this client's and the memory already knows when the first of them completes. A client
   * that would only wake up to look again can rely on the response instead (one event fewer).
   */
  responseCertainBy(clientIndex: number): number {
    if (this.inFlight === 0 || this.inFlightOf[clientIndex] !== this.inFlight || !this.model.nextKnownCompletion) return Infinity;
    return this.seenAt(this.model.nextKnownCompletion());
  }

  attach(client: PortClient): number {
    this.clients.push(client);
    this.inFlightOf.push(0);
    return this.clients.length - 1;
  }

  /**
   * Send a request now (engine time is on a core edge). Returns false if the memory cannot
   * accept it this cycle; the client then gets `onRetry` when the memory next changes state.
   */
  request(clientIndex: number, tag: number, addr: number, bytes: number, write: boolean): boolean {
    const memCycle = this.memClock.cycleAtOrAfter(this.engine.now);
    if (!this.model.canAccept(write, memCycle)) {
      const c = this.clients[clientIndex]!;
      if (!this.waiting.includes(c)) this.waiting.push(c);
      this.scheduleAdvance();
      return false;
    }
    this.enqueue(clientIndex, tag, addr, bytes, write, memCycle);
    this.scheduleAdvance();
    return true;
  }

  /** Hand a pooled request to the model at `memCycle` and count it in flight; returns its id. */
  private enqueue(clientIndex: number, tag: number, addr: number, bytes: number, write: boolean, memCycle: number): number {
    const id = this.freeIds.length > 0 ? this.freeIds.pop()! : this.newId();
    const req = this.pool[id]!;
    req.addr = addr;
    req.bytes = bytes;
    req.write = write;
    this.clientOf[id] = clientIndex;
    this.tagOf[id] = tag;
    this.inFlight++;
    this.inFlightOf[clientIndex]!++;
    this.model.enqueue(req, memCycle);
    this.traffic?.add(this.memClock.timeOf(memCycle), bytes, write);
    return id;
  }

  private newId(): number {
    const id = this.pool.length;
    const r = new PooledRequest();
    r.id = id;
    this.pool.push(r);
    if (id >= this.clientOf.length) {
      const c = new Int32Array(this.clientOf.length * 2);
      c.set(this.clientOf);
      this.clientOf = c;
      const t = new Float64Array(this.tagOf.length * 2);
      t.set(this.tagOf);
      this.tagOf = t;
    }
    return id;
  }

  /**
   * Make sure the memory runs when a client can next observe it, on a core edge (clients act
   * only there): the first edge at or after its next completion, and, while a client waits
   * for queue room, the first edge after its next state change (a command at memory cycle m
   * frees room for requests from m + 1 on: requests of a cycle precede its commands).
   */
  private scheduleAdvance(): void {
    const m = this.model;
    let at: number;
    if (m.advanceForRequestsAt && m.nextCompletionBound) {
      const bound = m.nextCompletionBound();
      // Common case (a request joined a busy memory): the pending advance already covers it.
      if (bound >= this.scheduledBound && this.waiting.length === 0) return;
      at = this.edgeAtOrAfter(bound);
      if (at < this.scheduledAt) this.scheduledBound = bound;
      if (this.waiting.length > 0) {
        const change = m.nextEventCycle();
        if (change !== Infinity) at = Math.min(at, this.edgeAtOrAfter(change + 1));
      }
    } else {
      at = this.edgeAtOrAfter(m.nextEventCycle());
    }
    if (at === Infinity) return;
    if (at < this.engine.now) at = this.engine.now;
    if (at >= this.scheduledAt) return;
    this.scheduledAt = at;
    this.engine.schedule(at, this.advanceHandler, ++this.advanceGeneration);
  }

  /** Engine time of the first core edge at or after memory cycle `memCycle`. */
  private edgeAtOrAfter(memCycle: number): number {
    if (memCycle === Infinity) return Infinity;
    return this.coreClock.timeOf(this.coreClock.cycleAtOrAfter(this.memClock.timeOf(memCycle)));
  }

  // --- Fast-forwarding periodic streams (docs/run.md) --------------------------------------

  /** Whether this port's clients may serve requests without events (runModel's `fastForward`). */
  fastForward = true;
  /** What this port's clients served without events: requests, event-free stretches, closed-form runs. */
  readonly fastForwardStats = { requestsSkipped: 0, stretches: 0, closedFormRuns: 0 };

  /** `before` of the last `isolatedRead` and the latest memory completion it allows. */
  private isoBefore = -1;
  private isoMaxCompletion = 0;

  /**
   * Fast path for a client whose read at core cycle `coreCycle` would meet an idle memory
   * (nothing in flight on this port, nobody waiting): if the model can prove the read's
   * outcome (`MemoryModel.isolatedRead`) and its response is seen at a core edge strictly
   * before engine time `before` (the next pending event: nothing else can act first), the
   * read is served without queueing or events and the core cycle its response is seen is
   * returned — the cycle `onResponse` would get. Otherwise -1 and nothing changed. A
   * stretch of such reads ends with `endIsolatedReads` at the last response's cycle.
   */
  isolatedRead(addr: number, bytes: number, coreCycle: number, before: number): number {
    return this.isolatedAccess(false, addr, bytes, coreCycle, before);
  }

  /** `isolatedRead` for a write, on a model that serves isolated writes (`MemoryModel.isolatedWrite`). */
  isolatedWrite(addr: number, bytes: number, coreCycle: number, before: number): number {
    return this.isolatedAccess(true, addr, bytes, coreCycle, before);
  }

  private isolatedAccess(write: boolean, addr: number, bytes: number, coreCycle: number, before: number): number {
    const m = this.model;
    if (this.inFlight !== 0 || this.waiting.length !== 0 || !(write ? m.isolatedWrite : m.isolatedRead) || this.crossing) return -1;
    if (before !== this.isoBefore) {
      this.isoBefore = before;
      // Completions at memory cycles ≤ this are seen at a core edge before `before`.
      this.isoMaxCompletion = before === Infinity
        ? Infinity
        : this.memClock.cycleAtOrBefore(this.coreClock.timeOf(this.coreClock.cycleAtOrAfter(before) - 1));
    }
    const enters = this.memClock.cycleAtOrAfter(this.coreClock.timeOf(coreCycle));
    const done = write ? m.isolatedWrite!(addr, bytes, enters, this.isoMaxCompletion) : m.isolatedRead!(addr, bytes, enters, this.isoMaxCompletion);
    if (done < 0) return -1;
    this.traffic?.add(this.memClock.timeOf(enters), bytes, write);
    return this.coreClock.cycleAtOrAfter(this.memClock.timeOf(done));
  }

  /**
   * A run of isolated reads in one step: `minCount`…`maxCount` reads of `bytes` each at `addr`,
   * `addr + bytes`, … sent at core cycles `coreCycle + j·stride`, each seen `period` cycles
   * after it is sent, continuing a run of `isolatedRead`s (see there). Only when a core
   * cycle is a whole number of memory cycles (then an isolated read's round trip is the
   * same number of core cycles from every edge) and `period` is that round trip; `stride`
   * (default `period`: the next read goes out as the response arrives) is at least `period`,
   * so each read meets the memory idle. Returns how many were served (0: none; nothing changed).
   */
  isolatedReadRun(addr: number, bytes: number, coreCycle: number, period: number, minCount: number, maxCount: number, before: number, stride = period): number {
    return this.isolatedRun(false, addr, bytes, coreCycle, period, minCount, maxCount, before, stride);
  }

  /** `isolatedReadRun` for writes, continuing a stretch of isolated accesses (`MemoryModel.isolatedWriteRun`). */
  isolatedWriteRun(addr: number, bytes: number, coreCycle: number, period: number, minCount: number, maxCount: number, before: number, stride = period): number {
    return this.isolatedRun(true, addr, bytes, coreCycle, period, minCount, maxCount, before, stride);
  }

  private isolatedRun(write: boolean, addr: number, bytes: number, coreCycle: number, period: number, minCount: number, maxCount: number, before: number, stride: number): number {
    const m = this.model;
    if (this.inFlight !== 0 || this.waiting.length !== 0 || !(write ? m.isolatedWriteRun : m.isolatedReadRun) || !m.isolatedReadLatency || this.crossing) return 0;
    const r = this.coreClock.ticksPerCycle / this.memClock.ticksPerCycle;
    if (!Number.isInteger(r) || Math.ceil(m.isolatedReadLatency() / r) !== period || stride < period || before !== this.isoBefore) return 0;
    const n = write
      ? m.isolatedWriteRun!(addr, bytes, coreCycle * r, stride * r, minCount, maxCount, this.isoMaxCompletion)
      : m.isolatedReadRun!(addr, bytes, coreCycle * r, stride * r, minCount, maxCount, this.isoMaxCompletion);
    this.traffic?.addRun(this.coreClock.timeOf(coreCycle), stride * this.coreClock.ticksPerCycle, n, bytes, write);
    return n;
  }

  /**
   * Fast path, general (any request to a memory model this port owns): send a request at
   * core cycle `coreCycle` — possibly ahead of the engine's present, when nothing else can
   * happen in between — and, if `serve`, run the memory exactly as this port's `advance`
   * events would (same cycles, same order) until its response is seen, provided every one
   * of those events falls strictly before engine time `before` (the next pending event).
   * Returns the core cycle the response is seen (served: nothing left in flight, the
   * client handles it as `onResponse`); -1 when the request is in flight the normal way
   * (its advance or deliver event scheduled exactly as `request` and `advance` would have);
   * -2 when nothing was sent (requests in flight, a client waiting, the memory full).
   */
  sendAt(clientIndex: number, tag: number, addr: number, bytes: number, write: boolean, coreCycle: number, before: number, serve: boolean): number {
    const m = this.model;
    if (this.inFlight !== 0 || this.waiting.length !== 0 || this.scheduledAt !== Infinity || this.crossing) return -2;
    // Only a model this port owns alone (one that offers isolated reads): advancing a shared
    // one (an arbiter's per-port view) could report other ports' completions ahead of time.
    if (!m.advanceForRequestsAt || !m.nextCompletionBound || !m.isolatedRead) return -2;
    let now = this.coreClock.timeOf(coreCycle);
    const memCycle = this.memClock.cycleAtOrAfter(now);
    if (!m.canAccept(write, memCycle)) return -2;
    const id = this.enqueue(clientIndex, tag, addr, bytes, write, memCycle);
    for (;;) {
      // scheduleAdvance with nothing pending and nobody waiting: the edge of the completion bound.
      const bound = m.nextCompletionBound();
      let at = this.edgeAtOrAfter(bound);
      if (at === Infinity) return -1;
      if (at < now) at = now;
      if (!serve || at >= before) {
        this.scheduledAt = at;
        this.scheduledBound = bound;
        this.engine.schedule(at, this.advanceHandler, ++this.advanceGeneration);
        return -1;
      }
      // `advance` at `at`.
      now = at;
      this.doneCount = 0;
      m.advanceForRequestsAt(this.memClock.cycleAtOrBefore(at), this.onComplete);
      if (this.doneCount === 0) continue;
      if (this.doneCount !== 1 || this.doneIds[0] !== id) throw new Error('fast-forward: an unexpected completion');
      const seen = this.doneAt[0]!;
      if (seen > at && seen >= before) {
        this.engine.schedule(seen, this.deliverHandler, id);
        return -1;
      }
      // `deliver`, the client's part left to the caller.
      this.freeIds.push(id);
      this.inFlight--;
      this.inFlightOf[clientIndex]!--;
      return this.coreClock.cycleAtOrAfter(seen);
    }
  }

  /**
   * End a stretch of isolated reads (and writes) whose last response is seen at `coreCycle`: the model
   * writes its deferred state and runs as the port's `advance` would have run when it
   * reported that response (commands before that edge, nothing left to report).
   */
  endIsolatedReads(coreCycle: number): void {
    const m = this.model;
    m.endIsolatedReads?.();
    const memNow = this.memClock.cycleAtOrBefore(this.coreClock.timeOf(coreCycle));
    if (m.advanceForRequestsAt) m.advanceForRequestsAt(memNow, this.noCompletion);
    else m.advanceTo(memNow, this.noCompletion);
  }

  /** Nothing is in flight after a stretch of isolated reads: no completion can be reported. */
  private readonly noCompletion = (req: MemRequest): void => {
    throw new Error(`request ${req.id} completed during a fast-forwarded stretch`);
  };

  // Completions reported during one `advanceTo`, delivered after it returns: a client's
  // response handler may send the next request, and a model must not be re-entered.
  private doneIds = new Int32Array(64);
  private doneAt = new Float64Array(64);
  private doneCount = 0;

  private readonly onComplete = (req: MemRequest, memCycle: number): void => {
    if (this.doneCount === this.doneIds.length) {
      const ids = new Int32Array(this.doneIds.length * 2);
      ids.set(this.doneIds);
      this.doneIds = ids;
      const at = new Float64Array(this.doneAt.length * 2);
      at.set(this.doneAt);
      this.doneAt = at;
    }
    this.doneIds[this.doneCount] = req.id;
    this.doneAt[this.doneCount++] = this.seenAt(memCycle);
  };

  private advance(generation: number): void {
    if (generation !== this.advanceGeneration) return;
    this.scheduledAt = Infinity;
    this.scheduledBound = Infinity;
    this.doneCount = 0;
    const memNow = this.memClock.cycleAtOrBefore(this.engine.now);
    if (this.model.advanceForRequestsAt) this.model.advanceForRequestsAt(memNow, this.onComplete);
    else this.model.advanceTo(memNow, this.onComplete);
    this.scheduleAdvance();
    const n = this.doneCount;
    for (let k = 0; k < n; k++) {
      const at = this.doneAt[k]!;
      // Seen by the core right now: deliver inline (one event fewer per transaction).
      if (at <= this.engine.now) this.deliver(this.doneIds[k]!);
      else this.engine.schedule(at, this.deliverHandler, this.doneIds[k]!);
    }
    if (this.waiting.length > 0) {
      const core = this.coreClock.cycleAtOrAfter(this.engine.now);
      for (const c of this.waiting.splice(0)) c.onRetry(core);
    }
  }

  private deliver(id: number): void {
    const client = this.clients[this.clientOf[id]!]!;
    const tag = this.tagOf[id]!;
    this.freeIds.push(id);
    this.inFlight--;
    this.inFlightOf[this.clientOf[id]!]!--;
    client.onResponse(tag, this.coreClock.cycleAtOrAfter(this.engine.now));
  }
}
