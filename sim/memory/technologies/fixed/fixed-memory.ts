import { InOrderCompletions } from '../../in-order-completions.ts';
import type { MemRequest, MemoryModel, MemoryStats } from '../../memory-model.ts';

/**
 * The authors' RTL testbench memory: a request made in cycle n is answered in cycle
 * n + responseCycles (its "repeat(2)" delay gives 3), any number in flight, never busy.
 * It runs in the core's clock domain.
 */
export interface FixedMemoryConfig {
  clockHz: number;
  responseCycles: number;
}

export class FixedMemory implements MemoryModel {
  readonly clockHz: number;
  readonly maxRequestBytes = 1 << 20;
  private readonly latency: number;
  // In-flight requests complete in the order they entered (equal latency), so a FIFO does.
  private readonly inFlight = new InOrderCompletions();

  constructor(config: FixedMemoryConfig) {
    if (!Number.isInteger(config.responseCycles) || config.responseCycles < 1) {
      throw new RangeError(`responseCycles must be a positive integer, got ${config.responseCycles}`);
    }
    this.clockHz = config.clockHz;
    this.latency = config.responseCycles;
  }

  canAccept(): boolean {
    return true;
  }

  enqueue(req: MemRequest, cycle: number): void {
    this.inFlight.push(req, cycle + this.latency);
  }

  /** MemoryModel.minReadLatency: every request takes exactly `responseCycles`. */
  minReadLatency(): number {
    return this.latency;
  }

  nextEventCycle(): number {
    return this.inFlight.nextCycle();
  }

  /** Every completion is fixed when the request enters. */
  nextKnownCompletion(): number {
    return this.nextEventCycle();
  }

  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    this.inFlight.completeUpTo(cycle, onComplete);
  }

  // --- Fast-forwarding (MemoryModel.isolatedRead, docs/run.md) ---------------------------
  // With nothing in flight a request's whole effect is known when it enters: it completes
  // `responseCycles` later and counts one read or write. Serving it without queueing leaves
  // exactly the state the queue would leave once it completes (this model has no other
  // state; reads and writes time alike, so writes are served the same way).

  isolatedRead(_addr: number, bytes: number, cycle: number, maxCompletion: number): number {
    return this.isolated(false, bytes, cycle, maxCompletion);
  }

  isolatedWrite(_addr: number, bytes: number, cycle: number, maxCompletion: number): number {
    return this.isolated(true, bytes, cycle, maxCompletion);
  }

  private isolated(write: boolean, bytes: number, cycle: number, maxCompletion: number): number {
    if (!this.inFlight.empty) return -1;
    const done = cycle + this.latency;
    if (done > maxCompletion) return -1;
    this.inFlight.count(write, bytes, 1);
    return done;
  }

  endIsolatedReads(): void {}

  isolatedReadLatency(): number {
    return this.latency;
  }

  isolatedReadRun(_addr: number, bytes: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number {
    return this.isolatedRun(false, bytes, cycle, stride, minCount, maxCount, maxCompletion);
  }

  isolatedWriteRun(_addr: number, bytes: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number {
    return this.isolatedRun(true, bytes, cycle, stride, minCount, maxCount, maxCompletion);
  }

  private isolatedRun(write: boolean, bytes: number, cycle: number, stride: number, minCount: number, maxCount: number, maxCompletion: number): number {
    if (!this.inFlight.empty || stride < 1) return 0;
    // Request j enters at cycle + j·stride and completes `latency` later, by maxCompletion.
    const fit = maxCompletion === Infinity ? maxCount : Math.floor((maxCompletion - cycle - this.latency) / stride) + 1;
    const n = Math.min(maxCount, fit);
    if (n < minCount || n <= 0) return 0;
    this.inFlight.count(write, bytes, n);
    return n;
  }

  stats(): MemoryStats {
    return { ...this.inFlight.counts, detail: { response_cycles: this.latency } };
  }
}
