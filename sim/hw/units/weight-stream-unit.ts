import type { ClockDomain } from '../../engine/clock-domain.ts';
import type { Engine } from '../../engine/engine.ts';
import { Wakeup } from '../../engine/wakeup.ts';
import type { MemoryPort, PortClient } from '../memory/memory-port.ts';
import { assertRequestFitsFifo } from './weight-fifo.ts';

export interface WeightStreamConfig {
  /** Ternary MACs per cycle (lanes); each streamed weight is applied to every batch slot. */
  weightsPerCycle: number;
  /** Ternary weights per stored byte (4: 2-bit codes; 5: base-3). */
  weightsPerByte: number;
  /** Cycles a decoder between the FIFO and the lanes adds before a chunk's weights reach them. */
  decodeLatencyCycles: number;
  fifoBytes: number;
  outstanding: number;
  /** Bytes per memory request (port width × burst beats). */
  requestBytes: number;
  /** Read ahead into the next matrices of the program (decoupled weight fetch). */
  prefetch: boolean;
}

/** One stretch of packed weights in DDR (a matrix slice). */
export interface StreamSegment {
  addr: number;
  bytes: number;
  weights: number;
  /** Output rows of this segment (its write-back phase). */
  outputs: number;
}

/** A tmatmul's stream: one segment per matrix (part) it multiplies. */
export interface StreamJob {
  segments: StreamSegment[];
}

export interface StreamStats {
  /** Cycles the compute side waited for weights after its instruction could compute. */
  weightStarvedCycles: number;
  /** Cycles the read side could not send because the FIFO was full. */
  fifoFullCycles: number;
  /**
   * Cycles the reader held a request the memory's queue could not take (back-pressure),
   * from the first refusal to the cycle it was accepted. Counted in cycles, not refusals:
   * how often a refused requester retries is a detail of the simulation, not of the hardware.
   */
  backPressureCycles: number;
  bytesRead: number;
}

/**
 * The generalised ternary matmul unit's weight path: a reader that streams packed weights
 * through the memory port in requests of `requestBytes` (at most `outstanding` in flight,
 * one sent per cycle, only while the FIFO has room for the data in flight), and a compute
 * side that applies `weightsPerCycle` weights per cycle (divided among the batch slots).
 *
 * Without prefetch the reader starts a matrix when its tmatmul issues (like the paper core);
 * with prefetch it walks the program's whole list of matrices, so the next projection
 * streams into the FIFO while the core does the current one and the elementwise work
 * between them. Computing a chunk needs both its data (arrival + 1) and its instruction
 * (issue + 2, the unit's start cycle); a chunk's FIFO space frees when it is consumed.
 * After each matrix's (segment's) last chunk an output phase of ⌈outputs·slots / lanes⌉
 * cycles scales and writes its results; the core is told per segment, so a fused tmatmul
 * frees each output as soon as it is written. Per-chunk windows are worked out as responses arrive (one event per
 * memory transaction, none per cycle).
 */
export class WeightStreamUnit implements PortClient {
  private readonly client: number;
  private readonly wake: Wakeup;
  private readonly resume: Wakeup;
  private readonly chunk: number;
  private jobs: StreamJob[] = [];
  private slots = 1;
  private issueCycle: number[] = [];
  private doneCallbacks: ((last: number) => void)[] = [];
  private partCallbacks: ((segment: number, last: number) => void)[] = [];
  // Read cursor.
  private readJob = 0;
  private readSeg = 0;
  private readOffset = 0;
  private readWeightsLeft = 0;
  private lastSendCycle = -1;
  private inFlight = 0;
  private occupancy = 0;
  // Chunks in stream order (ring): job, weights, bytes, arrival (-1 until it arrives), freeAt.
  private cap = 1024;
  private cJob = new Int32Array(this.cap);
  private cWeights = new Float64Array(this.cap);
  private cBytes = new Int32Array(this.cap);
  private cArrival = new Float64Array(this.cap);
  private cFreeAt = new Float64Array(this.cap);
  /** 0: not a segment's last chunk; else 1 + segment index (2: also the job's last). */
  private cSegEnd = new Int32Array(this.cap);
  private cJobEnd = new Uint8Array(this.cap);
  private head = 0; // oldest chunk still occupying FIFO space
  private computeNext = 0; // next chunk (absolute index) to compute
  private tail = 0; // next chunk index to allocate
  private computeFree = 0;
  readonly stats: StreamStats = { weightStarvedCycles: 0, fifoFullCycles: 0, backPressureCycles: 0, bytesRead: 0 };
  private fullSince = -1;
  private refusedSince = -1;
  /** Serve provable requests without events (docs/run.md, "Fast-forwarding periodic streams"). */
  get fastForward(): boolean {
    return this.port.fastForward;
  }
  /** The switch is the port's: the load/store unit on the same port follows it too. */
  set fastForward(on: boolean) {
    this.port.fastForward = on;
  }
  /** Counted by the port, for every client on it (this stream and the load/store unit). */
  get fastForwardStats(): MemoryPort['fastForwardStats'] {
    return this.port.fastForwardStats;
  }
  /** During one read-side run: the next pending event's time (-1: not looked up) and requests skipped. */
  private ffBefore = -1;
  private ffSkipped = 0;
  /** The read side is running ahead of the engine (after a served request's response). */
  private ffVirtual = false;
  /** Isolated reads not yet closed by `endIsolatedReads`. */
  private ffIsolated = false;
  /** Round trip (core cycles) of the last request, when it was an isolated read (else 0). */
  private ffPeriod = 0;

