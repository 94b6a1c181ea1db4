import type { MemRequest, MemoryModel, MemoryStats } from '../../../sim/memory/memory-model.ts';

/**
 * A test oracle for the memory port's laziness: the same memory (or arbiter port), but the
 * port is made to advance it at EVERY core edge while a request is pending (its completion
 * bound never lies beyond the next memory cycle), so the model runs in small steps. A lazy
 * run (advanced only at completions and, for a waiting client, state changes) must give
 * exactly the same cycles. It offers no isolated reads, so a port behind it never
 * fast-forwards either: the oracle is the plain event-by-event path.
 */
export class EveryCoreEdge implements MemoryModel {
  private last = 0;
  private pending = 0;
  constructor(private readonly inner: MemoryModel) {}
  get clockHz(): number {
    return this.inner.clockHz;
  }
  get maxRequestBytes(): number {
    return this.inner.maxRequestBytes;
  }
  canAccept(write: boolean, cycle: number): boolean {
    return this.inner.canAccept(write, cycle);
  }
  enqueue(req: MemRequest, cycle: number): void {
    this.last = Math.max(this.last, cycle);
    this.pending++;
    this.inner.enqueue(req, cycle);
  }
  nextEventCycle(): number {
    return this.inner.nextEventCycle();
  }
  nextCompletionBound(): number {
    const b = this.inner.nextCompletionBound!();
    return this.pending === 0 ? b : Math.min(b, this.last + 1);
  }
  advanceForRequestsAt(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    this.last = Math.max(this.last, cycle);
    this.inner.advanceForRequestsAt!(cycle, (r, c) => {
      this.pending--;
      onComplete(r, c);
    });
  }
  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    this.inner.advanceTo(cycle, (r, c) => {
      this.pending--;
      onComplete(r, c);
    });
  }
  stats(): MemoryStats {
    return this.inner.stats();
  }
}
