import type { MemRequest, MemoryModel, MemoryStats } from '../../memory-model.ts';

/** Organisation and timing of the on-chip weight memory (resolved from the device catalogue). */
export interface OnChipMemoryConfig {
  /** The requesting core's clock: the blocks are clocked with the core. */
  clockHz: number;
  /** Blocks read in parallel. */
  banks: number;
  /** Bits one block returns per read. */
  widthBits: number;
  /** Cycles from a read's address to its data. */
  readLatencyCycles: number;
}

/**
 * Block memories interleaved word by word over `banks` blocks and read together: every
 * cycle the memory returns banks × width bits, so a request of n bytes holds the read port
 * for ⌈n / (banks × width / 8)⌉ cycles and its last word arrives `readLatencyCycles` after
 * its last read. Requests are served in order (one pipeline): no rows, no refresh, no
 * conflicts. Reads are counted in bits for the power model's energy per bit.
 */
export class OnChipMemory implements MemoryModel {
  readonly clockHz: number;
  readonly maxRequestBytes = 1 << 20;
  /** Bytes the blocks return per cycle together. */
  readonly bytesPerCycle: number;
  private readonly latency: number;
  /** First cycle the read port is free. */
  private portFree = 0;
  private queue: MemRequest[] = [];
  private due: number[] = [];
  private head = 0;
  private readonly counts = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0, portCycles: 0 };

  constructor(config: OnChipMemoryConfig) {
    for (const [k, v] of Object.entries(config)) {
      if (!Number.isSafeInteger(v) || v < 1) throw new RangeError(`on-chip memory ${k} must be a positive integer, got ${v}`);
    }
    const bits = config.banks * config.widthBits;
    if (bits % 8 !== 0) throw new RangeError(`on-chip memory reads ${bits} bits per cycle (banks × width), not a whole number of bytes`);
    this.clockHz = config.clockHz;
    this.bytesPerCycle = bits / 8;
    this.latency = config.readLatencyCycles;
  }

  canAccept(): boolean {
    return true;
  }

  enqueue(req: MemRequest, cycle: number): void {
    if (req.bytes < 1 || req.bytes > this.maxRequestBytes) throw new RangeError(`request ${req.id}: ${req.bytes} bytes, expected 1..${this.maxRequestBytes}`);
    const start = Math.max(cycle, this.portFree);
    const occupancy = Math.ceil(req.bytes / this.bytesPerCycle);
    this.portFree = start + occupancy;
    this.counts.portCycles += occupancy;
    this.queue.push(req);
    // The last word is read in cycle start + occupancy − 1 and arrives `latency` later.
    this.due.push(start + occupancy - 1 + this.latency);
  }

  /** A single-word read takes exactly the read latency. */
  minReadLatency(): number {
    return this.latency;
  }

  nextEventCycle(): number {
    return this.head < this.due.length ? this.due[this.head]! : Infinity;
  }

  /** Every completion is fixed when the request enters. */
  nextKnownCompletion(): number {
    return this.nextEventCycle();
  }

  advanceTo(cycle: number, onComplete: (req: MemRequest, cycle: number) => void): void {
    while (this.head < this.due.length && this.due[this.head]! <= cycle) {
      const req = this.queue[this.head]!;
      const at = this.due[this.head]!;
      this.head++;
      if (req.write) {
        this.counts.writes++;
        this.counts.bytesWritten += req.bytes;
      } else {
        this.counts.reads++;
        this.counts.bytesRead += req.bytes;
      }
      onComplete(req, at);
    }
    if (this.head > 1024 && this.head * 2 > this.due.length) {
      this.queue = this.queue.slice(this.head);
      this.due = this.due.slice(this.head);
      this.head = 0;
    }
  }

  stats(): MemoryStats {
    const { reads, writes, bytesRead, bytesWritten, portCycles } = this.counts;
    return { reads, writes, bytesRead, bytesWritten, detail: { onchip_port_cycles: portCycles } };
  }
}