  constructor(
    private readonly engine: Engine,
    private readonly clock: ClockDomain,
    private readonly port: MemoryPort,
    private readonly config: WeightStreamConfig,
  ) {
    assertRequestFitsFifo(config.requestBytes, config.fifoBytes);
    this.chunk = Math.min(config.requestBytes, port.maxRequestBytes);
    this.client = port.attach(this);
    this.wake = new Wakeup(engine, 'weight_stream.read', () => this.readSide());
    this.resume = new Wakeup(engine, 'weight_stream.resume', () => this.readSide());
  }

  /** A new forward pass: the program's matmuls in order, each weight applied to `slots` vectors. */
  beginPass(jobs: StreamJob[], slots: number, cycle: number): void {
    if (this.inFlight !== 0 || this.computeNext !== this.tail) throw new Error('weight stream still busy at the start of a pass');
    this.jobs = jobs;
    this.slots = slots;
    this.issueCycle = jobs.map(() => -1);
    this.doneCallbacks = jobs.map(() => () => {});
    this.partCallbacks = jobs.map(() => () => {});
    this.readJob = 0;
    this.readSeg = 0;
    this.readOffset = 0;
    this.readWeightsLeft = jobs[0]?.segments[0]?.weights ?? 0;
    this.head = this.computeNext = this.tail = 0;
    this.occupancy = 0;
    this.lastSendCycle = cycle - 1;
    this.computeFree = cycle;
    if (this.config.prefetch && jobs.length > 0) this.wake.at(this.clock.timeOf(cycle));
  }

  /** The tmatmul for job `j` issued in `cycle`; `done(lastBusyCycle)` when its outputs are written. */
  issue(j: number, cycle: number, done: (last: number) => void, partDone: (segment: number, last: number) => void = () => {}): void {
    this.issueCycle[j] = cycle;
    this.doneCallbacks[j] = done;
    this.partCallbacks[j] = partDone;
    const job = this.jobs[j]!;
    if (job.segments.some((s) => s.bytes === 0)) throw new RangeError(`tmatmul job ${j} has an empty matrix segment`);
    this.computeReady();
    // The unit accepts the instruction in its first busy cycle and may request in it.
    this.wake.at(this.clock.timeOf(cycle + 1));
  }

  private outputCycles(outputs: number): number {
    return Math.ceil((outputs * this.slots) / this.config.weightsPerCycle);
  }

  /**
   * The read side at the current engine time. With fast-forwarding, each request it sends
   * into an idle memory whose outcome the memory can prove (`MemoryPort.isolatedRead`) and
   * whose response is seen before any other pending event is served on the spot, and the
   * read side runs again in that response's cycle, as `onResponse` would — a stretch of
   * requests with no events. The stretch ends where the event path must take over (a
   * request the memory cannot prove, a segment's last chunk, a full FIFO, …): from that
   * cycle on everything is exactly as after the event path's response (docs/run.md).
   */
  private readSide(): void {
    let cycle = this.clock.cycleAtOrAfter(this.engine.now);
    this.ffBefore = -1;
    this.ffSkipped = 0;
    this.ffVirtual = false;
    this.ffIsolated = false;
    this.ffPeriod = 0;
    for (;;) {
      const next = this.readStep(cycle);
      if (next < 0) break;
      cycle = next;
    }
    if (this.ffIsolated) this.port.endIsolatedReads(cycle);
    if (this.ffSkipped > 0) {
      this.fastForwardStats.requestsSkipped += this.ffSkipped;
      this.fastForwardStats.stretches++;
    }
  }

