import type { Engine } from '../../engine/engine.ts';
import type { ClockDomain } from '../../engine/clock-domain.ts';
import { Wakeup } from '../../engine/wakeup.ts';
import type { MemoryPort, PortClient } from '../memory/memory-port.ts';
import { assertRequestFitsFifo } from './weight-fifo.ts';
import type { UnitDoneCallback } from './load-store-unit.ts';

export interface TernaryMatmulTiming {
  fifoBytes: number;
  weightsPerCycle: number;
  outstanding: number;
  /** Bytes per memory request (port width × burst beats). */
  requestBytes: number;
}

/**
 * Ternary matmul unit timing (docs/paper-core.md, "Ternary matmul unit"). Issue in cycle t; the unit starts working in
 * t+1. The READ side is a small state machine (idle → start → reading): it enters "start"
 * in t+2 and sends its first request in t+3; after every response it spends one bubble
 * cycle in "start" before the freed slot can send again, so with one access outstanding a
 * byte arrives every (round trip + 1) cycles. It reads only while the weight FIFO has room
 * for the request (counting data still in flight).
 * The COMPUTE side consumes `weightsPerCycle` weights per cycle from the cycle after their
 * byte entered the FIFO, in stream order; a response's bytes leave the FIFO when their last
 * weight is consumed. After the last weight a copy phase writes the outputs to vY, one
 * lane-width per cycle (d cycles on the paper core). Busy ends with the copy phase.
 *
 * The compute side is not simulated cycle by cycle: when a response arrives its consumption
 * window is known (it starts at max(arrival + 1, end of the previous window)), so the unit
 * costs one event per memory transaction.
 */
export class TernaryMatmulUnit implements PortClient {
  private readonly client: number;
  private readonly wake: Wakeup;
  private readonly chunk: number;
  // Ring of FIFO entries not yet consumed: (cycle from which their space is free, bytes).
  private freeAt: Float64Array;
  private freeBytes: Int32Array;
  private ringHead = 0;
  private ringCount = 0;
  private occupancy = 0; // bytes in the FIFO or in flight towards it

  private base = 0;
  private totalBytes = 0;
  private totalWeights = 0;
  private sent = 0;
  private weightsArrived = 0;
  private inFlight = 0;
  private firstSendCycle = 0;
  private lastSendCycle = 0;
  /** Earliest cycle each... slot may send again: the bubble after a response. */
  private slotReadyCycle = 0;
  private computeFree = 0;
  private copyCycles = 0;
  private done: UnitDoneCallback = () => {};
  busy = false;

  constructor(
    private readonly engine: Engine,
    private readonly clock: ClockDomain,
    private readonly port: MemoryPort,
    private readonly timing: TernaryMatmulTiming,
  ) {
    assertRequestFitsFifo(timing.requestBytes, timing.fifoBytes);
    this.chunk = Math.min(timing.requestBytes, port.maxRequestBytes);
    const ring = Math.max(2, Math.ceil(timing.fifoBytes));
    this.freeAt = new Float64Array(ring);
    this.freeBytes = new Int32Array(ring);
    this.client = port.attach(this);
    this.wake = new Wakeup(engine, 'tmatmul.read', () => this.readSide());
  }

  /** Start streaming a rows×cols matrix (d×d on the paper core) from `addr`. */
  start(issueCycle: number, addr: number, inputs: number, outputs: number, done: UnitDoneCallback): void {
    this.base = addr;
    this.totalWeights = inputs * outputs;
    this.totalBytes = Math.ceil(this.totalWeights / 4);
    this.sent = 0;
    this.weightsArrived = 0;
    this.inFlight = 0;
    this.ringHead = 0;
    this.ringCount = 0;
    this.occupancy = 0;
    this.firstSendCycle = issueCycle + 3;
    this.lastSendCycle = issueCycle + 2;
    this.slotReadyCycle = this.firstSendCycle;
    this.computeFree = issueCycle + 2;
    this.copyCycles = Math.ceil(outputs / this.timing.weightsPerCycle);
    this.done = done;
    this.busy = true;
    if (this.totalBytes === 0) {
      this.busy = false;
      done(issueCycle + 1 + this.copyCycles);
      return;
    }
    this.wake.at(this.clock.timeOf(this.firstSendCycle));
  }

