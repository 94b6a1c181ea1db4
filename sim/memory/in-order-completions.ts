import type { MemRequest } from './memory-model.ts';

/**
 * Requests whose completion cycle is fixed when they enter and that complete in the order
 * they entered (a fixed latency, or one in-order pipeline): a FIFO of (request, cycle) is
 * the whole state. Counts what completes, as `MemoryStats` reports it. Shared by the fixed
 * testbench memory and the on-chip block memory.
 */
export class InOrderCompletions {
  readonly counts = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0 };
  private queue: MemRequest[] = [];
  private due: number[] = [];
  private head = 0;

  /** `req` completes at `cycle`, no earlier than every request already in the queue. */
  push(req: MemRequest, cycle: number): void {
    this.queue.push(req);
    this.due.push(cycle);
  }

  get empty(): boolean {
    return this.head >= this.due.length;
  }

  /** The next completion's cycle, or Infinity when nothing is in flight. */
  nextCycle(): number {
    return this.head < this.due.length ? this.due[this.head]! : Infinity;
  }

  /** Complete, in order, every request due at or before `cycle`. */
  completeUpTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    while (this.head < this.due.length && this.due[this.head]! <= cycle) {
      const req = this.queue[this.head]!;
      const at = this.due[this.head]!;
      this.head++;
      this.count(req.write, req.bytes, 1);
      onComplete(req, at);
    }
    // Compact once the consumed prefix dominates, keeping push/shift amortised O(1).
    if (this.head > 1024 && this.head * 2 > this.due.length) {
      this.queue = this.queue.slice(this.head);
      this.due = this.due.slice(this.head);
      this.head = 0;
    }
  }

  /** Count `n` completed requests of `bytes` each (also those served without queueing). */
  count(write: boolean, bytes: number, n: number): void {
    if (write) {
      this.counts.writes += n;
      this.counts.bytesWritten += n * bytes;
    } else {
      this.counts.reads += n;
      this.counts.bytesRead += n * bytes;
    }
  }
}