  /**
   * The read side in `cycle`: at most one request. Returns -1 when done, or the cycle of a
   * fast-forwarded request's response (the read side runs again then).
   */
  private readStep(cycle: number): number {
    const jobs = this.jobs;
    while (this.readJob < jobs.length) {
      const job = jobs[this.readJob]!;
      const seg = job.segments[this.readSeg];
      if (!seg || this.readOffset >= seg.bytes) {
        this.advanceSegment();
        continue;
      }
      const issued = this.issueCycle[this.readJob]!;
      if (!this.config.prefetch && (issued < 0 || cycle < issued + 1)) {
        if (issued >= 0) this.wake.at(this.clock.timeOf(issued + 1));
        return -1; // issue() wakes us
      }
      if (this.inFlight >= this.config.outstanding) return -1; // a response wakes us
      if (cycle <= this.lastSendCycle) {
        this.wakeNextCycleUnlessAResponseWill(this.lastSendCycle + 1);
        return -1;
      }
      // A request never crosses a block of the model's largest request (a 64-byte DDR4 burst).
      const addr = seg.addr + this.readOffset;
      const max = this.port.maxRequestBytes;
      const bytes = Math.min(this.chunk, seg.bytes - this.readOffset, max - (addr % max));
      this.releaseConsumed(cycle);
      if (this.occupancy + bytes > this.config.fifoBytes) {
        if (this.fullSince < 0) this.fullSince = cycle;
        const freeAt = this.head < this.computeNext ? this.cFreeAt[this.head % this.cap]! : Infinity;
        // Full of chunks still to compute: their instruction's issue (or a response) wakes us.
        if (freeAt !== Infinity) this.wake.at(this.clock.timeOf(Math.max(freeAt, cycle + 1)));
        return -1;
      }
      if (this.tail - this.head >= this.cap) this.grow();
      // Fast path: one request in flight at a time. A request the memory proves isolated
      // (a row hit, nothing due) is served on the spot; any other is sent and run through
      // the memory as the port's events would. A segment's last chunk is only sent: its
      // response calls back into the core, which schedules events, so it arrives by event.
      let arrival = -2;
      if (this.fastForward && this.config.outstanding === 1 && this.inFlight === 0) {
        if (this.ffBefore < 0) this.ffBefore = this.engine.nextEventTime();
        if (this.ffPeriod > 0) {
          const next = this.periodicRun(cycle, addr, bytes, seg);
          if (next >= 0) return next;
        }
        const last = this.readOffset + bytes >= seg.bytes;
        arrival = last ? -2 : this.port.isolatedRead(addr, bytes, cycle, this.ffBefore);
        if (arrival >= 0) {
          this.ffIsolated = true;
          this.ffPeriod = arrival - cycle;
        } else {
          this.ffPeriod = 0;
          if (this.ffIsolated) {
            this.port.endIsolatedReads(cycle);
            this.ffIsolated = false;
          }
          arrival = this.port.sendAt(this.client, this.tail, addr, bytes, false, cycle, this.ffBefore, !last);
        }
      }
      if (arrival === -2) {
        if (this.ffVirtual) {
          // Hand back to the event path: the read side runs at this cycle for real. (Its own
          // wake-up, so a wake the read side already has pending still fires as it would.)
          this.resume.at(this.clock.timeOf(cycle));
          return -1;
        }
        if (!this.port.request(this.client, this.tail, addr, bytes, false)) {
          if (this.refusedSince < 0) this.refusedSince = cycle;
          return -1; // onRetry
        }
      }
      if (this.refusedSince >= 0) {
        this.stats.backPressureCycles += cycle - this.refusedSince;
        this.refusedSince = -1;
      }
      if (this.fullSince >= 0) {
        this.stats.fifoFullCycles += cycle - this.fullSince;
        this.fullSince = -1;
      }
      const weights = Math.min(bytes * this.config.weightsPerByte, this.readWeightsLeft);
      this.readWeightsLeft -= weights;
      const k = this.tail % this.cap;
      this.cJob[k] = this.readJob;
      this.cWeights[k] = weights;
      this.cBytes[k] = bytes;
      this.cArrival[k] = -1;
      this.cFreeAt[k] = Infinity;
      this.readOffset += bytes;
      const segEnd = this.readOffset >= seg.bytes;
      this.cSegEnd[k] = segEnd ? 1 + this.readSeg : 0;
      this.cJobEnd[k] = segEnd && this.readSeg === job.segments.length - 1 ? 1 : 0;
      this.tail++;
      this.inFlight++;
      this.occupancy += bytes;
      this.stats.bytesRead += bytes;
      this.lastSendCycle = cycle;
      if (arrival >= 0) {
        // Its response, handled as onResponse would in `arrival` (no event can come between).
        this.ffSkipped++;
        this.ffVirtual = true;
        this.inFlight--;
        this.cArrival[k] = arrival;
        this.computeReady();
        return arrival;
      }
      // One request per cycle; with every slot in flight a response wakes us instead.
      if (this.inFlight < this.config.outstanding) this.wakeNextCycleUnlessAResponseWill(cycle + 1);
      return -1;
    }
    return -1;
  }