  /**
   * The read side at the current engine time. With fast-forwarding (the port's switch) and
   * one request outstanding, a request the memory can prove (`MemoryPort.isolatedRead`: an
   * idle memory, its response seen before any other pending event) is served on the spot,
   * and the read side goes on at the cycle the event path would run it next — the bubble
   * after the response, or the cycle FIFO space frees — as long as that cycle too comes
   * before the next pending event: a stretch of requests with no events. Nothing else can
   * run in between, so nothing can see the difference (docs/run.md, "Fast-forwarding
   * periodic streams"). The matrix's last request always goes by event: its response ends
   * the instruction and calls back into the core.
   */
  private readSide(): void {
    let cycle = this.clock.cycleAtOrAfter(this.engine.now);
    let before = -1; // the next pending event's time, once a stretch starts
    let lastSeen = -1; // the cycle the stretch's last response was seen (-1: no stretch)
    while (this.sent < this.totalBytes && this.inFlight < this.timing.outstanding) {
      const earliest = Math.max(this.slotReadyCycle, this.lastSendCycle + 1);
      if (cycle < earliest) {
        if (lastSeen >= 0 && this.clock.timeOf(earliest) < before) {
          cycle = earliest;
          continue;
        }
        this.wake.at(this.clock.timeOf(earliest));
        break;
      }
      const bytes = this.port.requestBytesAt(this.base + this.sent, Math.min(this.chunk, this.totalBytes - this.sent));
      this.releaseConsumed(cycle);
      if (this.occupancy + bytes > this.timing.fifoBytes) {
        // Full: wake when the oldest entry's weights have been consumed.
        const freeAt = this.freeAt[this.ringHead]!;
        if (lastSeen >= 0 && this.clock.timeOf(freeAt) < before) {
          cycle = freeAt;
          continue;
        }
        this.wake.at(this.clock.timeOf(freeAt));
        break;
      }
      const last = this.sent + bytes >= this.totalBytes;
      if (this.port.fastForward && this.timing.outstanding === 1 && this.inFlight === 0 && !last) {
        if (before < 0) before = this.engine.nextEventTime();
        if (lastSeen >= 0 && cycle === lastSeen + 1) {
          const end = this.periodicRun(cycle, bytes, lastSeen - this.lastSendCycle, before);
          if (end >= 0) {
            lastSeen = end;
            cycle = end;
            continue;
          }
        }
        const arrival = this.port.isolatedRead(this.base + this.sent, bytes, cycle, before);
        if (arrival >= 0) {
          this.sent += bytes;
          this.occupancy += bytes;
          this.lastSendCycle = cycle;
          this.port.fastForwardStats.requestsSkipped++;
          if (lastSeen < 0) this.port.fastForwardStats.stretches++;
          // Its response, as onResponse would handle it in `arrival` (no event can come between).
          this.consume(bytes, arrival);
          this.slotReadyCycle = arrival + 1;
          lastSeen = arrival;
          cycle = arrival;
          continue;
        }
      }
      if (lastSeen >= 0) {
        // Hand back to the event path: the read side runs at this cycle for real.
        this.wake.at(this.clock.timeOf(cycle));
        break;
      }
      if (!this.port.request(this.client, bytes, this.base + this.sent, bytes, false)) return;
      this.sent += bytes;
      this.inFlight++;
      this.occupancy += bytes;
      this.lastSendCycle = cycle;
      // One request per cycle: anything more goes out next cycle.
      if (this.sent < this.totalBytes && this.inFlight < this.timing.outstanding) {
        this.wake.at(this.clock.timeOf(cycle + 1));
      }
      break;
    }
    if (lastSeen >= 0) this.port.endIsolatedReads(lastSeen);
  }

  /**
   * Many requests in one step, in closed form, once the stream is steady: the last request
   * was an isolated read seen P cycles after it was sent, this one goes out in the bubble
   * after it (`cycle` = its response + 1, FIFO checked) and the memory serves the next ones
   * the same way (`MemoryPort.isolatedReadRun`). Each request of b bytes carries 4b weights
   * taking w = ⌈4b / lanes⌉ compute cycles, and with w ≤ P + 1 the compute side keeps up:
   * request j (j = 0…n−1) is sent at s + jp (p = P + 1), arrives at a_j = s + jp + P,
   * computes over [a_j + 1, a_j + w] (the first too, when compute is free by then) and frees
   * its FIFO space at a_j + w + 1 ≤ s + (j+2)p, so at each send the FIFO holds only the
   * previous request (2b ≤ FIFO) and everything older has been freed. The state left is the
   * event path's when the last response is handled at a_{n−1}: the two newest requests in
   * the FIFO. The matrix's last request is never part of a run. Returns a_{n−1}, or -1 when
   * it does not apply (nothing changed).
   */
  private periodicRun(s: number, b: number, P: number, before: number): number {
    const p = P + 1;
    const w = Math.ceil((4 * b) / this.timing.weightsPerCycle);
    if (P < 1 || b !== this.chunk || w > p || 2 * b > this.timing.fifoBytes || this.computeFree > s + P + 1) return -1;
    // Every request of the run is b bytes: none crosses a block of the memory's largest
    // request (a memory that splits requests there; the fixed memory never does).
    const block = this.port.maxRequestBytes;
    if (b !== 1 && (block % b !== 0 || (this.base + this.sent) % b !== 0)) return -1;
    // Requests that are not the matrix's last, each carrying 4b weights.
    const max = Math.min(Math.floor((this.totalBytes - this.sent - 1) / b), Math.floor((this.totalWeights - this.weightsArrived - 1) / (4 * b)));
    if (max < 3) return -1;
    // At least 3: the FIFO state left behind assumes everything before the run was freed.
    const n = this.port.isolatedReadRun(this.base + this.sent, b, s, P, 3, max, before, p);
    if (n < 3) return -1;
    const lastArrival = s + (n - 1) * p + P;
    this.sent += n * b;
    this.weightsArrived += 4 * b * n;
    this.lastSendCycle = s + (n - 1) * p;
    this.slotReadyCycle = lastArrival + 1;
    this.computeFree = lastArrival + w + 1;
    this.ringHead = 0;
    this.ringCount = 2;
    this.freeAt[0] = lastArrival - p + w + 1;
    this.freeBytes[0] = b;
    this.freeAt[1] = lastArrival + w + 1;
    this.freeBytes[1] = b;
    this.occupancy = 2 * b;
    this.port.fastForwardStats.requestsSkipped += n;
    this.port.fastForwardStats.closedFormRuns++;
    return lastArrival;
  }

  private releaseConsumed(cycle: number): void {
    const n = this.freeAt.length;
    while (this.ringCount > 0 && this.freeAt[this.ringHead]! <= cycle) {
      this.occupancy -= this.freeBytes[this.ringHead]!;
      this.ringHead = (this.ringHead + 1) % n;
      this.ringCount--;
    }
  }

  onResponse(bytes: number, arrival: number): void {
    this.inFlight--;
    if (this.consume(bytes, arrival)) return;
    // The freed slot spends one bubble cycle in "start" before it can send again.
    this.slotReadyCycle = arrival + 1;
    this.wake.at(this.clock.timeOf(arrival + 1));
  }

  /**
   * A response's bytes entered the FIFO at `arrival`: schedule their consumption window and
   * the cycle their space frees. Returns true (and reports done) when they were the last.
   */
  private consume(bytes: number, arrival: number): boolean {
    const weights = Math.min(bytes * 4, this.totalWeights - this.weightsArrived);
    this.weightsArrived += weights;
    const begin = Math.max(arrival + 1, this.computeFree);
    const end = begin + Math.ceil(weights / this.timing.weightsPerCycle) - 1;
    this.computeFree = end + 1;
    const n = this.freeAt.length;
    const slot = (this.ringHead + this.ringCount) % n;
    this.freeAt[slot] = end + 1;
    this.freeBytes[slot] = bytes;
    this.ringCount++;
    if (this.weightsArrived >= this.totalWeights) {
      this.busy = false;
      this.done(end + this.copyCycles);
      return true;
    }
    return false;
  }

  onRetry(coreCycle: number): void {
    this.wake.at(this.clock.timeOf(coreCycle));
  }
}