  /**
   * Many requests in one step, in closed form, when the stream is in its steady state: the
   * last request was an isolated read with round trip `P` (= ffPeriod) and the memory serves
   * the next ones the same way (`MemoryPort.isolatedReadRun`), each chunk of `b` bytes takes
   * w = ⌈4b·slots/lanes⌉ compute cycles with w + 1 ≤ P, and every chunk sent so far is
   * computed and done by the time the next arrives. Then request j (j = 0…n−1) is sent at
   * s + jP, arrives at s + (j+1)P, computes over [s + (j+1)P + 1, s + (j+1)P + w] (after a
   * stall of P − w; the first after s + P + 1 − max(computeFree, issue + 2)) and frees its
   * FIFO space at s + (j+1)P + w + 1, so at each send the FIFO holds only the previous chunk
   * (2b ≤ fifo). The state left is the event path's when the last response is handled at
   * s + nP (the two newest chunks still in the FIFO, as the send at s + (n−1)P left them).
   * `cycle` is at the send point (FIFO checked). Returns s + nP, or -1 when it does not apply.
   */
  private periodicRun(cycle: number, addr: number, b: number, seg: StreamSegment): number {
    const P = this.ffPeriod;
    const lanes = this.config.weightsPerCycle;
    const wpb = this.config.weightsPerByte;
    const w = Math.ceil((wpb * b * this.slots) / lanes);
    const issued = this.issueCycle[this.readJob]!;
    // The closed form assumes compute starts the cycle after arrival: a decoder's latency takes the event path.
    if (this.config.decodeLatencyCycles > 0) return -1;
    if (issued < 0 || this.computeNext !== this.tail || this.fullSince >= 0 || this.refusedSince >= 0) return -1;
    const computeFrom = Math.max(this.computeFree, issued + 2);
    if (w + 1 > P || computeFrom > cycle + P + 1 || this.occupancy + 2 * b > this.config.fifoBytes || b !== this.chunk) return -1;
    // Chunks that are not their segment's last and carry 4b weights each.
    const max = Math.min(Math.floor((seg.bytes - this.readOffset - 1) / b), Math.floor(this.readWeightsLeft / (wpb * b)));
    if (max < 3) return -1;
    // At least 3: the FIFO state left behind assumes the chunks before the run were freed.
    const n = this.port.isolatedReadRun(addr, b, cycle, P, 3, max, this.ffBefore);
    return n >= 3 ? this.applyRun(cycle, n, b, w, computeFrom) : -1;
  }

  /** Apply n ≥ 3 requests of `periodicRun` (see there). */
  private applyRun(s: number, n: number, b: number, w: number, computeFrom: number): number {
    const P = this.ffPeriod;
    const end = s + n * P;
    this.stats.weightStarvedCycles += s + P + 1 - computeFrom + (n - 1) * (P - w);
    this.stats.bytesRead += n * b;
    this.readOffset += n * b;
    this.readWeightsLeft -= this.config.weightsPerByte * b * n;
    this.lastSendCycle = end - P;
    this.tail += n;
    this.head = this.tail - 2;
    this.computeNext = this.tail;
    this.occupancy = 2 * b;
    for (let j = n - 2; j < n; j++) {
      const k = (this.tail - n + j) % this.cap;
      const arrival = s + (j + 1) * P;
      this.cJob[k] = this.readJob;
      this.cWeights[k] = this.config.weightsPerByte * b;
      this.cBytes[k] = b;
      this.cArrival[k] = arrival;
      this.cFreeAt[k] = arrival + w + 1;
      this.cSegEnd[k] = 0;
      this.cJobEnd[k] = 0;
    }
    this.computeFree = end + w + 1;
    this.fastForwardStats.closedFormRuns++;
    this.ffSkipped += n;
    this.ffVirtual = true;
    return end;
  }

  /**
   * Run the read side again at `cycle`, unless a response certain to arrive by then will
   * (its handler runs the read side): one event fewer per request in a steady stream.
   */
  private wakeNextCycleUnlessAResponseWill(cycle: number): void {
    const at = this.clock.timeOf(cycle);
    if (this.port.responseCertainBy(this.client) > at) this.wake.at(at);
  }

  private advanceSegment(): void {
    const job = this.jobs[this.readJob]!;
    this.readOffset = 0;
    this.readSeg++;
    if (this.readSeg >= job.segments.length) {
      this.readJob++;
      this.readSeg = 0;
    }
    this.readWeightsLeft = this.jobs[this.readJob]?.segments[this.readSeg]?.weights ?? 0;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const move = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      for (let i = this.head; i < this.tail; i++) b[i % cap] = a[i % this.cap]!;
      return b;
    };
    this.cJob = move(this.cJob, (n) => new Int32Array(n));
    this.cWeights = move(this.cWeights, (n) => new Float64Array(n));
    this.cBytes = move(this.cBytes, (n) => new Int32Array(n));
    this.cArrival = move(this.cArrival, (n) => new Float64Array(n));
    this.cFreeAt = move(this.cFreeAt, (n) => new Float64Array(n));
    this.cSegEnd = move(this.cSegEnd, (n) => new Int32Array(n));
    this.cJobEnd = move(this.cJobEnd, (n) => new Uint8Array(n));
    this.cap = cap;
  }

  private releaseConsumed(cycle: number): void {
    while (this.head < this.computeNext && this.cFreeAt[this.head % this.cap]! <= cycle) {
      this.occupancy -= this.cBytes[this.head % this.cap]!;
      this.head++;
    }
  }

  /** Compute every chunk, in stream order, whose data has arrived and whose instruction issued. */
  private computeReady(): void {
    const lanes = this.config.weightsPerCycle;
    while (this.computeNext < this.tail) {
      const k = this.computeNext % this.cap;
      const arrival = this.cArrival[k]!;
      const j = this.cJob[k]!;
      const issued = this.issueCycle[j]!;
      if (arrival < 0 || issued < 0) return;
      const ready = Math.max(this.computeFree, issued + 2);
      const begin = Math.max(arrival + 1 + this.config.decodeLatencyCycles, ready);
      this.stats.weightStarvedCycles += begin - ready;
      const end = begin + Math.ceil((this.cWeights[k]! * this.slots) / lanes) - 1;
      this.computeFree = end + 1;
      this.cFreeAt[k] = end + 1;
      this.computeNext++;
      const segEnd = this.cSegEnd[k]!;
      if (segEnd > 0) {
        const last = end + this.outputCycles(this.jobs[j]!.segments[segEnd - 1]!.outputs);
        this.computeFree = last + 1;
        this.partCallbacks[j]!(segEnd - 1, last);
        if (this.cJobEnd[k]) this.doneCallbacks[j]!(last);
      }
    }
  }

  onResponse(tag: number, coreCycle: number): void {
    this.inFlight--;
    this.cArrival[tag % this.cap] = coreCycle;
    this.computeReady();
    // The freed slot may send in the cycle the response arrives (as the load/store unit
    // does): run the read side now rather than through another event.
    const at = this.clock.timeOf(coreCycle);
    if (at <= this.engine.now) this.readSide();
    else this.wake.at(at);
  }

  onRetry(coreCycle: number): void {
    this.wake.at(this.clock.timeOf(coreCycle));
  }
}
